"""certshift.acm.acm_migrate against the sandbox under ACM's rate quotas: each wave is swapped
and retired while later replacements are still being requested; the safety gate runs before
the first request; a failed run still reports what it did."""

from __future__ import annotations

import threading
import time

from tests.fleet_state import consumer_certificates
from tests.integration.test_cert_swap import mutating_calls

EU = "eu-west-1"
MODULE = "certshift.acm.acm_migrate"


def migrate(ansible, args, region=EU, check=False):
    # The replacement pipeline (strategy replace); the in-place pipeline: test_in_place.py.
    result = ansible.module(MODULE, {"strategy": "replace", **args}, check=check, region=region)
    result.pop("_run")
    return result


def email_certificates(manifest, region=EU):
    return {arn for arn, c in manifest["certificates"].items() if c["region"] == region
            and c["validation_method"] == "EMAIL" and c["type"] == "AMAZON_ISSUED" and c["status"] == "ISSUED"}


HELD_AFTER = 20  # requests served before the sandbox holds the rest


def test_waves_retire_old_certificates_while_later_replacements_are_requested(ansible, sandbox):
    """The overlap, in the sandbox's logical order rather than by the clock (a timing check failed on a
    starved CI machine): every RequestCertificate after the 20th is held, and the first waves' old
    certificates must still be switched away from and deleted meanwhile, while 33 replacements wait to
    be requested. Once released, the run finishes the fleet."""
    manifest = sandbox.seed("bench", certificates=60, regions=[EU])
    olds = email_certificates(manifest)
    others = set(manifest["certificates"]) - olds
    before = consumer_certificates(sandbox, [EU])
    sandbox.settings(latency_ms=20, rate_quotas=True,
                     pause_on={"action": "acm:RequestCertificate", "after": HELD_AFTER})
    sandbox.reset_calls()
    outcome = {}
    run = threading.Thread(target=lambda: outcome.update(migrate(ansible, {"delete_old": True, "wave_seconds": 2})))
    run.start()
    try:
        deadline = time.monotonic() + 240  # a bound on liveness, not a measure of speed
        while not (sandbox.control("GET", "pause")["paused"] and served(sandbox.timeline(), "acm:DeleteCertificate")):
            assert time.monotonic() < deadline, ("no old certificate deleted while requests were held",
                                                 sandbox.calls()["by_action"])
            assert run.is_alive(), outcome.get("msg")
            time.sleep(0.2)
        timeline = sandbox.timeline()
        requested = served(timeline, "acm:RequestCertificate")
        assert len(requested) < len(olds)  # held: replacements still to be requested while old ones are deleted
    finally:
        sandbox.control("POST", "pause/release", {"mode": "proceed"})
        run.join(300)
    result = outcome
    assert not result.get("failed"), result.get("msg")
    assert result["waves"] >= 2
    timeline = sandbox.timeline()
    requests, deletes = served(timeline, "acm:RequestCertificate"), served(timeline, "acm:DeleteCertificate")
    assert len(requests) == len(deletes) == len(olds), _intercepted(timeline)
    # and at the end every old certificate is replaced, switched away from and deleted
    pairs = {p["old_certificate_arn"]: p for p in result["swap"]["pairs"]}
    assert set(pairs) == olds and all(p["deleted"] for p in pairs.values())
    twins = {old: p["new_certificate_arn"] for old, p in pairs.items()}
    after = consumer_certificates(sandbox, [EU])
    assert after == {key.replace(arn, twins.get(arn, arn)): twins.get(arn, arn) for key, arn in before.items()}
    remaining = {c["CertificateArn"] for c in sandbox.client("acm", EU).list_certificates()["CertificateSummaryList"]}
    assert not remaining & olds and others <= remaining
    # one consumer index, then one scan after each wave that switched something
    assert len(served(timeline, "elbv2:DescribeLoadBalancers")) <= result["waves"] + 1
    # the old certificate's describe before its request gave its InUseBy: two describes a certificate
    assert len(served(timeline, "acm:DescribeCertificate")) <= 2 * len(olds) + 5

    # a second run requests, switches and deletes nothing
    sandbox.settings(pause_on=None)
    sandbox.reset_calls()
    again = migrate(ansible, {"delete_old": True, "wave_seconds": 3})
    assert not again.get("failed") and not again["changed"], again
    assert mutating_calls(sandbox) == {}


def served(timeline, action):
    """When each call of ``action`` got the service's answer: the arrivals the sandbox throttled or
    faulted are left out."""
    return [t for t, a, intercepted in timeline if a == action and not intercepted]


def _intercepted(timeline):
    return "intercepted by the sandbox: " + ", ".join(f"{a} at {t} s: {why}" for t, a, why in timeline if why)


def test_a_waves_deletes_do_not_hold_up_the_next_wave(ansible, sandbox):
    """Every DeleteCertificate is held by the sandbox: the next wave still publishes its records
    and switches its consumers meanwhile; once released, every old certificate is deleted."""
    manifest = sandbox.seed("bench", certificates=40, regions=[EU])
    olds = email_certificates(manifest)
    sandbox.settings(latency_ms=20, rate_quotas=True, pause_on={"action": "acm:DeleteCertificate", "after": 0})
    sandbox.reset_calls()
    outcome = {}
    run = threading.Thread(target=lambda: outcome.update(migrate(ansible, {"delete_old": True, "wave_seconds": 2})))
    run.start()
    try:
        deadline = time.monotonic() + 120
        while True:
            assert time.monotonic() < deadline, ("no second wave while the first one's deletes were held",
                                                 sandbox.calls()["by_action"])
            assert run.is_alive(), outcome.get("msg")
            held = sandbox.control("GET", "pause")["held"]
            publishes = sandbox.calls()["by_action"].get("route53:ChangeResourceRecordSets", 0)
            if held and publishes >= 2:
                break
            time.sleep(0.1)
    finally:
        sandbox.control("POST", "pause/release", {"mode": "proceed"})
        run.join(300)
    assert not outcome.get("failed"), outcome.get("msg")
    assert outcome["waves"] >= 2
    pairs = {p["old_certificate_arn"]: p for p in outcome["swap"]["pairs"]}
    assert set(pairs) == olds and all(p["deleted"] for p in pairs.values())
    remaining = {c["CertificateArn"] for c in sandbox.client("acm", EU).list_certificates()["CertificateSummaryList"]}
    assert not remaining & olds


def test_gate_runs_before_the_first_request(ansible, sandbox):
    """A replacement that would not cover what a consumer serves stops the run before any of the
    other certificates' requests."""
    manifest = sandbox.seed("bench", certificates=40, regions=[EU])
    olds = email_certificates(manifest)
    old = next(c["certificates"][0] for c in manifest["consumers"].values()
               if c["type"] == "apigateway-domain" and c["certificates"][0] in olds)
    # an API Gateway domain serves, with it, a name it does not cover (so no twin of it would either)
    domain = {"domain_name": "elsewhere.bench.example.net"}
    sandbox.client("apigateway", EU).create_domain_name(
        domainName=domain["domain_name"], regionalCertificateArn=old, endpointConfiguration={"types": ["REGIONAL"]})
    before = consumer_certificates(sandbox, [EU])
    sandbox.reset_calls()

    result = migrate(ansible, {"delete_old": True})

    assert result["failed"] and "nothing was changed" in result["msg"], result
    assert f"does not cover {domain['domain_name']}" in result["msg"]
    calls = sandbox.calls()["by_agent"]["ansible"]
    assert "acm:RequestCertificate" not in calls and mutating_calls(sandbox) == {}
    assert consumer_certificates(sandbox, [EU]) == before


def test_check_mode_predicts_the_run(ansible, sandbox):
    manifest = sandbox.seed("bench", certificates=20, regions=[EU])
    olds = email_certificates(manifest)
    sandbox.reset_calls()

    predicted = migrate(ansible, {"delete_old": True}, check=True)
    assert not predicted.get("failed"), predicted.get("msg")
    assert mutating_calls(sandbox) == {} and "acm:RequestCertificate" not in sandbox.calls()["by_action"]
    done = migrate(ansible, {"delete_old": True, "wave_seconds": 1})
    assert not done.get("failed"), done.get("msg")

    def switches(result):
        return sorted((a["old_certificate_arn"], a["resource_type"], a.get("listener_arn") or a.get("resource_arn"))
                      for a in result["swap"]["actions"] if a["action"] not in ("none", "delete"))

    assert {c["old_arn"] for c in predicted["certificates"] if c["status"] == "would_request"} == olds
    assert switches(predicted) == switches(done)
    assert {p["old_certificate_arn"] for p in predicted["swap"]["pairs"] if p["deleted"]} == \
        {p["old_certificate_arn"] for p in done["swap"]["pairs"] if p["deleted"]} == olds
