"""Which HTTPS probes are skipped (probe: auto): those whose answer cannot change the verdict, as judge itself
says, and how a skipped certificate reads in the result and the reports."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._audit import probe_need, renewal_check
from ansible_collections.certshift.acm.plugins.module_utils._audit.renewal_report import merge_targets

from .. import fake_aws
from .test_audit_knows import LB, NOW, render


def email(n=1, days=198, **extra):
    detail = {"CertificateArn": f"arn:aws:acm:eu-west-1:123456789012:certificate/0000000{n}",
              "DomainName": f"c{n}.example.com", "SubjectAlternativeNames": [f"c{n}.example.com"],
              "Type": "AMAZON_ISSUED", "Status": "ISSUED", "ValidationMethod": "EMAIL", "InUseBy": [LB],
              "NotBefore": NOW - datetime.timedelta(days=10), "NotAfter": NOW + datetime.timedelta(days=days - 10)}
    detail.update(extra)
    return detail


# (case, detail changes, skipped?, words of the skip reason)
CASES = [
    ("in use", {}, False, None),
    ("not in use", {"InUseBy": []}, True, "not in use by any integrated AWS service"),
    ("search: in use, users not read yet", {"InUseBy": None, "InUse": True}, False, None),
    ("search: not in use", {"InUseBy": None, "InUse": False}, True, "not in use"),
    ("renewal FAILED", {"RenewalSummary": {"RenewalStatus": "FAILED", "RenewalStatusReason": "CAA_ERROR"}}, True,
     "ACM reports the renewal FAILED (CAA_ERROR)"),
    ("expired yet ISSUED", {"NotAfter": NOW - datetime.timedelta(days=1)}, True, "expired on"),
    ("exportable, not in use", {"InUseBy": [], "Options": {"Export": "ENABLED"}}, False, None),  # at risk: HTTPS may worsen it
    ("awaiting approval", {"RenewalSummary": {"RenewalStatus": "PENDING_VALIDATION"}}, False, None),
    ("migration pending", {"UpdateSummary": {"Status": "PENDING_DOMAIN_VALIDATION"}}, False, None),
    ("not in use, migration pending", {"InUseBy": [], "UpdateSummary": {"Status": "PENDING_DOMAIN_VALIDATION"}}, True,
     "not in use"),
]


@pytest.mark.parametrize("case,changes,skipped,words", CASES, ids=[c[0] for c in CASES])
def test_skip_decisions(case, changes, skipped, words):
    reason = probe_need.skip_reason(email(**changes), NOW)
    assert (reason is not None) is skipped, reason
    if skipped:
        assert reason.startswith("no HTTPS answer could change its verdict (") and words in reason


@pytest.mark.parametrize("case,changes,skipped,_words", CASES, ids=[c[0] for c in CASES])
def test_a_skipped_verdict_is_the_verdict_whatever_the_probes_find(case, changes, skipped, _words):
    """The property the skip rests on, checked against judge with real findings for each outcome."""
    detail = email(**changes)
    if detail.get("InUse") and not detail.get("InUseBy"):
        detail["InUseBy"] = [LB]  # as the describes will find
    outcomes = [[{"name": n, "certificate_matches": ok, "reason": reason, "message": f"{n}: {reason}"}
                 for n in ("c1.example.com", "www.c1.example.com")]
                for ok, reason in ((True, None), (False, "tls_error"), (False, "connection_refused"))]
    said = {(v["verdict"], v["recommendation"]) for v in
            (renewal_check._entry(detail, NOW, found, None, "eu-west-1") for found in outcomes)}
    assert (len(said) == 1) is skipped


def test_modes():
    used, unused = email(1), email(2, InUseBy=[])
    assert probe_need.plan([used, unused], NOW, "always") == ([used, unused], {})
    assert probe_need.plan([used, unused], NOW, "never") == ([], {})
    to_probe, skipped = probe_need.plan([used, unused], NOW, "auto")
    assert to_probe == [used] and list(skipped) == [unused["CertificateArn"]]


def test_a_skipped_certificate_says_so_and_is_not_unchecked():
    reason = probe_need.skip_reason(email(InUseBy=[]), NOW)
    entry = renewal_check._entry(email(InUseBy=[]), NOW, None, None, "eu-west-1", skip_reason=reason)
    assert entry["https_rule"] == {"checked": False, "skipped": True, "skip_reason": reason}
    assert entry["verdict"] == "will_not_renew" and entry["reason_codes"] == ["not_in_use"]
    unchecked = renewal_check._entry(email(InUseBy=[]), NOW, None, None, "eu-west-1")
    assert "https_rule_unchecked" in unchecked["reason_codes"] and "https_rule" not in unchecked
    probed = renewal_check._entry(email(), NOW, [{"name": "c1.example.com", "certificate_matches": True}], None,
                                  "eu-west-1")
    assert probed["https_rule"]["checked"] and probed["https_rule"]["skipped"] is False


def test_reports_say_not_probed_and_why():
    reason = probe_need.skip_reason(email(2, InUseBy=[]), NOW)
    skipped = renewal_check._entry(email(2, InUseBy=[]), NOW, None, None, "eu-west-1", skip_reason=reason)
    probed = renewal_check._entry(email(1), NOW, [{"name": "c1.example.com", "certificate_matches": False,
                                                   "reason": "does_not_resolve", "message": "no site",
                                                   "required_by": ["c1.example.com"], "address": None,
                                                   "served": None}], None, "eu-west-1")
    report = merge_targets([{"target": "prod", "region": "eu-west-1", "certificates": [skipped, probed]}],
                           generated_at="2025-06-01T00:00:00Z")
    assert report["summary"]["not_probed"] == 1
    md = render("acm_audit.md.j2", report)
    assert md.count("- HTTPS rule not probed: no HTTPS answer could change its verdict \\(not in use by any") == 1
    assert "HTTPS rule not probed for 1 certificate(s): no HTTPS answer could change their verdict." in md
    assert "| c1.example.com | c1.example.com |" in md  # the probed one keeps its table
    html = render("acm_audit.html.j2", report)
    assert html.count('<p class="not-probed">HTTPS rule not probed: no HTTPS answer could change its verdict (not in '
                      'use by any integrated AWS service, so ACM does not renew it)</p>') == 1
    assert "HTTPS rule not probed: 1 certificate(s)" in render("summary.txt.j2", report)
    # acm_audit.json is the report itself (to_nice_json): the entry as the module returned it
    assert report["certificates"][[c["certificate_arn"] for c in report["certificates"]].index(
        skipped["certificate_arn"])]["https_rule"]["skip_reason"] == reason


class OneCertificateAcm:
    """SearchCertificates says the renewal FAILED (so no probe can matter); DescribeCertificate, read later,
    says it is renewing after all."""

    ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/00000001"

    def search_certificates(self, **_kwargs):
        return {"Results": [{
            "CertificateArn": self.ARN,
            "X509Attributes": {"Subject": {"CommonName": "late.example.com"},
                               "SubjectAlternativeNames": [{"DnsName": "late.example.com"}],
                               "SerialNumber": "0a", "NotAfter": NOW + datetime.timedelta(days=100)},
            "CertificateMetadata": {"AcmCertificateMetadata": {
                "Status": "ISSUED", "Type": "AMAZON_ISSUED", "ValidationMethod": "EMAIL", "InUse": True,
                "RenewalStatus": "FAILED"}},
        }]}

    def describe_certificate(self, CertificateArn):
        return {"Certificate": {"CertificateArn": CertificateArn, "InUseBy": [LB],
                                "RenewalSummary": {"RenewalStatus": "PENDING_AUTO_RENEWAL"}}}

    def list_certificate_domain_validations(self, **_kwargs):
        return {"DomainValidations": []}


def test_a_certificate_skipped_on_the_search_is_probed_once_its_detail_says_it_matters(monkeypatch):
    probed = []

    def probe_all(self, names, concurrency=20):
        probed.append(sorted(names))
        return {n: {"name": n, "port": 443, "address": None, "resolved_by": "system", "resolved": False,
                    "reachable": False, "served": None, "reason": "does_not_resolve", "error": "NXDOMAIN"}
                for n in names}

    monkeypatch.setattr(renewal_check.Prober, "probe_all", probe_all)
    result = renewal_check.run(fake_aws.client(OneCertificateAcm()), "eu-west-1", {"check_dns": False}, NOW)
    assert probed == [["late.example.com", "www.late.example.com"]]
    (entry,) = result["certificates"]
    assert entry["https_rule"]["checked"] and not entry["https_rule"]["skipped"]
    assert "https_rule_not_met" in entry["reason_codes"]
