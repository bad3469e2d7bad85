"""acm_renewal_check runs the HTTPS probes while the DescribeCertificate calls wait on ACM's
quota, so a region takes as long as the slower of the two, not their sum."""

import datetime
import threading
import time

from ansible_collections.certshift.acm.plugins.module_utils._probe import https_probe
from ansible_collections.certshift.acm.plugins.module_utils._audit import renewal_check

from .. import fake_aws

NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
WAIT_SECONDS = 10.0


class SlowAcm:
    """SearchCertificates at once; DescribeCertificate paced by the client's rate limit (as aws_clients gives)."""

    def __init__(self, count):
        self.arns = [f"arn:aws:acm:eu-west-1:123456789012:certificate/{i:08d}" for i in range(count)]
        self.described = []
        self.lock = threading.Lock()

    def search_certificates(self, **_kwargs):
        return {"Results": [{
            "CertificateArn": arn,
            "X509Attributes": {"Subject": {"CommonName": f"app{i}.example.com"},
                               "SubjectAlternativeNames": [{"DnsName": f"app{i}.example.com"}],
                               "SerialNumber": f"0{i + 1:x}", "NotAfter": NOW + datetime.timedelta(days=100)},
            "CertificateMetadata": {"AcmCertificateMetadata": {
                "Status": "ISSUED", "Type": "AMAZON_ISSUED", "ValidationMethod": "EMAIL", "InUse": True}},
        } for i, arn in enumerate(self.arns)]}

    def describe_certificate(self, CertificateArn):
        with self.lock:
            self.described.append((CertificateArn, time.monotonic()))
        return {"Certificate": {"CertificateArn": CertificateArn, "InUseBy": ["arn:aws:elasticloadbalancing:x"]}}


def test_probes_overlap_the_describes(monkeypatch):
    """Each side waits for the other to have begun: run one after the other, either wait runs out.
    No timing thresholds, so a loaded CI machine cannot make it flaky."""
    acm = SlowAcm(10)
    probes_began, describes_began = threading.Event(), threading.Event()
    waited_in_vain = []
    real_describe = acm.describe_certificate

    def describe_certificate(CertificateArn):
        describes_began.set()
        if not probes_began.wait(WAIT_SECONDS):
            waited_in_vain.append("a describe waited for the probes to begin")
        return real_describe(CertificateArn)

    def probe_all(self, names, concurrency=20):
        probes_began.set()
        if not describes_began.wait(WAIT_SECONDS):
            waited_in_vain.append("the probes waited for a describe to begin")
        return {n.lower(): {"name": n, "port": 443, "address": None, "resolved_by": None, "resolved": False,
                            "reachable": False, "served": None, "reason": https_probe.DOES_NOT_RESOLVE,
                            "error": "NXDOMAIN"} for n in names}

    acm.describe_certificate = describe_certificate
    monkeypatch.setattr(https_probe.Prober, "probe_all", probe_all)
    result = renewal_check.run(fake_aws.client(acm, limited=True), "eu-west-1", {"check_dns": False}, NOW)

    assert waited_in_vain == []
    assert len(acm.described) == 10
    assert {c["verdict"] for c in result["certificates"]} == {"will_not_renew"}
    assert all(c["in_use_by"] for c in result["certificates"])
