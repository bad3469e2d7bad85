"""AWS Transfer Family servers and their ACM certificate: the sandbox behaves as the Transfer
Family API reference documents (UpdateServer, certificate checks, ResourceNotFoundException,
InUseBy); plain moto 5.2.5 does not."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import import_certificate

REGION = "eu-west-1"
HOSTNAME_TAG = "aws:transfer:customHostname"


def _ftps_server(client, name="files.example.com"):
    acm, transfer = client("acm", REGION), client("transfer", REGION)
    old, new = import_certificate(acm, name), import_certificate(acm, name, "sftp." + name)
    server_id = transfer.create_server(Protocols=["FTPS"], Certificate=old, IdentityProviderType="API_GATEWAY",
                                       IdentityProviderDetails={"Url": "https://idp.example.com",
                                                                "InvocationRole": "arn:aws:iam::123456789012:role/idp"},
                                       Tags=[{"Key": HOSTNAME_TAG, "Value": name}])["ServerId"]
    return acm, transfer, server_id, old, new


def _code(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def _in_use_by(acm, arn):
    return acm.describe_certificate(CertificateArn=arn)["Certificate"].get("InUseBy", [])


def test_update_server_switches_the_certificate_in_place(sandbox, plain_moto):
    """AWS: UpdateServer(ServerId, Certificate) switches an FTPS server to another ISSUED ACM
    certificate of its region and keeps every other setting; InUseBy follows the switch."""
    acm, transfer, server_id, old, new = _ftps_server(sandbox.client)
    before = transfer.describe_server(ServerId=server_id)["Server"]
    arn = before["Arn"]
    assert _in_use_by(acm, old) == [arn] and _in_use_by(acm, new) == []

    assert transfer.update_server(ServerId=server_id, Certificate=new)["ServerId"] == server_id
    after = transfer.describe_server(ServerId=server_id)["Server"]
    assert after["Certificate"] == new
    assert {k: v for k, v in after.items() if k != "Certificate"} == \
        {k: v for k, v in before.items() if k != "Certificate"}
    assert _in_use_by(acm, old) == [] and _in_use_by(acm, new) == [arn]
    changes = sandbox.control("GET", "changes")["changes"]
    assert [(c["resource"], c["before"], c["after"]) for c in changes if c["service"] == "transfer"] == \
        [(arn, None, old), (arn, old, new)]

    _, transfer, server_id, old, new = _ftps_server(plain_moto)
    with pytest.raises(NotImplementedError):  # moto has no UpdateServer: its server answers 500
        transfer.update_server(ServerId=server_id, Certificate=new)


def test_the_certificate_must_be_issued_in_the_servers_region(sandbox, plain_moto):
    """AWS: the certificate must exist in the server's account and region and be ISSUED, and
    FTPS needs one (InvalidRequestException); a failed UpdateServer changes nothing."""
    acm, transfer, server_id, old, _ = _ftps_server(sandbox.client)
    elsewhere = import_certificate(sandbox.client("acm", "us-east-1"), "files.example.com")
    pending = acm.request_certificate(DomainName="files.example.com", ValidationMethod="DNS")["CertificateArn"]
    unknown = old.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    for arn in (elsewhere, pending, unknown):
        assert _code(transfer.update_server, ServerId=server_id, Certificate=arn) == "InvalidRequestException", arn
    assert transfer.describe_server(ServerId=server_id)["Server"]["Certificate"] == old
    assert _code(transfer.create_server, Protocols=["FTPS"], Certificate=unknown) == "InvalidRequestException"
    assert _code(transfer.create_server, Protocols=["FTPS"]) == "InvalidRequestException"

    plain = plain_moto("transfer", REGION)
    assert plain.create_server(Protocols=["FTPS"], Certificate=unknown)["ServerId"]  # moto takes anything


def test_an_unknown_server_is_resource_not_found(sandbox, plain_moto):
    """AWS: DescribeServer and UpdateServer of a server that does not exist answer
    ResourceNotFoundException (moto: its own ServerNotFound code)."""
    transfer = sandbox.client("transfer", REGION)
    missing = "s-0123456789abcdef0"
    assert _code(transfer.describe_server, ServerId=missing) == "ResourceNotFoundException"
    assert _code(transfer.update_server, ServerId=missing, Certificate="x") == "ResourceNotFoundException"

    assert _code(plain_moto("transfer", REGION).describe_server, ServerId=missing) == "ServerNotFound"


def test_a_certificate_a_server_uses_cannot_be_deleted(sandbox):
    """AWS: DeleteCertificate refuses a certificate a Transfer Family server uses
    (ResourceInUseException), and accepts it once the server uses another."""
    acm, transfer, server_id, old, new = _ftps_server(sandbox.client)
    assert _code(acm.delete_certificate, CertificateArn=old) == "ResourceInUseException"
    transfer.update_server(ServerId=server_id, Certificate=new)
    assert _code(acm.delete_certificate, CertificateArn=old) is None
