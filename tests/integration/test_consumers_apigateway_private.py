"""API Gateway private custom domain names and ownership-verification certificates on the replacement
path: acm_migrate (strategy replace) finds a private domain by its certificate and switches it by
domainName + domainNameId (never the public domain of the same name), switches an
ownership-verification certificate in its own field (v1 and v2), and a domain using the certificate
in both roles in both fields; check mode predicts it all, the old certificate is deleted once nothing
uses it, a rerun changes nothing. A private domain still UPDATING holds the delete."""

from __future__ import annotations

from tests.integration.replacement_path import (MIGRATE_ARGS, REPLACEMENT_CALLS, actions_of, email_certificate,
                                                migrate, mutating_calls)
from tests.integration.test_cert_swap import cert, exists, ok, swap

EU = "eu-west-1"
PRIVATE = "api.private.example.com"
MTLS, BOTH, V2 = "mtls.example.com", "both.example.com", "ws.example.com"
MUTATING = REPLACEMENT_CALLS | {"apigateway:UpdateDomainName", "apigatewayv2:UpdateDomainName"}


def private_domain(sandbox, certificate_arn, name=PRIVATE, region=EU):
    return sandbox.client("apigateway", region).create_domain_name(
        domainName=name, certificateArn=certificate_arn, endpointConfiguration={"types": ["PRIVATE"]})


def regional_domain(sandbox, name, certificate_arn, ownership_arn=None, region=EU):
    extra = {"ownershipVerificationCertificateArn": ownership_arn} if ownership_arn else {}
    return sandbox.client("apigateway", region).create_domain_name(
        domainName=name, regionalCertificateArn=certificate_arn, endpointConfiguration={"types": ["REGIONAL"]}, **extra)


def v1_domain(sandbox, name, domain_id=None, region=EU):
    named = {"domainNameId": domain_id} if domain_id else {}
    return sandbox.client("apigateway", region).get_domain_name(domainName=name, **named)


def test_replacement_switches_private_domains_and_ownership_certificates_in_their_own_fields(ansible, sandbox):
    old = email_certificate(sandbox, [PRIVATE, MTLS, BOTH, V2], EU)
    imported = cert(sandbox, [PRIVATE, MTLS, V2], region=EU)  # a domain's own certificate (mutual TLS)
    public = regional_domain(sandbox, PRIVATE, imported)  # same name as the private domain; not a consumer
    private = private_domain(sandbox, old)
    mtls = regional_domain(sandbox, MTLS, imported, ownership_arn=old)
    both = regional_domain(sandbox, BOTH, old, ownership_arn=old)
    v2_arn = sandbox.client("apigatewayv2", EU).create_domain_name(DomainName=V2, DomainNameConfigurations=[
        {"CertificateArn": imported, "EndpointType": "REGIONAL", "OwnershipVerificationCertificateArn": old}])["DomainNameArn"]
    sandbox.reset_calls()

    predicted = migrate(ansible, MIGRATE_ARGS, EU, check=True)
    assert predicted["changed"] is True
    assert mutating_calls(sandbox, MUTATING) == {}
    assert [(a["domain_name"], a["domain_name_id"], a["resource_arn"], a["patch_path"], a["action"])
            for a in actions_of(predicted, "apigateway_private")] == \
        [(PRIVATE, private["domainNameId"], private["domainNameArn"], "/certificateArn", "swap")]
    assert sorted((a["domain_name"], a["patch_path"], a["role"]) for a in actions_of(predicted, "apigateway")) == [
        (BOTH, "/ownershipVerificationCertificateArn", "ownership_verification"),
        (BOTH, "/regionalCertificateArn", "certificate"),
        (MTLS, "/ownershipVerificationCertificateArn", "ownership_verification")]
    assert [(a["domain_name"], a["field"]) for a in actions_of(predicted, "apigatewayv2")] == \
        [(V2, "OwnershipVerificationCertificateArn")]
    assert [p["deleted"] for p in predicted["swap"]["pairs"]] == [True]

    done = migrate(ansible, MIGRATE_ARGS, EU)
    assert done["changed"] is True
    new = done["swap"]["pairs"][0]["new_certificate_arn"]
    switched = v1_domain(sandbox, PRIVATE, private["domainNameId"])
    assert switched["certificateArn"] == new
    assert v1_domain(sandbox, PRIVATE)["regionalCertificateArn"] == imported  # the public one is left alone
    assert (v1_domain(sandbox, MTLS)["regionalCertificateArn"], v1_domain(sandbox, MTLS)["ownershipVerificationCertificateArn"]) \
        == (imported, new)
    assert (v1_domain(sandbox, BOTH)["regionalCertificateArn"], v1_domain(sandbox, BOTH)["ownershipVerificationCertificateArn"]) \
        == (new, new)
    v2_config = sandbox.client("apigatewayv2", EU).get_domain_name(DomainName=V2)["DomainNameConfigurations"][0]
    assert (v2_config["CertificateArn"], v2_config["OwnershipVerificationCertificateArn"]) == (imported, new)
    assert done["swap"]["pairs"][0]["deleted"] is True and not exists(sandbox, old, EU)
    calls = mutating_calls(sandbox, MUTATING)
    assert calls["apigateway:UpdateDomainName"] == 4 and calls["apigatewayv2:UpdateDomainName"] == 1
    assert calls["acm:DeleteCertificate"] == 1
    in_use = sandbox.client("acm", EU).describe_certificate(CertificateArn=new)["Certificate"]["InUseBy"]
    assert sorted(in_use) == sorted({private["domainNameArn"], mtls["domainNameArn"], both["domainNameArn"], v2_arn})
    assert public["domainNameArn"] not in in_use

    sandbox.reset_calls()
    for check in (True, False):
        again = migrate(ansible, MIGRATE_ARGS, EU, check=check)
        assert again["changed"] is False, again
    assert mutating_calls(sandbox, MUTATING) == {}


def test_a_private_domain_still_updating_holds_the_delete(ansible, sandbox):
    old = cert(sandbox, [PRIVATE], region=EU)
    cert(sandbox, [PRIVATE], region=EU, replaces=old)
    domain_id = private_domain(sandbox, old)["domainNameId"]
    sandbox.settings(apigateway_private_update_seconds=3600)  # AWS: about 15 minutes
    args = {"certificate_arns": [old], "delete_old": True, "in_use_wait_timeout": 30}

    switched = ok(swap(ansible, args, region=EU))
    assert [a["action"] for a in switched["actions"] if a["resource_type"] == "apigateway_private"] == ["swap"]
    held = switched["pairs"][0]
    assert held["deleted"] is False
    assert f"API Gateway private domain name {PRIVATE} ({domain_id}) is UPDATING" in held["delete_held"]
    assert exists(sandbox, old, EU)

    sandbox.settings(apigateway_private_update_seconds=0)  # applied: AVAILABLE
    done = ok(swap(ansible, args, region=EU))
    assert done["pairs"][0]["deleted"] is True and not exists(sandbox, old, EU)
    assert ok(swap(ansible, args, region=EU))["changed"] is False


def test_the_gate_checks_the_private_domains_name(ansible, sandbox):
    old = cert(sandbox, ["other.example.com"], region=EU)
    new = cert(sandbox, ["other.example.com"], region=EU, replaces=old)
    domain_id = private_domain(sandbox, old)["domainNameId"]  # a name its certificate never covered
    sandbox.reset_calls()
    refused = swap(ansible, {"pairs": [{"old": old, "new": new}], "delete_old": True}, region=EU)
    assert refused["failed"] and "nothing was changed" in refused["msg"], refused
    assert f"does not cover {PRIVATE} served by API Gateway private domain name {PRIVATE} ({domain_id})" \
        in refused["msg"]
    assert mutating_calls(sandbox, MUTATING) == {}
    assert v1_domain(sandbox, PRIVATE, domain_id)["certificateArn"] == old and exists(sandbox, old, EU)


def test_consumer_types_without_apigateway_private_leave_the_domain_and_hold_the_delete(ansible, sandbox):
    old = cert(sandbox, [PRIVATE], region=EU)
    new = cert(sandbox, [PRIVATE], region=EU, replaces=old)
    domain_id = private_domain(sandbox, old)["domainNameId"]
    left = ok(swap(ansible, {"pairs": [{"old": old, "new": new}], "delete_old": True, "consumer_types": ["apigateway"]},
                   region=EU))
    action = next(a for a in left["actions"] if a["resource_type"] == "apigateway_private")
    assert action["action"] == "none" and "apigateway_private is not in consumer_types" in action["reason"]
    assert v1_domain(sandbox, PRIVATE, domain_id)["certificateArn"] == old and exists(sandbox, old, EU)
    assert left["pairs"][0]["deleted"] is False


def test_the_audit_lists_them_as_users_it_can_switch(ansible, sandbox):
    old = email_certificate(sandbox, [PRIVATE, MTLS], EU)
    imported = cert(sandbox, [MTLS], region=EU)
    private = private_domain(sandbox, old)
    mtls = regional_domain(sandbox, MTLS, imported, ownership_arn=old)
    result = ansible.module("certshift.acm.acm_renewal_check", {"check_https": False, "check_dns": False}, region=EU)
    assert not result.get("failed"), result
    entry = next(c for c in result["certificates"] if c["certificate_arn"] == old)
    assert entry["used_by"] == sorted([private["domainNameArn"], mtls["domainNameArn"]])
    assert entry["unswitchable_consumers"] == [] and "Only in place" not in entry["recommendation"]


def test_rollback_switches_them_back_by_the_reversed_pair(ansible, sandbox):
    """Rollback is acm_cert_swap with the pair reversed: the private domain (by its id) and the
    ownership-verification field go back to the original; the public domain of the same name is untouched."""
    old = cert(sandbox, [PRIVATE, MTLS], region=EU)
    new = cert(sandbox, [PRIVATE, MTLS], region=EU, replaces=old)
    imported = cert(sandbox, [PRIVATE, MTLS], region=EU)
    regional_domain(sandbox, PRIVATE, imported)
    domain_id = private_domain(sandbox, old)["domainNameId"]
    regional_domain(sandbox, MTLS, imported, ownership_arn=old)

    def state():
        return (v1_domain(sandbox, PRIVATE, domain_id)["certificateArn"],
                v1_domain(sandbox, MTLS)["ownershipVerificationCertificateArn"],
                v1_domain(sandbox, PRIVATE)["regionalCertificateArn"], v1_domain(sandbox, MTLS)["regionalCertificateArn"])

    forward = ok(swap(ansible, {"pairs": [{"old": old, "new": new}]}, region=EU))
    assert forward["changed"] is True and state() == (new, new, imported, imported)
    back = ok(swap(ansible, {"pairs": [{"old": new, "new": old}]}, region=EU))
    assert back["changed"] is True and state() == (old, old, imported, imported)
    assert sorted(a["resource_type"] for a in back["actions"]) == ["apigateway", "apigateway_private"]
    assert ok(swap(ansible, {"pairs": [{"old": new, "new": old}]}, region=EU))["changed"] is False
