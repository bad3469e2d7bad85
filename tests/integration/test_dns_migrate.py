"""certshift.acm.acm_dns_migrate against the sandbox (ACM and Route53 corrected) and a real
BIND9 server for rfc2136, CAA and DNS checks.

Each test builds its own email-validated certificates (ISSUED at once in the sandbox) and
zones; the sandbox's call counter proves what was (not) requested or written.
"""

from __future__ import annotations

import datetime
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

MODULE = "certshift.acm.acm_dns_migrate"
REGION = "eu-west-1"
TAG = "certshift:replaces"


# --- helpers ---------------------------------------------------------------------------------
def email_cert(sandbox, names, tags=None, key_algorithm=None, ct="ENABLED", region=REGION):
    acm = sandbox.client("acm", region)
    kwargs = {"DomainName": names[0], "ValidationMethod": "EMAIL",
              "Options": {"CertificateTransparencyLoggingPreference": ct}}
    if len(names) > 1:
        kwargs["SubjectAlternativeNames"] = names
    if tags:
        kwargs["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    if key_algorithm:
        kwargs["KeyAlgorithm"] = key_algorithm
    arn = acm.request_certificate(**kwargs)["CertificateArn"]
    assert acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"] == "ISSUED"
    return arn


def zone(sandbox, name, private=False):
    r53 = sandbox.client("route53")
    kwargs = {"Name": name, "CallerReference": str(uuid.uuid4())}
    if private:
        kwargs["HostedZoneConfig"] = {"PrivateZone": True, "Comment": "private"}
        kwargs["VPC"] = {"VPCRegion": REGION, "VPCId": "vpc-12345678"}
    return r53.create_hosted_zone(**kwargs)["HostedZone"]["Id"].rsplit("/", 1)[-1]


def upsert(sandbox, zone_id, name, rtype, values, ttl=300):
    sandbox.client("route53").change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [{
        "Action": "UPSERT", "ResourceRecordSet": {"Name": name, "Type": rtype, "TTL": ttl,
                                                  "ResourceRecords": [{"Value": v} for v in values]}}]})


def cnames(sandbox, zone_id):
    """{name: value} of the CNAMEs in a zone."""
    sets = sandbox.client("route53").list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    return {s["Name"]: s["ResourceRecords"][0]["Value"] for s in sets if s["Type"] == "CNAME"}


def counts(sandbox):
    by = sandbox.calls()["by_action"]
    return {"request": by.get("acm:RequestCertificate", 0),
            "r53_write": by.get("route53:ChangeResourceRecordSets", 0)}


def describe(sandbox, arn):
    return sandbox.client("acm").describe_certificate(CertificateArn=arn)["Certificate"]


def tags_of(sandbox, arn):
    tags = sandbox.client("acm").list_tags_for_certificate(CertificateArn=arn)["Tags"]
    return {t["Key"]: t.get("Value", "") for t in tags}


def migrate(ansible, args, check=False):
    # These tests are about the replacement (acm_dns_migrate's strategy replace); in place: test_in_place.py.
    result = ansible.module(MODULE, {"wait_timeout": 60, "strategy": "replace", **args}, check=check, region=REGION)
    return result


def only(result):
    assert not result.get("failed"), result.get("msg")
    assert len(result["certificates"]) == 1, result["certificates"]
    return result["certificates"][0]


def assert_failed_cleanly(sandbox, result, *fragments):
    assert result.get("failed"), result
    for fragment in fragments:
        assert fragment in result["msg"], result["msg"]
    assert "Traceback" not in result["msg"]
    assert counts(sandbox) == {"request": 0, "r53_write": 0}


# --- Route53 -----------------------------------------------------------------------------------
def test_route53_nested_zones_check_real_and_idempotent(sandbox, ansible, dns):
    """Check mode predicts the request; the real run writes one CNAME per base name into the longest
    matching public zone (a delegated sub-zone wins; a private zone of the same name is ignored);
    two more runs (check and real) change nothing and call nothing that writes."""
    parent = zone(sandbox, "example.com")
    sub = zone(sandbox, "sub.example.com")
    private = zone(sandbox, "sub.example.com", private=True)
    old = email_cert(sandbox, ["example.com", "*.example.com", "api.sub.example.com"],
                     tags={"team": "web"}, key_algorithm="EC_prime256v1", ct="DISABLED")
    dns.set_caa("example.com", '0 issue "amazon.com"')
    args = {"certificate_arns": [old], "nameservers": [dns.nameserver]}

    sandbox.reset_calls()
    predicted = migrate(ansible, args, check=True)
    cert = only(predicted)
    assert predicted["changed"] is True
    assert cert["status"] == "would_request" and cert["new_arn"] is None
    [request] = [a for a in cert["actions"] if a["action"] == "request_certificate"]
    assert counts(sandbox) == {"request": 0, "r53_write": 0}

    real = migrate(ansible, args)
    cert = only(real)
    assert real["changed"] is True
    assert cert["status"] == "ISSUED" and cert["skipped"] is None
    [done] = [a for a in cert["actions"] if a["action"] == "request_certificate"]
    assert done["request"] == request["request"]  # check mode predicted exactly this request
    new = describe(sandbox, cert["new_arn"])
    assert new["SubjectAlternativeNames"] == ["example.com", "*.example.com", "api.sub.example.com"]
    assert new["KeyAlgorithm"].replace("-", "_") == "EC_prime256v1"
    assert new["Options"]["CertificateTransparencyLoggingPreference"] == "DISABLED"
    assert {o["ValidationMethod"] for o in new["DomainValidationOptions"]} == {"DNS"}
    assert tags_of(sandbox, cert["new_arn"]) == {"team": "web", TAG: old}

    records = {r["name"]: r for r in cert["validation_records"]}
    assert len(records) == 2  # example.com and *.example.com share one
    assert sorted(r["zone"] for r in records.values()) == ["example.com.", "sub.example.com."]
    assert all(r["state"] == "written" and r["ttl"] == 300 for r in records.values())
    shared = [r for r in records.values() if r["zone"] == "example.com."][0]
    assert shared["domains"] == ["example.com", "*.example.com"]
    in_parent, in_sub = cnames(sandbox, parent), cnames(sandbox, sub)
    assert {n: in_parent.get(n) or in_sub.get(n) for n in records} == {n: r["value"] for n, r in records.items()}
    assert all(n not in in_parent for n in in_sub)
    assert cnames(sandbox, private) == {}
    assert counts(sandbox) == {"request": 1, "r53_write": 2}  # one batch per zone

    for check in (True, False):
        sandbox.reset_calls()
        again = migrate(ansible, args, check=check)
        cert2 = only(again)
        assert again["changed"] is False
        assert cert2["new_arn"] == cert["new_arn"] and cert2["status"] == "ISSUED"
        assert [a["action"] for a in cert2["actions"]] == ["reuse_replacement"]
        assert {r["state"] for r in cert2["validation_records"]} == {"present"}
        assert counts(sandbox) == {"request": 0, "r53_write": 0}


def test_route53_duplicate_named_zones_use_the_delegated_one(sandbox, ansible, dns):
    parent = zone(sandbox, "example.org")
    stale = zone(sandbox, "shop.example.org")
    live = zone(sandbox, "shop.example.org")
    delegation = ["ns-live-1.example.net.", "ns-live-2.example.net."]
    upsert(sandbox, live, "shop.example.org.", "NS", delegation)
    upsert(sandbox, parent, "shop.example.org.", "NS", delegation)
    old = email_cert(sandbox, ["shop.example.org"])

    cert = only(migrate(ansible, {"certificate_arns": [old], "nameservers": [dns.nameserver]}))
    [record] = cert["validation_records"]
    assert record["zone_id"] == live and record["state"] == "written"
    assert record["name"] in cnames(sandbox, live) and cnames(sandbox, stale) == {}
    assert cert["status"] == "ISSUED"


def test_route53_duplicate_zones_without_a_delegation_fail_before_requesting(sandbox, ansible, dns):
    first, second = zone(sandbox, "shop.example.org"), zone(sandbox, "shop.example.org")
    old = email_cert(sandbox, ["shop.example.org"])
    sandbox.reset_calls()
    result = migrate(ansible, {"certificate_arns": [old], "nameservers": [dns.nameserver]})
    assert_failed_cleanly(sandbox, result, "2 public Route53 zones named shop.example.org", first, second)


def test_route53_duplicate_zones_without_a_delegation_use_the_one_holding_the_record(sandbox, ansible, dns):
    """An earlier run (or a person) put the record into one of two same-named zones: that one is kept."""
    first, second = zone(sandbox, "shop.example.org"), zone(sandbox, "shop.example.org")
    old = email_cert(sandbox, ["shop.example.org"])
    pending = sandbox.client("acm").request_certificate(
        DomainName="shop.example.org", ValidationMethod="DNS", Tags=[{"Key": TAG, "Value": old}])["CertificateArn"]
    rr = describe(sandbox, pending)["DomainValidationOptions"][0]["ResourceRecord"]
    upsert(sandbox, second, rr["Name"], "CNAME", [rr["Value"]])
    sandbox.reset_calls()
    result = migrate(ansible, {"certificate_arns": [old], "nameservers": [dns.nameserver]})
    cert = only(result)
    assert result["changed"] is False
    assert cert["new_arn"] == pending and cert["status"] == "ISSUED"
    [record] = cert["validation_records"]
    assert record["zone_id"] == second and record["state"] == "present"
    assert cnames(sandbox, first) == {}
    assert counts(sandbox) == {"request": 0, "r53_write": 0}


def test_route53_no_zone_for_a_name_fails_before_requesting(sandbox, ansible, dns):
    zone(sandbox, "example.com")
    zone(sandbox, "nowhere.example", private=True)
    old = email_cert(sandbox, ["example.com", "www.nowhere.example"])
    sandbox.reset_calls()
    result = migrate(ansible, {"certificate_arns": [old], "nameservers": [dns.nameserver]})
    assert_failed_cleanly(sandbox, result, "no public Route53 hosted zone", "www.nowhere.example")


def test_interrupted_run_is_finished_without_a_second_request(sandbox, ansible, dns):
    """A replacement was requested (and tagged) but its records were never written: the next
    run reuses it, writes the records, waits until ISSUED, and requests nothing."""
    zid = zone(sandbox, "example.com")
    old = email_cert(sandbox, ["example.com", "www.example.com"])
    acm = sandbox.client("acm")
    pending = acm.request_certificate(DomainName="example.com", SubjectAlternativeNames=["example.com", "www.example.com"],
                                      ValidationMethod="DNS", Tags=[{"Key": TAG, "Value": old}])["CertificateArn"]
    args = {"certificate_arns": [old], "nameservers": [dns.nameserver]}

    sandbox.reset_calls()
    predicted = only(migrate(ansible, args, check=True))
    assert predicted["new_arn"] == pending and predicted["status"] == "PENDING_VALIDATION"
    assert {r["state"] for r in predicted["validation_records"]} == {"write"}
    assert counts(sandbox) == {"request": 0, "r53_write": 0}

    result = migrate(ansible, args)
    cert = only(result)
    assert result["changed"] is True
    assert cert["new_arn"] == pending and cert["status"] == "ISSUED"
    assert [(r["name"], r["value"]) for r in cert["validation_records"]] == \
        [(r["name"], r["value"]) for r in predicted["validation_records"]]
    assert counts(sandbox) == {"request": 0, "r53_write": 1}
    assert set(cnames(sandbox, zid)) == {r["name"] for r in cert["validation_records"]}


def test_selection_by_domain_skips_what_cannot_be_migrated(sandbox, ansible, dns):
    zone(sandbox, "example.com")
    wanted = email_cert(sandbox, ["app.example.com"])
    email_cert(sandbox, ["other.example.net"])  # not selected by the pattern
    dns_validated = sandbox.client("acm").request_certificate(DomainName="dns.example.com",
                                                              ValidationMethod="DNS")["CertificateArn"]
    sandbox.reset_calls()
    result = migrate(ansible, {"domains": ["*.example.com"], "wait": False, "nameservers": [dns.nameserver]})
    assert [c["old_arn"] for c in result["certificates"]] == [wanted]
    assert sandbox.calls()["by_action"].get("acm:SearchCertificates", 0) == 1  # selected server-side
    explicit = migrate(ansible, {"certificate_arns": [dns_validated], "nameservers": [dns.nameserver]})
    assert explicit["changed"] is False
    assert "PENDING_VALIDATION" in only(explicit)["skipped"]


# --- rfc2136 against BIND9 ---------------------------------------------------------------------
def rfc2136_args(dns, old, **extra):
    return {"certificate_arns": [old], "dns_provider": "rfc2136", "rfc2136_server": dns.address,
            "rfc2136_port": dns.port, "rfc2136_key_name": dns.key_name, "rfc2136_key_secret": dns.key_secret,
            "rfc2136_key_algorithm": dns.key_algorithm, "nameservers": [dns.nameserver], **extra}


def test_rfc2136_publishes_replaces_stale_values_and_is_idempotent(sandbox, ansible, dns):
    sandbox.settings(acm_dns_servers=[dns.nameserver])
    old = email_cert(sandbox, ["example.com", "*.example.com", "www.example.net", "a.sub.example.org"])
    args = rfc2136_args(dns, old, verify_dns=True)

    result = ansible.module(MODULE, {"wait_timeout": 60, "strategy": "replace", **args}, region=REGION, no_log=False)
    cert = only(result)
    assert result["changed"] is True and cert["status"] == "ISSUED"
    assert key_secret_absent(result, dns.key_secret)
    records = cert["validation_records"]
    assert sorted(r["zone"] for r in records) == ["example.com.", "example.net.", "sub.example.org."]
    for r in records:
        assert dns.query(r["name"], "CNAME") == [r["value"]]

    # Someone left a stale value: the next run replaces it (and requests nothing).
    stale = records[0]
    dns.add_record(stale["name"], "CNAME", "_stale.acm-validations.aws.")
    sandbox.reset_calls()
    again = migrate(ansible, args)
    cert2 = only(again)
    assert again["changed"] is True
    writes = [a for a in cert2["actions"] if a["action"] == "upsert_record"]
    assert [(w["name"], w["previous_value"]) for w in writes] == [(stale["name"], ["_stale.acm-validations.aws."])]
    assert dns.query(stale["name"], "CNAME") == [stale["value"]]
    assert counts(sandbox)["request"] == 0

    final = migrate(ansible, args)
    assert final["changed"] is False
    assert {r["state"] for r in only(final)["validation_records"]} == {"present"}


def test_rfc2136_with_an_hmac_md5_key(sandbox, ansible, dns):
    """hmac-md5 is one of the documented rfc2136_key_algorithm choices (BIND still takes it); dnspython
    knows it only as HMAC-MD5.SIG-ALG.REG.INT, so the short name raised inside dnspython."""
    sandbox.settings(acm_dns_servers=[dns.nameserver])
    old = email_cert(sandbox, ["md5.example.com"])
    args = rfc2136_args(dns, old, rfc2136_key_name=dns.md5_key_name, rfc2136_key_secret=dns.md5_key_secret,
                        rfc2136_key_algorithm="hmac-md5", verify_dns=True)
    result = migrate(ansible, args)
    cert = only(result)
    assert cert["status"] == "ISSUED", result.get("msg")
    assert [dns.query(r["name"], "CNAME") for r in cert["validation_records"]] == \
        [[r["value"]] for r in cert["validation_records"]]
    assert key_secret_absent(result, dns.md5_key_secret)


def key_secret_absent(result, secret):
    run = result["_run"]
    return secret not in run.stdout and secret not in run.stderr


def test_rfc2136_wrong_secret_fails_before_requesting(sandbox, ansible, dns):
    old = email_cert(sandbox, ["www.example.com"])
    sandbox.reset_calls()
    result = migrate(ansible, rfc2136_args(dns, old, rfc2136_key_secret=dns.wrong_secret))
    assert_failed_cleanly(sandbox, result, "rejected the TSIG key", "rfc2136_key_secret")
    assert dns.wrong_secret not in result["msg"]
    assert [r for r in dns.records("example.com") if r[1] == "CNAME"] == []


def test_rfc2136_zone_not_served_fails_before_requesting(sandbox, ansible, dns):
    old = email_cert(sandbox, ["www.example.io"])
    sandbox.reset_calls()
    result = migrate(ansible, rfc2136_args(dns, old))
    assert_failed_cleanly(sandbox, result, "not authoritative for any zone containing www.example.io")


# --- CAA ------------------------------------------------------------------------------------------
def test_caa_forbidding_amazon_fails_before_requesting(sandbox, ansible, dns):
    zone(sandbox, "example.net")
    dns.set_caa("example.net", '0 issue "letsencrypt.org"')
    old = email_cert(sandbox, ["example.net", "www.example.net"])
    sandbox.reset_calls()
    result = migrate(ansible, {"certificate_arns": [old], "nameservers": [dns.nameserver]})
    assert_failed_cleanly(sandbox, result, "CAA records forbid Amazon", "www.example.net", "letsencrypt.org",
                          "record at example.net")


def test_caa_that_cannot_be_checked_is_one_warning_per_cause(sandbox, ansible, dns):
    """The nameserver refuses example.org (not its zone): every name's CAA lookup fails the same way.
    The run goes on (ACM checks CAA itself) with one warning naming them all, not one per name."""
    zone(sandbox, "example.org")
    names = [f"site{i}.example.org" for i in range(7)]
    old = email_cert(sandbox, names)
    result = migrate(ansible, {"certificate_arns": [old], "nameservers": [dns.nameserver], "wait": False})
    assert not result.get("failed"), result.get("msg")
    caa = [w for w in result.get("warnings", []) if "CAA" in w]
    assert len(caa) == 1, caa
    assert caa[0].startswith("CAA could not be checked for 7 name(s), site0.example.org, ")
    assert "and 2 more" in caa[0] and "REFUSED" in caa[0]
    # passed as ansible-core wants: no "Passing `warnings` to `exit_json`" deprecation on ansible-core 2.19
    assert not result.get("deprecations"), result["deprecations"]


# --- manual ---------------------------------------------------------------------------------------
def test_manual_mode_hands_out_records_then_waits_for_them(sandbox, ansible, dns):
    sandbox.settings(acm_dns_servers=[dns.nameserver])
    old = email_cert(sandbox, ["example.net", "*.example.net"])
    args = {"certificate_arns": [old], "dns_provider": "manual", "nameservers": [dns.nameserver]}

    first = migrate(ansible, {**args, "wait": False})
    cert = only(first)
    assert first["changed"] is True  # requested
    assert cert["status"] == "PENDING_VALIDATION"
    [record] = cert["validation_records"]
    assert record["state"] == "manual" and record["domains"] == ["example.net", "*.example.net"]
    assert [a["action"] for a in cert["actions"]] == ["request_certificate", "publish_record_manually"]

    dns.add_record(record["name"], "CNAME", record["value"])  # the person publishes it
    sandbox.reset_calls()
    second = migrate(ansible, args)
    cert2 = only(second)
    assert second["changed"] is False
    assert cert2["new_arn"] == cert["new_arn"] and cert2["status"] == "ISSUED"
    assert counts(sandbox) == {"request": 0, "r53_write": 0}


# --- bad input and failed replacements -----------------------------------------------------------
def test_unknown_arn_fails_before_anything(sandbox, ansible, dns):
    zone(sandbox, "example.com")
    real = email_cert(sandbox, ["www.example.com"])
    missing = real[:-12] + "000000000000"
    sandbox.reset_calls()
    result = migrate(ansible, {"certificate_arns": [real, missing], "nameservers": [dns.nameserver]})
    assert_failed_cleanly(sandbox, result, missing, "does not exist")


def test_replacement_timing_out_is_a_clear_error_and_the_next_run_replaces_it(sandbox, ansible, dns):
    """Records go to a server ACM does not see: the replacement times out with the reason per
    name. Once ACM can see the server, the next run reports the timed-out one and requests a
    fresh replacement (a new idempotency token)."""
    sandbox.settings(acm_validation_timeout_seconds=1)
    old = email_cert(sandbox, ["www.example.com"])
    args = rfc2136_args(dns, old)
    failed = migrate(ansible, args)
    assert failed.get("failed")
    assert "did not validate" in failed["msg"] and "VALIDATION_TIMED_OUT" in failed["msg"]
    assert "www.example.com: FAILED" in failed["msg"]
    [timed_out] = [c["new_arn"] for c in failed["certificates"]]
    assert describe(sandbox, timed_out)["Status"] == "VALIDATION_TIMED_OUT"

    sandbox.settings(acm_validation_timeout_seconds=3600, acm_dns_servers=[dns.nameserver])
    sandbox.reset_calls()
    cert = only(migrate(ansible, args))
    assert [f["arn"] for f in cert["failed_replacements"]] == [timed_out]
    assert cert["new_arn"] != timed_out and cert["status"] == "ISSUED"
    assert counts(sandbox)["request"] == 1


def test_imported_certificate_is_skipped_not_failed(sandbox, ansible, dns):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "imported.example.com")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30))
            .sign(key, hashes.SHA256()))
    arn = sandbox.client("acm").import_certificate(
        Certificate=cert.public_bytes(serialization.Encoding.PEM),
        PrivateKey=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))["CertificateArn"]
    sandbox.reset_calls()
    result = migrate(ansible, {"certificate_arns": [arn], "nameservers": [dns.nameserver]})
    entry = only(result)
    assert result["changed"] is False and entry["status"] == "skipped" and "imported" in entry["skipped"]
    assert counts(sandbox) == {"request": 0, "r53_write": 0}


def test_tagged_certificates_that_are_no_replacement_are_reported_and_ignored(sandbox, ansible, dns):
    """Anybody can tag anything certshift:replaces=<old>: an imported certificate, an EMAIL-validated one,
    or one for other names carrying the tag was taken as the replacement and blocked the region on every
    run ("ACM has not produced DNS validation records ... run again later" after 120 s). Now each is
    named with the reason and ignored, and a real replacement is requested once."""
    from tests.sandbox.consumer_helpers import import_certificate

    zone(sandbox, "example.com")
    names = ["example.com", "www.example.com"]
    old = email_cert(sandbox, names)
    acm = sandbox.client("acm")
    imported = import_certificate(acm, *names)
    acm.add_tags_to_certificate(CertificateArn=imported, Tags=[{"Key": TAG, "Value": old}])
    emailed = email_cert(sandbox, names, tags={TAG: old})
    other_names = acm.request_certificate(DomainName="example.com", ValidationMethod="DNS",
                                          Tags=[{"Key": TAG, "Value": old}])["CertificateArn"]
    args = {"certificate_arns": [old], "nameservers": [dns.nameserver]}

    sandbox.reset_calls()
    result = migrate(ansible, args)
    cert = only(result)
    assert cert["status"] == "ISSUED" and cert["new_arn"] not in (imported, emailed, other_names)
    assert counts(sandbox)["request"] == 1
    ignored = {i["arn"]: i["reason"] for i in cert["ignored_replacements"]}
    assert set(ignored) == {imported, emailed, other_names}
    assert "IMPORTED" in ignored[imported] and "EMAIL-validated" in ignored[emailed]
    assert "not exactly those" in ignored[other_names]
    warnings = " ".join(result.get("warnings", []))
    assert imported in warnings and "remove the tag" in warnings

    again = migrate(ansible, args)  # the rerun reuses the real one; the bogus ones stay ignored
    assert only(again)["new_arn"] == cert["new_arn"] and again["changed"] is False
    assert counts(sandbox)["request"] == 1
