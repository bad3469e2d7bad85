"""migrate_acm on a small bench fleet makes whole-fleet calls, not per-certificate ones:
the API calls per action stay at the computed minimum (bench/minimum.py) or within a few
calls of it, so a regression to per-certificate lookups, tag reads, polling or SNI swaps
fails here. Module invocations per region do not grow with the fleet."""

from __future__ import annotations

import os

from bench import minimum
from bench.__main__ import OURS as AWS_MODULES
from bench.__main__ import fleet_shape
from bench.measure import counting_env, read_module_runs
from tests.harness import REPO_ROOT

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
REGION = "eu-west-1"


def test_migration_calls_per_action_stay_at_the_minimum(ansible, sandbox, tmp_path):
    manifest = sandbox.seed("bench", certificates=40, regions=[REGION])
    shape = fleet_shape(manifest)[REGION]
    expected = minimum.migration_calls(shape)
    e = shape["email"]
    assert e >= 30

    sandbox.reset_calls()
    runs = str(tmp_path / "module-runs.json")
    run = ansible.playbook(MIGRATE, extra_vars={"acm_regions": [REGION], "acm_report_dir": str(tmp_path),
                                                "acm_wait_timeout": 120, "acm_migration_strategy": "replace"},
                           env=counting_env(runs))
    assert run.rc == 0, run
    calls = {k.replace("resourcegroupstaggingapi:", "tagging:"): v
             for k, v in sandbox.calls()["by_agent"]["ansible"].items()}
    print(calls)
    migrated = next(r for play in run.data["plays"] for task in play["tasks"] for r in task["hosts"].values()
                    if r.get("action") == "certshift.acm.acm_migrate")
    # Waves (how many depends on how fast the requests went): each polls issuance and asks
    # which old certificates are still in use (SearchCertificates), and scans the consumers
    # after its switches. Time bounds them, not the number of certificates.
    waves = migrated["waves"]
    assert 1 <= waves <= 10

    # once per certificate: nothing more
    for action in ("acm:RequestCertificate", "acm:DeleteCertificate"):
        assert calls.get(action) == e, action
    # old certificates once before their request (Options, and InUseBy for the swap),
    # replacements once for their records; their state after the swap comes from search pages:
    # no polling per certificate, no InUseBy re-reads before deleting
    assert calls["acm:DescribeCertificate"] <= 2 * e
    # never per certificate: tags come from tag:GetResources, listings from SearchCertificates
    for action in ("acm:ListTagsForCertificate", "acm:ListCertificates", "acm:GetCertificate"):
        assert calls.get(action, 0) == 0, action
    assert calls["acm:SearchCertificates"] <= expected["acm:SearchCertificates"] + 1 + 3 * waves
    assert calls["tagging:GetResources"] <= expected["tagging:GetResources"] + 1
    # SNI swaps in batches; the consumer index read once, then once after each wave's switches
    for action in ("elbv2:ModifyListener", "elb:SetLoadBalancerListenerSSLCertificate", "apigateway:UpdateDomainName"):
        assert calls.get(action, 0) == expected.get(action, 0), action
    # a listener's SNI certificates go in one batch per wave they fall in
    for action in ("elbv2:AddListenerCertificates", "elbv2:RemoveListenerCertificates"):
        assert expected[action] <= calls[action] <= expected[action] + (waves - 1) * shape["elbv2_listeners"], action
    for action in ("elbv2:DescribeListeners", "elbv2:DescribeLoadBalancers", "elb:DescribeLoadBalancers",
                   "apigateway:GetDomainNames"):
        assert calls.get(action, 0) <= (1 + waves) * expected[action], action
    # Route53: a whole-zone read and one change batch a wave, not one lookup per record
    route53 = sum(v for k, v in calls.items() if k.startswith("route53:"))
    assert route53 <= 2 + 3 * waves, calls
    # one module run for the region (acm_migrate), whatever the fleet size
    assert read_module_runs(runs, AWS_MODULES) == 1
    # the role's verification reads the replacements' state from acm_migrate's result
    states = [pair["new_certificate_state"] for pair in migrated["swap"]["pairs"]]
    assert len(states) == e and all(s["status"] == "ISSUED" and s["validation_method"] == "DNS" for s in states)


def test_in_place_calls_per_action_stay_at_the_minimum(ansible, sandbox, tmp_path):
    """The default migration, in place: one UpdateCertificateOptions and one ListCertificateDomainValidations
    per certificate, Route53 read a zone at a time and written a batch per wave (a lookup per record was
    1,672 Route53 reads at 1,000 certificates, at 5/s), and nothing else of any service."""
    manifest = sandbox.seed("bench", certificates=40, regions=[REGION])
    shape = fleet_shape(manifest)[REGION]
    expected = minimum.in_place_calls(shape)
    e = shape["email"]
    sandbox.reset_calls()
    runs = str(tmp_path / "module-runs.json")
    run = ansible.playbook(MIGRATE, extra_vars={"acm_regions": [REGION], "acm_report_dir": str(tmp_path),
                                                "acm_wait_timeout": 120}, env=counting_env(runs))
    assert run.rc == 0, run
    calls = {k.replace("resourcegroupstaggingapi:", "tagging:"): v
             for k, v in sandbox.calls()["by_agent"]["ansible"].items()}
    print(calls, expected)
    migrated = next(r for play in run.data["plays"] for task in play["tasks"] for r in task["hosts"].values()
                    if r.get("action") == "certshift.acm.acm_migrate")
    waves = migrated["in_place_waves"]
    assert 1 <= waves <= 10
    for action in ("acm:UpdateCertificateOptions", "acm:ListCertificateDomainValidations"):
        assert calls.get(action) == e, action
    assert calls["tagging:GetResources"] == expected["tagging:GetResources"]
    # selection, then a poll or two a wave until ACM shows the certificates DNS-validated
    assert calls["acm:SearchCertificates"] <= expected["acm:SearchCertificates"] + 3 * waves
    assert calls["route53:ListHostedZones"] == 1
    assert calls["route53:ChangeResourceRecordSets"] <= waves and calls["route53:GetChange"] <= waves
    assert calls.get("route53:ListResourceRecordSets", 0) <= 3, calls  # the zone, read whole once
    # nothing else: no describe, no request or delete, no consumer read or written
    assert set(calls) <= set(expected) | {"route53:ListResourceRecordSets"}, calls
    assert read_module_runs(runs, AWS_MODULES) == 1


AUDIT = os.path.join(REPO_ROOT, "playbooks", "audit_acm.yml")


def test_audit_calls_stay_within_ten_percent_of_the_minimum(ansible, sandbox, tmp_path):
    manifest = sandbox.seed("bench", certificates=40, regions=[REGION])
    expected = minimum.audit_calls(fleet_shape(manifest)[REGION])
    sandbox.reset_calls()
    runs = str(tmp_path / "module-runs.json")
    run = ansible.playbook(AUDIT, extra_vars={"acm_regions": [REGION], "acm_report_dir": str(tmp_path),
                                              "acm_probe_timeout": 1}, env=counting_env(runs))
    assert run.rc == 0, run
    calls = sandbox.calls()["by_agent"]["ansible"]
    print(calls, expected)
    # one search page for the fleet; per-certificate calls only for InUseBy and CNAME values;
    # the served certificate is compared by serial number, not fetched with GetCertificate
    assert calls["acm:SearchCertificates"] == expected["acm:SearchCertificates"]
    assert calls.get("acm:GetCertificate", 0) == 0 and calls.get("acm:ListCertificates", 0) == 0
    assert sum(calls.values()) <= 1.1 * sum(expected.values())
    assert read_module_runs(runs, AWS_MODULES) == 1
