"""certshift.acm.acm_renewal_check against the sandbox: local HTTPS sites for every row
of the historical HTTPS rule and every failure reason, a real BIND9 server for the DNS
checks, and bad input."""

from __future__ import annotations

import datetime

import pytest

from tests.fixtures_dns import dns, dns_server  # noqa: F401 - fixtures
from tests.integration.renewal_fixtures import (LB_ARN, https_fleet, import_self_signed, request, set_not_after,
                                                validation_records, wait_issued)

MODULE = "certshift.acm.acm_renewal_check"


def by_arn(result):
    return {c["certificate_arn"]: c for c in result["certificates"]}


def names(entry):
    return {n["name"]: n for n in entry["https_rule"]["names"]}


def test_https_rule_rows_and_failure_reasons(ansible, sandbox, dns):
    c, sites, resolve = https_fleet(sandbox)
    imported = import_self_signed(sandbox, "intranet.example.com", days=20)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    result = ansible.module(MODULE, {
        "resolve": resolve, "port": sites["port"], "timeout": 1, "nameservers": [dns.nameserver],
        "now": now.isoformat(),
    })
    assert not result.get("failed"), result
    assert result["changed"] is False
    assert "historical" in result["note"] and "approval mails" in result["note"]
    certs = by_arn(result)
    assert len(certs) == 11

    # Row 1: example.com needs example.com and www.example.com, both serve it.
    apex = certs[c["apex"]]
    assert apex["verdict"] == "ready" and apex["validation_method"] == "EMAIL"
    assert set(names(apex)) == {"example.com", "www.example.com"}
    assert all(n["certificate_matches"] and n["reachable"] and n["address"] == "127.0.0.1"
               for n in apex["https_rule"]["names"])
    assert apex["https_rule"]["met"] and "approves the mail" in apex["recommendation"]

    # Row 2 failing: *.example.net with only sub.example.net on HTTPS.
    only_sub = certs[c["wildcard_sub_only"]]
    assert only_sub["verdict"] == "will_not_renew"
    for n in ("example.net", "www.example.net"):
        assert names(only_sub)[n]["reason"] == "does_not_resolve" and names(only_sub)[n]["no_site"]
        assert names(only_sub)[n]["required_by"] == ["*.example.net"]
    assert any("no HTTPS site on example.net" in r for r in only_sub["reasons"])
    assert "DNS validation" in only_sub["recommendation"]

    # Row 2 failing: the apex serves example.com's certificate, not the wildcard's.
    other = certs[c["wildcard_apex_other"]]
    assert other["verdict"] == "will_not_renew"
    for n in ("example.com", "www.example.com"):
        finding = names(other)[n]
        assert finding["reachable"] and finding["reason"] == "different_certificate"
        assert finding["served"]["certificate_arn"] == c["apex"]
    assert any(c["apex"] in r for r in other["reasons"])

    # Row 2 met, row 3 met, row 3 failing (no www.api.example.com).
    assert certs[c["wildcard_ok"]]["verdict"] == "ready"
    assert set(names(certs[c["wildcard_ok"]])) == {"example.org", "www.example.org"}
    assert certs[c["sub_ok"]]["verdict"] == "ready"
    assert set(names(certs[c["sub_ok"]])) == {"shop.example.com", "www.shop.example.com"}
    no_www = certs[c["sub_no_www"]]
    assert no_www["verdict"] == "will_not_renew"
    assert names(no_www)["api.example.com"]["certificate_matches"]
    assert names(no_www)["www.api.example.com"]["reason"] == "does_not_resolve"

    # Failure reasons: refused proves no site; a stalled handshake or a non-TLS answer may pass.
    refused = certs[c["refused"]]
    assert refused["verdict"] == "will_not_renew"
    assert {n["reason"] for n in refused["https_rule"]["names"]} == {"connection_refused"}
    assert all(n["resolved"] and not n["reachable"] and n["no_site"] for n in refused["https_rule"]["names"])
    tarpit = certs[c["tarpit"]]
    assert tarpit["verdict"] == "at_risk" and tarpit["reason_codes"] == ["https_rule_uncertain"] * 2
    assert {n["reason"] for n in tarpit["https_rule"]["names"]} == {"timeout"}
    garbage = certs[c["garbage"]]
    assert garbage["verdict"] == "at_risk"
    assert {n["reason"] for n in garbage["https_rule"]["names"]} == {"tls_error"}

    # Not in use: ACM does not consider it for managed renewal, whatever HTTPS says; so its names are not
    # probed (probe: auto), and the rule's absence is no reason of its own.
    unused = certs[c["unused"]]
    assert unused["verdict"] == "will_not_renew" and unused["reason_codes"] == ["not_in_use"]
    assert not unused["managed_renewal_eligible"] and not unused["in_use"]
    assert unused["https_rule"] == {"checked": False, "skipped": True, "skip_reason": (
        "no HTTPS answer could change its verdict (not in use by any integrated AWS service, so ACM does not "
        "renew it)")}
    assert result["summary"]["not_probed"] == 1
    always = ansible.module(MODULE, {"certificate_arns": [c["unused"]], "probe": "always", "resolve": resolve,
                                     "port": sites["port"], "timeout": 1, "nameservers": [dns.nameserver],
                                     "now": now.isoformat()})
    (probed,) = always["certificates"]
    assert probed["https_rule"]["checked"] and probed["https_rule"]["met"] and not probed["https_rule"]["skipped"]
    assert {n["name"] for n in probed["https_rule"]["names"]} == {"old.example.com", "www.old.example.com"}
    assert probed["verdict"] == "will_not_renew" and probed["reason_codes"] == ["not_in_use"]

    # Imported: never renewed; reported with its expiry.
    imp = certs[imported]
    assert imp["verdict"] == "will_not_renew" and imp["type"] == "IMPORTED" and imp["validation_method"] is None
    assert imp["days_to_expiry"] in (19, 20) and imp["in_renewal_window"] and "https_rule" not in imp

    for entry in result["certificates"]:
        for key in ("domain_name", "subject_alternative_names", "type", "status", "key_algorithm", "not_after",
                    "days_to_expiry", "in_renewal_window", "renewal_status", "in_use_by", "managed_renewal_eligible",
                    "reasons", "recommendation"):
            assert key in entry, (key, entry)
    summary = result["summary"]
    assert summary["total"] == 11
    assert summary["by_verdict"] == {"ready": 3, "at_risk": 2, "will_not_renew": 6}
    assert summary["by_validation_method"]["EMAIL"] == 10 and summary["by_validation_method"]["NONE"] == 1
    assert summary["by_days_to_expiry"]["8-30"] == 1 and summary["by_days_to_expiry"]["91-198"] == 10


def test_dns_checks_against_a_real_dns_server(ansible, sandbox, dns):
    sandbox.settings(acm_dns_servers=[dns.nameserver])
    c = {
        "ok": request(sandbox, ["ok.example.com", "*.ok.example.com"], method="DNS"),
        "missing": request(sandbox, ["missing.example.com"], method="DNS"),
        "wrong": request(sandbox, ["wrong.example.com"], method="DNS"),
        "caa_hostile": request(sandbox, ["shop.example.net"], method="DNS"),
        "caa_amazon": request(sandbox, ["www.sub.example.org"], method="DNS"),
    }
    records = {role: validation_records(sandbox, arn) for role, arn in c.items()}
    assert len(records["ok"]) == 1  # the wildcard shares its apex's record
    for role in c:
        for name, value in records[role].items():
            dns.add_record(name, "CNAME", value)
    wait_issued(sandbox, c.values())
    # Break them after issuance, as drift does.
    (missing_name, missing_value), = records["missing"].items()
    dns.delete_record(missing_name, "CNAME")
    (wrong_name, wrong_value), = records["wrong"].items()
    dns.add_record(wrong_name, "CNAME", "_stale.acm-validations.aws.")
    dns.set_caa("example.net", '0 issue "letsencrypt.org"')
    dns.set_caa("sub.example.org", '0 issue "amazon.com"', '0 iodef "mailto:security@example.org"')
    dns.set_caa("example.com", '0 issue "amazontrust.com"')
    set_not_after(sandbox, c["ok"], 30)

    result = ansible.module(MODULE, {"nameservers": [dns.nameserver], "validation_methods": ["DNS"]})
    assert not result.get("failed"), result
    certs = by_arn(result)
    assert set(certs) == set(c.values())

    ok = certs[c["ok"]]
    assert ok["verdict"] == "ready", ok["reasons"]
    assert ok["dns_validation"]["records_ok"] and ok["dns_validation"]["caa_ok"]
    assert {f["owner"] for f in ok["dns_validation"]["caa"]} == {"example.com"}
    assert ok["days_to_expiry"] in (29, 30) and ok["in_renewal_window"]

    missing = certs[c["missing"]]
    assert missing["verdict"] == "at_risk" and missing["reason_codes"] == ["validation_record_missing"]
    fix = f"{missing_name.lower().rstrip('.')}. CNAME {missing_value.lower().rstrip('.')}."
    assert missing["dns_fixes"] == [fix] and fix in missing["recommendation"]

    wrong = certs[c["wrong"]]
    assert wrong["verdict"] == "at_risk" and wrong["reason_codes"] == ["validation_record_wrong"]
    record = wrong["dns_validation"]["records"][0]
    assert record["found"] == ["_stale.acm-validations.aws."] and record["reason"] == "wrong_value"
    assert record["fix"] == f"{wrong_name.lower().rstrip('.')}. CNAME {wrong_value.lower().rstrip('.')}."

    hostile = certs[c["caa_hostile"]]
    assert hostile["verdict"] == "at_risk" and hostile["reason_codes"] == ["caa_forbids_amazon"]
    caa = hostile["dns_validation"]["caa"][0]
    assert caa["owner"] == "example.net" and not caa["allowed"]
    assert hostile["dns_fixes"] == ['example.net. CAA 0 issue "amazon.com"']

    assert certs[c["caa_amazon"]]["verdict"] == "ready"
    assert certs[c["caa_amazon"]]["dns_validation"]["caa"][0]["owner"] == "sub.example.org"
    assert result["summary"]["by_verdict"] == {"ready": 2, "at_risk": 3, "will_not_renew": 0}


def test_filters_and_now(ansible, sandbox):
    dns_cert = request(sandbox, ["filtered.example.com"], method="DNS")
    email = request(sandbox, ["mail.example.com"])
    other = request(sandbox, ["other.example.org"])
    wait_issued(sandbox, [email, other])
    # ARN filter with a fixed 'now' 10 days before expiry; HTTPS checks off.
    not_after = sandbox.client("acm").describe_certificate(CertificateArn=email)["Certificate"]["NotAfter"]
    now = (not_after - datetime.timedelta(days=10, hours=1)).isoformat()
    result = ansible.module(MODULE, {"certificate_arns": [email], "now": now, "check_https": False,
                                     "check_dns": False})
    assert not result.get("failed"), result
    (entry,) = result["certificates"]
    assert entry["days_to_expiry"] == 10 and entry["in_renewal_window"]
    assert result["checked_at"].startswith(now[:16])
    domains = ansible.module(MODULE, {"domains": ["*.example.org"], "check_https": False, "check_dns": False})
    assert [e["certificate_arn"] for e in domains["certificates"]] == [other]
    methods = ansible.module(MODULE, {"validation_methods": ["DNS"], "statuses": ["PENDING_VALIDATION"],
                                      "check_dns": False})
    assert [e["certificate_arn"] for e in methods["certificates"]] == [dns_cert]
    assert methods["certificates"][0]["verdict"] == "at_risk"


def test_demo_fleet(ansible, sandbox):
    manifest = sandbox.seed("demo")
    result = ansible.module(MODULE, {"check_https": False, "check_dns": False})
    assert not result.get("failed"), result
    assert result["summary"]["total"] >= 8
    verdicts = {c["domain_name"]: c for c in result["certificates"]}
    assert verdicts["intranet.example.com"]["verdict"] == "will_not_renew"
    assert "imported" in verdicts["intranet.example.com"]["reason_codes"]
    assert "not_in_use" in verdicts["old.example.com"]["reason_codes"]
    assert verdicts["shop.example.com"]["in_use"]
    assert manifest


def _in_use_by_as_acm_lists_it(sandbox, result):
    truth = sandbox.control("GET", "acm/in_use")
    return {c["certificate_arn"]: (c["in_use_by"], truth.get(c["certificate_arn"], []))
            for c in result["certificates"]}


def test_users_of_certificates_in_use_come_from_one_consumer_scan(ansible, sandbox):
    """in_use_by as ACM lists it, from one consumer scan plus the describes the audit needs anyway: each
    ISSUED EMAIL-validated certificate is described once (its UpdateSummary: is an in-place migration in
    progress?), nothing else is. The scan also names the users no scan can switch (a CloudFront-managed
    resource, an AppSync domain), which only an in-place migration keeps serving."""
    manifest = sandbox.seed("demo")
    unused = manifest["certificates"]["unused"]["arn"]
    appsync = manifest["certificates"]["appsync_only"]
    invisible = "arn:aws:cloudfront::123456789012:distribution/EMANAGEDBYAWS"
    sandbox.control("POST", "acm/in_use_extra", {"certificate_arn": unused, "resource_arn": invisible})
    sandbox.reset_calls()
    result = ansible.module(MODULE, {"check_https": False, "check_dns": False})
    assert not result.get("failed"), result
    pairs = _in_use_by_as_acm_lists_it(sandbox, result)
    assert all(ours == acm for ours, acm in pairs.values()), pairs
    assert sum(1 for ours, _acm in pairs.values() if ours) >= 5
    assert pairs[unused][0] == [invisible]
    calls = sandbox.calls()["by_action"]
    email = {c["certificate_arn"] for c in result["certificates"]
             if c["validation_method"] == "EMAIL" and c["type"] == "AMAZON_ISSUED" and c["status"] == "ISSUED"}
    renewing = {c["certificate_arn"] for c in result["certificates"] if c["renewal_status"]}
    assert calls.get("acm:DescribeCertificate", 0) == len(email | renewing)
    assert calls["elbv2:DescribeListenerCertificates"] >= 1
    entries = {c["certificate_arn"]: c for c in result["certificates"]}
    assert entries[unused]["unswitchable_consumers"] == [invisible]
    appsync_users = entries[appsync["arn"]]["unswitchable_consumers"]
    assert len(appsync_users) == 1 and ":appsync:" in appsync_users[0]
    assert "Only in place" in entries[appsync["arn"]]["recommendation"]
    assert all(not c["unswitchable_consumers"] for arn, c in entries.items() if arn not in (unused, appsync["arn"]))


def test_in_place_migrations_in_progress_expired_and_done(ansible, sandbox):
    """The audit reads each EMAIL certificate's UpdateSummary: a migration in progress is at risk with the
    records still missing (checked in DNS, here the sandbox's authoritative server), an expired one says to
    start again, and once the records are published the certificate is DNS-validated and says it moved."""
    demo = sandbox.seed("demo")
    nameserver = sandbox.control("GET", "dns")["nameserver"]
    acm = sandbox.client("acm", "eu-west-1")
    pending, expired = demo["certificates"]["clb"]["arn"], demo["certificates"]["alb_default"]["arn"]
    for arn in (pending, expired):
        acm.update_certificate_options(CertificateArn=arn, Options={"ValidationMethod": "DNS"})
    sandbox.control("POST", "acm/certificate", {"arn": expired, "update_status": "FAILED"})
    args = {"certificate_arns": [pending, expired], "check_https": False, "nameservers": [nameserver]}

    result = ansible.module(MODULE, args)
    assert not result.get("failed"), result
    entries = {c["certificate_arn"]: c for c in result["certificates"]}
    assert entries[pending]["update_summary"]["status"] == "PENDING_DOMAIN_VALIDATION"
    assert entries[pending]["verdict"] == "at_risk" and "migration_pending" in entries[pending]["reason_codes"]
    records = sandbox.control("GET", "acm/certificates")["certificates"]
    wanted = next(c for c in records if c["arn"] == pending)["validation_records"]
    assert [f.split()[0] for f in entries[pending]["dns_fixes"]] == [r["name"] for r in wanted]
    assert "Publish the records its in-place migration asks for" in entries[pending]["recommendation"]
    assert entries[expired]["update_summary"]["status"] == "FAILED"
    assert "migration_expired" in entries[expired]["reason_codes"]
    assert entries[expired]["recommendation"].startswith("Start the in-place migration again")
    assert result["summary"]["in_place_migrations"] == {"pending": 1, "expired": 1, "migrated": 0}

    # the records go into the zone: ACM completes the migration, the audit sees a DNS-validated certificate
    zone = next(z["Id"] for z in sandbox.client("route53").list_hosted_zones()["HostedZones"]
                if z["Name"] == "example.com.")
    sandbox.client("route53").change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": r["name"], "Type": "CNAME", "TTL": 300,
                                                   "ResourceRecords": [{"Value": r["value"]}]}} for r in wanted]})
    done = {c["certificate_arn"]: c for c in ansible.module(MODULE, {**args, "certificate_arns": [pending]})["certificates"]}
    assert done[pending]["validation_method"] == "DNS" and done[pending]["update_summary"]["status"] == "SUCCESS"
    assert any("migrated in place from EMAIL to DNS validation" in r for r in done[pending]["reasons"])


def test_a_denied_consumer_scan_falls_back_to_describing_with_a_warning(ansible, sandbox):
    sandbox.seed("demo")
    sandbox.settings(faults={"elbv2:DescribeLoadBalancers": {"denied": 1}})
    sandbox.reset_calls()
    result = ansible.module(MODULE, {"check_https": False, "check_dns": False})
    assert not result.get("failed"), result
    assert any("consumer scan" in w and "AccessDenied" in w for w in result.get("warnings", [])), result
    assert not result.get("deprecations"), result["deprecations"]  # warnings passed as ansible-core 2.19 wants
    pairs = _in_use_by_as_acm_lists_it(sandbox, result)
    assert all(ours == acm for ours, acm in pairs.values()), pairs
    in_use = sum(1 for ours, _acm in pairs.values() if ours)
    assert sandbox.calls()["by_action"]["acm:DescribeCertificate"] >= in_use


@pytest.mark.parametrize("args,region,expected", [
    ({}, "eu-nowhere-9", "region 'eu-nowhere-9' is not an AWS region"),
    ({"resolve": ["example.com:443"]}, "eu-west-1", "resolve entry 'example.com:443' is malformed"),
    ({"resolve": ["example.com:443:somewhere"]}, "eu-west-1", "not an IP address"),
    ({"nameservers": ["127.0.0.1:9"], "timeout": 0.5}, "eu-west-1", "nameserver 127.0.0.1:9 does not answer"),
    ({"nameservers": ["dns.example.com"]}, "eu-west-1", "nameserver 'dns.example.com' is not an IP address"),
    ({"certificate_arns": ["arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000000"]},
     "eu-west-1", "does not exist in this account and region"),
    ({"certificate_arns": ["arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-4000-8000-000000000000"]},
     "eu-west-1", "is in region us-east-1, but this run targets eu-west-1"),
    ({"certificate_arns": ["not-an-arn"]}, "eu-west-1", "is not an ACM certificate ARN"),
    ({"now": "yesterday"}, "eu-west-1", "now 'yesterday' is not an ISO 8601"),
    ({"probe": "always", "check_https": False}, "eu-west-1", "check_https is false but probe is always"),
    ({"dns_timeout": 0}, "eu-west-1", "dns_timeout is 0: it must be more than 0 seconds"),
    ({"dns_retries": -1}, "eu-west-1", "dns_retries is -1: it must be 0 or more"),
    ({"dns_concurrency": 0}, "eu-west-1", "dns_concurrency is 0: it must be 1 or more"),
])
def test_bad_input_is_one_clear_error(ansible, sandbox, args, region, expected):
    result = ansible.module(MODULE, args, region=region)
    assert result.get("failed"), result
    assert expected in result["msg"], result["msg"]
    run = result["_run"]
    assert "Traceback" not in run.stdout + run.stderr and "module_stderr" not in result


def _validity_cap(when):
    """CA/Browser Forum SC-081 caps (days) by the date a renewal happens, as the issue states them."""
    for start, days in (("2029-03-15", 47), ("2027-03-15", 100), ("2026-03-15", 200)):
        if when >= datetime.datetime.fromisoformat(start + "T00:00:00+00:00"):
            return days
    return None


@pytest.mark.parametrize("arns", [False, True], ids=["search", "describe"])
def test_exported_certificates_and_approvals_a_year(ansible, sandbox, arns):
    """Exportable certificates are at risk, never ready, in use or not (the API cannot show an export since the
    last renewal); every email-validated one reports its approvals a year, its next approval mails (45 days
    before NotAfter) and the days left from the module's now; the summary totals the approvals."""
    acm = sandbox.client("acm")
    exported_used = acm.request_certificate(DomainName="exp.knows.example.com", ValidationMethod="EMAIL",
                                            Options={"Export": "ENABLED"})["CertificateArn"]
    sandbox.control("POST", "acm/in_use_extra", {"certificate_arn": exported_used,
                                                 "resource_arn": LB_ARN.format(region="eu-west-1")})
    exported_unused = acm.request_certificate(DomainName="unused.knows.example.com", ValidationMethod="EMAIL",
                                              Options={"Export": "ENABLED"})["CertificateArn"]
    email = request(sandbox, ["mail.knows.example.com"])
    wait_issued(sandbox, [exported_used, exported_unused, email])
    detail = acm.describe_certificate(CertificateArn=email)["Certificate"]
    assert detail["Options"]["Export"] == "DISABLED"
    now = detail["NotAfter"] - datetime.timedelta(days=100, hours=1)
    args = {"now": now.isoformat(), "check_https": False, "check_dns": False}
    args.update({"certificate_arns": [exported_used, exported_unused, email]} if arns else
                {"domains": ["*.knows.example.com"]})
    result = ansible.module(MODULE, args)
    assert not result.get("failed"), result
    certs = by_arn(result)
    assert set(certs) == {exported_used, exported_unused, email}

    for arn in (exported_used, exported_unused):
        entry = certs[arn]
        assert entry["exportable"] and entry["verdict"] == "at_risk" and "exported" in entry["reason_codes"]
        assert "not_in_use" not in entry["reason_codes"]
        assert any("which the API cannot show" in r for r in entry["reasons"])
        assert "migrate it to DNS validation in place" in entry["recommendation"]  # EMAIL: in place, as before

    entry = certs[email]
    assert not entry["exportable"] and "exported" not in entry["reason_codes"]
    mail = detail["NotAfter"] - datetime.timedelta(days=45)
    validity = (detail["NotAfter"] - detail["NotBefore"]).total_seconds() / 86400
    cap = _validity_cap(mail)
    expected = round(365 / (min(validity, cap) if cap else validity), 1)
    assert entry["approvals_per_year"] == expected
    assert entry["next_approval_mail"] == mail.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert entry["days_until_approval_mail"] == 55
    assert result["summary"]["approvals_per_year"] == round(sum(c["approvals_per_year"] for c in certs.values()), 1)


@pytest.mark.parametrize("arns", [False, True], ids=["search", "describe"])
def test_http_validated_certificates_renew_while_a_distribution_serves_them(ansible, sandbox, arns):
    """CloudFront-requested (HTTP-validated, ManagedBy CLOUDFRONT) certificates are judged by their own rule: ready
    while a CloudFront distribution uses them (it serves the validation redirect), at risk otherwise; never
    'unknown', never 'not in use' alone, and their names are not probed (that rule is EMAIL's)."""
    from tests.sandbox.consumer_helpers import distribution_config

    served = sandbox.control("POST", "acm/cloudfront_managed", {"names": ["cdn.http.example.com"]})["arn"]
    idle = sandbox.control("POST", "acm/cloudfront_managed", {"names": ["idle.http.example.com"]})["arn"]
    sandbox.client("cloudfront", "us-east-1").create_distribution(
        DistributionConfig=distribution_config(["cdn.http.example.com"], served))
    args = {"region": "us-east-1", "check_dns": False}
    args.update({"certificate_arns": [served, idle]} if arns else {"domains": ["*.http.example.com"]})
    result = ansible.module(MODULE, args)
    assert not result.get("failed"), result
    certs = by_arn(result)
    assert set(certs) == {served, idle}
    for entry in certs.values():
        assert (entry["validation_method"], entry["managed_by"]) == ("HTTP", "CLOUDFRONT")
        assert "https_rule" not in entry
    ready = certs[served]
    assert ready["verdict"] == "ready" and ready["reason_codes"] == []
    assert any("CloudFront distribution, which serves its validation redirect" in r for r in ready["reasons"])
    at_risk = certs[idle]
    assert at_risk["verdict"] == "at_risk" and at_risk["reason_codes"] == ["http_not_served"]
    assert "not in use by any CloudFront distribution" in at_risk["reasons"][0]
    assert "Put it back on its CloudFront distribution" in at_risk["recommendation"]
    if arns:  # described: the reason names the redirect the distribution no longer serves
        assert "http://idle.http.example.com/.well-known/pki-validation/" in at_risk["reasons"][0]
