"""Cognito user pool custom domains: the sandbox behaves as the Cognito user pools API reference
documents; plain moto 5.2.5 omits the custom domain's certificate, moves its distribution at every
switch, is always ACTIVE, accepts any certificate and shows no domain in ACM's InUseBy."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import ACCOUNT, import_certificate

POOL_REGION = "eu-west-1"  # a user pool may be in any region; its custom domain's certificate is in us-east-1
CERT_REGION = "us-east-1"
HOST = "auth.example.com"


def _pool(client, certificate_arn, host=HOST):
    """(cognito client, user pool ID) of a new pool whose custom domain ``host`` uses ``certificate_arn``."""
    cognito = client("cognito-idp", POOL_REGION)
    pool = cognito.create_user_pool(PoolName=f"pool-{uuid.uuid4().hex[:8]}")["UserPool"]["Id"]
    cognito.create_user_pool_domain(Domain=host, UserPoolId=pool, CustomDomainConfig={"CertificateArn": certificate_arn})
    return cognito, pool


def _switch(cognito, pool, certificate_arn, host=HOST):
    try:
        cognito.update_user_pool_domain(Domain=host, UserPoolId=pool, CustomDomainConfig={"CertificateArn": certificate_arn})
    except ClientError as e:
        return e.response["Error"]["Code"]
    return None


def _described(cognito, host=HOST):
    return cognito.describe_user_pool_domain(Domain=host)["DomainDescription"]


def _certificates(client):
    acm = client("acm", CERT_REGION)
    return acm, import_certificate(acm, HOST), import_certificate(acm, HOST, "www." + HOST)


def test_describe_reports_the_custom_domain_certificate_account_and_a_stable_distribution(sandbox, plain_moto):
    """AWS: DescribeUserPoolDomain reports CustomDomainConfig.CertificateArn, the account and the
    CloudFront distribution serving the domain, which stays when the certificate changes; DescribeUserPool
    names the custom domain CustomDomain."""
    _, old, new = _certificates(sandbox.client)
    cognito, pool = _pool(sandbox.client, old)
    before = _described(cognito)
    assert before["CustomDomainConfig"] == {"CertificateArn": old}
    assert before["AWSAccountId"] == ACCOUNT and before["Status"] == "ACTIVE"
    assert before["CloudFrontDistribution"].endswith(".cloudfront.net")
    described_pool = cognito.describe_user_pool(UserPoolId=pool)["UserPool"]
    assert described_pool["CustomDomain"] == HOST and "Domain" not in described_pool
    assert _switch(cognito, pool, new) is None
    after = _described(cognito)
    assert after["CustomDomainConfig"] == {"CertificateArn": new}
    assert after["CloudFrontDistribution"] == before["CloudFrontDistribution"]

    _, plain_old, plain_new = _certificates(plain_moto)
    plain, plain_pool = _pool(plain_moto, plain_old)
    plain_before = _described(plain)
    assert "CustomDomainConfig" not in plain_before
    assert plain.describe_user_pool(UserPoolId=plain_pool)["UserPool"].get("CustomDomain") is None
    assert _switch(plain, plain_pool, plain_new) is None
    assert _described(plain)["CloudFrontDistribution"] != plain_before["CloudFrontDistribution"]


def test_a_switch_is_updating_until_distributed_and_the_old_certificate_stays_in_use(sandbox, plain_moto):
    """AWS: after UpdateUserPoolDomain the domain is UPDATING until the change has distributed (up to an
    hour), then ACTIVE; until then the distribution may serve the old certificate, which ACM keeps listing
    (and will not delete). ACM lists the domain's distribution in InUseBy."""
    acm, old, new = _certificates(sandbox.client)
    cognito, pool = _pool(sandbox.client, old)
    distribution = _described(cognito)["CloudFrontDistribution"].split(".")[0]
    distribution_arn = f"arn:aws:cloudfront::{ACCOUNT}:distribution/{distribution}"
    assert acm.describe_certificate(CertificateArn=old)["Certificate"]["InUseBy"] == [distribution_arn]

    sandbox.settings(cognito_distribute_seconds=3600)
    assert _switch(cognito, pool, new) is None
    assert _described(cognito)["Status"] == "UPDATING"
    assert acm.describe_certificate(CertificateArn=new)["Certificate"]["InUseBy"] == [distribution_arn]
    assert acm.describe_certificate(CertificateArn=old)["Certificate"]["InUseBy"] == [distribution_arn]
    with pytest.raises(ClientError) as refused:
        acm.delete_certificate(CertificateArn=old)
    assert refused.value.response["Error"]["Code"] == "ResourceInUseException"

    sandbox.settings(cognito_distribute_seconds=0)  # the change has distributed
    assert _described(cognito)["Status"] == "ACTIVE"
    assert acm.describe_certificate(CertificateArn=old)["Certificate"].get("InUseBy", []) == []
    acm.delete_certificate(CertificateArn=old)
    changes = [c for c in sandbox.control("GET", "changes")["changes"] if c["service"] == "cognito-idp"]
    assert [(c["before"], c["after"], c["domain"]) for c in changes] == [(None, old, HOST), (old, new, HOST)]

    plain_acm, plain_old, plain_new = _certificates(plain_moto)
    plain, plain_pool = _pool(plain_moto, plain_old)
    assert _switch(plain, plain_pool, plain_new) is None
    assert _described(plain)["Status"] == "ACTIVE"  # moto has no distribution time
    assert plain_acm.describe_certificate(CertificateArn=plain_new)["Certificate"].get("InUseBy", []) == []


def test_the_certificate_must_be_issued_in_us_east_1_and_cover_the_domain(sandbox, plain_moto):
    """AWS: a custom domain's certificate is an ACM certificate in us-east-1 covering the domain, whatever
    the pool's region; anything else is InvalidParameterException and the domain keeps its certificate."""
    acm, old, _ = _certificates(sandbox.client)
    cognito, pool = _pool(sandbox.client, old)
    in_pool_region = import_certificate(sandbox.client("acm", POOL_REGION), HOST)
    other_name = import_certificate(acm, "other.example.com")
    for bad in (in_pool_region, other_name):
        assert _switch(cognito, pool, bad) == "InvalidParameterException"
        assert _described(cognito)["CustomDomainConfig"] == {"CertificateArn": old}

    _, plain_old, _ = _certificates(plain_moto)
    plain, plain_pool = _pool(plain_moto, plain_old)
    plain_elsewhere = import_certificate(plain_moto("acm", POOL_REGION), HOST)
    assert _switch(plain, plain_pool, plain_elsewhere) is None  # moto stores any ARN
