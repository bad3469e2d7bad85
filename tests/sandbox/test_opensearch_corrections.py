"""OpenSearch Service custom endpoints: the sandbox behaves as the OpenSearch Service API
reference documents; plain moto 5.2.5 lists, describes and updates domains the same way
but checks no certificate and shows no domain in ACM's InUseBy."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import import_certificate

REGION = "eu-west-1"
HOST = "search.example.com"


def _domain(client, certificate_arn, host=HOST):
    """(acm, opensearch, domain name, domain ARN) of a new domain serving ``host`` with ``certificate_arn``."""
    acm, opensearch = client("acm", REGION), client("opensearch", REGION)
    name = f"logs-{uuid.uuid4().hex[:8]}"
    status = opensearch.create_domain(DomainName=name, EngineVersion="OpenSearch_2.11", DomainEndpointOptions={
        "EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07", "CustomEndpointEnabled": True,
        "CustomEndpoint": host, "CustomEndpointCertificateArn": certificate_arn})["DomainStatus"]
    return acm, opensearch, name, status["ARN"]


def _endpoint_certificate(opensearch, name):
    return opensearch.describe_domain(DomainName=name)["DomainStatus"]["DomainEndpointOptions"].get(
        "CustomEndpointCertificateArn")


def _switch(opensearch, name, certificate_arn):
    options = opensearch.describe_domain(DomainName=name)["DomainStatus"]["DomainEndpointOptions"]
    try:
        opensearch.update_domain_config(DomainName=name, DomainEndpointOptions={
            **options, "CustomEndpointCertificateArn": certificate_arn})
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def test_in_use_by_lists_the_domain_and_follows_the_switch(sandbox, plain_moto):
    """AWS: ACM's InUseBy lists the domain ARN while its custom endpoint uses the certificate, and the
    certificate cannot be deleted then; after UpdateDomainConfig the new one is in use instead."""
    acm = sandbox.client("acm", REGION)
    old, new = import_certificate(acm, HOST), import_certificate(acm, HOST, "www." + HOST)
    _, opensearch, name, arn = _domain(sandbox.client, old)
    assert acm.describe_certificate(CertificateArn=old)["Certificate"]["InUseBy"] == [arn]
    with pytest.raises(ClientError) as refused:
        acm.delete_certificate(CertificateArn=old)
    assert refused.value.response["Error"]["Code"] == "ResourceInUseException"

    assert _switch(opensearch, name, new) is None
    assert _endpoint_certificate(opensearch, name) == new
    assert acm.describe_certificate(CertificateArn=new)["Certificate"]["InUseBy"] == [arn]
    assert acm.describe_certificate(CertificateArn=old)["Certificate"].get("InUseBy", []) == []
    changes = [c for c in sandbox.control("GET", "changes")["changes"] if c["service"] == "opensearch"]
    assert [(c["resource"], c["before"], c["after"]) for c in changes][-1] == (arn, old, new)

    plain_acm = plain_moto("acm", REGION)
    plain_old = import_certificate(plain_acm, HOST)
    _domain(plain_moto, plain_old)
    assert plain_acm.describe_certificate(CertificateArn=plain_old)["Certificate"].get("InUseBy", []) == []


def test_a_certificate_the_domain_cannot_use_is_refused_and_nothing_changes(sandbox, plain_moto):
    """AWS: UpdateDomainConfig refuses a CustomEndpointCertificateArn that is not a certificate of the domain's
    account and region (ValidationException); the domain keeps its certificate."""
    acm = sandbox.client("acm", REGION)
    old = import_certificate(acm, HOST)
    elsewhere = import_certificate(sandbox.client("acm", "us-east-1"), HOST)
    unknown = old.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    _, opensearch, name, _ = _domain(sandbox.client, old)
    for bad in (elsewhere, unknown):
        assert _switch(opensearch, name, bad) == "ValidationException"
        assert _endpoint_certificate(opensearch, name) == old

    plain_old = import_certificate(plain_moto("acm", REGION), HOST)
    _, plain, plain_name, _ = _domain(plain_moto, plain_old)
    plain_unknown = plain_old.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    assert _switch(plain, plain_name, plain_unknown) is None  # moto stores any ARN
    assert _endpoint_certificate(plain, plain_name) == plain_unknown


def test_update_of_an_unknown_domain_is_resource_not_found(sandbox, plain_moto):
    """AWS: UpdateDomainConfig on a domain that does not exist answers ResourceNotFoundException."""
    opensearch = sandbox.client("opensearch", REGION)
    with pytest.raises(ClientError) as e:
        opensearch.update_domain_config(DomainName="missing", DomainEndpointOptions={"EnforceHTTPS": True})
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"

    with pytest.raises(KeyError):  # moto looks the domain up unchecked
        plain_moto("opensearch", REGION).update_domain_config(DomainName="missing",
                                                              DomainEndpointOptions={"EnforceHTTPS": True})
