"""ELBv2 listener certificates: the sandbox behaves as the ELB API reference
documents; plain moto 5.2.5 does not (each test shows both)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import https_listener, import_certificate, load_balancer

REGION = "eu-west-1"


def _setup(client, kind="application", protocol="HTTPS"):
    acm, elbv2, ec2 = client("acm", REGION), client("elbv2", REGION), client("ec2", REGION)
    certs = [import_certificate(acm, f"site{i}.example.com") for i in range(3)]
    lb_arn, tg_arn = load_balancer(elbv2, ec2, kind)
    listener = https_listener(elbv2, lb_arn, tg_arn, certs[0], protocol=protocol,
                              port=443 if protocol == "HTTPS" else 8443)
    return acm, elbv2, certs, listener


def _listener_certs(elbv2, listener):
    return [(c["CertificateArn"], c["IsDefault"])
            for c in elbv2.describe_listener_certificates(ListenerArn=listener)["Certificates"]]


def _modify_keeps_sni(client, kind, protocol):
    _, elbv2, (default, sni, new), listener = _setup(client, kind, protocol)
    elbv2.add_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": sni}])
    elbv2.modify_listener(ListenerArn=listener, Certificates=[{"CertificateArn": new}])
    return (default, sni, new), _listener_certs(elbv2, listener)


def test_modify_listener_replaces_only_the_default_and_keeps_sni(sandbox, plain_moto):
    """AWS: ModifyListener(Certificates=[one]) replaces the default certificate;
    the certificate list (SNI) is kept."""
    (_, sni, new), certs = _modify_keeps_sni(sandbox.client, "application", "HTTPS")
    assert certs == [(new, True), (sni, False)]

    (_, sni, new), certs = _modify_keeps_sni(plain_moto, "application", "HTTPS")
    assert (sni, False) not in certs  # moto drops the SNI certificate


def test_modify_listener_works_on_nlb_tls_listener(sandbox, plain_moto):
    """AWS: ModifyListener changes the default certificate of an NLB TLS listener."""
    (_, sni, new), certs = _modify_keeps_sni(sandbox.client, "network", "TLS")
    assert certs == [(new, True), (sni, False)]

    (default, _, new), certs = _modify_keeps_sni(plain_moto, "network", "TLS")
    assert (new, True) not in certs  # moto ignores Certificates on TLS listeners


def _describe_listener_certs(client):
    _, elbv2, (default, sni, _), listener = _setup(client)
    elbv2.add_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": sni}])
    shown = elbv2.describe_listeners(ListenerArns=[listener])["Listeners"][0]["Certificates"]
    return (default, sni), [c["CertificateArn"] for c in shown], _listener_certs(elbv2, listener)


def test_describe_listeners_shows_only_the_default(sandbox, plain_moto):
    """AWS: DescribeListeners shows only the default certificate;
    DescribeListenerCertificates lists the default (IsDefault=true) and SNI ones."""
    (default, sni), shown, listed = _describe_listener_certs(sandbox.client)
    assert shown == [default]
    assert listed == [(default, True), (sni, False)]

    (default, sni), shown, _ = _describe_listener_certs(plain_moto)
    assert shown == [default, sni]


def _add_unknown(client):
    _, elbv2, certs, listener = _setup(client)
    unknown = certs[0].rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    try:
        elbv2.add_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": unknown}])
    except ClientError as e:
        return e.response["Error"]["Code"], _listener_certs(elbv2, listener)
    return None, _listener_certs(elbv2, listener)


def test_add_listener_certificates_rejects_unknown_arn(sandbox, plain_moto):
    """AWS: AddListenerCertificates with a certificate that does not exist fails with
    CertificateNotFound and changes nothing."""
    code, certs = _add_unknown(sandbox.client)
    assert code == "CertificateNotFound"
    assert len(certs) == 1

    code, certs = _add_unknown(plain_moto)
    assert code is None and len(certs) == 2


def _add_twice(client):
    _, elbv2, (_, sni, _), listener = _setup(client)
    for _ in range(2):
        elbv2.add_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": sni}])
    return sni, _listener_certs(elbv2, listener)


def test_add_listener_certificates_is_idempotent(sandbox, plain_moto):
    """AWS: adding a certificate already in the list succeeds without adding it again."""
    sni, certs = _add_twice(sandbox.client)
    assert certs.count((sni, False)) == 1

    sni, certs = _add_twice(plain_moto)
    assert certs.count((sni, False)) == 2


def _remove_default(client):
    _, elbv2, (default, _, _), listener = _setup(client)
    try:
        elbv2.remove_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": default}])
    except ClientError as e:
        return e.response["Error"]["Code"], _listener_certs(elbv2, listener)
    return None, _listener_certs(elbv2, listener)


def test_remove_listener_certificates_cannot_remove_the_default(sandbox, plain_moto):
    """AWS: the default certificate cannot be removed with RemoveListenerCertificates
    (OperationNotPermitted); SNI certificates can."""
    code, certs = _remove_default(sandbox.client)
    assert code == "OperationNotPermitted"
    assert certs[0][1] is True

    code, certs = _remove_default(plain_moto)
    assert code is None and certs == []

    _, elbv2, (default, sni, _), listener = _setup(sandbox.client)
    elbv2.add_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": sni}])
    elbv2.remove_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": sni}])
    assert _listener_certs(elbv2, listener) == [(default, True)]


@pytest.mark.parametrize("kind,protocol", [("application", "HTTPS"), ("network", "TLS")])
def test_at_most_25_certificates_besides_the_default(sandbox, kind, protocol):
    """AWS quota: 25 certificates per ALB/NLB, not counting default certificates;
    the 26th gives TooManyCertificates."""
    acm, elbv2, _, listener = _setup(sandbox.client, kind, protocol)
    extra = [import_certificate(acm, f"sni{i}.example.com") for i in range(26)]
    for arn in extra[:25]:
        elbv2.add_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": arn}])
    with pytest.raises(ClientError) as e:
        elbv2.add_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": extra[25]}])
    assert e.value.response["Error"]["Code"] == "TooManyCertificates"
    assert len(_listener_certs(elbv2, listener)) == 26


def _create_with(client, which):
    acm, elbv2, ec2 = client("acm", REGION), client("elbv2", REGION), client("ec2", REGION)
    known = import_certificate(acm, "known.example.com")
    if which == "unknown":
        arn = known.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    else:  # requested, its validation CNAME nowhere: PENDING_VALIDATION
        arn = acm.request_certificate(DomainName="pending.example.com", ValidationMethod="DNS")["CertificateArn"]
        assert acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"] == "PENDING_VALIDATION"
    lb_arn, tg_arn = load_balancer(elbv2, ec2)
    try:
        https_listener(elbv2, lb_arn, tg_arn, arn)
    except ClientError as e:
        return e.response["Error"]["Code"], elbv2.describe_listeners(LoadBalancerArn=lb_arn)["Listeners"]
    return None, elbv2.describe_listeners(LoadBalancerArn=lb_arn)["Listeners"]


def test_create_listener_needs_an_existing_issued_certificate(sandbox, plain_moto):
    """AWS: CreateListener with a certificate that does not exist, or is not ISSUED yet,
    fails with CertificateNotFound and creates nothing. (Plain moto already rejects
    unknown ARNs, but accepts a certificate pending validation.)"""
    for which in ("unknown", "pending"):
        code, listeners = _create_with(sandbox.client, which)
        assert (which, code, listeners) == (which, "CertificateNotFound", [])

    code, listeners = _create_with(plain_moto, "pending")
    assert code is None and len(listeners) == 1


def test_modify_listener_with_unknown_certificate_changes_nothing(sandbox):
    """AWS: ModifyListener with an unknown certificate fails with CertificateNotFound;
    the listener keeps its default certificate."""
    _, elbv2, (default, _, _), listener = _setup(sandbox.client)
    unknown = default.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    with pytest.raises(ClientError) as e:
        elbv2.modify_listener(ListenerArn=listener, Certificates=[{"CertificateArn": unknown}])
    assert e.value.response["Error"]["Code"] == "CertificateNotFound"
    assert _listener_certs(elbv2, listener) == [(default, True)]


def test_listener_certificate_changes_are_recorded(sandbox):
    """Sandbox: GET /_sandbox/changes lists every listener certificate change."""
    _, elbv2, (default, sni, new), listener = _setup(sandbox.client)
    elbv2.add_listener_certificates(ListenerArn=listener, Certificates=[{"CertificateArn": sni}])
    elbv2.modify_listener(ListenerArn=listener, Certificates=[{"CertificateArn": new}])
    changes = [c for c in sandbox.control("GET", "changes")["changes"] if c["resource"] == listener]
    assert [(c["service"], c["field"], c["before"], c["after"]) for c in changes] == [
        ("elbv2", "DefaultCertificate", None, default),
        ("elbv2", "SniCertificates", [], [sni]),
        ("elbv2", "DefaultCertificate", default, new),
    ]
    sandbox.reset()
    assert sandbox.control("GET", "changes")["changes"] == []
