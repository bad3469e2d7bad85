"""certshift.acm.acm_cert_swap against the sandbox: every consumer type switched in place,
the safety gate, check mode predicting the real run, idempotence, retirement and rollback."""

from __future__ import annotations

import datetime
import functools
import time

import pytest

from sandbox.fleets import distribution_config

US = "us-east-1"
EU = "eu-west-1"
ACCOUNT = "123456789012"
MODULE = "certshift.acm.acm_cert_swap"
REPLACES = "certshift:replaces"

MUTATING = {
    "elbv2:ModifyListener", "elbv2:AddListenerCertificates", "elbv2:RemoveListenerCertificates",
    "elb:SetLoadBalancerListenerSSLCertificate", "elb:CreateLoadBalancerListeners", "elb:DeleteLoadBalancerListeners",
    "cloudfront:UpdateDistribution", "apigateway:UpdateDomainName", "apigatewayv2:UpdateDomainName",
    "acm:DeleteCertificate",
}


# --------------------------------------------------------------------------------------
# builders
# --------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _self_signed(names, days):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = _key()
    now = datetime.datetime.now(datetime.timezone.utc)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def cert(sandbox, names, region=US, days=365, replaces=None):
    """An ISSUED certificate: imported, or with ``replaces`` that certificate's replacement as acm_dns_migrate
    makes it (ACM-issued, DNS-validated, tagged; a tag on anything else is no replacement)."""
    if replaces:
        return dns_replacement(sandbox, names, replaces, region)
    pem, key_pem = _self_signed(names, days)
    return sandbox.client("acm", region).import_certificate(Certificate=pem, PrivateKey=key_pem)["CertificateArn"]


def dns_replacement(sandbox, names, replaces, region=US):
    """Request a DNS-validated certificate tagged as replacing ``replaces``, publish its CNAMEs in the
    sandbox's Route53 (a zone per registrable name) and wait until ACM issues it."""
    acm, r53 = sandbox.client("acm", region), sandbox.client("route53")
    arn = acm.request_certificate(DomainName=names[0], SubjectAlternativeNames=list(names), ValidationMethod="DNS",
                                  Tags=[{"Key": REPLACES, "Value": replaces}])["CertificateArn"]
    zones = {z["Name"]: z["Id"] for z in r53.list_hosted_zones()["HostedZones"]}
    for option in acm.describe_certificate(CertificateArn=arn)["Certificate"]["DomainValidationOptions"]:
        record = option["ResourceRecord"]
        apex = ".".join(option["DomainName"].removeprefix("*.").split(".")[-2:]) + "."
        if apex not in zones:
            zones[apex] = r53.create_hosted_zone(Name=apex, CallerReference=f"{apex}-{time.time()}")["HostedZone"]["Id"]
        r53.change_resource_record_sets(HostedZoneId=zones[apex], ChangeBatch={"Changes": [{
            "Action": "UPSERT", "ResourceRecordSet": {"Name": record["Name"], "Type": "CNAME", "TTL": 300,
                                                      "ResourceRecords": [{"Value": record["Value"]}]}}]})
    return wait_issued(acm, arn)


def wait_issued(acm, arn):
    """``arn`` once ACM reports it ISSUED (the sandbox issues within seconds; 30 s at most)."""
    deadline = time.monotonic() + 30
    while acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"] != "ISSUED":
        assert time.monotonic() < deadline, f"{arn} was not issued"
        time.sleep(0.2)
    return arn


def network(sandbox, region):
    ec2 = sandbox.client("ec2", region)
    vpc_id = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    by_az = {}
    for subnet in subnets:
        by_az.setdefault(subnet["AvailabilityZone"], subnet["SubnetId"])
    return {"vpc_id": vpc_id, "subnets": sorted(by_az.values())[:2], "azs": sorted(by_az)[:2]}


def elbv2_lb(sandbox, region, name, listeners, lb_type="application"):
    """``listeners``: [(port, default_arn, [sni arns])]; returns {port: listener arn} and the LB ARN."""
    elbv2 = sandbox.client("elbv2", region)
    net = network(sandbox, region)
    lb = elbv2.create_load_balancer(Name=name, Subnets=net["subnets"], Type=lb_type)["LoadBalancers"][0]
    tg = elbv2.create_target_group(Name=f"{name}-tg", Protocol="TCP" if lb_type == "network" else "HTTP",
                                   Port=80, VpcId=net["vpc_id"], TargetType="ip")["TargetGroups"][0]
    arns = {}
    for port, default, sni in listeners:
        listener = elbv2.create_listener(
            LoadBalancerArn=lb["LoadBalancerArn"], Protocol="TLS" if lb_type == "network" else "HTTPS", Port=port,
            Certificates=[{"CertificateArn": default}],
            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])["Listeners"][0]
        if sni:
            elbv2.add_listener_certificates(ListenerArn=listener["ListenerArn"],
                                            Certificates=[{"CertificateArn": a} for a in sni])
        arns[port] = listener["ListenerArn"]
    return lb["LoadBalancerArn"], arns


def listener_certs(sandbox, region, listener_arn):
    """(default, sorted SNI list) as DescribeListenerCertificates reports them."""
    certs = sandbox.client("elbv2", region).describe_listener_certificates(ListenerArn=listener_arn)["Certificates"]
    default = [c["CertificateArn"] for c in certs if c.get("IsDefault")]
    sni = sorted(c["CertificateArn"] for c in certs if not c.get("IsDefault"))
    return (default[0] if default else None), sni


def classic_lb(sandbox, region, name, listeners):
    """``listeners``: [(protocol, port, arn)]."""
    net = network(sandbox, region)
    sandbox.client("elb", region).create_load_balancer(
        LoadBalancerName=name, AvailabilityZones=net["azs"],
        Listeners=[{"Protocol": proto, "LoadBalancerPort": port, "InstanceProtocol": "HTTP" if proto == "HTTPS" else "TCP",
                    "InstancePort": 80, "SSLCertificateId": arn} for proto, port, arn in listeners])


def classic_certs(sandbox, region, name):
    lb = sandbox.client("elb", region).describe_load_balancers(LoadBalancerNames=[name])["LoadBalancerDescriptions"][0]
    return {d["Listener"]["LoadBalancerPort"]: d["Listener"].get("SSLCertificateId") for d in lb["ListenerDescriptions"]}


def distribution(sandbox, aliases, arn, comment="swap"):
    config = distribution_config(aliases, arn, comment)
    return sandbox.client("cloudfront", US).create_distribution(DistributionConfig=config)["Distribution"]["Id"]


def viewer_certificate(sandbox, dist_id):
    return sandbox.client("cloudfront", US).get_distribution_config(Id=dist_id)["DistributionConfig"]["ViewerCertificate"]


def apigw_v1(sandbox, region, domain, arn, endpoint="REGIONAL"):
    client = sandbox.client("apigateway", region)
    if endpoint == "EDGE":
        client.create_domain_name(domainName=domain, certificateArn=arn, endpointConfiguration={"types": ["EDGE"]})
    else:
        client.create_domain_name(domainName=domain, regionalCertificateArn=arn,
                                  endpointConfiguration={"types": ["REGIONAL"]}, securityPolicy="TLS_1_2")


def apigw_v1_cert(sandbox, region, domain):
    d = sandbox.client("apigateway", region).get_domain_name(domainName=domain)
    return d.get("certificateArn") or d.get("regionalCertificateArn")


def apigw_v2(sandbox, region, domain, arn):
    sandbox.client("apigatewayv2", region).create_domain_name(DomainName=domain, DomainNameConfigurations=[
        {"CertificateArn": arn, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}])


def apigw_v2_cert(sandbox, region, domain):
    d = sandbox.client("apigatewayv2", region).get_domain_name(DomainName=domain)
    return d["DomainNameConfigurations"][0]["CertificateArn"]


def exists(sandbox, arn, region=US):
    try:
        sandbox.client("acm", region).describe_certificate(CertificateArn=arn)
        return True
    except sandbox.client("acm", region).exceptions.ResourceNotFoundException:
        return False


def mutating_calls(sandbox):
    return {k: v for k, v in sandbox.calls()["by_action"].items() if k in MUTATING}


def swap(ansible, args, region=US, check=False, diff=False):
    result = ansible.module(MODULE, args, check=check, diff=diff, region=region)
    result.pop("_run")
    return result


def ok(result):
    assert not result.get("failed"), result.get("msg", result)
    return result


def by_type(actions):
    found = {}
    for a in actions:
        found.setdefault(a["resource_type"], []).append(a)
    return found


# --------------------------------------------------------------------------------------
# every consumer type, check mode, real run, idempotence
# --------------------------------------------------------------------------------------
def test_every_consumer_type_switched_in_place_and_old_deleted(ansible, sandbox):
    names = ["example.com", "www.example.com", "*.example.com"]
    old = cert(sandbox, names)
    new = cert(sandbox, ["example.com", "*.example.com", "www.example.com"], replaces=old)
    other = cert(sandbox, ["other.example.net"])
    other2 = cert(sandbox, ["other2.example.net"])
    # One ALB, several listeners: old as default (with another SNI certificate) and as SNI (another default).
    _lb, alb = elbv2_lb(sandbox, US, "alb", [(443, old, [other]), (8443, other2, [old])])
    _nlb, nlb = elbv2_lb(sandbox, US, "nlb", [(443, old, [])], lb_type="network")
    classic_lb(sandbox, US, "classic", [("HTTPS", 443, old), ("SSL", 8443, old), ("HTTPS", 9443, other)])
    dist = distribution(sandbox, ["example.com", "www.example.com", "cdn.example.com"], old)
    apigw_v1(sandbox, US, "edge.example.com", old, "EDGE")
    apigw_v1(sandbox, US, "regional.example.com", old, "REGIONAL")
    apigw_v2(sandbox, US, "v2.example.com", old)
    sandbox.reset_calls()

    args = {"certificate_arns": [old], "delete_old": True, "in_use_wait_timeout": 30}
    planned = ok(swap(ansible, args, check=True, diff=True))
    assert planned["changed"] is True
    assert mutating_calls(sandbox) == {}
    kinds = {t: sorted(a["action"] for a in acts) for t, acts in by_type(planned["actions"]).items()}
    assert kinds == {
        "elbv2_default": ["swap_default", "swap_default"],  # ALB :443 and the NLB
        "elbv2_sni": ["swap_sni"],
        "elb": ["swap", "swap"],
        "cloudfront": ["swap"],
        "apigateway": ["swap", "swap"],
        "apigatewayv2": ["swap"],
        "acm_certificate": ["delete"],
    }
    for action in planned["actions"]:
        assert action["before"] == old
        assert action["after"] == (None if action["action"] == "delete" else new)
    assert planned["pairs"] == [{
        "old_certificate_arn": old, "new_certificate_arn": new, "old_status": "ISSUED", "consumers": 9,
        "switched": 9, "unknown_consumers": [], "new_certificate_planned": False, "deleted": True, "already_deleted": False,
            "delete_held": None}]
    assert planned["diff"]["before"][f"cloudfront {dist}"] == old
    assert planned["diff"]["after"][f"cloudfront {dist}"] == new
    assert planned["diff"]["after"][f"acm certificate {old}"] == "absent"

    done = ok(swap(ansible, args))
    assert done["changed"] is True
    assert done["actions"] == planned["actions"]
    # a real run also tells the replacement's state afterwards: DNS-validated, in use, so ACM renews it
    assert done["pairs"][0].pop("new_certificate_state") == {
        "status": "ISSUED", "validation_method": "DNS", "in_use": True, "renewal_eligibility": "ELIGIBLE"}
    assert done["pairs"] == planned["pairs"]

    assert listener_certs(sandbox, US, alb[443]) == (new, [other])
    assert listener_certs(sandbox, US, alb[8443]) == (other2, [new])
    assert listener_certs(sandbox, US, nlb[443]) == (new, [])
    assert classic_certs(sandbox, US, "classic") == {443: new, 8443: new, 9443: other}
    viewer = viewer_certificate(sandbox, dist)
    assert viewer["ACMCertificateArn"] == new
    assert viewer["SSLSupportMethod"] == "sni-only" and viewer["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assert apigw_v1_cert(sandbox, US, "edge.example.com") == new
    assert apigw_v1_cert(sandbox, US, "regional.example.com") == new
    assert apigw_v2_cert(sandbox, US, "v2.example.com") == new
    assert not exists(sandbox, old)
    calls = mutating_calls(sandbox)
    assert "elb:DeleteLoadBalancerListeners" not in calls and "elb:CreateLoadBalancerListeners" not in calls
    assert calls["elb:SetLoadBalancerListenerSSLCertificate"] == 2
    assert calls["acm:DeleteCertificate"] == 1

    # Idempotent: check mode and a real run find nothing to do and call nothing that changes.
    sandbox.reset_calls()
    for check in (True, False):
        again = ok(swap(ansible, args, check=check))
        assert again["changed"] is False
        assert again["actions"] == []
        assert again["pairs"][0]["old_status"] == "absent"
    assert mutating_calls(sandbox) == {}


def test_explicit_pairs_idempotent_and_rollback(ansible, sandbox):
    old = cert(sandbox, ["shop.example.com"], region=EU)
    new = cert(sandbox, ["shop.example.com"], region=EU, replaces=old)
    sni_other = cert(sandbox, ["b.example.org"], region=EU)
    _lb, alb = elbv2_lb(sandbox, EU, "alb", [(443, old, [sni_other]), (444, sni_other, [old])])
    classic_lb(sandbox, EU, "classic", [("HTTPS", 443, old), ("SSL", 465, old)])
    apigw_v2(sandbox, EU, "shop.example.com", old)

    forward = {"pairs": [{"old": old, "new": new}]}
    first = ok(swap(ansible, forward, region=EU))
    assert first["changed"] is True and first["pairs"][0]["switched"] == 5
    assert first["pairs"][0]["deleted"] is False and first["pairs"][0]["delete_held"] is None

    sandbox.reset_calls()
    second = ok(swap(ansible, forward, region=EU))
    assert second["changed"] is False and second["actions"] == []
    assert mutating_calls(sandbox) == {}

    # Rollback: the pair reversed restores the old certificate everywhere; the replacement is
    # not tagged as replaced by the old one, so delete_old does not delete it.
    back = ok(swap(ansible, {"pairs": [{"old": new, "new": old}], "delete_old": True}, region=EU))
    assert back["changed"] is True and back["pairs"][0]["switched"] == 5
    assert back["pairs"][0]["deleted"] is False
    assert "not tagged certshift:replaces" in back["pairs"][0]["delete_held"]
    assert listener_certs(sandbox, EU, alb[443]) == (old, [sni_other])
    assert listener_certs(sandbox, EU, alb[444]) == (sni_other, [old])
    assert classic_certs(sandbox, EU, "classic") == {443: old, 465: old}
    assert apigw_v2_cert(sandbox, EU, "shop.example.com") == old
    assert exists(sandbox, new, EU)


# --------------------------------------------------------------------------------------
# the safety gate
# --------------------------------------------------------------------------------------
def test_cloudfront_alias_not_covered_fails_and_changes_nothing(ansible, sandbox):
    old = cert(sandbox, ["example.com", "*.example.com"])
    new = cert(sandbox, ["example.com", "www.example.com"], replaces=old)
    covered = distribution(sandbox, ["example.com", "www.example.com"], old, "covered")
    uncovered = distribution(sandbox, ["cdn.example.com"], old, "uncovered")
    sandbox.reset_calls()
    result = swap(ansible, {"pairs": [{"old": old, "new": new}], "delete_old": True})
    assert result["failed"] and "nothing was changed" in result["msg"]
    assert f"does not cover cdn.example.com served by CloudFront distribution {uncovered}" in result["msg"]
    assert result["uncovered_names"] == ["*.example.com", "cdn.example.com"]
    assert mutating_calls(sandbox) == {}
    assert viewer_certificate(sandbox, covered)["ACMCertificateArn"] == old
    assert viewer_certificate(sandbox, uncovered)["ACMCertificateArn"] == old


@pytest.mark.parametrize("case", ["name_missing", "wildcard_one_label", "expires_soon", "other_region"])
def test_gate_failures_name_the_problem(ansible, sandbox, case):
    old_names = {"wildcard_one_label": ["*.b.example.com"]}.get(case, ["example.com", "www.example.com"])
    old = cert(sandbox, old_names, region=EU)
    new, expected = {
        "name_missing": (lambda: cert(sandbox, ["example.com"], region=EU), "www.example.com"),
        "wildcard_one_label": (lambda: cert(sandbox, ["*.example.com"], region=EU), "*.b.example.com"),
        "expires_soon": (lambda: cert(sandbox, old_names, region=EU, days=10), "within 30 days"),
        "other_region": (lambda: cert(sandbox, old_names, region=US), "this run targets eu-west-1"),
    }[case]
    new = new()
    classic_lb(sandbox, EU, "classic", [("HTTPS", 443, old)])
    sandbox.reset_calls()
    result = swap(ansible, {"pairs": [{"old": old, "new": new}]}, region=EU)
    assert result["failed"] and expected in result["msg"], result["msg"]
    assert mutating_calls(sandbox) == {}
    assert classic_certs(sandbox, EU, "classic") == {443: old}


def test_missing_replacement_tag_is_a_clear_failure(ansible, sandbox):
    old = cert(sandbox, ["example.com"], region=EU)
    result = swap(ansible, {"certificate_arns": [old]}, region=EU)
    assert result["failed"] and f"no certificate tagged certshift:replaces={old}" in result["msg"]


# --------------------------------------------------------------------------------------
# consumer filter, unknown consumers and the delete
# --------------------------------------------------------------------------------------
def test_consumer_type_filter_leaves_others_and_holds_delete(ansible, sandbox):
    old = cert(sandbox, ["api.example.org"], region=EU)
    new = cert(sandbox, ["api.example.org"], region=EU, replaces=old)
    classic_lb(sandbox, EU, "classic", [("HTTPS", 443, old)])
    apigw_v1(sandbox, EU, "api.example.org", old)
    args = {"pairs": [{"old": old, "new": new}], "consumer_types": ["elb"], "delete_old": True}
    planned = ok(swap(ansible, args, region=EU, check=True))
    done = ok(swap(ansible, args, region=EU))
    assert done["actions"] == planned["actions"]
    actions = by_type(done["actions"])
    assert actions["apigateway"][0]["action"] == "none"
    assert "apigateway is not in consumer_types" in actions["apigateway"][0]["reason"]
    assert actions["elb"][0]["action"] == "swap"
    assert classic_certs(sandbox, EU, "classic") == {443: new}
    assert apigw_v1_cert(sandbox, EU, "api.example.org") == old
    assert done["pairs"][0]["deleted"] is False and "keep the old certificate" in done["pairs"][0]["delete_held"]
    assert exists(sandbox, old, EU)


def test_unknown_in_use_entry_holds_the_delete(ansible, sandbox):
    old = cert(sandbox, ["legacy.example.com"], region=EU)
    new = cert(sandbox, ["legacy.example.com"], region=EU, replaces=old)
    classic_lb(sandbox, EU, "classic", [("HTTPS", 443, old)])
    unknown = f"arn:aws:cloudfront::{ACCOUNT}:distribution/EMANAGEDBYAWS"
    sandbox.control("POST", "acm/in_use_extra", {"certificate_arn": old, "resource_arn": unknown})
    args = {"pairs": [{"old": old, "new": new}], "delete_old": True}
    planned = ok(swap(ansible, args, region=EU, check=True))
    assert planned["pairs"][0]["unknown_consumers"] == [unknown]
    done = ok(swap(ansible, args, region=EU))
    assert done["actions"] == planned["actions"]
    assert classic_certs(sandbox, EU, "classic") == {443: new}
    pair = done["pairs"][0]
    assert pair["deleted"] is False and unknown in pair["delete_held"]
    assert exists(sandbox, old, EU)
    assert "acm:DeleteCertificate" not in mutating_calls(sandbox)


# --------------------------------------------------------------------------------------
# CloudFront: stale ETag, deployment, InUseBy lag, serving check
# --------------------------------------------------------------------------------------
def test_cloudfront_stale_etag_is_reread_and_retried(ansible, sandbox):
    old = cert(sandbox, ["www.example.com"])
    new = cert(sandbox, ["www.example.com"], replaces=old)
    dist = distribution(sandbox, ["www.example.com"], old)
    # Somebody else updates the distribution between our read and our write, once.
    sandbox.settings(cloudfront_concurrent_updates=1)
    sandbox.reset_calls()
    done = ok(swap(ansible, {"pairs": [{"old": old, "new": new}]}))
    assert done["changed"] is True
    calls = sandbox.calls()["by_action"]
    assert calls["cloudfront:UpdateDistribution"] == 2  # PreconditionFailed, then success
    assert calls["cloudfront:GetDistributionConfig"] == 2  # re-read after the stale ETag
    assert len(sandbox.control("GET", "concurrent_writes")["writes"]) == 1
    assert viewer_certificate(sandbox, dist)["ACMCertificateArn"] == new


def test_cloudfront_wait_deployed_then_in_use_lag_then_delete(ansible, sandbox):
    old = cert(sandbox, ["example.com", "www.example.com"])
    new = cert(sandbox, ["example.com", "www.example.com"], replaces=old)
    dist = distribution(sandbox, ["example.com", "www.example.com"], old)
    sandbox.settings(cloudfront_deploy_seconds=2, acm_in_use_lag_seconds=4)
    sandbox.reset_calls()
    done = ok(swap(ansible, {"certificate_arns": [old], "wait_deployed": True, "delete_old": True,
                             "in_use_wait_timeout": 60}))
    # The sandbox refuses DeleteCertificate while InUseBy still lags (4 s): deleted means the swap waited for it.
    assert done["pairs"][0]["deleted"] is True
    actions = [action for _seconds, action, _intercepted in sandbox.timeline()]
    last_delete = len(actions) - 1 - actions[::-1].index("acm:DeleteCertificate")
    assert "cloudfront:GetDistribution" in actions[actions.index("cloudfront:UpdateDistribution"):last_delete]
    assert sandbox.client("cloudfront", US).get_distribution(Id=dist)["Distribution"]["Status"] == "Deployed"
    assert not exists(sandbox, old)


def test_deployed_wait_timeout_bounds_the_cloudfront_wait_and_the_old_name_still_works(ansible, sandbox):
    old = cert(sandbox, ["example.com"])
    cert(sandbox, ["example.com"], replaces=old)
    dist = distribution(sandbox, ["example.com"], old)
    sandbox.settings(cloudfront_deploy_seconds=600)
    # wait_timeout is acm_migrate's validation wait; here it is the deprecated alias of deployed_wait_timeout
    result = swap(ansible, {"certificate_arns": [old], "wait_deployed": True, "wait_timeout": 0})
    assert "raise deployed_wait_timeout or run again later" in str(result)
    assert f"CloudFront distribution {dist} was still InProgress" in str(result)
    assert [d["msg"] for d in result["deprecations"]] == [
        "Alias 'wait_timeout' is deprecated. See the module docs for more information"]
    assert result["deprecations"][0]["version"] == "2.0.0"
    renamed = swap(ansible, {"certificate_arns": [old], "wait_deployed": True, "deployed_wait_timeout": 0})
    assert "raise deployed_wait_timeout" in str(renamed) and not renamed.get("deprecations")


def test_in_use_lag_longer_than_the_wait_holds_the_delete(ansible, sandbox):
    old = cert(sandbox, ["legacy.example.com"], region=EU)
    new = cert(sandbox, ["legacy.example.com"], region=EU, replaces=old)
    classic_lb(sandbox, EU, "classic", [("HTTPS", 443, old)])
    sandbox.settings(acm_in_use_lag_seconds=600)
    args = {"pairs": [{"old": old, "new": new}], "delete_old": True, "in_use_wait_timeout": 1}
    done = ok(swap(ansible, args, region=EU))
    pair = done["pairs"][0]
    assert pair["deleted"] is False and "still lists" in pair["delete_held"]
    assert "acm:DeleteCertificate" not in mutating_calls(sandbox)
    assert exists(sandbox, old, EU)
    # Once ACM catches up, a second run deletes it and changes nothing else.
    sandbox.settings(acm_in_use_lag_seconds=0)
    again = ok(swap(ansible, args, region=EU))
    assert again["changed"] is True and [a["action"] for a in again["actions"]] == ["delete"]
    assert not exists(sandbox, old, EU)


@pytest.mark.parametrize("serve", ["new", "old"])
def test_verify_serving_checks_the_served_certificate(ansible, sandbox, serve):
    old = cert(sandbox, ["shop.example.com"])
    new = cert(sandbox, ["shop.example.com"], replaces=old)
    distribution(sandbox, ["shop.example.com"], old)
    site = sandbox.control("POST", "sites", {"sites": {"shop.example.com": new if serve == "new" else old}})
    args = {"pairs": [{"old": old, "new": new}], "delete_old": True, "verify_serving": True,
            "verify_port": site["port"], "resolve": site["resolve"]}
    result = swap(ansible, args)
    if serve == "new":
        ok(result)
        assert result["pairs"][0]["verified"][0]["certificate_matches"] is True
        assert result["pairs"][0]["deleted"] is True
    else:
        assert result["failed"] and "shop.example.com: serves a different certificate" in result["msg"]
        assert result["pairs"][0]["deleted"] is False  # the swap happened, the delete is held
        assert exists(sandbox, old)


def test_rollback_playbook_restores_the_original(ansible, sandbox):
    old = cert(sandbox, ["legacy.example.com"], region=EU)
    new = cert(sandbox, ["legacy.example.com"], region=EU, replaces=old)
    classic_lb(sandbox, EU, "classic", [("HTTPS", 443, new)])  # as after a migration
    run = ansible.playbook("certshift.acm.rollback_acm", region=EU, extra_vars={
        "acm_regions": [EU], "acm_rollback_pairs": [{"old": old, "new": new}]})
    assert run.rc == 0, run
    result = run.result("certshift.acm.acm_rollback : Switch every consumer back to the original certificate")
    assert result["changed"] is True and result["pairs"][0]["switched"] == 1
    assert classic_certs(sandbox, EU, "classic") == {443: old}
    assert exists(sandbox, new, EU)
