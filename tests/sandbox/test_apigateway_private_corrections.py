"""API Gateway private custom domain names and ownership-verification certificates: the sandbox
behaves as the API Gateway API reference and the "Custom domain names for private APIs" guide
document (domainNameId, the private ARN, resourceOwner, UPDATING after a certificate change, the
ownership-verification field); plain moto 5.2.5 does not."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import import_certificate

REGION = "eu-west-1"
ACCOUNT = "123456789012"
NAME = "api.private.example.com"


def _private(apigw, certificate, name=NAME):
    return apigw.create_domain_name(domainName=name, certificateArn=certificate,
                                    endpointConfiguration={"types": ["PRIVATE"]})


def _replace(apigw, path, value, name=NAME, **domain_id):
    return apigw.update_domain_name(domainName=name, patchOperations=[{"op": "replace", "path": path, "value": value}],
                                    **domain_id)


def _in_use_by(acm, arn):
    return acm.describe_certificate(CertificateArn=arn)["Certificate"].get("InUseBy", [])


def test_private_domains_are_named_by_their_id_beside_a_public_one(sandbox, plain_moto):
    """AWS: a PRIVATE domain gets a domainNameId and the ARN ...:<account>:/domainnames/<name>+<id>;
    one account may hold a public and several private domains of one name, GetDomainNames
    (resourceOwner SELF) lists them all, and calls with domainNameId act on that private domain
    only (without it, on the public one)."""
    acm, apigw = sandbox.client("acm", REGION), sandbox.client("apigateway", REGION)
    old, new = import_certificate(acm, NAME), import_certificate(acm, NAME, "www." + NAME)
    public = apigw.create_domain_name(domainName=NAME, regionalCertificateArn=old,
                                      endpointConfiguration={"types": ["REGIONAL"]})
    first, second = _private(apigw, old), _private(apigw, old)
    assert "domainNameId" not in public
    assert first["domainNameId"] != second["domainNameId"]
    for domain in (first, second):
        assert domain["domainNameArn"] == \
            f"arn:aws:apigateway:{REGION}:{ACCOUNT}:/domainnames/{NAME}+{domain['domainNameId']}"
        assert domain["endpointConfiguration"]["types"] == ["PRIVATE"] and domain["certificateArn"] == old
    listed = apigw.get_domain_names(resourceOwner="SELF")["items"]
    assert sorted(d.get("domainNameId", "") for d in listed) == sorted(["", first["domainNameId"],
                                                                       second["domainNameId"]])
    assert apigw.get_domain_names(resourceOwner="OTHER_ACCOUNTS")["items"] == []

    switched = _replace(apigw, "/certificateArn", new, domainNameId=first["domainNameId"])
    assert switched["certificateArn"] == new
    assert apigw.get_domain_name(domainName=NAME, domainNameId=second["domainNameId"])["certificateArn"] == old
    assert apigw.get_domain_name(domainName=NAME)["regionalCertificateArn"] == old  # the public one
    assert sorted(_in_use_by(acm, new)) == [first["domainNameArn"]]
    assert sorted(_in_use_by(acm, old)) == sorted([public["domainNameArn"], second["domainNameArn"]])

    with pytest.raises(ClientError) as missing:
        apigw.get_domain_name(domainName=NAME, domainNameId="nosuchid")
    assert missing.value.response["Error"]["Code"] == "NotFoundException"
    apigw.delete_domain_name(domainName=NAME, domainNameId=second["domainNameId"])
    assert _in_use_by(acm, old) == [public["domainNameArn"]]

    acm, apigw = plain_moto("acm", REGION), plain_moto("apigateway", REGION)
    old = import_certificate(acm, NAME)
    apigw.create_domain_name(domainName=NAME, regionalCertificateArn=old, endpointConfiguration={"types": ["REGIONAL"]})
    created = _private(apigw, old)
    assert "domainNameId" not in created  # moto: no id, and the private domain replaced the public one
    assert len(apigw.get_domain_names()["items"]) == 1


def test_a_private_domain_is_updating_after_a_certificate_change(sandbox):
    """AWS: after its certificate changes a private domain name is UPDATING (about 15 minutes), then
    AVAILABLE; the certificate must be ISSUED in the API's region."""
    acm, apigw = sandbox.client("acm", REGION), sandbox.client("apigateway", REGION)
    old, new = import_certificate(acm, NAME), import_certificate(acm, NAME, "www." + NAME)
    domain_id = _private(apigw, old)["domainNameId"]
    assert apigw.get_domain_name(domainName=NAME, domainNameId=domain_id)["domainNameStatus"] == "AVAILABLE"
    elsewhere = import_certificate(sandbox.client("acm", "us-east-1"), NAME)
    with pytest.raises(ClientError) as refused:
        _replace(apigw, "/certificateArn", elsewhere, domainNameId=domain_id)
    assert refused.value.response["Error"]["Code"] == "BadRequestException"

    sandbox.settings(apigateway_private_update_seconds=3600)
    _replace(apigw, "/certificateArn", new, domainNameId=domain_id)
    assert apigw.get_domain_name(domainName=NAME, domainNameId=domain_id)["domainNameStatus"] == "UPDATING"
    sandbox.settings(apigateway_private_update_seconds=0)
    assert apigw.get_domain_name(domainName=NAME, domainNameId=domain_id)["domainNameStatus"] == "AVAILABLE"


def test_the_ownership_verification_certificate_is_a_field_of_its_own(sandbox, plain_moto):
    """AWS: ownershipVerificationCertificateArn (v1) and DomainNameConfigurations[].
    OwnershipVerificationCertificateArn (v2) hold a public ACM certificate of the domain's region,
    replaced with the patch path /ownershipVerificationCertificateArn (v1) or UpdateDomainName (v2)
    without touching the domain's own certificate; ACM lists the domain in its InUseBy."""
    acm, apigw = sandbox.client("acm", REGION), sandbox.client("apigateway", REGION)
    own, proof, proof2 = (import_certificate(acm, NAME), import_certificate(acm, NAME, "a." + NAME),
                          import_certificate(acm, NAME, "b." + NAME))
    created = apigw.create_domain_name(domainName=NAME, regionalCertificateArn=own, ownershipVerificationCertificateArn=proof,
                                       endpointConfiguration={"types": ["REGIONAL"]})
    assert created["ownershipVerificationCertificateArn"] == proof
    arn = created["domainNameArn"]
    assert _in_use_by(acm, proof) == [arn]
    switched = _replace(apigw, "/ownershipVerificationCertificateArn", proof2)
    assert switched["ownershipVerificationCertificateArn"] == proof2 and switched["regionalCertificateArn"] == own
    assert _in_use_by(acm, proof) == [] and _in_use_by(acm, proof2) == [arn] and _in_use_by(acm, own) == [arn]

    v2 = sandbox.client("apigatewayv2", REGION)
    v2_name = "v2." + NAME
    v2_own, v2_proof = import_certificate(acm, v2_name), import_certificate(acm, v2_name, "x." + v2_name)
    config = {"CertificateArn": v2_own, "EndpointType": "REGIONAL", "OwnershipVerificationCertificateArn": v2_proof}
    v2_arn = v2.create_domain_name(DomainName=v2_name, DomainNameConfigurations=[config])["DomainNameArn"]
    assert _in_use_by(acm, v2_proof) == [v2_arn]
    with pytest.raises(ClientError) as refused:  # not a certificate of the domain's region
        v2.update_domain_name(DomainName=v2_name, DomainNameConfigurations=[
            {**config, "OwnershipVerificationCertificateArn": import_certificate(sandbox.client("acm", "us-east-1"),
                                                                                 v2_name)}])
    assert refused.value.response["Error"]["Code"] == "BadRequestException"

    acm, apigw = plain_moto("acm", REGION), plain_moto("apigateway", REGION)
    own, proof = import_certificate(acm, NAME), import_certificate(acm, NAME, "a." + NAME)
    created = apigw.create_domain_name(domainName=NAME, regionalCertificateArn=own, ownershipVerificationCertificateArn=proof,
                                       endpointConfiguration={"types": ["REGIONAL"]})
    assert "ownershipVerificationCertificateArn" not in created  # moto drops it


def test_a_path_that_cannot_be_patched_is_refused_for_public_and_private_domains(sandbox):
    """AWS: UpdateDomainName answers BadRequestException for an operation other than ``replace``
    or a path the domain name cannot change, naming the paths it can; nothing changes."""
    acm, apigw = sandbox.client("acm", REGION), sandbox.client("apigateway", REGION)
    old, new = import_certificate(acm, NAME), import_certificate(acm, NAME, "www." + NAME)
    apigw.create_domain_name(domainName=NAME, regionalCertificateArn=old, endpointConfiguration={"types": ["REGIONAL"]})
    private = _private(apigw, old)
    for domain_id in ({}, {"domainNameId": private["domainNameId"]}):
        with pytest.raises(ClientError) as wrong_path:
            _replace(apigw, "/domainName", "other.example.com", **domain_id)
        with pytest.raises(ClientError) as wrong_op:
            apigw.update_domain_name(domainName=NAME, patchOperations=[{"op": "add", "path": "/certificateArn",
                                                                        "value": new}], **domain_id)
        for err, path, op in ((wrong_path, "/domainName", "replace"), (wrong_op, "/certificateArn", "add")):
            assert err.value.response["Error"]["Code"] == "BadRequestException"
            message = err.value.response["Error"]["Message"]
            assert f"Invalid patch path '{path}' specified for op '{op}'" in message and "Must be one of" in message
    assert apigw.get_domain_name(domainName=NAME)["regionalCertificateArn"] == old
    assert apigw.get_domain_name(domainName=NAME, domainNameId=private["domainNameId"])["certificateArn"] == old
