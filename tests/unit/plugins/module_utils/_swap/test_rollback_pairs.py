"""What a rollback can do per original certificate (rollback_pairs.verdict): restore it, or one line saying
why not - the original deleted, no longer ISSUED, or no replacement ever ISSUED."""

from __future__ import annotations

import botocore.exceptions
import pytest

from ansible_collections.certshift.acm.plugins.module_utils._swap import rollback_pairs

from .. import fake_aws

ACCOUNT = "arn:aws:acm:eu-west-1:123456789012:certificate/"
ORIGINAL, REPLACEMENT = ACCOUNT + "00000000-0000-0000-0000-000000000000", ACCOUNT + "11111111-0000-0000-0000-000000000000"


def cert(arn, status="ISSUED", method="DNS", names=("shop.example.com", "www.shop.example.com"), created=1):
    return {"CertificateArn": arn, "Status": status, "Type": "AMAZON_ISSUED", "DomainName": names[0],
            "SubjectAlternativeNames": list(names), "CreatedAt": created,
            "DomainValidationOptions": [{"DomainName": n, "ValidationMethod": method} for n in names]}


def test_an_issued_original_with_an_issued_replacement_is_restored():
    entry = rollback_pairs.verdict(ORIGINAL, cert(ORIGINAL, method="EMAIL"), [cert(REPLACEMENT)])
    assert entry == {"original_arn": ORIGINAL, "replacement_arn": REPLACEMENT,
                     "names": ["shop.example.com", "www.shop.example.com"], "original_status": "ISSUED",
                     "replacement_status": "ISSUED", "rollback": "restore", "reason": ""}


def test_a_deleted_original_has_no_rollback_and_says_why():
    entry = rollback_pairs.verdict(ORIGINAL, None, [cert(REPLACEMENT)])
    assert entry["rollback"] == "original_deleted" and entry["original_status"] == "absent"
    assert entry["reason"].startswith("no rollback possible: the original was deleted after its consumers were "
                                      "switched to the replacement")
    assert entry["replacement_arn"] == REPLACEMENT and entry["names"] == ["shop.example.com", "www.shop.example.com"]
    assert ORIGINAL not in entry["reason"] and REPLACEMENT not in entry["reason"]  # the entry names them, once


@pytest.mark.parametrize("status", ["EXPIRED", "REVOKED", "INACTIVE"])
def test_an_original_that_cannot_serve_is_not_restored(status):
    entry = rollback_pairs.verdict(ORIGINAL, cert(ORIGINAL, status=status, method="EMAIL"), [cert(REPLACEMENT)])
    assert entry["rollback"] == "cannot_restore"
    assert entry["reason"].startswith(f"no rollback possible: the original is {status}")


@pytest.mark.parametrize("status, said", [("PENDING_VALIDATION", "is still PENDING_VALIDATION"),
                                          ("FAILED", "no replacement of it was ever ISSUED")])
def test_a_replacement_never_issued_leaves_nothing_to_undo(status, said):
    entry = rollback_pairs.verdict(ORIGINAL, cert(ORIGINAL, method="EMAIL"), [cert(REPLACEMENT, status=status)])
    assert entry["rollback"] == "nothing_to_undo" and said in entry["reason"]
    assert entry["reason"].startswith("nothing to undo:")


def test_a_tagged_certificate_that_is_no_replacement_is_not_switched_away_from():
    other = cert(REPLACEMENT, names=("other.example.com",))
    entry = rollback_pairs.verdict(ORIGINAL, cert(ORIGINAL, method="EMAIL"), [other])
    assert entry["rollback"] == "nothing_to_undo" and "is no replacement" in entry["reason"]


def test_the_issued_replacement_is_chosen_among_several():
    failed = cert(ACCOUNT + "22222222-0000-0000-0000-000000000000", status="FAILED", created=5)
    entry = rollback_pairs.verdict(ORIGINAL, cert(ORIGINAL, method="EMAIL"), [failed, cert(REPLACEMENT)])
    assert entry["rollback"] == "restore" and entry["replacement_arn"] == REPLACEMENT
    deleted = rollback_pairs.verdict(ORIGINAL, None, [failed, cert(REPLACEMENT)])
    assert deleted["replacement_arn"] == REPLACEMENT


def test_an_explicit_pair_needs_no_tag_but_still_an_issued_original():
    untagged = cert(REPLACEMENT, names=("shop.example.com",))  # other names: the user paired them anyway
    assert rollback_pairs.verdict(ORIGINAL, cert(ORIGINAL), [untagged], explicit=True)["rollback"] == "restore"
    assert rollback_pairs.verdict(ORIGINAL, None, [untagged], explicit=True)["rollback"] == "original_deleted"


class FakeAcm:
    """DescribeCertificate over a dict (a missing ARN raises ACM's not-found error); SearchCertificates shows
    the certificates whose ARN is in ``searchable``, or is denied when that is None."""

    def __init__(self, certs, searchable=None):
        self.certs = certs
        self.searchable = searchable
        self.described = []

    def describe_certificate(self, CertificateArn):
        self.described.append(CertificateArn)
        if CertificateArn not in self.certs:
            raise botocore.exceptions.ClientError({"Error": {"Code": "ResourceNotFoundException"}}, "DescribeCertificate")
        return {"Certificate": dict(self.certs[CertificateArn])}

    def search_certificates(self, **_kwargs):
        if self.searchable is None:
            raise botocore.exceptions.ClientError({"Error": {"Code": "AccessDeniedException"}}, "SearchCertificates")
        return {"Results": [{"CertificateArn": arn, "X509Attributes": {
            "Subject": {"CommonName": self.certs[arn]["DomainName"]},
            "SubjectAlternativeNames": [{"DnsName": n} for n in self.certs[arn]["SubjectAlternativeNames"]]},
            "CertificateMetadata": {"AcmCertificateMetadata": {
                "Status": self.certs[arn]["Status"], "Type": "AMAZON_ISSUED",
                "ValidationMethod": self.certs[arn]["DomainValidationOptions"][0]["ValidationMethod"]}}}
            for arn in self.searchable]}


def find(acm, *args, **kwargs):
    return rollback_pairs.find(fake_aws.client(acm), *args, **kwargs)


class FakeTagging:
    def __init__(self, tagged):
        self.tagged = tagged

    def get_paginator(self, _name):
        tagged = self.tagged

        class Pages:
            def paginate(self, **_kwargs):
                return [{"ResourceTagMappingList": [{"ResourceARN": arn, "Tags": [{"Key": k, "Value": v}
                                                                                  for k, v in tags.items()]}
                                                    for arn, tags in tagged.items()]}]
        return Pages()


def test_find_lists_restorable_and_deleted_originals_and_narrows_the_selection():
    gone_replacement = ACCOUNT + "33333333-0000-0000-0000-000000000000"
    acm = FakeAcm({ORIGINAL: cert(ORIGINAL, method="EMAIL"), REPLACEMENT: cert(REPLACEMENT),
                   gone_replacement: cert(gone_replacement, names=("api.example.com",))})
    tagging = FakeTagging({REPLACEMENT: {"certshift:replaces": ORIGINAL},
                           gone_replacement: {"certshift:replaces": ACCOUNT + "44444444-0000-0000-0000-000000000000"},
                           ACCOUNT + "55555555-0000-0000-0000-000000000000": {"team": "web"}})
    entries = find(acm, tagging, "eu-west-1")
    assert [(e["original_arn"], e["rollback"]) for e in entries] == [
        (ORIGINAL, "restore"), (ACCOUNT + "44444444-0000-0000-0000-000000000000", "original_deleted")]
    assert entries[1]["names"] == ["api.example.com"]
    # by the original's ARN, by the replacement's, by name
    assert [e["original_arn"] for e in find(acm, tagging, "eu-west-1", arns=[ORIGINAL])] == [ORIGINAL]
    assert [e["original_arn"] for e in find(acm, tagging, "eu-west-1", arns=[gone_replacement])] == [
        ACCOUNT + "44444444-0000-0000-0000-000000000000"]
    assert [e["original_arn"] for e in find(acm, tagging, "eu-west-1", domains=["api.*"])] == [
        ACCOUNT + "44444444-0000-0000-0000-000000000000"]


def test_an_explicit_pair_whose_certificates_are_gone_gets_its_line():
    acm = FakeAcm({ORIGINAL: cert(ORIGINAL)})
    [entry] = find(acm, None, "eu-west-1", pairs=[{"old": ORIGINAL, "new": REPLACEMENT}])
    assert entry["rollback"] == "nothing_to_undo" and "no longer exists" in entry["reason"]
    [entry] = find(FakeAcm({}), None, "eu-west-1", pairs=[{"old": ORIGINAL, "new": REPLACEMENT}])
    assert "neither" in entry["reason"]


def test_an_arn_of_another_region_is_refused_with_the_fix():
    from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError
    with pytest.raises(CertshiftError, match="run it with region=us-east-1"):
        find(FakeAcm({}), FakeTagging({}), "eu-west-1",
                            arns=["arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"])


def test_the_search_pages_spare_a_describe_per_certificate_and_a_deleted_original_is_described_once():
    deleted = "44444444-0000-0000-0000-000000000000"
    other = ACCOUNT + "33333333-0000-0000-0000-000000000000"
    certs = {ORIGINAL: cert(ORIGINAL, method="EMAIL"), REPLACEMENT: cert(REPLACEMENT), other: cert(other)}
    acm = FakeAcm(certs, searchable=list(certs))
    tagging = FakeTagging({REPLACEMENT: {"certshift:replaces": ORIGINAL},
                           other: {"certshift:replaces": ACCOUNT + deleted}})
    entries = find(acm, tagging, "eu-west-1")
    assert [e["rollback"] for e in entries] == ["restore", "original_deleted"]
    assert acm.described == [ACCOUNT + deleted]
