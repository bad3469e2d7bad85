"""Classic ELB SetLoadBalancerListenerSSLCertificate: the sandbox behaves as the
ELB API reference documents; plain moto 5.2.5 does not."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import import_certificate

REGION = "eu-west-1"


def _setup(client):
    acm, elb = client("acm", REGION), client("elb", REGION)
    old = import_certificate(acm, "classic.example.com")
    new = import_certificate(acm, "classic2.example.com")
    name = f"clb-{uuid.uuid4().hex[:8]}"
    elb.create_load_balancer(
        LoadBalancerName=name, AvailabilityZones=[f"{REGION}a"],
        Listeners=[{"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP",
                    "InstancePort": 80, "SSLCertificateId": old}],
    )
    return acm, elb, name, old, new


def _listener_cert(elb, name, port=443):
    lb = elb.describe_load_balancers(LoadBalancerNames=[name])["LoadBalancerDescriptions"][0]
    return next(d["Listener"].get("SSLCertificateId") for d in lb["ListenerDescriptions"]
                if d["Listener"]["LoadBalancerPort"] == port)


def _set_unknown(client):
    _, elb, name, old, _ = _setup(client)
    unknown = old.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    try:
        elb.set_load_balancer_listener_ssl_certificate(
            LoadBalancerName=name, LoadBalancerPort=443, SSLCertificateId=unknown)
        code = None
    except ClientError as e:
        code = e.response["Error"]["Code"]
    return code, old, _listener_cert(elb, name)


def test_failed_set_certificate_changes_nothing(sandbox, plain_moto):
    """AWS: SetLoadBalancerListenerSSLCertificate with an unknown certificate fails
    with CertificateNotFound and the listener keeps its certificate."""
    code, old, current = _set_unknown(sandbox.client)
    assert code == "CertificateNotFound"
    assert current == old

    code, old, current = _set_unknown(plain_moto)
    assert code is not None and current != old  # moto changed the listener anyway


def _set_on_unknown_port(client):
    _, elb, name, _, new = _setup(client)
    try:
        elb.set_load_balancer_listener_ssl_certificate(
            LoadBalancerName=name, LoadBalancerPort=8443, SSLCertificateId=new)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def test_unknown_port_is_listener_not_found(sandbox, plain_moto):
    """AWS: a port without a listener gives ListenerNotFound."""
    assert _set_on_unknown_port(sandbox.client) == "ListenerNotFound"
    assert _set_on_unknown_port(plain_moto) is None


def test_pending_certificate_is_not_found(sandbox):
    """AWS: a certificate that is not ISSUED cannot be put on a listener (CertificateNotFound)."""
    acm, elb, name, old, _ = _setup(sandbox.client)
    pending = acm.request_certificate(DomainName="pending.example.com", ValidationMethod="DNS")["CertificateArn"]
    with pytest.raises(ClientError) as e:
        elb.set_load_balancer_listener_ssl_certificate(
            LoadBalancerName=name, LoadBalancerPort=443, SSLCertificateId=pending)
    assert e.value.response["Error"]["Code"] == "CertificateNotFound"
    assert _listener_cert(elb, name) == old


def test_set_certificate_changes_it_in_place_and_is_recorded(sandbox):
    """AWS: the listener's certificate is replaced in place. Sandbox: the change is
    listed by GET /_sandbox/changes."""
    _, elb, name, old, new = _setup(sandbox.client)
    elb.set_load_balancer_listener_ssl_certificate(LoadBalancerName=name, LoadBalancerPort=443, SSLCertificateId=new)
    assert _listener_cert(elb, name) == new
    resource = f"arn:aws:elasticloadbalancing:{REGION}:123456789012:loadbalancer/{name}"
    changes = [(c["service"], c["field"], c["before"], c["after"])
               for c in sandbox.control("GET", "changes")["changes"] if c["resource"] == resource]
    assert changes == [("elb", "Listener[443].SSLCertificateId", None, old),
                       ("elb", "Listener[443].SSLCertificateId", old, new)]
