from __future__ import annotations

import datetime

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._audit import approval_load as al
from ansible_collections.certshift.acm.plugins.module_utils._audit.renewal_report import summarize

UTC = datetime.timezone.utc
NOW = datetime.datetime(2025, 6, 1, tzinfo=UTC)


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def email_cert(not_before, not_after, method="EMAIL", cert_type="AMAZON_ISSUED", status="ISSUED"):
    detail = {"CertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/1", "Type": cert_type,
              "Status": status, "NotBefore": not_before, "NotAfter": not_after}
    if method:
        detail["DomainValidationOptions"] = [{"DomainName": "example.com", "ValidationMethod": method}]
    return detail


@pytest.mark.parametrize("not_before,not_after,approvals,mail,days", [
    # renews before the first cap: its own 198 days -> 365/198 a year; mails 45 days before NotAfter
    ("2025-06-01T00:00:00", "2025-12-16T00:00:00", round(365 / 198, 1), "2025-11-01T00:00:00Z", 153),
    # its own validity is shorter than the 200-day cap in force at its next renewal
    ("2026-01-01T00:00:00", "2026-05-01T00:00:00", round(365 / 120, 1), "2026-03-17T00:00:00Z", 289),
    # a 395-day certificate renewing after 2026-03-15 is capped at 200 days
    ("2025-04-01T00:00:00", "2026-04-30T00:00:00", round(365 / 200, 1), "2026-03-16T00:00:00Z", 288),
    # ... after 2027-03-15 at 100, after 2029-03-15 at 47
    ("2027-01-01T00:00:00", "2027-07-20T00:00:00", round(365 / 100, 1), "2027-06-05T00:00:00Z", 734),
    ("2029-01-01T00:00:00", "2029-07-20T00:00:00", round(365 / 47, 1), "2029-06-05T00:00:00Z", 1465),
    # inside the renewal window already: the mails are out, 0 days left
    ("2024-12-01T00:00:00", "2025-06-17T00:00:00", round(365 / 198, 1), "2025-05-03T00:00:00Z", 0),
])
def test_approvals_per_year_and_next_mail(not_before, not_after, approvals, mail, days):
    result = al.approval_load(email_cert(at(not_before), at(not_after)), NOW)
    assert result == {"approvals_per_year": approvals, "next_approval_mail": mail, "days_until_approval_mail": days}


@pytest.mark.parametrize("when,cap", [
    ("2026-03-14T23:59:59", None), ("2026-03-15T00:00:00", 200), ("2027-03-14T23:59:59", 200),
    ("2027-03-15T00:00:00", 100), ("2029-03-15T00:00:00", 47), ("2035-01-01T00:00:00", 47),
])
def test_cab_forum_cap_in_force(when, cap):
    assert al.validity_cap(at(when)) == cap


@pytest.mark.parametrize("detail", [
    email_cert(at("2025-01-01T00:00:00"), at("2025-07-18T00:00:00"), method="DNS"),
    email_cert(at("2025-01-01T00:00:00"), at("2025-07-18T00:00:00"), method="HTTP"),
    email_cert(at("2025-01-01T00:00:00"), at("2025-07-18T00:00:00"), method=None, cert_type="IMPORTED"),
    email_cert(at("2024-11-01T00:00:00"), at("2025-05-18T00:00:00")),  # expired: it will never renew
    email_cert(at("2025-01-01T00:00:00"), at("2025-07-18T00:00:00"), status="PENDING_VALIDATION"),
    email_cert(None, at("2025-07-18T00:00:00")),
])
def test_no_approvals_where_nobody_approves(detail):
    assert al.approval_load(detail, NOW) == al.NONE


def test_search_shape_with_strings():
    detail = {"CertificateArn": "arn", "Type": "AMAZON_ISSUED", "Status": "ISSUED", "ValidationMethod": "EMAIL",
              "NotBefore": "2025-06-01T00:00:00Z", "NotAfter": "2025-12-16T00:00:00Z"}
    assert al.approval_load(detail, "2025-06-01T00:00:00Z")["days_until_approval_mail"] == 153


def test_fleet_total_in_summary():
    certs = [{"approvals_per_year": 1.8, "validation_method": "EMAIL"},
             {"approvals_per_year": 7.8, "validation_method": "EMAIL"},
             {"approvals_per_year": None, "validation_method": "DNS"}, {"validation_method": "DNS"}]
    assert summarize(certs)["approvals_per_year"] == 9.6
    assert summarize([])["approvals_per_year"] == 0
