"""API Gateway custom domain names (v1 and v2): the sandbox behaves as the API
Gateway API references document; plain moto 5.2.5 does not."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import import_certificate

REGION = "eu-west-1"


def _regional_v1(client, name="api.example.com"):
    acm, apigw = client("acm", REGION), client("apigateway", REGION)
    old, new = import_certificate(acm, name), import_certificate(acm, name, "www." + name)
    apigw.create_domain_name(domainName=name, regionalCertificateArn=old,
                             endpointConfiguration={"types": ["REGIONAL"]})
    return acm, apigw, old, new


def _replace(apigw, name, path, value):
    try:
        return None, apigw.update_domain_name(
            domainName=name, patchOperations=[{"op": "replace", "path": path, "value": value}])
    except ClientError as e:
        return e.response["Error"]["Code"], None


def test_v1_update_regional_certificate(sandbox, plain_moto):
    """AWS: UpdateDomainName with {"op": "replace", "path": "/regionalCertificateArn"}
    switches a REGIONAL domain name to another ISSUED certificate of its region."""
    _, apigw, old, new = _regional_v1(sandbox.client)
    code, result = _replace(apigw, "api.example.com", "/regionalCertificateArn", new)
    assert code is None and result["regionalCertificateArn"] == new
    got = apigw.get_domain_name(domainName="api.example.com")
    assert got["regionalCertificateArn"] == new
    assert got["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert got["domainNameArn"] == f"arn:aws:apigateway:{REGION}::/domainnames/api.example.com"

    _, apigw, old, new = _regional_v1(plain_moto)
    # moto has no UpdateDomainName: its server answers 500, in-process it raises.
    with pytest.raises(NotImplementedError):
        apigw.update_domain_name(domainName="api.example.com",
                                 patchOperations=[{"op": "replace", "path": "/regionalCertificateArn", "value": new}])


def test_v1_update_edge_certificate_must_be_in_us_east_1(sandbox):
    """AWS: an EDGE domain name's certificateArn must be an ISSUED ACM certificate in
    us-east-1; a failed update changes nothing."""
    acm_use1 = sandbox.client("acm", "us-east-1")
    apigw = sandbox.client("apigateway", REGION)
    old = import_certificate(acm_use1, "edge.example.com")
    apigw.create_domain_name(domainName="edge.example.com", certificateArn=old)
    got = apigw.get_domain_name(domainName="edge.example.com")
    assert got["certificateArn"] == old and got["endpointConfiguration"]["types"] == ["EDGE"]

    elsewhere = import_certificate(sandbox.client("acm", REGION), "edge.example.com")
    code, _ = _replace(apigw, "edge.example.com", "/certificateArn", elsewhere)
    assert code == "BadRequestException"
    pending = acm_use1.request_certificate(DomainName="edge.example.com", ValidationMethod="DNS")["CertificateArn"]
    code, _ = _replace(apigw, "edge.example.com", "/certificateArn", pending)
    assert code == "BadRequestException"
    code, _ = _replace(apigw, "edge.example.com", "/regionalCertificateArn", elsewhere)
    assert code == "BadRequestException"
    assert apigw.get_domain_name(domainName="edge.example.com")["certificateArn"] == old

    new = import_certificate(acm_use1, "edge.example.com", "www.edge.example.com")
    code, result = _replace(apigw, "edge.example.com", "/certificateArn", new)
    assert code is None and result["certificateArn"] == new
    listed = {d["domainName"]: d for d in apigw.get_domain_names()["items"]}
    assert listed["edge.example.com"]["certificateArn"] == new


def test_v1_create_checks_the_certificate(sandbox, plain_moto):
    """AWS: CreateDomainName with a certificate that does not exist is a BadRequestException."""
    acm = sandbox.client("acm", REGION)
    unknown = import_certificate(acm, "x.example.com").rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    with pytest.raises(ClientError) as e:
        sandbox.client("apigateway", REGION).create_domain_name(
            domainName="bad.example.com", regionalCertificateArn=unknown, endpointConfiguration={"types": ["REGIONAL"]})
    assert e.value.response["Error"]["Code"] == "BadRequestException"

    plain_moto("apigateway", REGION).create_domain_name(
        domainName="bad.example.com", regionalCertificateArn=unknown, endpointConfiguration={"types": ["REGIONAL"]})


def _v2(client, name="http.example.com"):
    acm, apigw = client("acm", REGION), client("apigatewayv2", REGION)
    old, new = import_certificate(acm, name), import_certificate(acm, name, "www." + name)
    apigw.create_domain_name(DomainName=name, DomainNameConfigurations=[{"CertificateArn": old}])
    return apigw, old, new


def test_v2_update_domain_name_certificate(sandbox, plain_moto):
    """AWS: apigatewayv2 UpdateDomainName replaces DomainNameConfigurations; the
    certificate must be ISSUED; configurations report EndpointType (REGIONAL by
    default), ApiGatewayDomainName and status."""
    apigw, old, new = _v2(sandbox.client)
    created = apigw.get_domain_name(DomainName="http.example.com")["DomainNameConfigurations"][0]
    assert created["EndpointType"] == "REGIONAL" and created["DomainNameStatus"] == "AVAILABLE"
    assert created["ApiGatewayDomainName"].endswith(f".execute-api.{REGION}.amazonaws.com")
    apigw.update_domain_name(DomainName="http.example.com", DomainNameConfigurations=[
        {"CertificateArn": new, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}])
    updated = apigw.get_domain_name(DomainName="http.example.com")["DomainNameConfigurations"][0]
    assert updated["CertificateArn"] == new
    assert updated["ApiGatewayDomainName"] == created["ApiGatewayDomainName"]
    listed = apigw.get_domain_names()["Items"]
    assert listed[0]["DomainNameConfigurations"][0]["CertificateArn"] == new

    unknown = new.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    with pytest.raises(ClientError) as e:
        apigw.update_domain_name(DomainName="http.example.com",
                                 DomainNameConfigurations=[{"CertificateArn": unknown}])
    assert e.value.response["Error"]["Code"] == "BadRequestException"
    assert apigw.get_domain_name(DomainName="http.example.com")["DomainNameConfigurations"][0]["CertificateArn"] == new

    apigw, old, new = _v2(plain_moto)
    with pytest.raises(NotImplementedError):  # moto's server answers 500
        apigw.update_domain_name(DomainName="http.example.com", DomainNameConfigurations=[{"CertificateArn": new}])


def test_domain_certificate_changes_are_recorded(sandbox):
    """Sandbox: GET /_sandbox/changes lists API Gateway certificate changes (v1 and v2)."""
    _, apigw1, old1, new1 = _regional_v1(sandbox.client)
    _replace(apigw1, "api.example.com", "/regionalCertificateArn", new1)
    apigw2, old2, new2 = _v2(sandbox.client)
    apigw2.update_domain_name(DomainName="http.example.com", DomainNameConfigurations=[{"CertificateArn": new2}])
    changes = [(c["service"], c["resource"].rsplit("/", 1)[1], c["before"], c["after"])
               for c in sandbox.control("GET", "changes")["changes"]]
    assert changes == [
        ("apigateway", "api.example.com", None, old1),
        ("apigateway", "api.example.com", old1, new1),
        ("apigatewayv2", "http.example.com", None, old2),
        ("apigatewayv2", "http.example.com", old2, new2),
    ]
