"""ACM InUseBy computed live from every consumer, and DeleteCertificate refusing a
certificate in use: the sandbox behaves as the ACM API reference documents;
plain moto 5.2.5 does not."""

from __future__ import annotations

import time
import uuid

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import (
    ACCOUNT,
    distribution_config,
    https_listener,
    import_certificate,
    load_balancer,
)

REGION = "eu-west-1"


def _in_use_by(acm, arn):
    return acm.describe_certificate(CertificateArn=arn)["Certificate"].get("InUseBy", [])


def _in_use_flag(acm, arn):
    summaries = acm.list_certificates(Includes={"keyTypes": ["RSA_2048"]})["CertificateSummaryList"]
    return next(s.get("InUse") for s in summaries if s["CertificateArn"] == arn)


def _alb_switch(client):
    acm, elbv2, ec2 = client("acm", REGION), client("elbv2", REGION), client("ec2", REGION)
    old, sni, new = (import_certificate(acm, f"{n}.example.com") for n in ("old", "sni", "new"))
    lb_arn, tg_arn = load_balancer(elbv2, ec2)
    listener = https_listener(elbv2, lb_arn, tg_arn, old)
    elbv2.add_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": sni}])
    during = {arn: _in_use_by(acm, arn) for arn in (old, sni, new)}
    elbv2.modify_listener(ListenerArn=listener, Certificates=[{"CertificateArn": new}])
    after = {arn: _in_use_by(acm, arn) for arn in (old, sni, new)}
    return acm, (old, sni, new), lb_arn, listener, during, after


def test_elbv2_in_use_by_lists_the_load_balancer_and_follows_changes(sandbox, plain_moto):
    """AWS: InUseBy lists the ARN of the load balancer (not the listener) whose
    listener uses the certificate, as default or SNI certificate, and drops it
    once no listener uses the certificate any more; ListCertificates' InUse agrees."""
    acm, (old, sni, new), lb_arn, _, during, after = _alb_switch(sandbox.client)
    assert during == {old: [lb_arn], sni: [lb_arn], new: []}
    assert after == {old: [], sni: [lb_arn], new: [lb_arn]}
    assert _in_use_flag(acm, old) is False and _in_use_flag(acm, new) is True

    _, (old, sni, new), lb_arn, listener, during, after = _alb_switch(plain_moto)
    assert after[old] == [listener]  # moto: listener ARN, never cleared; SNI never listed
    assert after[sni] == []


def test_in_use_by_covers_every_consumer_type(sandbox):
    """AWS: InUseBy lists Classic ELB load balancers, CloudFront distributions (for
    us-east-1 certificates) and API Gateway custom domain names (v1 and v2) using the
    certificate, and drops each once it stops using it."""
    acm = sandbox.client("acm", "us-east-1")
    cert = import_certificate(acm, "*.example.com", "example.com")
    other = import_certificate(acm, "*.example.com", "example.com", "www.example.org")

    elb = sandbox.client("elb", "us-east-1")
    clb = f"clb-{uuid.uuid4().hex[:8]}"
    elb.create_load_balancer(LoadBalancerName=clb, AvailabilityZones=["us-east-1a"], Listeners=[
        {"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80,
         "SSLCertificateId": cert}])
    clb_arn = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/{clb}"

    cf = sandbox.client("cloudfront", "us-east-1")
    dist = cf.create_distribution(DistributionConfig=distribution_config(["www.example.com"], cert))
    dist_id, dist_arn = dist["Distribution"]["Id"], dist["Distribution"]["ARN"]

    v1 = sandbox.client("apigateway", "us-east-1")
    v1.create_domain_name(domainName="edge.example.com", certificateArn=cert)
    v1_arn = "arn:aws:apigateway:us-east-1::/domainnames/edge.example.com"
    v2 = sandbox.client("apigatewayv2", "us-east-1")
    v2.create_domain_name(DomainName="http.example.com", DomainNameConfigurations=[{"CertificateArn": cert}])
    v2_arn = "arn:aws:apigateway:us-east-1::/domainnames/http.example.com"

    assert _in_use_by(acm, cert) == sorted([clb_arn, dist_arn, v1_arn, v2_arn])

    elb.set_load_balancer_listener_ssl_certificate(LoadBalancerName=clb, LoadBalancerPort=443, SSLCertificateId=other)
    got = cf.get_distribution_config(Id=dist_id)
    config = got["DistributionConfig"]
    config["ViewerCertificate"]["ACMCertificateArn"] = other
    cf.update_distribution(Id=dist_id, IfMatch=got["ETag"], DistributionConfig=config)
    assert _in_use_by(acm, cert) == sorted([v1_arn, v2_arn])

    v1.update_domain_name(domainName="edge.example.com",
                          patchOperations=[{"op": "replace", "path": "/certificateArn", "value": other}])
    v2.delete_domain_name(DomainName="http.example.com")
    assert _in_use_by(acm, cert) == []
    assert _in_use_by(acm, other) == sorted([clb_arn, dist_arn, v1_arn])


def _delete_in_use(client):
    acm, (old, sni, new), *_ = _alb_switch(client)
    try:
        acm.delete_certificate(CertificateArn=new)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def test_delete_certificate_in_use_is_refused(sandbox, plain_moto):
    """AWS: DeleteCertificate fails with ResourceInUseException while the certificate
    is associated with a resource; once unused it can be deleted."""
    assert _delete_in_use(sandbox.client) == "ResourceInUseException"
    assert _delete_in_use(plain_moto) is None

    acm, (old, sni, new), *_ = _alb_switch(sandbox.client)
    acm.delete_certificate(CertificateArn=old)  # no longer used after the switch
    with pytest.raises(ClientError):
        acm.describe_certificate(CertificateArn=old)


def test_unknown_consumer_from_the_control_route(sandbox):
    """AWS: InUseBy can list resources the account cannot see (CloudFront-managed
    ones); such a certificate cannot be deleted either. Sandbox: POST
    /_sandbox/acm/in_use_extra adds such an entry ("remove": true drops it)."""
    acm = sandbox.client("acm", REGION)
    cert = import_certificate(acm, "hidden.example.com")
    hidden = "arn:aws:cloudfront::999999999999:distribution/EHIDDEN"
    sandbox.control("POST", "acm/in_use_extra", {"certificate_arn": cert, "resource_arn": hidden})
    assert _in_use_by(acm, cert) == [hidden]
    with pytest.raises(ClientError) as e:
        acm.delete_certificate(CertificateArn=cert)
    assert e.value.response["Error"]["Code"] == "ResourceInUseException"
    sandbox.control("POST", "acm/in_use_extra", {"certificate_arn": cert, "resource_arn": hidden, "remove": True})
    assert _in_use_by(acm, cert) == []
    sandbox.control("POST", "acm/in_use_extra", {"certificate_arn": cert, "resource_arn": hidden})
    sandbox.reset()
    assert sandbox.control("GET", "acm/in_use") == {}


def test_in_use_by_lags_behind_changes(sandbox):
    """AWS: InUseBy can lag behind a change (minutes). Sandbox: with
    acm_in_use_lag_seconds=N a resource stays listed, and the certificate stays
    undeletable, for N seconds after it stopped using the certificate."""
    sandbox.settings(acm_in_use_lag_seconds=1.0)
    acm, (old, sni, new), lb_arn, _, during, after = _alb_switch(sandbox.client)
    assert after[old] == [lb_arn]
    with pytest.raises(ClientError) as e:
        acm.delete_certificate(CertificateArn=old)
    assert e.value.response["Error"]["Code"] == "ResourceInUseException"
    time.sleep(1.1)
    assert _in_use_by(acm, old) == []
    acm.delete_certificate(CertificateArn=old)
