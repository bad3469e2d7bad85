"""Seeded fleets: the demo manifest agrees with what the AWS APIs report, and the bench
fleet seeds certificates and consumers in proportion."""

from __future__ import annotations

import datetime

import pytest

DEMO_ROLES = {"alb_default", "alb_sni", "nlb", "clb", "expiring", "apigateway", "unused", "dns_validated",
              "cloudfront", "imported", "appsync_only"}
APPSYNC_ARN = "arn:aws:appsync:eu-west-1:123456789012:domainnames/graphql.example.com"
_cache = {}


@pytest.fixture
def demo(sandbox_server):
    """The demo fleet, seeded once and reused while the sandbox still holds it (another
    test's reset wipes it; then it is seeded again)."""
    current = sandbox_server.control("GET", "fleet")["fleets"].get("demo")
    if current is None or current != _cache.get("demo"):
        sandbox_server.reset()
        _cache["demo"] = sandbox_server.seed("demo")
    return _cache["demo"]


def _describe(sandbox, cert):
    acm = sandbox.client("acm", cert["region"])
    return acm.describe_certificate(CertificateArn=cert["arn"])["Certificate"]


def test_demo_manifest_shape(demo):
    assert demo["fleet"] == "demo"
    assert demo["regions"] == ["eu-west-1", "us-east-1"]
    assert set(demo["certificates"]) == DEMO_ROLES
    assert set(demo["consumers"]) == {"alb", "nlb", "clb", "apigateway", "cloudfront", "appsync"}
    assert len(demo["certificates"]) == 11
    assert set(demo["zones"]) == {"example.com", "example.org"}
    assert {c["region"] for c in demo["certificates"].values()} == {"eu-west-1", "us-east-1"}


def test_demo_certificates_are_issued_with_the_declared_validation(sandbox_server, demo):
    for role, cert in demo["certificates"].items():
        described = _describe(sandbox_server, cert)
        assert described["Status"] == "ISSUED", role
        assert described["Type"] == cert["type"], role
        assert described["DomainName"] == cert["domain_name"], role
        assert set(described["SubjectAlternativeNames"]) == set(cert["names"]), role
        options = described.get("DomainValidationOptions", [])
        if cert["type"] == "IMPORTED":
            assert not options, role
            continue
        assert {o["ValidationMethod"] for o in options} == {cert["validation_method"]}, role
        if cert["validation_method"] == "EMAIL":
            assert all(o.get("ValidationEmails") and "ResourceRecord" not in o for o in options), role
        else:
            assert all(o["ResourceRecord"]["Type"] == "CNAME" for o in options), role


def test_demo_validation_methods_as_declared(demo):
    methods = {role: c["validation_method"] for role, c in demo["certificates"].items()}
    assert methods.pop("dns_validated") == "DNS"
    assert methods.pop("imported") is None
    assert set(methods.values()) == {"EMAIL"}


def test_dns_validated_certificate_has_its_cname_in_the_zone(sandbox_server, demo):
    cert = demo["certificates"]["dns_validated"]
    described = _describe(sandbox_server, cert)
    expected = {(o["ResourceRecord"]["Name"], o["ResourceRecord"]["Value"]) for o in described["DomainValidationOptions"]}
    assert expected == {(r["name"], r["value"]) for r in cert["validation_records"]}
    r53 = sandbox_server.client("route53")
    zone_id = demo["zones"]["example.com"]["id"]
    records = r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
    cnames = {(r["Name"], r["ResourceRecords"][0]["Value"]) for r in records if r["Type"] == "CNAME"}
    assert expected <= cnames


def test_zones_are_public(sandbox_server, demo):
    r53 = sandbox_server.client("route53")
    for name, zone in demo["zones"].items():
        got = r53.get_hosted_zone(Id=zone["id"])["HostedZone"]
        assert got["Name"] == f"{name}." and got["Config"]["PrivateZone"] is False


def test_expiring_certificate_expires_within_30_days(sandbox_server, demo):
    now = datetime.datetime.now(datetime.timezone.utc)
    for role, cert in demo["certificates"].items():
        days = (_describe(sandbox_server, cert)["NotAfter"] - now).days
        if role == "expiring":
            assert 0 < days < 30
            assert days == cert["expires_in_days"] - 1 or days == cert["expires_in_days"]
        else:
            assert days > 45, role  # outside the renewal window


def _consumer_index(sandbox, region):
    """certificate ARN -> consumer descriptions, built from the AWS APIs alone."""
    index = {}
    elbv2 = sandbox.client("elbv2", region)
    for lb in elbv2.describe_load_balancers()["LoadBalancers"]:
        for listener in elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]:
            if listener["Protocol"] not in ("HTTPS", "TLS"):
                continue
            for c in elbv2.describe_listener_certificates(ListenerArn=listener["ListenerArn"])["Certificates"]:
                kind = "default" if c.get("IsDefault") else "sni"
                index.setdefault(c["CertificateArn"], set()).add(("elbv2", listener["ListenerArn"], kind))
    elb = sandbox.client("elb", region)
    for lb in elb.describe_load_balancers()["LoadBalancerDescriptions"]:
        for d in lb["ListenerDescriptions"]:
            arn = d["Listener"].get("SSLCertificateId")
            if arn:
                index.setdefault(arn, set()).add(("elb", lb["LoadBalancerName"], d["Listener"]["LoadBalancerPort"]))
    apigw = sandbox.client("apigateway", region)
    for d in apigw.get_domain_names()["items"]:
        for key in ("certificateArn", "regionalCertificateArn"):
            if d.get(key):
                index.setdefault(d[key], set()).add(("apigateway", d["domainName"], key))
    if region == "us-east-1":
        cloudfront = sandbox.client("cloudfront", "us-east-1")
        for d in cloudfront.list_distributions()["DistributionList"].get("Items", []):
            arn = d["ViewerCertificate"].get("ACMCertificateArn")
            if arn:
                index.setdefault(arn, set()).add(("cloudfront", d["Id"], tuple(d["Aliases"].get("Items", []))))
    return index


def test_every_consumer_references_the_right_certificate(sandbox_server, demo):
    certs = demo["certificates"]
    consumers = demo["consumers"]
    index = {}
    for region in demo["regions"]:
        index.update(_consumer_index(sandbox_server, region))
    expected = {
        certs["alb_default"]["arn"]: {("elbv2", consumers["alb"]["listener_arn"], "default")},
        certs["alb_sni"]["arn"]: {("elbv2", consumers["alb"]["listener_arn"], "sni")},
        certs["nlb"]["arn"]: {("elbv2", consumers["nlb"]["listener_arn"], "default")},
        certs["clb"]["arn"]: {("elb", "demo-clb", 443)},
        certs["expiring"]["arn"]: {("elb", "demo-clb", 8443)},
        certs["apigateway"]["arn"]: {("apigateway", "api.example.org", "regionalCertificateArn")},
        certs["cloudfront"]["arn"]: {("cloudfront", consumers["cloudfront"]["distribution_id"],
                                      ("example.com", "www.example.com"))},
    }
    assert index == expected  # unused, dns_validated and imported: used by nothing; appsync_only: invisible
    for role, cert in certs.items():
        assert cert["in_use"] == (cert["arn"] in expected or role == "appsync_only"), role
        assert bool(cert["used_by"]) == cert["in_use"], role


def test_appsync_only_certificate_is_used_by_a_consumer_no_scan_sees(sandbox_server, demo):
    """AWS: ACM's InUseBy lists an AppSync custom domain (a consumer with no in-place certificate
    switch, aws-facts.md) while none of the consumer APIs a scan reads lists the certificate;
    DeleteCertificate refuses it (in use). Only the in-place validation migration keeps it up."""
    cert = demo["certificates"]["appsync_only"]
    assert (cert["region"], cert["names"], cert["validation_method"]) == ("eu-west-1", ["graphql.example.com"], "EMAIL")
    assert cert["used_by"] == ["appsync"] and cert["in_use"]
    consumer = demo["consumers"]["appsync"]
    assert consumer["resource_arn"] == APPSYNC_ARN and consumer["certificates"] == [cert["arn"]]
    assert (consumer["type"], consumer["visible"], consumer["switchable"]) == ("appsync-domain", False, False)
    described = _describe(sandbox_server, cert)
    assert described["InUseBy"] == [APPSYNC_ARN] and described["Status"] == "ISSUED"
    assert cert["arn"] not in _consumer_index(sandbox_server, "eu-west-1")
    import botocore.exceptions

    with pytest.raises(botocore.exceptions.ClientError) as e:
        sandbox_server.client("acm", "eu-west-1").delete_certificate(CertificateArn=cert["arn"])
    assert e.value.response["Error"]["Code"] == "ResourceInUseException"


def test_consumer_details(sandbox_server, demo):
    consumers = demo["consumers"]
    elbv2 = sandbox_server.client("elbv2", "eu-west-1")
    alb = elbv2.describe_load_balancers(LoadBalancerArns=[consumers["alb"]["load_balancer_arn"]])["LoadBalancers"][0]
    nlb = elbv2.describe_load_balancers(LoadBalancerArns=[consumers["nlb"]["load_balancer_arn"]])["LoadBalancers"][0]
    assert (alb["Type"], nlb["Type"]) == ("application", "network")
    listener = elbv2.describe_listeners(ListenerArns=[consumers["nlb"]["listener_arn"]])["Listeners"][0]
    assert listener["Protocol"] == "TLS"

    apigw = sandbox_server.client("apigateway", "eu-west-1")
    domain = apigw.get_domain_name(domainName="api.example.org")
    assert domain["endpointConfiguration"]["types"] == ["REGIONAL"]

    cloudfront = sandbox_server.client("cloudfront", "us-east-1")
    dist = cloudfront.get_distribution(Id=consumers["cloudfront"]["distribution_id"])["Distribution"]
    config = dist["DistributionConfig"]
    cert_arn = config["ViewerCertificate"]["ACMCertificateArn"]
    assert cert_arn.split(":")[3] == "us-east-1"
    assert set(config["Aliases"]["Items"]) <= set(demo["certificates"]["cloudfront"]["names"])


def test_in_use_by_matches_the_consumers(sandbox_server, demo):
    """ACM's InUseBy agrees with the consumers (AWS computes it from every consumer type)."""
    for role, cert in demo["certificates"].items():
        in_use_by = _describe(sandbox_server, cert).get("InUseBy", [])
        assert bool(in_use_by) == cert["in_use"], (role, in_use_by)


def test_fleet_route_returns_the_manifest_and_reset_forgets_it(sandbox_server, demo):
    got = sandbox_server.control("GET", "fleet")
    assert got["fleet"] == demo and got["fleets"]["demo"] == demo
    sandbox_server.reset()
    _cache.clear()
    assert sandbox_server.control("GET", "fleet") == {"fleet": None, "fleets": {}}


def test_unknown_fleet_is_an_error(sandbox):
    with pytest.raises(RuntimeError, match="unknown fleet"):
        sandbox.seed("nope")


def test_bench_fleet_in_proportion(sandbox):
    manifest = sandbox.seed("bench", certificates=60, regions=["eu-west-1", "us-east-1"])
    assert manifest["regions"] == ["eu-west-1", "us-east-1"]
    for region in manifest["regions"]:
        counts = manifest["counts"][region]
        assert counts["certificates"] == 60
        acm = sandbox.client("acm", region)
        listed = acm.list_certificates(Includes={"keyTypes": ["RSA_2048", "EC_prime256v1", "EC_secp384r1"]},
                                       MaxItems=1000)["CertificateSummaryList"]
        assert len(listed) == 60
        assert counts["by_validation_method"] == {"EMAIL": 53, "DNS": 6, "None": 1}
        assert counts["by_status"] == {"ISSUED": 60}
        assert counts["in_use"] == 48  # 80%
        kinds = set(counts["consumers"])
        assert {"elbv2-listener", "elb-listener", "apigateway-domain"} <= kinds
        assert ("cloudfront-distribution" in kinds) == (region == "us-east-1")
        index = _consumer_index(sandbox, region)
        in_use = {arn for arn, c in manifest["certificates"].items() if c["region"] == region and c["in_use"]}
        assert set(index) == in_use


def test_bench_string_form_and_other_account(sandbox):
    manifest = sandbox.seed("bench:5:1", account="111122223333", in_use=0)
    assert manifest["account"] == "111122223333" and manifest["counts"]["eu-west-1"]["certificates"] == 5
    default_account = sandbox.client("acm", "eu-west-1").list_certificates()["CertificateSummaryList"]
    assert default_account == []
    creds = sandbox.client("sts", "us-east-1").assume_role(
        RoleArn="arn:aws:iam::111122223333:role/reader", RoleSessionName="test")["Credentials"]
    other = sandbox.client("acm", "eu-west-1", aws_access_key_id=creds["AccessKeyId"],
                           aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
    assert len(other.list_certificates()["CertificateSummaryList"]) == 5


def test_bench_fleet_publishes_hundreds_of_dns_validation_records(sandbox):
    """300 DNS-validated certificates: their CNAMEs go to Route53 in batches within its 32,000
    characters (an UPSERT counting twice), which one 500-record batch was not."""
    manifest = sandbox.seed("bench", certificates=300, regions=["eu-west-1"], dns_share=1.0, imported_share=0,
                            in_use=0)
    zone_id = next(iter(manifest["zones"].values()))["id"]
    r53 = sandbox.client("route53")
    cnames = [r for page in r53.get_paginator("list_resource_record_sets").paginate(HostedZoneId=zone_id)
              for r in page["ResourceRecordSets"] if r["Type"] == "CNAME"]
    assert len(cnames) == 570  # two names each, but a wildcard and its apex (1 in 10) share one
