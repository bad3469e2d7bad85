"""The in-place migration as data (in_place_plan) and its result (in_place_result): pure, table-driven."""

from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._in_place import in_place_plan as ipp
from ansible_collections.certshift.acm.plugins.module_utils._in_place import in_place_result as ipr

ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000001"


def cert(**over):
    detail = {"CertificateArn": ARN, "DomainName": "example.com", "SubjectAlternativeNames": ["example.com",
              "*.example.com"], "Type": "AMAZON_ISSUED", "Status": "ISSUED", "KeyAlgorithm": "RSA-4096",
              "DomainValidationOptions": [{"DomainName": n, "ValidationMethod": "EMAIL"}
                                          for n in ("example.com", "*.example.com")]}
    detail.update(over)
    return detail


def update(status, to="DNS"):
    return {"Status": status, "Type": "DOMAIN_VALIDATION_METHOD",
            "DomainValidationMethodUpdateSummary": {"From": "EMAIL", "To": to}, "RequestedAt": "2026-12-01T00:00:00Z"}


@pytest.mark.parametrize("over,expected", [
    ({}, None),
    ({"Type": "IMPORTED"}, "imported"),
    ({"Type": "PRIVATE"}, "private CA"),
    ({"Status": "PENDING_VALIDATION"}, "status PENDING_VALIDATION"),
    ({"Status": "EXPIRED"}, "status EXPIRED"),
    ({"DomainValidationOptions": [{"DomainName": "example.com", "ValidationMethod": "DNS"}]}, "already DNS"),
    ({"DomainValidationOptions": [], "ValidationMethod": "HTTP"}, "already HTTP"),
])
def test_skip_reasons_the_key_algorithm_does_not_matter(over, expected):
    """In place keeps the key: an RSA_4096 certificate (which cannot be requested) migrates."""
    reason = ipp.skip_reason(cert(**over))
    assert (reason is None) if expected is None else (expected in reason), reason


@pytest.mark.parametrize("summary,state", [
    (None, ipp.START),
    (update("PENDING_DOMAIN_VALIDATION"), ipp.CONTINUE),
    (update("FAILED"), ipp.RESTART),
    (update("SUCCESS"), ipp.DONE),
    (update("PENDING_DOMAIN_VALIDATION", to="EMAIL"), ipp.START),
    ({"Status": "SUCCESS", "Type": "SOMETHING_ELSE"}, ipp.START),
])
def test_state_from_the_update_summary(summary, state):
    assert ipp.state_of(cert(UpdateSummary=summary) if summary else cert()) == state


def test_a_certificate_migrated_before_is_skipped_as_done():
    planned = ipp.plan(cert(UpdateSummary=update("SUCCESS"),
                            DomainValidationOptions=[{"DomainName": "example.com", "ValidationMethod": "DNS"}]))
    assert planned.state == ipp.DONE and "already migrated in place" in planned.skipped


def summary(name, record=None, method="DNS", status="PENDING_VALIDATION"):
    requested = {"ValidationMethod": method, "ValidationStatus": status}
    if record:
        requested["ValidationChallenge"] = {"DnsValidationChallenge": {"ResourceRecord": {
            "Name": record[0], "Type": "CNAME", "Value": record[1]}}}
    return {"DomainName": name, "ActiveValidationConfiguration": {"ValidationMethod": "EMAIL"},
            "RequestedValidationConfiguration": requested}


def test_requested_records_are_merged_per_record_a_wildcard_sharing_its_apex():
    records, missing = ipp.requested_records([
        summary("example.com", ("_a.Example.com", "_v.acm-validations.aws")),
        summary("*.example.com", ("_a.example.com.", "_v.acm-validations.aws.")),
        summary("www.example.org", ("_b.www.example.org.", "_w.acm-validations.aws.")),
    ])
    assert missing == []
    assert records == [
        {"name": "_a.example.com.", "type": "CNAME", "value": "_v.acm-validations.aws.",
         "domains": ["example.com", "*.example.com"]},
        {"name": "_b.www.example.org.", "type": "CNAME", "value": "_w.acm-validations.aws.",
         "domains": ["www.example.org"]},
    ]


def test_names_whose_record_acm_has_not_listed_yet_are_missing():
    records, missing = ipp.requested_records([summary("example.com", ("_a.example.com.", "_v.")),
                                              summary("www.example.com")])
    assert [r["name"] for r in records] == ["_a.example.com."] and missing == ["www.example.com"]
    assert ipp.requested_records([])[1] == ["(no name listed)"]


def test_records_are_known_per_account_and_name_from_dns_validated_certificates():
    dns_cert = {"DomainValidationOptions": [
        {"DomainName": "*.example.com", "ValidationMethod": "DNS",
         "ResourceRecord": {"Name": "_a.example.com.", "Type": "CNAME", "Value": "_v.acm-validations.aws."}}]}
    by_base = ipp.active_records(dns_cert)
    assert by_base == {"example.com": {"name": "_a.example.com.", "type": "CNAME", "value": "_v.acm-validations.aws."}}
    records, complete = ipp.known_records(["example.com", "*.example.com"], by_base)
    assert complete and records == [{**by_base["example.com"], "domains": ["example.com", "*.example.com"]}]
    assert ipp.known_records(["example.com", "www.example.org"], by_base)[1] is False


def entry(state=ipp.START, records=(), **over):
    planned = ipp.InPlaceCertificate(arn=ARN, names=["example.com"], state=state, records=list(records))
    for key, value in over.items():
        setattr(planned, key, value)
    return planned


WRITE = {"name": "_a.example.com.", "type": "CNAME", "value": "_v.", "ttl": 300, "state": "write", "zone": "example.com."}
PRESENT = {**WRITE, "state": "present"}


@pytest.mark.parametrize("planned,check_mode,status,changed", [
    (entry(), True, "would_migrate", True),
    (entry(ipp.CONTINUE, [PRESENT]), True, "would_migrate", False),
    (entry(ipp.CONTINUE, [WRITE]), True, "would_migrate", True),
    (entry(started=True, migrated=True, records=[{**WRITE, "state": "written"}]), False, "migrated", True),
    (entry(ipp.CONTINUE, [PRESENT], migrated=True), False, "migrated", False),
    (entry(started=True), False, "pending", True),
    (entry(refused="UpdateCertificateOptions failed: ValidationException: no"), False, "refused", False),
    (entry(error={"step": "starting its migration", "message": "denied"}), False, "failed", False),
    (entry(skipped="imported"), False, "skipped", False),
])
def test_result_status_and_changed(planned, check_mode, status, changed):
    result = ipr.entry(planned, "route53", check_mode)
    assert result["status"] == status and result["strategy"] == "in_place" and result["arn_kept"]
    assert ipr.changed([planned], check_mode) is changed
    if status in ("would_migrate", "migrated", "pending"):
        assert result["new_arn"] == ARN
    else:
        assert result["new_arn"] is None and result["actions"] == []


def test_a_start_is_an_action_a_continuation_is_not():
    started = ipr.entry(entry(started=True), "route53", False)["actions"]
    assert started == [{"action": "start_validation_migration", "certificate_arn": ARN,
                        "validation_method": {"before": "EMAIL", "after": "DNS"}, "restart": False, "done": True}]
    assert ipr.entry(entry(ipp.CONTINUE), "route53", False)["actions"] == []
    restart = ipr.entry(entry(ipp.RESTART), "route53", True)["actions"][0]
    assert restart["restart"] is True and restart["done"] is False


def test_diff_shows_the_validation_method_before_and_after():
    planned = [entry(records=[WRITE]), entry(ipp.CONTINUE, skipped="imported")]
    diff = ipr.diff(planned, check_mode=True)
    assert diff == {"before": {ARN: {"validation_method": "EMAIL", "validation_records": {"_a.example.com.": None}}},
                    "after": {ARN: {"validation_method": "DNS", "validation_records": {"_a.example.com.": ["_v."]}}}}
    pending = ipr.diff([entry(started=True)], check_mode=False)
    assert pending["after"][ARN]["validation_method"] == "EMAIL (DNS migration pending)"


def test_update_summary_in_snake_case():
    assert ipr.snake_update(update("SUCCESS")) == {"status": "SUCCESS", "type": "DOMAIN_VALIDATION_METHOD",
                                                   "from": "EMAIL", "to": "DNS",
                                                   "requested_at": "2026-12-01T00:00:00Z", "updated_at": None}
    assert ipr.snake_update(None) is None
