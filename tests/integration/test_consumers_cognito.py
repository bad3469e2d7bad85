"""Cognito user pool custom domains on the replacement path: acm_cert_swap (after the DNS-validated
replacement in us-east-1 is issued, as acm_dns_migrate leaves it) finds the custom domain, maps the
AWS-managed CloudFront distribution ACM lists in InUseBy back to it, switches it with
UpdateUserPoolDomain, holds the old certificate's delete until the switch has distributed
(UPDATING -> ACTIVE), and a rerun changes nothing."""

from __future__ import annotations

import uuid

from tests.integration.test_cert_swap import ACCOUNT, EU, US, by_type, cert, exists, ok, swap

HOST = "auth.example.com"


def user_pool(sandbox, region, certificate_arn, host=HOST):
    """(pool ID, pool ARN) of a new user pool in ``region`` whose custom domain ``host`` uses ``certificate_arn``."""
    cognito = sandbox.client("cognito-idp", region)
    pool = cognito.create_user_pool(PoolName=f"pool-{uuid.uuid4().hex[:8]}")["UserPool"]
    cognito.create_user_pool_domain(Domain=host, UserPoolId=pool["Id"],
                                    CustomDomainConfig={"CertificateArn": certificate_arn})
    return pool["Id"], pool["Arn"]


def described(sandbox, region, host=HOST):
    return sandbox.client("cognito-idp", region).describe_user_pool_domain(Domain=host)["DomainDescription"]


def updates(sandbox):
    return sandbox.calls()["by_action"].get("cognito-idp:UpdateUserPoolDomain", 0)


def test_custom_domain_switched_in_place_old_deleted_rerun_unchanged(ansible, sandbox):
    old = cert(sandbox, [HOST])
    new = cert(sandbox, [HOST], replaces=old)
    pool_id, pool_arn = user_pool(sandbox, US, old)
    distribution = described(sandbox, US)["CloudFrontDistribution"]
    sandbox.reset_calls()

    args = {"certificate_arns": [old], "delete_old": True, "in_use_wait_timeout": 30}
    planned = ok(swap(ansible, args, check=True, diff=True))
    assert planned["changed"] is True
    actions = by_type(planned["actions"])
    assert [(a["action"], a["resource_arn"], a["user_pool_id"], a["user_pool_region"], a["domain"],
             a["cloudfront_distribution"], a["before"], a["after"]) for a in actions["cognito"]] == [
        ("swap", pool_arn, pool_id, US, HOST, distribution, old, new)]
    assert [a["action"] for a in actions["acm_certificate"]] == ["delete"]
    # ACM lists the domain's AWS-managed distribution: the scan explains it, so it is no unknown consumer.
    assert planned["pairs"][0]["unknown_consumers"] == []
    assert planned["diff"]["after"][f"cognito {HOST}"] == new
    assert updates(sandbox) == 0 and described(sandbox, US)["CustomDomainConfig"]["CertificateArn"] == old

    done = ok(swap(ansible, args))
    assert done["changed"] is True and done["actions"] == planned["actions"]
    assert done["pairs"][0]["deleted"] is True and done["pairs"][0]["delete_held"] is None
    after = described(sandbox, US)
    assert after["CustomDomainConfig"]["CertificateArn"] == new and after["CloudFrontDistribution"] == distribution
    assert updates(sandbox) == 1 and not exists(sandbox, old)

    sandbox.reset_calls()
    for check in (True, False):
        again = ok(swap(ansible, args, check=check))
        assert again["changed"] is False and again["actions"] == []
    assert updates(sandbox) == 0


def test_the_old_certificate_is_held_until_the_switch_has_distributed(ansible, sandbox):
    old = cert(sandbox, [HOST])
    cert(sandbox, [HOST], replaces=old)
    user_pool(sandbox, US, old)
    sandbox.settings(cognito_distribute_seconds=3600)  # AWS: up to an hour
    args = {"certificate_arns": [old], "delete_old": True, "in_use_wait_timeout": 30}

    switched = ok(swap(ansible, args))
    assert switched["changed"] is True and [a["action"] for a in by_type(switched["actions"])["cognito"]] == ["swap"]
    held = switched["pairs"][0]
    assert held["deleted"] is False and f"Cognito custom domain {HOST} is UPDATING" in held["delete_held"]
    assert described(sandbox, US)["Status"] == "UPDATING" and exists(sandbox, old)

    # A rerun while it still distributes switches nothing and still holds the delete.
    sandbox.reset_calls()
    still = ok(swap(ansible, args))
    assert "is UPDATING" in still["pairs"][0]["delete_held"] and exists(sandbox, old)
    assert updates(sandbox) == 0 and sandbox.calls()["by_action"].get("acm:DeleteCertificate", 0) == 0

    sandbox.settings(cognito_distribute_seconds=0)  # distributed: ACTIVE
    done = ok(swap(ansible, args))
    assert done["pairs"][0]["deleted"] is True and not exists(sandbox, old)
    assert ok(swap(ansible, args))["changed"] is False


def test_a_user_pool_outside_us_east_1_holds_the_delete_as_an_unknown_consumer(ansible, sandbox):
    """Only us-east-1's user pools are scanned: a pool in another region using the certificate shows only
    in ACM's InUseBy (its distribution), which holds the delete instead of breaking the domain."""
    old = cert(sandbox, [HOST])
    cert(sandbox, [HOST], replaces=old)
    user_pool(sandbox, EU, old)
    distribution = described(sandbox, EU)["CloudFrontDistribution"].split(".")[0]
    unknown = f"arn:aws:cloudfront::{ACCOUNT}:distribution/{distribution}"
    result = ok(swap(ansible, {"certificate_arns": [old], "delete_old": True}))
    pair = result["pairs"][0]
    assert pair["unknown_consumers"] == [unknown]
    assert pair["deleted"] is False and unknown in pair["delete_held"]
    assert described(sandbox, EU)["CustomDomainConfig"]["CertificateArn"] == old and exists(sandbox, old)
