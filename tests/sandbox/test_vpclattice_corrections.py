"""VPC Lattice services and their ACM certificate: the sandbox behaves as the VPC Lattice API
reference documents (UpdateService, certificate checks, ResourceNotFoundException with HTTP 404,
InUseBy); plain moto 5.2.5 does not."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import import_certificate

REGION = "eu-west-1"


def _service(client, domain="svc.example.com"):
    acm, lattice = client("acm", REGION), client("vpc-lattice", REGION)
    old, new = import_certificate(acm, domain), import_certificate(acm, domain, "www." + domain)
    service = lattice.create_service(name="orders", customDomainName=domain, certificateArn=old, authType="NONE")
    return acm, lattice, service, old, new


def _error(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    return None


def _in_use_by(acm, arn):
    return acm.describe_certificate(CertificateArn=arn)["Certificate"].get("InUseBy", [])


def test_update_service_switches_the_certificate_in_place(sandbox, plain_moto):
    """AWS: UpdateService(serviceIdentifier, certificateArn) switches a service to another ISSUED
    ACM certificate of its region, keeping its custom domain name and auth type;
    InUseBy follows the switch."""
    acm, lattice, service, old, new = _service(sandbox.client)
    assert _in_use_by(acm, old) == [service["arn"]] and _in_use_by(acm, new) == []

    answer = lattice.update_service(serviceIdentifier=service["id"], certificateArn=new)
    assert (answer["id"], answer["arn"], answer["certificateArn"], answer["customDomainName"], answer["authType"]) == \
        (service["id"], service["arn"], new, "svc.example.com", "NONE")
    got = lattice.get_service(serviceIdentifier=service["id"])
    assert got["certificateArn"] == new and got["customDomainName"] == "svc.example.com"
    assert _in_use_by(acm, old) == [] and _in_use_by(acm, new) == [service["arn"]]
    changes = sandbox.control("GET", "changes")["changes"]
    assert [(c["resource"], c["before"], c["after"]) for c in changes if c["service"] == "vpc-lattice"] == \
        [(service["arn"], None, old), (service["arn"], old, new)]

    _, lattice, service, old, new = _service(plain_moto)
    with pytest.raises(NotImplementedError):  # moto has no UpdateService: its server answers 500
        lattice.update_service(serviceIdentifier=service["id"], certificateArn=new)


def test_the_certificate_must_be_issued_in_the_services_region(sandbox, plain_moto):
    """AWS: the certificate must exist in the service's account and region and be ISSUED
    (ValidationException); a failed UpdateService changes nothing."""
    acm, lattice, service, old, _ = _service(sandbox.client)
    elsewhere = import_certificate(sandbox.client("acm", "us-east-1"), "svc.example.com")
    pending = acm.request_certificate(DomainName="svc.example.com", ValidationMethod="DNS")["CertificateArn"]
    unknown = old.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    for arn in (elsewhere, pending, unknown):
        assert _error(lattice.update_service, serviceIdentifier=service["id"], certificateArn=arn) == \
            ("ValidationException", 400), arn
    assert lattice.get_service(serviceIdentifier=service["id"])["certificateArn"] == old
    assert _error(lattice.create_service, name="other", customDomainName="svc.example.com",
                  certificateArn=unknown) == ("ValidationException", 400)

    plain = plain_moto("vpc-lattice", REGION)
    assert plain.create_service(name="other", customDomainName="svc.example.com", certificateArn=unknown)["id"]


def test_an_unknown_service_is_resource_not_found(sandbox, plain_moto):
    """AWS: GetService and UpdateService of a service that does not exist answer
    ResourceNotFoundException with HTTP 404 (moto: HTTP 400)."""
    lattice = sandbox.client("vpc-lattice", REGION)
    missing = "svc-0123456789abcdef0"
    assert _error(lattice.get_service, serviceIdentifier=missing) == ("ResourceNotFoundException", 404)
    assert _error(lattice.update_service, serviceIdentifier=missing, certificateArn="") == \
        ("ResourceNotFoundException", 404)

    assert _error(plain_moto("vpc-lattice", REGION).get_service, serviceIdentifier=missing) == \
        ("ResourceNotFoundException", 400)


def test_a_certificate_a_service_uses_cannot_be_deleted(sandbox):
    """AWS: DeleteCertificate refuses a certificate a VPC Lattice service uses
    (ResourceInUseException), and accepts it once the service uses another."""
    acm, lattice, service, old, new = _service(sandbox.client)
    assert _error(acm.delete_certificate, CertificateArn=old)[0] == "ResourceInUseException"
    lattice.update_service(serviceIdentifier=service["id"], certificateArn=new)
    assert _error(acm.delete_certificate, CertificateArn=old) is None
