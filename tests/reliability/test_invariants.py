"""The invariant checker itself must catch what it claims to catch: each case below
breaks one invariant in a made-up history, and one case breaks one on the live sandbox."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

import pytest

from tests.invariants import check_invariants, find_problems, snapshot

ACM = "arn:aws:acm:eu-west-1:123456789012:certificate/"
OLD, NEW, NEW2, OTHER = ACM + "old", ACM + "new", ACM + "new2", ACM + "other"
CF_OLD, CF_NEW = ACM.replace("eu-west-1", "us-east-1") + "cf-old", ACM.replace("eu-west-1", "us-east-1") + "cf-new"
LB, LB2 = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/a", \
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/b"
DIST = "arn:aws:cloudfront::123456789012:distribution/D1"
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
FIELD = "Listener[443].SSLCertificateId"


def entry(service, resource, field, before, after, t=0, **extra):
    return {"service": service, "resource": resource, "field": field, "before": before, "after": after,
            "time": (T0 + timedelta(seconds=t)).isoformat(), **extra}


def cert(names, status="ISSUED", method="EMAIL", tags=None):
    return {"names": names, "tags": tags or {}, "status": status, "validation_method": method,
            "type": "AMAZON_ISSUED", "region": "eu-west-1"}


def scenario():
    """A correct migration of OLD (on LB) to NEW; OTHER (on LB2) is left alone."""
    seeded = [
        entry("acm", OLD, "Status", None, "ISSUED"),
        entry("acm", OTHER, "Status", None, "ISSUED"),
        entry("elb", LB, FIELD, None, OLD),
        entry("elb", LB2, FIELD, None, OTHER),
    ]
    run = [
        entry("acm", NEW, "Status", None, "PENDING_VALIDATION", t=1),
        entry("acm", NEW, "Status", "PENDING_VALIDATION", "ISSUED", t=2),
        entry("elb", LB, FIELD, OLD, NEW, t=3),
        entry("acm", OLD, "Status", "ISSUED", "DELETED", t=4, names=["shop.example.com"], tags={}),
    ]
    before = {
        "regions": ["eu-west-1"], "account": "123456789012", "seq": len(seeded),
        "certificates": {OLD: cert(["shop.example.com"]), OTHER: cert(["other.example.com"], method="DNS")},
        "consumers": {"elb:a": {"default": OLD, "sni": [], "names": []},
                      "elb:b": {"default": OTHER, "sni": [], "names": []}},
    }
    now_certs = {NEW: cert(["shop.example.com"], method="DNS", tags={"certshift:replaces": OLD}),
                 OTHER: before["certificates"][OTHER]}
    now_consumers = {"elb:a": {"default": NEW, "sni": [], "names": []},
                     "elb:b": {"default": OTHER, "sni": [], "names": []}}
    return seeded, run, before, now_certs, now_consumers


def problems(seeded, run, before, now_certs, now_consumers, converged=True, deploy=0.0):
    log = [{**e, "seq": i} for i, e in enumerate(seeded + run)]
    found, _summary = find_problems(log, before, now_certs, now_consumers, [OLD], converged, deploy)
    return found


def test_a_correct_migration_passes():
    assert problems(*scenario()) == []


def test_a_swap_to_a_certificate_not_yet_issued_is_caught():
    seeded, run, *rest = scenario()
    run[1], run[2] = run[2], run[1]
    assert any("while it was PENDING_VALIDATION" in p for p in problems(seeded, run, *rest))


def test_deleting_a_certificate_still_in_use_is_caught():
    seeded, run, *rest = scenario()
    run[2], run[3] = run[3], run[2]
    assert any(p.startswith(f"{OLD} deleted while {LB}") for p in problems(seeded, run, *rest))


def test_deleting_while_a_cloudfront_change_deploys_is_caught():
    seeded, run, before, now_certs, now_consumers = scenario()
    seeded += [entry("acm", CF_OLD, "Status", None, "ISSUED"),
               entry("cloudfront", DIST, "ViewerCertificate", None, CF_OLD)]
    before["seq"] = len(seeded)
    run += [entry("acm", CF_NEW, "Status", None, "ISSUED", t=5),
            entry("cloudfront", DIST, "ViewerCertificate", CF_OLD, CF_NEW, t=10),
            entry("acm", CF_OLD, "Status", "ISSUED", "DELETED", t=12, names=["example.com"], tags={})]
    now_certs[CF_NEW] = cert(["example.com"], method="DNS", tags={"certshift:replaces": CF_OLD})
    found = problems(seeded, run, before, now_certs, now_consumers, converged=False, deploy=20)
    assert [p for p in found if p.startswith(f"{CF_OLD} deleted while {DIST}")]
    run[-1]["time"] = (T0 + timedelta(seconds=31)).isoformat()  # after the deployment
    assert not [p for p in problems(seeded, run, before, now_certs, now_consumers, converged=False, deploy=20)
                if "deleted while" in p]


def test_a_second_replacement_is_caught():
    seeded, run, before, now_certs, now_consumers = scenario()
    run.insert(1, entry("acm", NEW2, "Status", None, "PENDING_VALIDATION", t=1))
    now_certs[NEW2] = cert(["shop.example.com"], "PENDING_VALIDATION", "DNS", {"certshift:replaces": OLD})
    assert any("has 2 replacements" in p for p in problems(seeded, run, before, now_certs, now_consumers))


def test_a_change_outside_the_selection_is_caught():
    seeded, run, before, now_certs, now_consumers = scenario()
    run.append(entry("elb", LB2, FIELD, OTHER, NEW, t=5))
    now_consumers["elb:b"]["default"] = NEW
    found = problems(seeded, run, before, now_certs, now_consumers)
    assert any("dropped" in p and "not selected" in p for p in found)
    assert any("which is not its replacement" in p for p in found)
    assert any("no longer serves" in p for p in found)


def test_deleting_an_unselected_certificate_is_caught():
    seeded, run, before, now_certs, now_consumers = scenario()
    run.append(entry("acm", OTHER, "Status", "ISSUED", "DELETED", t=5, names=["other.example.com"], tags={}))
    del now_certs[OTHER]
    found = problems(seeded, run, before, now_certs, now_consumers)
    assert f"{OTHER} was deleted but not selected" in found


def test_a_replacement_that_does_not_cover_the_names_is_caught():
    seeded, run, before, now_certs, now_consumers = scenario()
    now_certs[NEW] = {**now_certs[NEW], "names": ["www.shop.example.com"]}
    found = problems(seeded, run, before, now_certs, now_consumers)
    assert any("does not cover ['shop.example.com']" in p for p in found)


def test_an_unfinished_migration_is_not_converged():
    seeded, run, before, now_certs, now_consumers = scenario()
    run = run[:2]
    now_certs[OLD] = before["certificates"][OLD]
    now_consumers = copy.deepcopy(before["consumers"])
    assert problems(seeded, run, before, now_certs, now_consumers, converged=False) == []
    assert any("not converged" in p for p in problems(seeded, run, before, now_certs, now_consumers))


def test_the_live_check_reads_the_sandbox(sandbox):
    demo = sandbox.seed("demo")
    regions = ["eu-west-1", "us-east-1"]
    before = snapshot(sandbox, regions)
    assert check_invariants(sandbox, before)["history_entries"] == 0
    sandbox.client("acm", "eu-west-1").delete_certificate(CertificateArn=demo["certificates"]["unused"]["arn"])
    with pytest.raises(AssertionError, match="was deleted but not selected"):
        check_invariants(sandbox, before, selected=[demo["certificates"]["clb"]["arn"]])
