"""swap_gate: the safety gate in front of every swap (pure)."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError
from ansible_collections.certshift.acm.plugins.module_utils._swap.swap_gate import check, validate_pairs
from ansible_collections.certshift.acm.plugins.module_utils._swap.pair import Pair

NOW = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
OLD = "arn:aws:acm:us-east-1:123456789012:certificate/0000000a-0000-0000-0000-000000000001"
NEW = "arn:aws:acm:us-east-1:123456789012:certificate/0000000b-0000-0000-0000-000000000002"
EU_NEW = "arn:aws:acm:eu-west-1:123456789012:certificate/0000000b-0000-0000-0000-000000000002"


def detail(arn, names, status="ISSUED", days=200):
    return {"CertificateArn": arn, "DomainName": names[0], "SubjectAlternativeNames": names, "Status": status,
            "NotAfter": NOW + datetime.timedelta(days=days)}


def cloudfront(aliases):
    return {"type": "cloudfront", "distribution_id": "E1", "names": aliases, "resource_arn": "x"}


def gate(old_names, new_names, consumers=(), **new_kwargs):
    details = {OLD: detail(OLD, old_names), NEW: detail(NEW, new_names, **new_kwargs)}
    check([Pair(OLD, NEW)], details, [list(consumers)], "us-east-1", 30, NOW)


@pytest.mark.parametrize("old_names, new_names, consumers", [
    (["example.com"], ["example.com"], []),
    (["a.example.com", "b.example.com"], ["*.example.com"], []),
    (["*.example.com"], ["*.example.com", "example.com"], [cloudfront(["www.example.com", "api.example.com"])]),
    (["Example.COM."], ["example.com"], []),
])
def test_gate_passes(old_names, new_names, consumers):
    gate(old_names, new_names, consumers)


@pytest.mark.parametrize("old_names, new_names, consumers, kwargs, text, uncovered", [
    (["example.com", "www.example.com"], ["example.com"], [], {}, "does not cover www.example.com", ["www.example.com"]),
    (["a.b.example.com"], ["*.example.com"], [], {}, "does not cover a.b.example.com", ["a.b.example.com"]),
    (["*.example.com"], ["*.example.com"], [cloudfront(["example.com"])], {}, "served by CloudFront distribution E1",
     ["example.com"]),
    (["example.com"], ["example.com"], [], {"status": "PENDING_VALIDATION"}, "is PENDING_VALIDATION, not ISSUED", []),
    (["example.com"], ["example.com"], [], {"days": 29}, "within 30 days", []),
])
def test_gate_fails_with_one_clear_message(old_names, new_names, consumers, kwargs, text, uncovered):
    with pytest.raises(CertshiftError) as e:
        gate(old_names, new_names, consumers, **kwargs)
    assert text in e.value.msg and e.value.msg.startswith("safety gate failed, nothing was changed")
    assert e.value.details["uncovered_names"] == uncovered


def test_missing_old_is_skipped_missing_new_fails():
    check([Pair(OLD, NEW)], {}, [[]], "us-east-1", 30, NOW)
    with pytest.raises(CertshiftError, match="does not exist"):
        check([Pair(OLD, NEW)], {OLD: detail(OLD, ["a.example.com"])}, [[]], "us-east-1", 30, NOW)


@pytest.mark.parametrize("pairs, text", [
    ([{"old": OLD, "new": OLD}], "for itself"),
    ([{"old": OLD, "new": NEW}, {"old": OLD, "new": OLD[:-1] + "9"}], "paired with both"),
    ([{"old": OLD, "new": NEW}, {"old": NEW, "new": OLD[:-1] + "9"}], "both a replacement and replaced"),
    ([{"old": OLD, "new": EU_NEW}], "this run targets us-east-1"),
    ([{"old": "not-an-arn", "new": NEW}], "is not an ACM certificate ARN"),
])
def test_validate_pairs_rejects(pairs, text):
    with pytest.raises(CertshiftError, match=text):
        validate_pairs(pairs, "us-east-1")


def test_validate_pairs_drops_duplicates():
    assert validate_pairs([{"old": OLD, "new": NEW}, {"old": OLD, "new": NEW}], "us-east-1") == [Pair(OLD, NEW)]
