"""acm_dns_migrate with SearchCertificates: the old certificates are planned from the search and
described only where a replacement is requested, right before its request, so the describes
run while the requests wait on ACM's quota instead of before them."""

import datetime
import threading
import time

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._replace import dns_migration
from ansible_collections.certshift.acm.plugins.module_utils.concurrency import ACM_RATE_QUOTAS, HEADROOM
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError

from .. import fake_aws

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
PARAMS = {"dns_provider": "manual", "wait": False, "check_caa": False, "certificate_arns": [], "domains": []}


def arn(name):
    return f"arn:aws:acm:eu-west-1:123456789012:certificate/{name}"


class Acm:
    """Email-validated old certificates (CT logging DISABLED, which only DescribeCertificate
    tells); ``replaced`` of them already have a PENDING_VALIDATION replacement. Records the
    time of every call; the client's rate limit (the hook aws_clients gives every client) paces them."""

    def __init__(self, count, replaced=()):
        self.olds = [arn(f"old{i}") for i in range(count)]
        self.news = {arn(f"new-of-old{i}"): self.olds[i] for i in replaced}
        self.calls = []
        self.lock = threading.Lock()

    def record(self, action, target):
        with self.lock:
            self.calls.append((action, target, time.monotonic()))

    def times(self, action, targets):
        return [t for a, target, t in self.calls if a == action and target in targets]

    def name(self, old):
        return f"app{self.olds.index(old)}.example.com"

    def search_certificates(self, **kwargs):
        self.record("SearchCertificates", None)
        return {"Results": [{
            "CertificateArn": old,
            "X509Attributes": {"Subject": {"CommonName": self.name(old)}, "KeyAlgorithm": "RSA-2048",
                               "SubjectAlternativeNames": [{"DnsName": self.name(old)}]},
            "CertificateMetadata": {"AcmCertificateMetadata": {
                "Status": "ISSUED", "Type": "AMAZON_ISSUED", "ValidationMethod": "EMAIL", "InUse": True}},
        } for old in self.olds]}

    def describe_certificate(self, CertificateArn):
        self.record("DescribeCertificate", CertificateArn)
        if CertificateArn in self.olds:
            name = self.name(CertificateArn)
            return {"Certificate": {
                "CertificateArn": CertificateArn, "DomainName": name, "SubjectAlternativeNames": [name],
                "Type": "AMAZON_ISSUED", "Status": "ISSUED", "KeyAlgorithm": "RSA-2048",
                "Options": {"CertificateTransparencyLoggingPreference": "DISABLED"},
                "DomainValidationOptions": [{"DomainName": name, "ValidationMethod": "EMAIL"}]}}
        name = self.name(self.news[CertificateArn])
        return {"Certificate": {
            "CertificateArn": CertificateArn, "DomainName": name, "SubjectAlternativeNames": [name],
            "Type": "AMAZON_ISSUED", "Status": "PENDING_VALIDATION", "CreatedAt": T0,
            "DomainValidationOptions": [{"DomainName": name, "ValidationMethod": "DNS", "ResourceRecord": {
                "Name": f"_x.{name}.", "Type": "CNAME", "Value": "_v.acm-validations.aws."}}]}}

    def request_certificate(self, **kwargs):
        old = next(t["Value"] for t in kwargs["Tags"] if t["Key"] == "certshift:replaces")
        new = arn(f"new-of-{old.rsplit('/', 1)[-1]}")
        self.record("RequestCertificate", old)
        with self.lock:
            self.news[new] = old
        return {"CertificateArn": new}


class Tagging:
    def __init__(self, acm):
        self.acm = acm

    def get_paginator(self, _op):
        acm = self.acm

        class Pager:
            def paginate(self, **_kwargs):
                olds = [{"ResourceARN": old, "Tags": [{"Key": "team", "Value": "web"}]} for old in acm.olds]
                news = [{"ResourceARN": new, "Tags": [{"Key": "certshift:replaces", "Value": old}]}
                        for new, old in acm.news.items()]
                return [{"ResourceTagMappingList": olds + news}]
        return Pager()


class Clients:
    region = "eu-west-1"

    def __init__(self, acm):
        self.acm_client, self.tagging = fake_aws.client(acm, limited=True), Tagging(acm)

    def acm(self):
        return self.acm_client

    def get(self, service):
        assert service == "resourcegroupstaggingapi"
        return self.tagging


def requests_of(result):
    return {c["old_arn"]: a["request"] for c in result["certificates"] for a in c["actions"]
            if a["action"] == "request_certificate"}


def test_old_describes_overlap_the_requests():
    count = 20
    acm = Acm(count)
    result = dns_migration.run(Clients(acm), PARAMS, check_mode=False)

    assert len(requests_of(result)) == count and {c["status"] for c in result["certificates"]} == \
        {"PENDING_VALIDATION"}
    described_olds = acm.times("DescribeCertificate", acm.olds)
    requested = acm.times("RequestCertificate", acm.olds)
    assert len(described_olds) == count and len(requested) == count
    # the client's rate limit paced the requests over seconds ...
    requesting = (count - 1) / (ACM_RATE_QUOTAS["RequestCertificate"] * HEADROOM)
    assert max(requested) - min(requested) >= requesting - 0.1
    # ... and most old certificates were described while they waited, not all of them first
    # (describing first, none would be)
    assert sum(t > min(requested) for t in described_olds) >= count // 2


def test_existing_replacements_need_no_describe_of_the_old_and_check_mode_predicts_the_requests():
    acm = Acm(4, replaced=(0, 1))
    reused, to_request = set(acm.olds[:2]), set(acm.olds[2:])

    predicted = dns_migration.run(Clients(acm), PARAMS, check_mode=True)
    assert acm.times("RequestCertificate", acm.olds) == []
    # check mode describes the certificates to request (for their CT preference), no others
    assert len(acm.times("DescribeCertificate", to_request)) == 2
    assert acm.times("DescribeCertificate", reused) == []
    assert [c["status"] for c in predicted["certificates"]] == ["PENDING_VALIDATION"] * 2 + ["would_request"] * 2

    acm.calls.clear()
    result = dns_migration.run(Clients(acm), PARAMS, check_mode=False)
    assert acm.times("DescribeCertificate", reused) == []
    assert len(acm.times("DescribeCertificate", to_request)) == 2
    assert requests_of(result) == requests_of(predicted)
    assert set(requests_of(result)) == to_request
    assert all(r["options"] == {"certificate_transparency_logging_preference": "DISABLED"}
               and r["tags"]["team"] == "web" for r in requests_of(result).values())
    assert [c["new_arn"] for c in result["certificates"]] == [arn(f"new-of-old{i}") for i in range(4)]
    assert result["changed"] is True and set(result["diff"]["after"]) == set(acm.olds)


@pytest.mark.timeout(60)
def test_wait_timeout_zero_looks_once_instead_of_waiting_the_default():
    acm = Acm(2, replaced=(0, 1))
    migration = dns_migration.Migration(Clients(acm), {**PARAMS, "wait": True, "wait_timeout": 0}, check_mode=False)
    assert migration.timeout == 0
    plans = migration.plan(*migration.load())
    assert all(p.replacement["Status"] == "PENDING_VALIDATION" for p in plans)
    searches = len(acm.times("SearchCertificates", [None]))
    with pytest.raises(CertshiftError, match="still not ISSUED after 0 s"):
        migration.wait(plans)
    assert len(acm.times("SearchCertificates", [None])) == searches + 1  # one look
