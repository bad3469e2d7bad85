from __future__ import annotations

import datetime

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._audit import renewal_verdict as rv

NOW = datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc)
ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/0f0f0f0f-0000-4000-8000-000000000001"


def cert(method="EMAIL", status="ISSUED", days=100, in_use=True, cert_type="AMAZON_ISSUED", renewal=None, **extra):
    detail = {
        "CertificateArn": ARN, "DomainName": "example.com", "SubjectAlternativeNames": ["example.com"],
        "Type": cert_type, "Status": status, "NotAfter": NOW + datetime.timedelta(days=days, hours=1),
        "InUseBy": ["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1"] if in_use else [],
        **extra,
    }
    if method:
        detail["DomainValidationOptions"] = [{"DomainName": "example.com", "ValidationMethod": method}]
    if renewal:
        detail["RenewalSummary"] = renewal
    return detail


def site(name, matches=True, reason=None):
    return {"name": name, "certificate_matches": matches, "reason": None if matches else reason,
            "message": None if matches else f"{name}: {reason}"}


OK_HTTPS = [site("example.com"), site("www.example.com")]
OK_DNS = {"records": [{"ok": True}], "caa": [{"allowed": True}]}


@pytest.mark.parametrize("cert_names,expected", [
    (["example.com"], [("example.com", ["example.com"]), ("www.example.com", ["example.com"])]),
    (["*.example.com"], [("example.com", ["*.example.com"]), ("www.example.com", ["*.example.com"])]),
    (["sub.example.com"], [("sub.example.com", ["sub.example.com"]), ("www.sub.example.com", ["sub.example.com"])]),
    (["example.com", "*.example.com"],
     [("example.com", ["example.com", "*.example.com"]), ("www.example.com", ["example.com", "*.example.com"])]),
    # a www name stands for its base, like a wildcard
    (["www.example.com"], [("example.com", ["www.example.com"]), ("www.example.com", ["www.example.com"])]),
    (["example.com", "www.example.com"],
     [("example.com", ["example.com", "www.example.com"]), ("www.example.com", ["example.com", "www.example.com"])]),
])
def test_rule_names_per_table_row(cert_names, expected):
    assert [(n["name"], n["required_by"]) for n in rv.rule_names(cert_names)] == expected


@pytest.mark.parametrize("days,expected", [(-1, False), (0, True), (45, True), (46, False), (None, False)])
def test_renewal_window_is_45_days(days, expected):
    assert rv.in_renewal_window(days) is expected


def test_days_to_expiry_counts_whole_days_and_accepts_strings():
    assert rv.days_to_expiry("2025-06-11T00:00:00Z", NOW) == 10
    assert rv.days_to_expiry("2025-05-31T23:00:00+00:00", NOW) == -1
    assert rv.days_to_expiry(datetime.datetime(2025, 6, 2, 12), NOW) == 1


@pytest.mark.parametrize("https,verdict,codes", [
    (OK_HTTPS, rv.READY, []),
    ([site("example.com"), site("www.example.com", False, "does_not_resolve")], rv.WILL_NOT_RENEW,
     ["https_rule_not_met"]),
    ([site("example.com", False, "connection_refused"), site("www.example.com")], rv.WILL_NOT_RENEW,
     ["https_rule_not_met"]),
    ([site("example.com", False, "different_certificate"), site("www.example.com")], rv.WILL_NOT_RENEW,
     ["https_rule_not_met"]),
    ([site("example.com", False, "timeout"), site("www.example.com")], rv.AT_RISK, ["https_rule_uncertain"]),
    ([site("example.com", False, "tls_error"), site("www.example.com")], rv.AT_RISK, ["https_rule_uncertain"]),
    ([site("example.com", False, "tls_error"), site("www.example.com", False, "connection_refused")],
     rv.WILL_NOT_RENEW, ["https_rule_uncertain", "https_rule_not_met"]),
    ([], rv.AT_RISK, ["https_rule_unchecked"]),
])
def test_email_verdict_follows_the_https_rule(https, verdict, codes):
    result = rv.judge(cert(), NOW, https=https)
    assert result["verdict"] == verdict
    assert result["reason_codes"] == codes
    assert "DNS validation" in result["recommendation"]
    assert result["managed_renewal_eligible"]


def test_ready_email_still_says_approval_mails_are_current():
    result = rv.judge(cert(), NOW, https=OK_HTTPS)
    assert "historical" in result["reasons"][0]
    assert "approves the mail" in result["recommendation"]


def test_email_awaiting_approval_is_at_risk():
    result = rv.judge(cert(renewal={"RenewalStatus": "PENDING_VALIDATION"}), NOW, https=OK_HTTPS)
    assert result["verdict"] == rv.AT_RISK and result["reason_codes"] == ["awaiting_approval"]


@pytest.mark.parametrize("dns,verdict,codes,fixes", [
    (OK_DNS, rv.READY, [], []),
    ({"records": [{"ok": False, "reason": "missing", "message": "m", "fix": "a. CNAME b."}], "caa": []},
     rv.AT_RISK, ["validation_record_missing"], ["a. CNAME b."]),
    ({"records": [{"ok": False, "reason": "wrong_value", "message": "m", "fix": "a. CNAME b."}], "caa": []},
     rv.AT_RISK, ["validation_record_wrong"], ["a. CNAME b."]),
    ({"records": [{"ok": False, "reason": "lookup_failed", "message": "m", "fix": "a. CNAME b."}], "caa": []},
     rv.AT_RISK, ["validation_record_unchecked"], ["a. CNAME b."]),
    ({"records": [{"ok": True}], "caa": [{"allowed": False, "reason": "caa_forbids_amazon", "message": "m",
                                         "fix": 'example.com. CAA 0 issue "amazon.com"'}]},
     rv.AT_RISK, ["caa_forbids_amazon"], ['example.com. CAA 0 issue "amazon.com"']),
    ({"records": [], "caa": []}, rv.AT_RISK, ["validation_record_unknown"], []),
])
def test_dns_verdict(dns, verdict, codes, fixes):
    result = rv.judge(cert(method="DNS"), NOW, dns=dns)
    assert (result["verdict"], result["reason_codes"], result["dns_fixes"]) == (verdict, codes, fixes)
    for fix in fixes:
        assert fix in result["recommendation"]
    if verdict == rv.READY:
        assert result["recommendation"].startswith("Nothing to do")


@pytest.mark.parametrize("kwargs,verdict,code,eligible", [
    ({"cert_type": "IMPORTED", "method": None}, rv.WILL_NOT_RENEW, "imported", False),
    ({"status": "EXPIRED", "days": -3}, rv.WILL_NOT_RENEW, "expired", False),
    ({"days": -1}, rv.WILL_NOT_RENEW, "expired", False),
    ({"status": "REVOKED"}, rv.WILL_NOT_RENEW, "revoked", False),
    ({"status": "VALIDATION_TIMED_OUT"}, rv.WILL_NOT_RENEW, "validation_timed_out", False),
    ({"in_use": False, "method": "DNS"}, rv.WILL_NOT_RENEW, "not_in_use", False),
    ({"method": "DNS", "renewal": {"RenewalStatus": "FAILED", "RenewalStatusReason": "CAA_ERROR"}},
     rv.WILL_NOT_RENEW, "renewal_failed", True),
    ({"method": "DNS", "renewal": {"RenewalStatus": "PENDING_VALIDATION"}}, rv.AT_RISK,
     "renewal_pending_validation", True),
    ({"method": "DNS", "status": "PENDING_VALIDATION"}, rv.AT_RISK, "pending_validation", False),
])
def test_lifecycle_verdicts(kwargs, verdict, code, eligible):
    result = rv.judge(cert(**kwargs), NOW, https=OK_HTTPS, dns=OK_DNS)
    assert result["verdict"] == verdict
    assert result["reason_codes"][0] == code
    assert result["managed_renewal_eligible"] is eligible
    assert result["recommendation"]


def test_not_in_use_email_also_recommends_migration():
    result = rv.judge(cert(in_use=False), NOW, https=OK_HTTPS)
    assert result["verdict"] == rv.WILL_NOT_RENEW
    assert "not in use by any integrated AWS service" in result["managed_renewal_ineligible_reasons"]
    assert "delete it" in result["recommendation"] and "DNS validation" in result["recommendation"]


EXPORTED = {"Export": "ENABLED"}
DISTRIBUTION = "arn:aws:cloudfront::123456789012:distribution/E2QWRUHEXAMPLE"


@pytest.mark.parametrize("kwargs,https,dns,reason_part", [
    # Export ENABLED alone: eligible only if exported since issued or last renewed, which the API cannot show
    ({"method": None, "cert_type": "PRIVATE", "in_use": False}, None, None, "which the API cannot show"),
    ({"method": "DNS", "in_use": False}, None, OK_DNS, "renew only if exported since they were issued or last renewed"),
    # in use, so renewed, but every exported copy must be exported again: never ready either
    ({"method": "DNS"}, None, OK_DNS, "exported again after each renewal"),
    ({"method": "EMAIL"}, OK_HTTPS, None, "exported again after each renewal"),
])
def test_exported_certificate_is_at_risk_never_ready(kwargs, https, dns, reason_part):
    result = rv.judge(cert(Options=EXPORTED, **kwargs), NOW, https=https, dns=dns)
    assert result["verdict"] == rv.AT_RISK
    assert result["reason_codes"] == ["exported"]
    assert any(reason_part in r for r in result["reasons"])
    assert "not_in_use" not in result["reason_codes"]


@pytest.mark.parametrize("kwargs,recommendation_part", [
    ({"method": "DNS"}, "Export it again after each renewal"),
    ({"method": None, "cert_type": "PRIVATE", "in_use": False}, "Export it again after each renewal"),
    # the in-place migration stays the recommendation for an email-validated one
    ({"method": "EMAIL"}, "migrate it to DNS validation in place"),
])
def test_exported_recommendation(kwargs, recommendation_part):
    result = rv.judge(cert(Options=EXPORTED, **kwargs), NOW, https=OK_HTTPS, dns=OK_DNS)
    assert recommendation_part in result["recommendation"]


def test_export_disabled_is_judged_as_before():
    result = rv.judge(cert(method="DNS", Options={"Export": "DISABLED"}), NOW, dns=OK_DNS)
    assert result["verdict"] == rv.READY and result["reason_codes"] == []


def http_cert(users, redirect=True, **extra):
    option = {"DomainName": "example.com", "ValidationMethod": "HTTP"}
    if redirect:
        option["HttpRedirect"] = {"RedirectFrom": "http://example.com/.well-known/pki-validation/abc.txt",
                                  "RedirectTo": "https://validation.example.aws/abc.txt"}
    return cert(method=None, in_use=False, ManagedBy="CLOUDFRONT", DomainValidationOptions=[option], InUseBy=users,
                **extra)


@pytest.mark.parametrize("users,verdict,codes,reason_part", [
    ([DISTRIBUTION], rv.READY, [], "serves its validation redirect: it renews by itself"),
    ([], rv.AT_RISK, ["http_not_served"], "not in use by any CloudFront distribution"),
    (["arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1"], rv.AT_RISK, ["http_not_served"],
     "only by arn:aws:elasticloadbalancing"),
])
def test_http_validated_certificate_has_its_own_rule(users, verdict, codes, reason_part):
    result = rv.judge(http_cert(users), NOW)
    assert result["verdict"] == verdict
    assert result["reason_codes"] == codes
    assert any(reason_part in r for r in result["reasons"])
    assert "unknown" not in " ".join(result["reasons"])


def test_http_reason_names_the_redirect_and_recommends_cloudfront():
    result = rv.judge(http_cert([]), NOW)
    assert any("http://example.com/.well-known/pki-validation/abc.txt" in r for r in result["reasons"])
    assert "CloudFront distribution" in result["recommendation"]
    assert "Nothing to do" in rv.judge(http_cert([DISTRIBUTION]), NOW)["recommendation"]


def test_http_validated_from_search_shape():
    detail = cert(method=None, in_use=False, ManagedBy="CLOUDFRONT", ValidationMethod="HTTP", InUseBy=[DISTRIBUTION])
    assert rv.judge(detail, NOW)["verdict"] == rv.READY


def test_window_and_days_are_reported():
    result = rv.judge(cert(method="DNS", days=30), NOW, dns=OK_DNS)
    assert result["days_to_expiry"] == 30 and result["in_renewal_window"]


def update(status):
    return {"Status": status, "Type": "DOMAIN_VALIDATION_METHOD", "RequestedAt": "2025-05-30T10:00:00Z",
            "UpdatedAt": "2025-05-31T10:00:00Z", "DomainValidationMethodUpdateSummary": {"From": "EMAIL", "To": "DNS"}}


RECORD_MISSING = {"ok": False, "reason": "missing", "fix": "_a.example.com. CNAME _v.acm-validations.aws.",
                  "message": "validation record _a.example.com. is missing; restore: ..."}


@pytest.mark.parametrize("migration,where,fixes,advice", [
    ({"records": [RECORD_MISSING]}, "1 of its 1 validation record(s) do not resolve yet",
     [RECORD_MISSING["fix"]], "Publish the records its in-place migration asks for"),
    ({"records": [{"ok": True}]}, "its validation records resolve", [], "Nothing to do but wait"),
    ({"records": None}, "its records were not checked in DNS", [], "Nothing to do but wait"),
])
def test_an_in_place_migration_in_progress_is_at_risk_with_the_records_to_publish(migration, where, fixes, advice):
    result = rv.judge(cert(UpdateSummary=update("PENDING_DOMAIN_VALIDATION")), NOW, https=OK_HTTPS,
                      migration=migration)
    assert result["verdict"] == rv.AT_RISK and "migration_pending" in result["reason_codes"]
    assert any(where in r and "since 2025-05-30T10:00:00Z" in r for r in result["reasons"]), result["reasons"]
    assert result["dns_fixes"] == fixes and result["recommendation"].startswith(advice)


def test_an_expired_in_place_migration_says_start_it_again():
    result = rv.judge(cert(UpdateSummary=update("FAILED")), NOW, https=OK_HTTPS)
    assert result["verdict"] == rv.AT_RISK and "migration_expired" in result["reason_codes"]
    assert "expired" in " ".join(result["reasons"]) and result["recommendation"].startswith("Start the in-place")


def test_a_certificate_migrated_in_place_says_so_and_is_judged_as_dns():
    result = rv.judge(cert(method="DNS", UpdateSummary=update("SUCCESS")), NOW, dns=OK_DNS)
    assert result["verdict"] == rv.READY
    assert any("migrated in place from EMAIL to DNS validation on 2025-05-31T10:00:00Z" in r for r in result["reasons"])


def test_email_recommends_the_in_place_migration_and_names_what_only_it_can_serve():
    plain = rv.judge(cert(), NOW, https=OK_HTTPS)
    assert "in place" in plain["recommendation"] and "keeps its ARN" in plain["recommendation"]
    appsync = "arn:aws:appsync:eu-west-1:123456789012:domainnames/graphql.example.com"
    only = rv.judge(cert(UnswitchableConsumers=[appsync]), NOW, https=OK_HTTPS)
    assert f"Only in place: AppSync custom domain graphql.example.com ({appsync}) cannot be switched" \
        in only["recommendation"]
    assert "the in-place migration keeps it up" in only["recommendation"]


def test_a_missing_record_is_one_reason_and_its_fix_is_given_once_without_a_double_dot():
    """Issue 19: the DNS fix appeared three times for one certificate (the reason, the recommendation and the
    list) and the recommendation ended in '..' (a record's own dot plus a full stop)."""
    from ansible_collections.certshift.acm.plugins.module_utils._dns import dns_checks as dc

    record = {"name": "_a.example.com.", "value": "_v.acm-validations.aws.", "type": "CNAME"}
    missing = dc.check_cname(record, dc.Lookup(dc.MISSING))
    result = rv.judge(cert(method="DNS"), NOW, dns={"records": [missing], "caa": []})
    fix = "_a.example.com. CNAME _v.acm-validations.aws."
    assert result["dns_fixes"] == [fix]
    assert len(result["reasons"]) == 1 and fix not in result["reasons"][0]
    assert result["recommendation"].count(fix) == 1 and ".." not in result["recommendation"]
    assert rv.advice(result["recommendation"], result["dns_fixes"]) == "Restore these DNS records (below):"


def test_advice_leaves_a_recommendation_without_records_as_it_is():
    result = rv.judge(cert(method="DNS"), NOW, dns=OK_DNS)
    assert rv.advice(result["recommendation"], result["dns_fixes"]) == result["recommendation"]
    pending = rv.judge(cert(UpdateSummary=update("PENDING_DOMAIN_VALIDATION")), NOW, https=OK_HTTPS,
                       migration={"records": [RECORD_MISSING]})
    assert rv.advice(pending["recommendation"], pending["dns_fixes"]).startswith(
        "Publish the records its in-place migration asks for")
    assert RECORD_MISSING["fix"] not in rv.advice(pending["recommendation"], pending["dns_fixes"])



def test_owned_consumers_are_named_and_the_in_place_migration_is_preferred_for_them():
    listener = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/x/1/2"
    owner = {"kind": "cloudformation", "stack": "web", "logical_id": "Https",
             "name": "CloudFormation stack web (logical ID Https)"}
    owned = rv.judge(cert(ConsumerOwners=[{"type": "elbv2_default", "resource_arn": listener, "owner": owner}]),
                     NOW, https=OK_HTTPS)
    assert f"used by {listener}, owned by CloudFormation stack web (logical ID Https)" in owned["reasons"]
    assert "In place, not by replacement: CloudFormation stack web (logical ID Https) own(s)" in owned["recommendation"]
    assert "validation_method" in owned["recommendation"] and "ValidationMethod" in owned["recommendation"]
    plain = rv.judge(cert(), NOW, https=OK_HTTPS)
    assert "In place, not by replacement" not in plain["recommendation"]
    assert not any("owned by" in r for r in plain["reasons"])
