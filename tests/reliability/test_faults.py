"""A whole-fleet migration while 20% of AWS calls fail or stall: throttles, HTTP 500 and
503, connection resets and slow answers (sandbox/aws_behaviour.py). It must finish in one
run with every invariant held (tests/invariants.py); the figures of each run go to
tests/output/reliability_faults.json for the README."""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.harness import REPO_ROOT
from tests.invariants import check_invariants, snapshot

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
OUTPUT = os.path.join(REPO_ROOT, "tests", "output", "reliability_faults.json")

# 20% of every call, of every service, answered with a fault; "lost" calls are done by AWS
# but their answer never arrives, so the retry must be idempotent.
FAULT_RATES = {"throttle": 0.05, "http500": 0.04, "http503": 0.04, "reset": 0.03, "slow": 0.02, "lost": 0.02}
SLOW_MS = 1500
# Writes get the same 20%, with more of it lost answers: each of those must be retried
# without a second certificate, record or swap (idempotency tokens, UPSERT, IfMatch, ...).
WRITE_FAULT_RATES = {"throttle": 0.04, "http500": 0.03, "http503": 0.03, "reset": 0.02, "lost": 0.08}
WRITES = ["acm:RequestCertificate", "acm:DeleteCertificate", "acm:AddTagsToCertificate", "acm:UpdateCertificateOptions",
          "route53:ChangeResourceRecordSets", "cloudfront:UpdateDistribution", "elbv2:ModifyListener",
          "elbv2:AddListenerCertificates", "elbv2:RemoveListenerCertificates",
          "elb:SetLoadBalancerListenerSSLCertificate", "apigateway:UpdateDomainName", "apigatewayv2:UpdateDomainName"]
FAULTS = {"*": {**FAULT_RATES, "slow_ms": SLOW_MS}, **{action: WRITE_FAULT_RATES for action in WRITES}}

# name: (fleet, regions, strategy). In place (the default) and by replacement (where the one certificate
# only an AppSync domain uses is held).
FLEETS = {
    "bench-30x2-in-place": ({"fleet": "bench", "certificates": 30, "regions": 2}, ["eu-west-1", "us-east-1"], "auto"),
    "demo": ({"fleet": "demo"}, ["eu-west-1", "us-east-1"], "replace"),
    "bench-30x2": ({"fleet": "bench", "certificates": 30, "regions": 2}, ["eu-west-1", "us-east-1"], "replace"),
}


def _record_figures(name, figures):
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    data = {}
    if os.path.exists(OUTPUT):
        with open(OUTPUT) as f:
            data = json.load(f)
    data[name] = figures
    with open(OUTPUT, "w") as f:
        json.dump(data, f, indent=2, sort_keys=True)


def _faults_by_kind(stats):
    kinds = {}
    for key, count in stats.items():
        if key.startswith("fault:"):
            kind = key.split(":")[1]
            kinds[kind] = kinds.get(kind, 0) + count
    return kinds


def _lost_writes(stats):
    return {key.split(":", 2)[2]: count for key, count in sorted(stats.items())
            if key.startswith("fault:lost:") and key.split(":", 2)[2] in WRITES}


@pytest.mark.parametrize("name", list(FLEETS))
def test_fleet_migration_with_one_call_in_five_faulted(ansible, sandbox, tmp_path, name):
    seed, regions, strategy = FLEETS[name]
    manifest = sandbox.seed(**seed)
    held_back = [c["arn"] for role, c in manifest.get("certificates", {}).items()
                 if role == "appsync_only" and strategy == "replace"]
    before = snapshot(sandbox, regions)
    sandbox.reset_calls()
    sandbox.control("POST", "behaviour/stats/reset")
    # seed 7: the 2nd RequestCertificate and the 1st DeleteCertificate lose their answers whatever
    # the order of other calls (one fault stream per action), so a lost write always happens
    sandbox.control("POST", "behaviour/reseed", {"seed": 7})
    sandbox.settings(faults=FAULTS)
    started = time.monotonic()
    try:
        run = ansible.playbook(MIGRATE, extra_vars={"acm_regions": regions, "acm_report_dir": str(tmp_path / "reports"),
                                                    "acm_wait_timeout": 120, "acm_migration_strategy": strategy},
                               timeout=600)
    finally:
        wall = time.monotonic() - started
        sandbox.settings(faults={})
    calls = sandbox.calls()
    stats = sandbox.control("GET", "behaviour/stats")
    faults = _faults_by_kind(stats)
    assert run.rc == 0, run
    report = json.loads((tmp_path / "reports" / "acm_migration.json").read_text())
    held = check_invariants(sandbox, before, converged=True, held=held_back)
    # the faults really happened, of every kind, at about the rate asked for (slow calls are
    # rare; a short run may see none)
    attempts = sum(calls["by_agent"]["ansible"].values())
    injected = sum(faults.values())
    assert set(faults) >= set(FAULT_RATES) - {"slow"}, faults
    assert _lost_writes(stats), stats
    assert 0.12 < injected / calls["total"] < 0.28, (injected, calls["total"])
    figures = {
        "fleet": seed,
        "regions": regions,
        "fault_rates": FAULT_RATES,
        "slow_ms": SLOW_MS,
        "wall_seconds": round(wall, 1),
        "aws_calls": calls["total"],
        "aws_calls_by_modules": attempts,
        "faults_injected": injected,
        "faults_by_kind": faults,
        # every fault but "slow" is an error answer botocore retried (the run succeeded)
        "retried_attempts": injected - faults.get("slow", 0),
        # writes AWS did whose answer was lost, then retried (and must not be done twice)
        "lost_write_answers": _lost_writes(stats),
        "strategy": strategy,
        "certificates_migrated": report["summary"]["migrated"],
        "migrated_in_place": report["summary"]["migrated_in_place"],
        "consumers_switched": report["summary"]["consumers_switched"],
        "old_deleted": report["summary"]["old_deleted"],
        "invariants": held,
    }
    _record_figures(name, figures)
    print(json.dumps({name: figures}, indent=2))
