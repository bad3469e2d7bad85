"""API Gateway private custom domains and ownership-verification certificates: records name a private
domain by domainName + domainNameId and each certificate role in its own field, so a domain using one
certificate in two roles gets two switches; the switch names the private domain by its id."""

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._consumers import apigateway, apigateway_private
from ansible_collections.certshift.acm.plugins.module_utils._consumers.consumer_index import ConsumerIndex
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError

REGION = "eu-west-1"
OLD, NEW, OWN = (f"arn:aws:acm:{REGION}:123456789012:certificate/{x}" for x in ("old", "new", "own"))
NAME = "api.internal.example.com"
PRIVATE_ARN = f"arn:aws:apigateway:{REGION}:123456789012:/domainnames/{NAME}+abcd1234"


class FakeApiGateway:
    """GetDomainNames (one page), GetDomainName and UpdateDomainName as API Gateway answers them."""

    def __init__(self, domains):
        self.domains = domains
        self.updates = []
        self.listed_with = None

    def get_paginator(self, operation):
        assert operation == "get_domain_names"
        fake = self

        class Paginator:
            def paginate(self, **kwargs):
                fake.listed_with = kwargs
                return iter([{"items": fake.domains}])
        return Paginator()

    def get_domain_name(self, domainName, domainNameId=None):
        return next(d for d in self.domains if d["domainName"] == domainName and d.get("domainNameId") == domainNameId)

    def update_domain_name(self, **kwargs):
        self.updates.append(kwargs)


class Clients:
    def __init__(self, client):
        self.client = client

    def get(self, service, region=None):
        return self.client


class Applier:
    def __init__(self, client):
        self.clients = Clients(client)


def private(cert=OLD, ownership=None, status="AVAILABLE"):
    domain = {"domainName": NAME, "domainNameId": "abcd1234", "domainNameArn": PRIVATE_ARN, "certificateArn": cert,
              "endpointConfiguration": {"types": ["PRIVATE"]}, "domainNameStatus": status}
    return {**domain, "ownershipVerificationCertificateArn": ownership} if ownership else domain


def public(cert=OWN, ownership=None):
    domain = {"domainName": NAME, "regionalCertificateArn": cert, "endpointConfiguration": {"types": ["REGIONAL"]}}
    return {**domain, "ownershipVerificationCertificateArn": ownership} if ownership else domain


def test_private_domains_are_their_own_records_and_public_scans_skip_them():
    client = FakeApiGateway([public(), private()])
    records = apigateway.scan_v1(Clients(client), REGION, "123456789012", 1)  # one listing for both
    assert client.listed_with == {"resourceOwner": "SELF"}
    assert [(r["type"], r.get("domain_name_id"), r["resource_arn"], r["patch_path"], r["role"]) for r in records] == [
        ("apigateway", None, f"arn:aws:apigateway:{REGION}::/domainnames/{NAME}", "/regionalCertificateArn",
         "certificate"),
        ("apigateway_private", "abcd1234", PRIVATE_ARN, "/certificateArn", "certificate")]
    assert apigateway_private.scan(Clients(client), REGION, "123456789012", 1) == []
    assert ConsumerIndex(records, REGION).users_of(OLD) == [PRIVATE_ARN]  # the audit's "used by"


def test_one_certificate_in_two_roles_is_two_switches_in_two_fields():
    client = FakeApiGateway([public(cert=OLD, ownership=OLD)])
    records = apigateway.scan_v1(Clients(client), REGION, "123456789012", 1)
    assert sorted((r["patch_path"], r["role"], r["endpoint_type"]) for r in records) == [
        ("/ownershipVerificationCertificateArn", "ownership_verification", "REGIONAL"),
        ("/regionalCertificateArn", "certificate", "REGIONAL")]
    labels = {apigateway.APIGATEWAY.label({**r, "resource_type": "apigateway"}) for r in records}
    assert len(labels) == 2  # distinct keys in the diff


def test_the_switch_names_the_private_domain_by_its_id_and_refuses_a_changed_one():
    client = FakeApiGateway([public(), private()])
    action = {"resource_type": "apigateway_private", "domain_name": NAME, "domain_name_id": "abcd1234",
              "patch_path": "/certificateArn", "before": OLD, "after": NEW}
    apigateway_private.switch(Applier(client), action)
    assert client.updates == [{"domainName": NAME, "domainNameId": "abcd1234",
                               "patchOperations": [{"op": "replace", "path": "/certificateArn", "value": NEW}]}]
    client.domains[1]["certificateArn"] = NEW  # switched: a rerun of the action does nothing
    apigateway_private.switch(Applier(client), action)
    assert len(client.updates) == 1
    client.domains[1]["certificateArn"] = OWN  # changed by someone else meanwhile
    with pytest.raises(CertshiftError, match="changed during the run"):
        apigateway_private.switch(Applier(client), action)


@pytest.mark.parametrize("status, held", [("UPDATING", True), ("AVAILABLE", False), (None, False)])
def test_the_delete_waits_while_the_private_domain_is_updating(status, held):
    record = apigateway_private.records_of(private(status=status))[0]
    reason = apigateway_private.APIGATEWAY_PRIVATE.settling(record)
    assert (reason is not None) is held
    if held:
        assert f"API Gateway private domain name {NAME} (abcd1234) is UPDATING" in reason
