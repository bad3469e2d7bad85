"""ACM's in-place EMAIL -> DNS validation migration in the sandbox, as AWS documents it; each
test also shows plain moto lacks it.

Sources: ACM user guide "Migrate from email to DNS validation", ACM API reference
(UpdateCertificateOptions, ListCertificateDomainValidations, DescribeCertificate.UpdateSummary)
and botocore's ACM service model (aws-facts.md, ACM).
"""

from __future__ import annotations

import datetime
import time

import boto3
import botocore.config
import botocore.exceptions
import pytest

from tests.sandbox.test_acm_corrections import _CnameServer, _describe, _import, _publish, _request

REGION = "eu-west-1"
TO_DNS = {"ValidationMethod": "DNS"}
CA = "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"


def _email_cert(acm, name="example.com", sans=None, **extra):
    """An ISSUED email-validated certificate (the sandbox approves email at once by default)."""
    arn = _request(acm, name, sans, method="EMAIL", **extra)
    assert _describe(acm, arn)["Status"] == "ISSUED"
    return arn


def _migrate(acm, arn, **options):
    acm.update_certificate_options(CertificateArn=arn, Options={**TO_DNS, **options})


def _error(call):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        call()
    return e.value.response["Error"]


def _summaries(acm, arn, **kwargs):
    pages = acm.get_paginator("list_certificate_domain_validations").paginate(CertificateArn=arn, **kwargs)
    return [s for page in pages for s in page["DomainValidationSummaryList"]]


def _requested_records(acm, arn):
    """{name: ResourceRecord} of the requested DNS configuration (what a caller publishes)."""
    return {s["DomainName"]: s["RequestedValidationConfiguration"]["ValidationChallenge"]["DnsValidationChallenge"]["ResourceRecord"]
            for s in _summaries(acm, arn)}


def _publish_requested(sandbox, arn, zone="example.com", only=None):
    acm = sandbox.client("acm", REGION)
    records = {r["Name"]: r for name, r in _requested_records(acm, arn).items() if only is None or name in only}
    return _publish(sandbox.client("route53", REGION), zone, list(records.values()))


def _search_method(acm, arn):
    results = acm.search_certificates(FilterStatement={"Filter": {"CertificateArn": arn}})["Results"]
    return results[0]["CertificateMetadata"]["AcmCertificateMetadata"]["ValidationMethod"]


def _facts(sandbox, arn):
    return {c["arn"]: c for c in sandbox.control("GET", "acm/certificates")["certificates"]}[arn]


# ---------------------------------------------------------------------------------------
# UpdateCertificateOptions(ValidationMethod=DNS)
# ---------------------------------------------------------------------------------------
def test_update_to_dns_starts_an_in_place_migration_keeping_the_arn(sandbox, plain_moto):
    """AWS: UpdateCertificateOptions(Options={"ValidationMethod": "DNS"}) on an ISSUED public
    email-validated certificate starts a migration and keeps the ARN. While it is pending EMAIL
    stays active: DescribeCertificate shows the EMAIL DomainValidationOptions plus UpdateSummary
    {PENDING_DOMAIN_VALIDATION, DOMAIN_VALIDATION_METHOD, EMAIL -> DNS, RequestedAt, UpdatedAt};
    SearchCertificates says EMAIL; ListCertificates and the certificate itself are unchanged."""
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm, "example.com", ["www.example.com"])
    before = _describe(acm, arn)
    listed_before = acm.list_certificates()["CertificateSummaryList"]
    pem_before = acm.get_certificate(CertificateArn=arn)["Certificate"]
    assert "UpdateSummary" not in before
    asked = datetime.datetime.now(datetime.timezone.utc)
    _migrate(acm, arn)

    cert = _describe(acm, arn)
    update = cert.pop("UpdateSummary")
    assert update["Status"] == "PENDING_DOMAIN_VALIDATION" and update["Type"] == "DOMAIN_VALIDATION_METHOD"
    assert update["DomainValidationMethodUpdateSummary"] == {"From": "EMAIL", "To": "DNS"}
    assert abs((update["RequestedAt"] - asked).total_seconds()) < 2 and update["UpdatedAt"] == update["RequestedAt"]
    assert cert == before  # same ARN, status, serial, validity, EMAIL options
    assert {o["ValidationMethod"] for o in cert["DomainValidationOptions"]} == {"EMAIL"}
    assert acm.list_certificates()["CertificateSummaryList"] == listed_before
    assert acm.get_certificate(CertificateArn=arn)["Certificate"] == pem_before
    assert _search_method(acm, arn) == "EMAIL"
    facts = _facts(sandbox, arn)
    assert (facts["validation_method"], facts["update_status"]) == ("EMAIL", "PENDING_DOMAIN_VALIDATION")

    plain = plain_moto("acm", REGION)
    with pytest.raises(NotImplementedError):  # a 500 from moto's server
        plain.update_certificate_options(CertificateArn=_request(plain, method="EMAIL"), Options=TO_DNS)


def test_a_second_update_while_one_is_pending_is_a_conflict(sandbox):
    """AWS: ConflictException while a migration of that certificate is in progress."""
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm)
    _migrate(acm, arn)
    error = _error(lambda: _migrate(acm, arn))
    assert error["Code"] == "ConflictException" and "in progress" in error["Message"]
    assert _describe(acm, arn)["UpdateSummary"]["Status"] == "PENDING_DOMAIN_VALIDATION"


@pytest.mark.parametrize("status", ["PENDING_VALIDATION", "EXPIRED", "REVOKED", "FAILED", "VALIDATION_TIMED_OUT", "INACTIVE"])
def test_only_an_issued_certificate_can_migrate(sandbox, status):
    """AWS: InvalidStateException for a certificate that is not ISSUED; nothing changes."""
    acm = sandbox.client("acm", REGION)
    if status == "PENDING_VALIDATION":
        sandbox.settings(acm_issue_delay_seconds=3600)  # the contacts have not approved yet
        arn = _request(acm, method="EMAIL")
    else:
        arn = _email_cert(acm)
        if status == "EXPIRED":
            past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
            sandbox.control("POST", "acm/certificate", {"arn": arn, "not_after": past.isoformat(),
                                                        "not_before": (past - datetime.timedelta(days=198)).isoformat()})
        else:
            sandbox.control("POST", "acm/certificate", {"arn": arn, "status": status})
    assert _describe(acm, arn)["Status"] == status
    error = _error(lambda: _migrate(acm, arn))
    assert error["Code"] == "InvalidStateException" and status in error["Message"]
    assert "UpdateSummary" not in _describe(acm, arn)


def test_imported_and_private_certificates_cannot_migrate(sandbox):
    """AWS: only a public ACM-issued certificate has a validation method to migrate:
    InvalidStateException for an imported or a private (Private CA) certificate."""
    acm = sandbox.client("acm", REGION)
    imported = _import(acm, "imported.example.com")
    private = acm.request_certificate(DomainName="internal.example.com", CertificateAuthorityArn=CA)["CertificateArn"]
    for arn, word in ((imported, "imported"), (private, "private")):
        error = _error(lambda arn=arn: _migrate(acm, arn))
        assert error["Code"] == "InvalidStateException" and word in error["Message"]
        assert "UpdateSummary" not in _describe(acm, arn)


def test_only_email_to_dns_is_allowed(sandbox):
    """AWS: the migration goes from EMAIL to DNS only, never back: ValidationException for
    DNS -> EMAIL, for any change to HTTP, and for a certificate already DNS-validated (also
    once migrated); ResourceNotFoundException for an unknown ARN."""
    acm = sandbox.client("acm", REGION)
    email = _email_cert(acm, "mail.example.com")
    dns = _request(acm, "dns.example.com")
    cases = [(dns, "DNS"), (dns, "EMAIL"), (dns, "HTTP"), (email, "HTTP"), (email, "EMAIL")]
    for arn, method in cases:
        error = _error(lambda arn=arn, method=method: acm.update_certificate_options(
            CertificateArn=arn, Options={"ValidationMethod": method}))
        assert error["Code"] == "ValidationException", (arn, method, error)
        assert "UpdateSummary" not in _describe(acm, arn)
    sandbox.control("POST", "acm/certificate", {"arn": email, "update_status": "SUCCESS"})
    assert _error(lambda: _migrate(acm, email))["Code"] == "ValidationException"
    missing = f"arn:aws:acm:{REGION}:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    assert _error(lambda: _migrate(acm, missing))["Code"] == "ResourceNotFoundException"


def test_ct_preference_and_export_still_update_alone_or_with_the_migration(sandbox, plain_moto):
    """AWS: UpdateCertificateOptions keeps setting CertificateTransparencyLoggingPreference and
    Export, alone or in the same call as the validation method; a refused call changes none."""
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm)
    acm.update_certificate_options(CertificateArn=arn, Options={"CertificateTransparencyLoggingPreference": "DISABLED"})
    assert _describe(acm, arn)["Options"] == {"CertificateTransparencyLoggingPreference": "DISABLED", "Export": "DISABLED"}
    assert "UpdateSummary" not in _describe(acm, arn)
    _migrate(acm, arn, CertificateTransparencyLoggingPreference="ENABLED", Export="ENABLED")
    cert = _describe(acm, arn)
    assert cert["Options"] == {"CertificateTransparencyLoggingPreference": "ENABLED", "Export": "ENABLED"}
    assert cert["UpdateSummary"]["Status"] == "PENDING_DOMAIN_VALIDATION"
    assert _error(lambda: _migrate(acm, arn, Export="DISABLED"))["Code"] == "ConflictException"
    assert _describe(acm, arn)["Options"]["Export"] == "ENABLED"

    plain = plain_moto("acm", REGION)
    with pytest.raises(NotImplementedError):
        plain.update_certificate_options(CertificateArn=_request(plain), Options={"Export": "ENABLED"})


# ---------------------------------------------------------------------------------------
# ListCertificateDomainValidations
# ---------------------------------------------------------------------------------------
def test_list_domain_validations_shows_active_and_requested_configurations(sandbox, plain_moto):
    """AWS: one DomainValidationSummary per name. ActiveValidationConfiguration is the method in
    effect (EMAIL with its EmailValidationChallenge); while a migration is pending,
    RequestedValidationConfiguration is DNS with the CNAME to publish (PENDING_VALIDATION),
    one record per account and base name (a wildcard shares its apex's, the same record a
    DNS-validated request of the name gets). A DNS-validated certificate lists its record as
    active and nothing requested."""
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm, "example.com", ["*.example.com", "www.example.org"])
    before = _summaries(acm, arn)
    assert [s["DomainName"] for s in before] == ["example.com", "*.example.com", "www.example.org"]
    for summary in before:
        assert "RequestedValidationConfiguration" not in summary
        active = summary["ActiveValidationConfiguration"]
        domain = summary["DomainName"].removeprefix("*.")
        assert active == {"ValidationMethod": "EMAIL", "ValidationStatus": "SUCCESS", "ValidationChallenge": {
            "EmailValidationChallenge": {"ValidationDomain": domain, "ValidationEmails": [
                f"{p}@{domain}" for p in ("admin", "administrator", "hostmaster", "postmaster", "webmaster")]}}}

    _migrate(acm, arn)
    pending = _summaries(acm, arn)
    assert [s["ActiveValidationConfiguration"] for s in pending] == [s["ActiveValidationConfiguration"] for s in before]
    requested = {s["DomainName"]: s["RequestedValidationConfiguration"] for s in pending}
    for name, configuration in requested.items():
        assert configuration["ValidationMethod"] == "DNS" and configuration["ValidationStatus"] == "PENDING_VALIDATION"
        record = configuration["ValidationChallenge"]["DnsValidationChallenge"]["ResourceRecord"]
        assert record["Type"] == "CNAME" and record["Name"].endswith("." + name.removeprefix("*.") + ".")
        assert record["Value"].endswith(".acm-validations.aws.")
    records = _requested_records(acm, arn)
    assert records["*.example.com"] == records["example.com"] != records["www.example.org"]
    dns = _request(acm, "example.com")
    dns_summary = _summaries(acm, dns)
    assert dns_summary == [{"DomainName": "example.com", "ActiveValidationConfiguration": {
        "ValidationMethod": "DNS", "ValidationStatus": "PENDING_VALIDATION",
        "ValidationChallenge": {"DnsValidationChallenge": {"ResourceRecord": records["example.com"]}}}}]

    plain = plain_moto("acm", REGION)
    with pytest.raises(NotImplementedError):
        plain.list_certificate_domain_validations(CertificateArn=_request(plain, method="EMAIL"))


def test_list_domain_validations_pages(sandbox):
    """AWS: ListCertificateDomainValidations returns at most MaxItems (1..1,000) summaries and a
    NextToken for the rest; a NextToken that is not one it gave is InvalidArgsException, a
    MaxItems outside 1..1,000 a ValidationException, an unknown ARN ResourceNotFoundException.
    Imported certificates list their names without a validation configuration."""
    acm = sandbox.client("acm", REGION)
    names = [f"n{i}.example.com" for i in range(10)]
    arn = _email_cert(acm, names[0], names)
    seen, token, pages = [], None, 0
    while True:
        page = acm.list_certificate_domain_validations(CertificateArn=arn, MaxItems=3, **({"NextToken": token} if token else {}))
        assert len(page["DomainValidationSummaryList"]) <= 3
        seen += [s["DomainName"] for s in page["DomainValidationSummaryList"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert (pages, seen) == (4, names)
    assert [s["DomainName"] for s in _summaries(acm, arn, PaginationConfig={"PageSize": 4})] == names
    assert "NextToken" not in acm.list_certificate_domain_validations(CertificateArn=arn)

    other = _email_cert(acm, "other.example.com")
    first = acm.list_certificate_domain_validations(CertificateArn=arn, MaxItems=1)["NextToken"]
    for bad in ("not-a-token", first):
        error = _error(lambda bad=bad: acm.list_certificate_domain_validations(CertificateArn=other, NextToken=bad))
        assert error["Code"] == "InvalidArgsException"
    unchecked = boto3.client("acm", region_name=REGION, endpoint_url=sandbox.endpoint, aws_access_key_id="testing",
                             aws_secret_access_key="testing", config=botocore.config.Config(parameter_validation=False))
    for bad in (0, 1001):
        error = _error(lambda bad=bad: unchecked.list_certificate_domain_validations(CertificateArn=arn, MaxItems=bad))
        assert error["Code"] == "ValidationException"
    missing = f"arn:aws:acm:{REGION}:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    assert _error(lambda: acm.list_certificate_domain_validations(CertificateArn=missing))["Code"] == "ResourceNotFoundException"
    assert _summaries(acm, _import(acm, "imported.example.com")) == [{"DomainName": "imported.example.com"}]


# ---------------------------------------------------------------------------------------
# SUCCESS once the records exist
# ---------------------------------------------------------------------------------------
def test_migration_succeeds_once_every_cname_is_in_route53(sandbox, plain_moto):
    """AWS: the migration succeeds once ACM sees every name's CNAME (here in a public Route53
    zone of the account); until then EMAIL stays active. Then UpdateSummary is SUCCESS (UpdatedAt
    set), DomainValidationOptions are DNS with their ResourceRecords (SUCCESS), SearchCertificates
    says DNS, the expiry date and serial are kept (outside the renewal window), and the
    certificate renews as a DNS-validated one."""
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm, "example.com", ["*.example.com", "api.example.net"])
    before = _describe(acm, arn)
    _migrate(acm, arn)
    records = _requested_records(acm, arn)
    _publish_requested(sandbox, arn, "example.com", only={"example.com"})
    assert _describe(acm, arn)["UpdateSummary"]["Status"] == "PENDING_DOMAIN_VALIDATION"  # api.example.net missing
    assert _search_method(acm, arn) == "EMAIL"
    _publish_requested(sandbox, arn, "example.net", only={"api.example.net"})

    cert = _describe(acm, arn)
    update = cert["UpdateSummary"]
    assert update["Status"] == "SUCCESS" and update["UpdatedAt"] >= update["RequestedAt"]
    assert (cert["CertificateArn"], cert["Status"], cert["Serial"], cert["NotAfter"]) == \
        (arn, "ISSUED", before["Serial"], before["NotAfter"])
    for option in cert["DomainValidationOptions"]:
        assert (option["ValidationMethod"], option["ValidationStatus"]) == ("DNS", "SUCCESS")
        assert option["ResourceRecord"] == records[option["DomainName"]] and "ValidationEmails" not in option
    assert _search_method(acm, arn) == "DNS"
    for summary in _summaries(acm, arn):
        assert "RequestedValidationConfiguration" not in summary
        active = summary["ActiveValidationConfiguration"]
        assert (active["ValidationMethod"], active["ValidationStatus"]) == ("DNS", "SUCCESS")
        assert active["ValidationChallenge"]["DnsValidationChallenge"]["ResourceRecord"] == records[summary["DomainName"]]
    facts = _facts(sandbox, arn)
    assert (facts["validation_method"], facts["update_status"]) == ("DNS", "SUCCESS")

    # managed renewal now treats it as DNS-validated: in use and within 45 days, CNAMEs resolve
    sandbox.client("elb", REGION).create_load_balancer(LoadBalancerName="lb", AvailabilityZones=[f"{REGION}a"], Listeners=[
        {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80, "SSLCertificateId": arn}])
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)
    sandbox.control("POST", "acm/certificate", {"arn": arn, "not_after": soon.isoformat()})
    renewal = _describe(acm, arn)["RenewalSummary"]
    assert renewal["RenewalStatus"] == "PENDING_AUTO_RENEWAL"
    assert {o["ValidationMethod"] for o in renewal["DomainValidationOptions"]} == {"DNS"}

    plain = plain_moto("acm", REGION)
    assert "UpdateSummary" not in _describe(plain, _request(plain, method="EMAIL"))


def test_migration_succeeds_when_a_configured_dns_server_answers(sandbox):
    """AWS validates against public DNS wherever the zone is hosted: the sandbox also asks the
    servers in acm_dns_servers, as for DNS-validated requests."""
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm, "example.com", ["www.example.com"])
    _migrate(acm, arn)
    records = list(_requested_records(acm, arn).values())
    server = _CnameServer({records[0]["Name"]: records[0]["Value"]})
    try:
        sandbox.settings(acm_dns_servers=[f"127.0.0.1:{server.port}"])
        assert _describe(acm, arn)["UpdateSummary"]["Status"] == "PENDING_DOMAIN_VALIDATION"  # one of two
        server.records.update({r["Name"].lower(): r["Value"] for r in records})
        assert _describe(acm, arn)["UpdateSummary"]["Status"] == "SUCCESS"
    finally:
        server.close()


def test_migration_success_waits_for_the_issue_delay(sandbox):
    """Sandbox timing, as for requests: SUCCESS no sooner than acm_issue_delay_seconds after the
    records are first seen (AWS takes minutes after the CNAMEs appear)."""
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm)
    sandbox.settings(acm_issue_delay_seconds=1)
    _migrate(acm, arn)
    _publish_requested(sandbox, arn)
    assert _describe(acm, arn)["UpdateSummary"]["Status"] == "PENDING_DOMAIN_VALIDATION"
    time.sleep(1.1)
    assert _describe(acm, arn)["UpdateSummary"]["Status"] == "SUCCESS"


def test_migration_inside_the_renewal_window_also_renews(sandbox):
    """AWS: the expiry date is kept, except that a certificate inside its renewal window (45 days
    before expiry) is also renewed during the migration: same ARN, new serial, a fresh 198-day
    validity, RenewalSummary SUCCESS."""
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm)
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=20)
    sandbox.control("POST", "acm/certificate", {"arn": arn, "not_after": soon.isoformat()})
    before = _describe(acm, arn)
    _migrate(acm, arn)
    _publish_requested(sandbox, arn)
    after = _describe(acm, arn)
    assert after["UpdateSummary"]["Status"] == "SUCCESS" and after["CertificateArn"] == arn
    assert after["Serial"] != before["Serial"]
    now = datetime.datetime.now(datetime.timezone.utc)
    assert abs((after["NotAfter"] - now - datetime.timedelta(days=198)).total_seconds()) < 60
    assert after["RenewalSummary"]["RenewalStatus"] == "SUCCESS"
    from cryptography import x509

    pem = x509.load_pem_x509_certificate(acm.get_certificate(CertificateArn=arn)["Certificate"].encode())
    assert abs((pem.not_valid_after_utc - after["NotAfter"]).total_seconds()) < 1


# ---------------------------------------------------------------------------------------
# Expiry after 72 hours (acm_in_place_timeout_seconds), and a new attempt
# ---------------------------------------------------------------------------------------
def test_unpublished_migration_expires_and_can_be_started_again(sandbox):
    """AWS: records not added within 72 hours (acm_in_place_timeout_seconds here): the request
    expires (UpdateSummary FAILED, the requested configuration FAILED), the certificate stays
    email-validated and ISSUED, records published later do not help; a new
    UpdateCertificateOptions(ValidationMethod=DNS) is accepted, with the same records."""
    sandbox.settings(acm_in_place_timeout_seconds=0.5)
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm, "example.com", ["www.example.com"])
    _migrate(acm, arn)
    records = _requested_records(acm, arn)
    first = _describe(acm, arn)["UpdateSummary"]
    time.sleep(0.6)
    _publish_requested(sandbox, arn)

    cert = _describe(acm, arn)
    assert cert["Status"] == "ISSUED" and cert["UpdateSummary"]["Status"] == "FAILED"
    assert cert["UpdateSummary"]["UpdatedAt"] > first["RequestedAt"]
    assert {o["ValidationMethod"] for o in cert["DomainValidationOptions"]} == {"EMAIL"}
    assert _search_method(acm, arn) == "EMAIL"
    for summary in _summaries(acm, arn):
        assert summary["ActiveValidationConfiguration"]["ValidationMethod"] == "EMAIL"
        assert summary["RequestedValidationConfiguration"]["ValidationStatus"] == "FAILED"
    assert _facts(sandbox, arn)["update_status"] == "FAILED"

    sandbox.settings(acm_in_place_timeout_seconds=3600)
    _migrate(acm, arn)
    cert = _describe(acm, arn)  # the records are in DNS already: done at once
    assert cert["UpdateSummary"]["Status"] == "SUCCESS" and cert["UpdateSummary"]["RequestedAt"] > first["RequestedAt"]
    assert {o["DomainName"]: o["ResourceRecord"] for o in cert["DomainValidationOptions"]} == records  # per account and name


def test_a_restarted_migration_is_pending_again(sandbox):
    """AWS: after an expired request the migration can be started again: a fresh
    PENDING_DOMAIN_VALIDATION update with a new RequestedAt."""
    sandbox.settings(acm_in_place_timeout_seconds=0.3)
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm)
    _migrate(acm, arn)
    first = _describe(acm, arn)["UpdateSummary"]
    time.sleep(0.4)
    assert _describe(acm, arn)["UpdateSummary"]["Status"] == "FAILED"
    sandbox.settings(acm_in_place_timeout_seconds=3600)
    _migrate(acm, arn)
    again = _describe(acm, arn)["UpdateSummary"]
    assert again["Status"] == "PENDING_DOMAIN_VALIDATION" and again["RequestedAt"] > first["RequestedAt"]
    assert again["UpdatedAt"] == again["RequestedAt"]


# ---------------------------------------------------------------------------------------
# Refusal (acm_in_place_refused), control API
# ---------------------------------------------------------------------------------------
def test_refused_regions_and_certificates_answer_validation_exception(sandbox):
    """Where ACM refuses the in-place update (setting acm_in_place_refused: regions and ARNs),
    UpdateCertificateOptions(ValidationMethod=DNS) answers ValidationException saying the
    validation-method update is not available, and changes nothing (not even options sent with
    it); elsewhere it is accepted. A reset forgets the setting."""
    acm = sandbox.client("acm", REGION)
    east = sandbox.client("acm", "us-east-1")
    refused_arn, accepted_arn = _email_cert(acm, "a.example.com"), _email_cert(acm, "b.example.com")
    in_east = _email_cert(east, "c.example.com")
    sandbox.settings(acm_in_place_refused={"regions": ["us-east-1"], "arns": [refused_arn]})
    for client, arn, region in ((acm, refused_arn, REGION), (east, in_east, "us-east-1")):
        error = _error(lambda client=client, arn=arn: _migrate(client, arn, Export="ENABLED"))
        assert error["Code"] == "ValidationException"
        assert error["Message"] == f"The validation method update is not available for certificate {arn} in region {region}."
        cert = _describe(client, arn)
        assert "UpdateSummary" not in cert and cert["Options"]["Export"] == "DISABLED"
    _migrate(acm, accepted_arn)
    assert _describe(acm, accepted_arn)["UpdateSummary"]["Status"] == "PENDING_DOMAIN_VALIDATION"
    assert sandbox.settings()["acm_in_place_refused"] == {"regions": ["us-east-1"], "arns": [refused_arn]}
    sandbox.reset()
    assert sandbox.settings()["acm_in_place_refused"] == {"regions": [], "arns": []}


def test_control_api_shows_and_sets_the_migration_state(sandbox):
    """GET /_sandbox/acm/certificates shows update_status and update (validation_method is the
    active one); POST /_sandbox/acm/certificate sets update_status (PENDING_DOMAIN_VALIDATION,
    optionally backdated with update_requested_at; SUCCESS without DNS; FAILED; null)."""
    sandbox.settings(acm_in_place_timeout_seconds=3600)
    acm = sandbox.client("acm", REGION)
    arn = _email_cert(acm)
    facts = _facts(sandbox, arn)
    assert (facts["update_status"], facts["update"], facts["validation_method"]) == (None, None, "EMAIL")

    long_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)
    facts = sandbox.control("POST", "acm/certificate", {"arn": arn, "update_status": "PENDING_DOMAIN_VALIDATION",
                                                        "update_requested_at": long_ago.isoformat()})
    assert facts["update_status"] == "FAILED"  # requested two hours ago, timeout one hour: expired
    facts = sandbox.control("POST", "acm/certificate", {"arn": arn, "update_status": "PENDING_DOMAIN_VALIDATION"})
    assert facts["update_status"] == "PENDING_DOMAIN_VALIDATION" and facts["update"]["from"] == "EMAIL"
    assert facts["validation_records"]  # the records to publish
    facts = sandbox.control("POST", "acm/certificate", {"arn": arn, "update_status": "SUCCESS"})
    assert (facts["update_status"], facts["validation_method"]) == ("SUCCESS", "DNS")
    assert _describe(acm, arn)["DomainValidationOptions"][0]["ValidationMethod"] == "DNS"

    other = _email_cert(acm, "other.example.com")
    facts = sandbox.control("POST", "acm/certificate", {"arn": other, "update_status": "FAILED"})
    assert (facts["update_status"], facts["validation_method"]) == ("FAILED", "EMAIL")
    facts = sandbox.control("POST", "acm/certificate", {"arn": other, "update_status": None})
    assert facts["update_status"] is None and "UpdateSummary" not in _describe(acm, other)
    with pytest.raises(RuntimeError, match="not a public ACM-issued certificate"):
        sandbox.control("POST", "acm/certificate", {"arn": _import(acm, "imported.example.com"), "update_status": "SUCCESS"})
