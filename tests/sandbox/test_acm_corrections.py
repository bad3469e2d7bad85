"""ACM in the sandbox behaves as AWS documents; each test also shows plain moto does not.

Sources: ACM API reference (RequestCertificate, DescribeCertificate, ListCertificates,
SearchCertificates, RenewCertificate, UpdateCertificateOptions), ACM user guide (DNS and
email validation, managed renewal) and botocore's ACM service model.
"""

from __future__ import annotations

import datetime
import threading
import time

import botocore.exceptions
import dns.message
import dns.rdatatype
import dns.rrset
import pytest

from tests.udp_dns import UdpDnsServer

REGION = "eu-west-1"


def _request(acm, name="example.com", sans=None, method="DNS", **extra):
    kwargs = {"DomainName": name, **extra}
    if method:
        kwargs["ValidationMethod"] = method
    if sans:
        kwargs["SubjectAlternativeNames"] = sans
    return acm.request_certificate(**kwargs)["CertificateArn"]


def _describe(acm, arn):
    return acm.describe_certificate(CertificateArn=arn)["Certificate"]


def _publish(r53, zone_name, records):
    zone_id = r53.create_hosted_zone(Name=zone_name, CallerReference=f"ref-{zone_name}-{time.time()}")["HostedZone"]["Id"]
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": r["Name"], "Type": "CNAME", "TTL": 300,
                                                   "ResourceRecords": [{"Value": r["Value"]}]}}
        for r in records]})
    return zone_id


def _records(cert):
    unique = {o["ResourceRecord"]["Name"]: o["ResourceRecord"] for o in cert["DomainValidationOptions"]}
    return list(unique.values())


# ---------------------------------------------------------------------------------------
# 1. RequestCertificate honours ValidationMethod, KeyAlgorithm, Options, Tags, token
# ---------------------------------------------------------------------------------------
def test_email_validation_reports_emails_and_no_resource_record(sandbox, plain_moto):
    """AWS: a certificate requested with ValidationMethod=EMAIL reports ValidationMethod
    EMAIL for each name, with ValidationEmails (admin@, administrator@, hostmaster@,
    postmaster@, webmaster@ the validation domain) and no ResourceRecord."""
    sandbox.settings(acm_issue_delay_seconds=3600)
    acm = sandbox.client("acm", REGION)
    arn = _request(acm, "example.com", ["www.example.com", "*.example.com"], method="EMAIL")
    cert = _describe(acm, arn)
    assert cert["Status"] == "PENDING_VALIDATION"
    assert [o["DomainName"] for o in cert["DomainValidationOptions"]] == ["example.com", "www.example.com", "*.example.com"]
    for option in cert["DomainValidationOptions"]:
        assert option["ValidationMethod"] == "EMAIL"
        assert option["ValidationStatus"] == "PENDING_VALIDATION"
        assert "ResourceRecord" not in option
        domain = option["DomainName"].removeprefix("*.")
        assert option["ValidationDomain"] == domain
        assert set(option["ValidationEmails"]) == {f"{p}@{domain}" for p in
                                                   ("admin", "administrator", "hostmaster", "postmaster", "webmaster")}

    plain = plain_moto("acm", REGION)
    plain_arn = _request(plain, "example.com", method="EMAIL")
    option = _describe(plain, plain_arn)["DomainValidationOptions"][0]
    assert option["ValidationMethod"] == "DNS" and "ResourceRecord" in option


def test_email_request_is_issued_after_the_approval_delay(sandbox):
    """Sandbox stand-in for a contact approving the mail: EMAIL requests become ISSUED
    after acm_issue_delay_seconds, with SUCCESS per name and serial/validity only then."""
    sandbox.settings(acm_issue_delay_seconds=1)
    acm = sandbox.client("acm", REGION)
    arn = _request(acm, "example.com", method="EMAIL")
    pending = _describe(acm, arn)
    assert pending["Status"] == "PENDING_VALIDATION"
    assert "NotAfter" not in pending and "Serial" not in pending and "IssuedAt" not in pending
    time.sleep(1.1)
    cert = _describe(acm, arn)
    assert cert["Status"] == "ISSUED"
    assert cert["DomainValidationOptions"][0]["ValidationStatus"] == "SUCCESS"
    assert cert["NotAfter"] > cert["NotBefore"] >= pending["CreatedAt"] - datetime.timedelta(seconds=1)
    assert cert["IssuedAt"] >= pending["CreatedAt"]


def test_key_algorithm_options_and_tags_are_honoured(sandbox, plain_moto):
    """AWS: RequestCertificate's KeyAlgorithm is the certificate's KeyAlgorithm; Options
    (CertificateTransparencyLoggingPreference) and Tags are kept."""
    acm = sandbox.client("acm", REGION)
    arn = _request(acm, KeyAlgorithm="EC_prime256v1",
                   Options={"CertificateTransparencyLoggingPreference": "DISABLED"},
                   Tags=[{"Key": "team", "Value": "web"}])
    cert = _describe(acm, arn)
    assert cert["KeyAlgorithm"] == "EC_prime256v1"
    assert cert["Options"]["CertificateTransparencyLoggingPreference"] == "DISABLED"
    assert acm.list_tags_for_certificate(CertificateArn=arn)["Tags"] == [{"Key": "team", "Value": "web"}]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        _request(acm, KeyAlgorithm="RSA_4096")  # import-only in ACM
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"

    plain = plain_moto("acm", REGION)
    assert _describe(plain, _request(plain, KeyAlgorithm="EC_prime256v1"))["KeyAlgorithm"] == "RSA_2048"


def test_idempotency_token_returns_the_same_arn_for_the_same_names(sandbox, plain_moto):
    """AWS: RequestCertificate calls with the same IdempotencyToken within an hour are one
    request (same ARN); other names are another certificate."""
    acm = sandbox.client("acm", REGION)
    first = _request(acm, "example.com", IdempotencyToken="tok1", Tags=[{"Key": "a", "Value": "1"}])
    again = _request(acm, "example.com", IdempotencyToken="tok1", Tags=[{"Key": "a", "Value": "2"}])
    other = _request(acm, "example.org", IdempotencyToken="tok2")
    assert first == again != other
    assert len(acm.list_certificates()["CertificateSummaryList"]) == 2

    plain = plain_moto("acm", REGION)
    p1 = _request(plain, "example.com", IdempotencyToken="tok1", Tags=[{"Key": "a", "Value": "1"}])
    p2 = _request(plain, "example.com", IdempotencyToken="tok1", Tags=[{"Key": "a", "Value": "2"}])
    assert p1 != p2  # plain moto keys idempotency on the tags, not the request


# ---------------------------------------------------------------------------------------
# 2. DNS validation records
# ---------------------------------------------------------------------------------------
def _other_account_acm(sandbox, account="111122223333", region=REGION):
    creds = sandbox.client("sts", "us-east-1").assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/reader", RoleSessionName="test")["Credentials"]
    return sandbox.client("acm", region, aws_access_key_id=creds["AccessKeyId"],
                          aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])


def _record_of(acm, arn, name):
    return {o["DomainName"]: o["ResourceRecord"] for o in _describe(acm, arn)["DomainValidationOptions"]}[name]


def test_dns_validation_record_is_per_account_and_name(sandbox, plain_moto):
    """AWS: the validation CNAME (`_<hash>.<name>.` -> `_<hash>.<random>.acm-validations.aws.`)
    belongs to the account and the name, not to the certificate: every certificate of that
    name in the account gets the same record, whatever the region, key algorithm or export
    setting; `*.example.com` shares `example.com`'s; another name or another account gets
    another record."""
    acm = sandbox.client("acm", REGION)
    a = _describe(acm, _request(acm, "example.com", ["*.example.com", "www.example.org"]))
    options = {o["DomainName"]: o for o in a["DomainValidationOptions"]}
    for option in options.values():
        assert option["ValidationMethod"] == "DNS"
        assert option["ValidationStatus"] == "PENDING_VALIDATION"
        assert "ValidationEmails" not in option
        rr = option["ResourceRecord"]
        assert rr["Type"] == "CNAME"
        assert rr["Name"].startswith("_") and rr["Name"].endswith("." + option["DomainName"].removeprefix("*.") + ".")
        assert rr["Value"].startswith("_") and rr["Value"].endswith(".acm-validations.aws.")
    apex = options["example.com"]["ResourceRecord"]
    assert options["*.example.com"]["ResourceRecord"] == apex
    other_name = options["www.example.org"]["ResourceRecord"]
    assert other_name["Name"].split(".")[0] != apex["Name"].split(".")[0] and other_name["Value"] != apex["Value"]
    same_name = [
        _record_of(acm, _request(acm, "example.com"), "example.com"),
        _record_of(acm, _request(acm, "example.com", KeyAlgorithm="EC_prime256v1"), "example.com"),
        _record_of(acm, _request(acm, "*.example.com", Options={"Export": "ENABLED"}), "*.example.com"),
    ]
    east = sandbox.client("acm", "us-east-1")
    same_name.append(_record_of(east, _request(east, "example.com"), "example.com"))
    assert same_name == [apex] * 4
    other = _other_account_acm(sandbox)
    assert _record_of(other, _request(other, "example.com"), "example.com") != apex

    plain = plain_moto("acm", REGION)
    pa = _describe(plain, _request(plain, "example.com"))["DomainValidationOptions"][0]["ResourceRecord"]
    pb = _describe(plain, _request(plain, "example.org"))["DomainValidationOptions"][0]["ResourceRecord"]
    assert pa["Value"] == pb["Value"]  # plain moto: one constant record for every name and account


def test_a_published_record_validates_later_certificates_of_that_name(sandbox):
    """AWS: the same record works for later certificates of the name (and their renewals),
    so a new DNS-validated request is issued as soon as ACM sees the record already in DNS.
    A reset sandbox is a fresh state: records left by an earlier test validate nothing."""
    acm = sandbox.client("acm", REGION)
    first = _request(acm, "example.com", ["www.example.com"])
    records = _records(_describe(acm, first))
    _publish(sandbox.client("route53", REGION), "example.com", records)
    assert _describe(acm, first)["Status"] == "ISSUED"
    later = _request(acm, "www.example.com", ["example.com"], KeyAlgorithm="EC_prime256v1")
    assert _describe(acm, later)["Status"] == "ISSUED"
    assert sorted(_records(_describe(acm, later)), key=str) == sorted(records, key=str)
    sandbox.reset()
    acm = sandbox.client("acm", REGION)
    assert _records(_describe(acm, _request(acm, "example.com"))) != records[:1]


# ---------------------------------------------------------------------------------------
# 3. Issued only once validated
# ---------------------------------------------------------------------------------------
def test_dns_request_stays_pending_until_its_cnames_exist_in_route53(sandbox, plain_moto, monkeypatch):
    """AWS: a DNS-validated request is ISSUED only once every validation CNAME resolves
    (here: in a public Route53 zone of the account whose name is a suffix of the record)."""
    acm = sandbox.client("acm", REGION)
    r53 = sandbox.client("route53", REGION)
    arn = _request(acm, "example.com", ["*.example.com", "api.example.net"])
    records = _records(_describe(acm, arn))
    assert len(records) == 2
    com = [r for r in records if r["Name"].endswith(".example.com.")]
    net = [r for r in records if r["Name"].endswith(".example.net.")]
    _publish(r53, "example.com", com)
    # a private zone does not count: ACM asks public DNS
    private_id = r53.create_hosted_zone(Name="example.net", CallerReference="private", VPC={"VPCRegion": REGION, "VPCId": "vpc-1"},
                                        HostedZoneConfig={"PrivateZone": True})["HostedZone"]["Id"]
    r53.change_resource_record_sets(HostedZoneId=private_id, ChangeBatch={"Changes": [
        {"Action": "CREATE", "ResourceRecordSet": {"Name": net[0]["Name"], "Type": "CNAME", "TTL": 300,
                                                   "ResourceRecords": [{"Value": net[0]["Value"]}]}}]})
    assert _describe(acm, arn)["Status"] == "PENDING_VALIDATION"
    _publish(r53, "example.net", [{"Name": net[0]["Name"], "Value": "_wrong.acm-validations.aws."}])
    assert _describe(acm, arn)["Status"] == "PENDING_VALIDATION"
    _publish(r53, "api.example.net", net)
    cert = _describe(acm, arn)
    assert cert["Status"] == "ISSUED"
    assert {o["ValidationStatus"] for o in cert["DomainValidationOptions"]} == {"SUCCESS"}

    # plain moto issues after MOTO_ACM_VALIDATION_WAIT whether or not a CNAME exists
    from moto import settings as moto_settings

    monkeypatch.setattr(moto_settings, "ACM_VALIDATION_WAIT", 0)
    plain = plain_moto("acm", REGION)
    plain_arn = _request(plain, "example.com")
    time.sleep(0.01)
    assert _describe(plain, plain_arn)["Status"] == "ISSUED"


def test_moto_validation_wait_no_longer_issues_unvalidated_requests(tmp_path):
    """AWS never issues an unvalidated request, however long it waits: a sandbox started
    with MOTO_ACM_VALIDATION_WAIT=0 (plain moto would issue at once) keeps it pending."""
    from sandbox.client import Sandbox

    server = Sandbox.start(str(tmp_path / "endpoint.json"), env={"MOTO_ACM_VALIDATION_WAIT": "0"})
    try:
        acm = server.client("acm", REGION)
        arn = _request(acm, "example.com")
        time.sleep(1.1)
        assert _describe(acm, arn)["Status"] == "PENDING_VALIDATION"
        assert acm.list_certificates(CertificateStatuses=["ISSUED"])["CertificateSummaryList"] == []
    finally:
        server.stop()


def test_issue_delay_counts_from_when_the_cnames_exist(sandbox):
    """Sandbox timing: ISSUED no sooner than acm_issue_delay_seconds after the records are
    first seen (AWS takes minutes after the CNAME appears)."""
    sandbox.settings(acm_issue_delay_seconds=1)
    acm = sandbox.client("acm", REGION)
    arn = _request(acm, "example.com")
    _publish(sandbox.client("route53", REGION), "example.com", _records(_describe(acm, arn)))
    assert _describe(acm, arn)["Status"] == "PENDING_VALIDATION"
    time.sleep(1.1)
    assert _describe(acm, arn)["Status"] == "ISSUED"


class _CnameServer(UdpDnsServer):
    """A minimal UDP DNS server on loopback answering fixed CNAMEs."""

    def __init__(self, records):
        self.records = {k.lower(): v for k, v in records.items()}
        super().__init__(self._answer)

    def _answer(self, query):
        response = dns.message.make_response(query)
        question = query.question[0]
        target = self.records.get(question.name.to_text().lower())
        if target and question.rdtype == dns.rdatatype.CNAME:
            response.answer.append(dns.rrset.from_text(question.name, 300, "IN", "CNAME", target))
        return response


def test_dns_request_is_issued_when_a_configured_dns_server_answers(sandbox):
    """AWS validates against public DNS wherever the zone is hosted; the sandbox asks the
    servers in acm_dns_servers ("ip:port") besides its Route53 zones."""
    acm = sandbox.client("acm", REGION)
    arn = _request(acm, "example.com", ["www.example.com"])
    records = _records(_describe(acm, arn))
    server = _CnameServer({r["Name"]: r["Value"] for r in records[:1]})
    try:
        sandbox.settings(acm_dns_servers=[f"127.0.0.1:{server.port}"])
        assert _describe(acm, arn)["Status"] == "PENDING_VALIDATION"  # one of two answered
        server.records.update({r["Name"].lower(): r["Value"] for r in records})
        assert _describe(acm, arn)["Status"] == "ISSUED"
    finally:
        server.close()


def test_unvalidated_request_times_out(sandbox, plain_moto, monkeypatch):
    """AWS: a request not validated within 72 hours ends as VALIDATION_TIMED_OUT (the
    window is acm_validation_timeout_seconds in the sandbox); records added later do not help."""
    sandbox.settings(acm_validation_timeout_seconds=0.5)
    acm = sandbox.client("acm", REGION)
    arn = _request(acm, "example.com")
    records = _records(_describe(acm, arn))
    time.sleep(0.6)
    _publish(sandbox.client("route53", REGION), "example.com", records)
    cert = _describe(acm, arn)
    assert cert["Status"] == "VALIDATION_TIMED_OUT"
    assert cert["DomainValidationOptions"][0]["ValidationStatus"] == "FAILED"

    from moto import settings as moto_settings

    monkeypatch.setattr(moto_settings, "ACM_VALIDATION_WAIT", 10**6)
    plain = plain_moto("acm", REGION)
    assert _describe(plain, _request(plain))["Status"] == "PENDING_VALIDATION"  # forever


# ---------------------------------------------------------------------------------------
# 4. ListCertificates
# ---------------------------------------------------------------------------------------
def _self_signed(name, key_algorithm="RSA_2048"):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1()) if key_algorithm.startswith("EC") else rsa.generate_private_key(65537, 2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=90))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def _import(acm, name, key_algorithm="RSA_2048"):
    cert, key = _self_signed(name, key_algorithm)
    return acm.import_certificate(Certificate=cert, PrivateKey=key)["CertificateArn"]


def test_list_certificates_pages_with_max_items(sandbox, plain_moto):
    """AWS: ListCertificates returns at most MaxItems summaries and a NextToken for the
    rest; following NextToken visits every certificate exactly once."""
    acm = sandbox.client("acm", REGION)
    arns = {_request(acm, f"site{i}.example.com") for i in range(5)}
    seen, pages, token = [], 0, None
    while True:
        page = acm.list_certificates(MaxItems=2, **({"NextToken": token} if token else {}))
        assert len(page["CertificateSummaryList"]) <= 2
        seen += [c["CertificateArn"] for c in page["CertificateSummaryList"]]
        pages += 1
        token = page.get("NextToken")
        if not token:
            break
    assert pages == 3 and sorted(seen) == sorted(arns)
    paginated = [c["CertificateArn"] for p in acm.get_paginator("list_certificates").paginate(PaginationConfig={"PageSize": 2})
                 for c in p["CertificateSummaryList"]]
    assert sorted(paginated) == sorted(arns)

    plain = plain_moto("acm", REGION)
    for i in range(3):
        _request(plain, f"site{i}.example.com")
    page = plain.list_certificates(MaxItems=1)
    assert len(page["CertificateSummaryList"]) == 3 and "NextToken" not in page


def test_list_certificates_returns_rsa_2048_only_unless_asked(sandbox, plain_moto):
    """AWS: without Includes.keyTypes ListCertificates returns only RSA_2048 certificates."""
    acm = sandbox.client("acm", REGION)
    rsa_arn = _import(acm, "rsa.example.com")
    ec_arn = _import(acm, "ec.example.com", "EC_prime256v1")
    requested_ec = _request(acm, "ec2.example.com", KeyAlgorithm="EC_prime256v1")
    default = [c["CertificateArn"] for c in acm.list_certificates()["CertificateSummaryList"]]
    assert default == [rsa_arn]
    wanted = acm.list_certificates(Includes={"keyTypes": ["EC_prime256v1"]})["CertificateSummaryList"]
    assert sorted(c["CertificateArn"] for c in wanted) == sorted([ec_arn, requested_ec])
    assert len(acm.list_certificates(Includes={"keyTypes": ["RSA_2048", "EC_prime256v1"]})["CertificateSummaryList"]) == 3

    plain = plain_moto("acm", REGION)
    _import(plain, "rsa.example.com")
    _import(plain, "ec.example.com", "EC_prime256v1")
    assert len(plain.list_certificates()["CertificateSummaryList"]) == 2


def test_list_certificates_status_filter_and_summary_fields(sandbox, plain_moto):
    """AWS: CertificateStatuses filters; each CertificateSummary carries the model's fields
    (DomainName, SubjectAlternativeNameSummaries, Status, Type, KeyAlgorithm, InUse,
    RenewalEligibility, NotBefore/NotAfter once issued, CreatedAt or ImportedAt, ...)."""
    acm = sandbox.client("acm", REGION)
    pending = _request(acm, "pending.example.com", ["www.pending.example.com"])
    issued = _request(acm, "issued.example.com", method="EMAIL")
    imported = _import(acm, "imported.example.com")
    by_status = {s: [c["CertificateArn"] for c in acm.list_certificates(CertificateStatuses=[s])["CertificateSummaryList"]]
                 for s in ("PENDING_VALIDATION", "ISSUED")}
    assert by_status["PENDING_VALIDATION"] == [pending]
    assert sorted(by_status["ISSUED"]) == sorted([issued, imported])
    summaries = {c["CertificateArn"]: c for c in acm.list_certificates()["CertificateSummaryList"]}
    p, i, m = summaries[pending], summaries[issued], summaries[imported]
    assert p["SubjectAlternativeNameSummaries"] == ["pending.example.com", "www.pending.example.com"]
    assert p["HasAdditionalSubjectAlternativeNames"] is False
    assert (p["Status"], p["Type"], p["KeyAlgorithm"], p["InUse"]) == ("PENDING_VALIDATION", "AMAZON_ISSUED", "RSA_2048", False)
    assert "NotAfter" not in p and "CreatedAt" in p
    assert i["Status"] == "ISSUED" and i["NotAfter"] > i["NotBefore"] and "IssuedAt" in i
    assert i["RenewalEligibility"] == "INELIGIBLE" and i["ExtendedKeyUsages"] == ["TLS_WEB_SERVER_AUTHENTICATION", "TLS_WEB_CLIENT_AUTHENTICATION"]
    assert m["Type"] == "IMPORTED" and "ImportedAt" in m and "CreatedAt" not in m

    plain = plain_moto("acm", REGION)
    _request(plain, "pending.example.com")
    summary = plain.list_certificates()["CertificateSummaryList"][0]
    assert "NotAfter" in summary  # plain moto: validity dates on a certificate not yet issued


# ---------------------------------------------------------------------------------------
# 5. SearchCertificates
# ---------------------------------------------------------------------------------------
def _search_all(acm, **kwargs):
    results, token = [], None
    while True:
        page = acm.search_certificates(**kwargs, **({"NextToken": token} if token else {}))
        results += page["Results"]
        token = page.get("NextToken")
        if not token:
            return results


def test_search_certificates_filters_server_side(sandbox, plain_moto):
    """AWS: SearchCertificates evaluates FilterStatement (And/Or/Not/Filter over X.509
    attributes and ACM metadata such as ValidationMethod, Status, Type, InUse) and returns
    CertificateSearchResults with SANs, serial, NotAfter, ValidationMethod and InUse."""
    sandbox.settings(acm_issue_delay_seconds=0)
    acm = sandbox.client("acm", REGION)
    email = _request(acm, "mail.example.com", ["www.mail.example.com"], method="EMAIL")
    dns_pending = _request(acm, "dns.example.com")
    imported = _import(acm, "imported.example.org")
    ec = _request(acm, "ec.example.net", KeyAlgorithm="EC_prime256v1", method="EMAIL")

    def arns(statement):
        return sorted(r["CertificateArn"] for r in _search_all(acm, FilterStatement=statement))

    email_filter = {"Filter": {"AcmCertificateMetadataFilter": {"ValidationMethod": "EMAIL"}}}
    assert arns(email_filter) == sorted([email, ec])
    assert arns({"And": [email_filter, {"Filter": {"X509AttributeFilter": {"KeyAlgorithm": "RSA_2048"}}}]}) == [email]
    assert arns({"Or": [{"Filter": {"AcmCertificateMetadataFilter": {"Type": "IMPORTED"}}},
                        {"Filter": {"AcmCertificateMetadataFilter": {"Status": "PENDING_VALIDATION"}}}]}) == sorted([imported, dns_pending])
    assert arns({"Not": email_filter}) == sorted([dns_pending, imported])
    assert arns({"Filter": {"X509AttributeFilter": {"SubjectAlternativeName": {"DnsName": {"Value": "www.mail.example.com", "ComparisonOperator": "EQUALS"}}}}}) == [email]
    assert arns({"Filter": {"X509AttributeFilter": {"Subject": {"CommonName": {"Value": "example.org", "ComparisonOperator": "CONTAINS"}}}}}) == [imported]
    assert arns({"Filter": {"AcmCertificateMetadataFilter": {"InUse": False}}}) == sorted([email, dns_pending, imported, ec])
    soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=100)
    assert arns({"Filter": {"X509AttributeFilter": {"NotAfter": {"End": soon}}}}) == [imported]
    assert arns({"Filter": {"CertificateArn": ec}}) == [ec]

    result = {r["CertificateArn"]: r for r in _search_all(acm)}[email]
    x509, meta = result["X509Attributes"], result["CertificateMetadata"]["AcmCertificateMetadata"]
    assert [s["DnsName"] for s in x509["SubjectAlternativeNames"]] == ["mail.example.com", "www.mail.example.com"]
    assert x509["SerialNumber"] == acm.describe_certificate(CertificateArn=email)["Certificate"]["Serial"]
    assert "NotAfter" in x509 and meta["ValidationMethod"] == "EMAIL" and meta["InUse"] is False
    assert meta["Status"] == "ISSUED" and meta["Type"] == "AMAZON_ISSUED"

    with pytest.raises(NotImplementedError):  # a 500 from moto's server
        plain_moto("acm", REGION).search_certificates()


def test_search_and_list_never_fail_on_a_certificate_deleted_meanwhile(sandbox):
    """AWS: a listing taken while certificates are deleted simply leaves the deleted ones out.
    The sandbox failed the whole SearchCertificates (ResourceNotFoundException) when a
    certificate went between reading the ARNs and reading the certificate: acm_cert_swap
    deleting unused certificates while it searched hit it at 1,000 certificates."""
    sandbox.settings(acm_key_pool=4)
    acm = sandbox.client("acm", REGION)
    arns = [_request(acm, f"gone{i}.example.com", method="EMAIL") for i in range(300)]
    errors = []

    def delete(share):
        client = sandbox.client("acm", REGION)
        for arn in share:
            client.delete_certificate(CertificateArn=arn)

    deleters = [threading.Thread(target=delete, args=(arns[i::4],)) for i in range(4)]
    for deleter in deleters:
        deleter.start()
    listings = 0
    while any(d.is_alive() for d in deleters) or listings < 2:
        try:
            found = [r["CertificateArn"] for r in _search_all(acm, MaxResults=500)]
            listed = [c["CertificateArn"] for c in acm.list_certificates(MaxItems=1000)["CertificateSummaryList"]]
            assert len(found) == len(set(found)) and set(found) <= set(arns) and set(listed) <= set(arns)
        except botocore.exceptions.ClientError as e:
            errors.append(str(e))
        listings += 1
    for deleter in deleters:
        deleter.join()
    assert errors == []
    assert _search_all(acm) == []


def test_search_certificates_pages_and_sorts(sandbox):
    """AWS: SearchCertificates returns at most MaxResults (up to 500) a page with a
    NextToken, sorted by SortBy/SortOrder; MaxResults above 500 is rejected."""
    acm = sandbox.client("acm", REGION)
    names = ["c.example.com", "a.example.com", "b.example.com"]
    for name in names:
        _request(acm, name)
    page = acm.search_certificates(MaxResults=2, SortBy="COMMON_NAME", SortOrder="ASCENDING")
    assert [r["X509Attributes"]["Subject"]["CommonName"] for r in page["Results"]] == ["a.example.com", "b.example.com"]
    rest = acm.search_certificates(MaxResults=2, SortBy="COMMON_NAME", SortOrder="ASCENDING", NextToken=page["NextToken"])
    assert [r["X509Attributes"]["Subject"]["CommonName"] for r in rest["Results"]] == ["c.example.com"]
    assert "NextToken" not in rest
    desc = acm.search_certificates(SortBy="COMMON_NAME", SortOrder="DESCENDING")["Results"]
    assert [r["X509Attributes"]["Subject"]["CommonName"] for r in desc] == sorted(names, reverse=True)
    created = acm.search_certificates(SortBy="CREATED_AT")["Results"]
    assert [r["X509Attributes"]["Subject"]["CommonName"] for r in created] == names
    import boto3
    import botocore.config

    unchecked = boto3.client("acm", region_name=REGION, endpoint_url=sandbox.endpoint, aws_access_key_id="testing",
                             aws_secret_access_key="testing", config=botocore.config.Config(parameter_validation=False))
    with pytest.raises(botocore.exceptions.ClientError) as e:
        unchecked.search_certificates(MaxResults=501)
    assert e.value.response["Error"]["Code"] == "ValidationException"


# ---------------------------------------------------------------------------------------
# 6. RenewalSummary and the control API
# ---------------------------------------------------------------------------------------
def test_renewal_summary_and_control_route(sandbox, plain_moto):
    """AWS: RenewalSummary (AMAZON_ISSUED only) reports managed renewal: RenewalStatus
    PENDING_AUTO_RENEWAL | PENDING_VALIDATION | SUCCESS | FAILED and RenewalStatusReason.
    The control route sets validity dates and statuses so tests can stage an expiry within
    30 days or a failed renewal; GET acm/certificates lists every certificate."""
    acm = sandbox.client("acm", REGION)
    arn = _request(acm, "example.com", method="EMAIL")
    assert "RenewalSummary" not in _describe(acm, arn)
    not_after = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=20)
    facts = sandbox.control("POST", "acm/certificate", {
        "arn": arn, "not_after": not_after.isoformat(), "renewal_status": "FAILED",
        "renewal_status_reason": "NO_AVAILABLE_CONTACTS"})
    assert facts["renewal_status"] == "FAILED" and facts["validation_method"] == "EMAIL"
    cert = _describe(acm, arn)
    assert abs((cert["NotAfter"] - not_after).total_seconds()) < 1
    assert cert["RenewalSummary"]["RenewalStatus"] == "FAILED"
    assert cert["RenewalSummary"]["RenewalStatusReason"] == "NO_AVAILABLE_CONTACTS"
    assert cert["RenewalSummary"]["DomainValidationOptions"][0]["ValidationMethod"] == "EMAIL"
    # the PEM carries the same validity as DescribeCertificate
    from cryptography import x509

    pem = x509.load_pem_x509_certificate(acm.get_certificate(CertificateArn=arn)["Certificate"].encode())
    assert abs((pem.not_valid_after_utc - not_after).total_seconds()) < 1

    imported = _import(acm, "imported.example.com")
    assert "RenewalSummary" not in _describe(acm, imported)  # never for imported certificates

    sandbox.control("POST", "acm/certificate", {"arn": arn, "status": "FAILED", "failure_reason": "CAA_ERROR"})
    failed = _describe(acm, arn)
    assert failed["Status"] == "FAILED" and failed["FailureReason"] == "CAA_ERROR"
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
    sandbox.control("POST", "acm/certificate", {"arn": imported, "not_after": past.timestamp()})
    assert _describe(acm, imported)["Status"] == "EXPIRED"

    other = sandbox.client("acm", "us-east-1")
    east = _request(other, "east.example.com")
    listed = {c["arn"]: c for c in sandbox.control("GET", "acm/certificates")["certificates"]}
    assert set(listed) == {arn, imported, east}
    assert listed[east]["region"] == "us-east-1" and listed[east]["account"] == "123456789012"
    assert listed[east]["validation_records"] and listed[east]["status"] == "PENDING_VALIDATION"

    plain = plain_moto("acm", REGION)
    assert "RenewalSummary" not in _describe(plain, _request(plain, "example.com"))


def test_in_use_certificate_enters_managed_renewal_45_days_before_expiry(sandbox):
    """AWS: managed renewal starts 45 days before expiry for certificates in use;
    DNS-validated ones whose CNAMEs resolve show PENDING_AUTO_RENEWAL, email-validated
    ones wait for approval (PENDING_VALIDATION); unused ones are not renewed."""
    acm = sandbox.client("acm", REGION)
    email = _request(acm, "mail.example.com", method="EMAIL")
    dns_arn = _request(acm, "dns.example.com")
    _publish(sandbox.client("route53", REGION), "dns.example.com", _records(_describe(acm, dns_arn)))
    soon = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)).isoformat()
    for arn in (email, dns_arn):
        assert _describe(acm, arn)["Status"] == "ISSUED"
        sandbox.control("POST", "acm/certificate", {"arn": arn, "not_after": soon})
        assert "RenewalSummary" not in _describe(acm, arn)  # not in use: not renewed
    elb = sandbox.client("elb", REGION)
    for i, arn in enumerate((email, dns_arn)):
        elb.create_load_balancer(LoadBalancerName=f"lb{i}", AvailabilityZones=[f"{REGION}a"], Listeners=[
            {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80, "SSLCertificateId": arn}])
    assert _describe(acm, email)["RenewalSummary"]["RenewalStatus"] == "PENDING_VALIDATION"
    assert _describe(acm, dns_arn)["RenewalSummary"]["RenewalStatus"] == "PENDING_AUTO_RENEWAL"
    assert _describe(acm, dns_arn)["RenewalEligibility"] == "ELIGIBLE"


# ---------------------------------------------------------------------------------------
# 7. RenewCertificate and UpdateCertificateOptions
# ---------------------------------------------------------------------------------------
def test_update_certificate_options_sets_ct_logging(sandbox, plain_moto):
    """AWS: UpdateCertificateOptions changes CertificateTransparencyLoggingPreference."""
    acm = sandbox.client("acm", REGION)
    arn = _request(acm)
    acm.update_certificate_options(CertificateArn=arn, Options={"CertificateTransparencyLoggingPreference": "DISABLED"})
    assert _describe(acm, arn)["Options"]["CertificateTransparencyLoggingPreference"] == "DISABLED"

    plain = plain_moto("acm", REGION)
    with pytest.raises(NotImplementedError):
        plain.update_certificate_options(CertificateArn=_request(plain),
                                         Options={"CertificateTransparencyLoggingPreference": "DISABLED"})


def test_renew_certificate_renews_private_certificates_only(sandbox, plain_moto):
    """AWS: RenewCertificate renews an eligible private (PCA-issued) certificate; public
    certificates are renewed by managed renewal and the call is rejected."""
    acm = sandbox.client("acm", REGION)
    ca = "arn:aws:acm-pca:eu-west-1:123456789012:certificate-authority/12345678-1234-1234-1234-123456789012"
    private = acm.request_certificate(DomainName="internal.example.com", CertificateAuthorityArn=ca)["CertificateArn"]
    before = _describe(acm, private)
    assert before["Type"] == "PRIVATE" and before["RenewalEligibility"] == "ELIGIBLE"
    time.sleep(1.1)
    acm.renew_certificate(CertificateArn=private)
    after = _describe(acm, private)
    assert after["NotAfter"] > before["NotAfter"] and after["Serial"] != before["Serial"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        acm.renew_certificate(CertificateArn=_request(acm))
    assert e.value.response["Error"]["Code"] == "ValidationException"

    plain = plain_moto("acm", REGION)
    with pytest.raises(NotImplementedError):
        plain.renew_certificate(CertificateArn=plain.request_certificate(DomainName="internal.example.com",
                                                                         CertificateAuthorityArn=ca)["CertificateArn"])
