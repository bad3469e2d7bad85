"""acm_renewal_check runs the HTTPS probes while the DescribeCertificate calls wait on ACM's
quota, so a region takes as long as the slower of the two, not their sum."""

import datetime
import threading
import time

from ansible_collections.certshift.acm.plugins.module_utils import https_probe, renewal_check

NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
PROBE_SECONDS = 1.0


class SlowAcm:
    """SearchCertificates at once; DescribeCertificate paced by the module's own limiter (9/s)."""

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
    acm = SlowAcm(10)  # 10 describes at 9/s: about 1 s of describing
    probed = {}

    def probe_all(self, names, concurrency=20):
        probed["started"] = time.monotonic()
        time.sleep(PROBE_SECONDS)
        probed["finished"] = time.monotonic()
        return {n.lower(): {"name": n, "port": 443, "address": None, "resolved_by": None, "resolved": False,
                            "reachable": False, "served": None, "reason": https_probe.DOES_NOT_RESOLVE,
                            "error": "NXDOMAIN"} for n in names}

    monkeypatch.setattr(https_probe.Prober, "probe_all", probe_all)
    started = time.monotonic()
    result = renewal_check.run(acm, "eu-west-1", {"check_dns": False}, NOW)
    elapsed = time.monotonic() - started

    first_describe = min(t for _arn, t in acm.described)
    last_describe = max(t for _arn, t in acm.described)
    describing = last_describe - first_describe
    assert len(acm.described) == 10 and describing > 0.8
    # the probes began before the describes were done, and the whole took about the longer of
    # the two, well under their sum
    assert probed["started"] < last_describe
    assert elapsed < max(describing, PROBE_SECONDS) + 0.4 < describing + PROBE_SECONDS
    assert {c["verdict"] for c in result["certificates"]} == {"will_not_renew"}
    assert all(c["in_use_by"] for c in result["certificates"])
