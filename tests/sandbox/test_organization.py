"""The sandbox's organization (sandbox/organization.py): the fleet, and the AWS behaviours it restores
where plain moto differs (ListRegions missing, any role assumable, no region ever disabled)."""

from __future__ import annotations

import botocore.exceptions
import pytest

from sandbox.organization import DEFAULT_REGIONS


def assumed(sandbox, role_arn, service, region="eu-west-1", **external_id):
    creds = sandbox.client("sts", "us-east-1").assume_role(RoleArn=role_arn, RoleSessionName="test",
                                                           **external_id)["Credentials"]
    return sandbox.client(service, region, aws_access_key_id=creds["AccessKeyId"],
                          aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])


def test_the_fleet_is_an_organization_with_roles_ous_aliases_and_certificates(sandbox):
    org = sandbox.seed("organization", accounts=2, regions=["eu-west-1", "us-east-1"])
    listed = sandbox.client("organizations", "us-east-1").list_accounts()["Accounts"]
    assert {a["Id"] for a in listed} == {org["management_account"]} | {m["id"] for m in org["members"]}
    member = org["members"][0]
    assert member["ou"] == "prod" and member["alias"] == "member-1"
    assert assumed(sandbox, member["role_arn"], "iam").list_account_aliases()["AccountAliases"] == ["member-1"]
    acm = assumed(sandbox, member["role_arn"], "acm", "us-east-1")
    arns = {c["CertificateArn"] for c in acm.list_certificates()["CertificateSummaryList"]}
    assert arns == set(org["certificates"][member["id"]]["us-east-1"])
    assert [tuple(t) for t in org["held_targets"]] == sorted([(org["management_account"], "eu-west-1"),
                                                              (member["id"], "us-east-1")])


def test_list_regions_names_the_default_regions_enabled_and_opt_in_ones_disabled(sandbox, plain_moto):
    with pytest.raises(botocore.exceptions.ClientError) as missing:  # plain moto has no ListRegions at all
        plain_moto("account", "us-east-1").list_regions()
    assert missing.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    org = sandbox.seed("organization", accounts=1, regions=1, disabled_regions={"1": ["eu-west-1"]})
    account = sandbox.client("account", "us-east-1")
    regions = {r["RegionName"]: r["RegionOptStatus"] for r in account.list_regions()["Regions"]}
    assert {r for r, s in regions.items() if s == "ENABLED_BY_DEFAULT"} == set(DEFAULT_REGIONS)
    assert len(DEFAULT_REGIONS) == 17 and regions["af-south-1"] == "DISABLED"
    member = org["members"][0]["id"]
    enabled = account.list_regions(AccountId=member, RegionOptStatusContains=["ENABLED", "ENABLED_BY_DEFAULT"])
    assert "eu-west-1" not in {r["RegionName"] for r in enabled["Regions"]} and len(enabled["Regions"]) == 16


def test_a_role_that_does_not_exist_cannot_be_assumed_in_the_organizations_members(sandbox, plain_moto):
    plain_moto("sts", "us-east-1").assume_role(RoleArn="arn:aws:iam::222233334444:role/none", RoleSessionName="test")
    org = sandbox.seed("organization", accounts=2, regions=1, unassumable=1)
    locked = org["members"][1]
    assert not locked["role"]
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        assumed(sandbox, f"arn:aws:iam::{locked['id']}:role/certshift-audit", "acm")
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    assumed(sandbox, org["members"][0]["role_arn"], "acm").list_certificates()  # the role that exists
    assumed(sandbox, "arn:aws:iam::999988887777:role/anything", "acm")  # accounts outside the organization: moto's way


def test_a_call_in_a_region_not_enabled_is_refused(sandbox):
    org = sandbox.seed("organization", accounts=1, regions=1, disabled_regions={"1": ["us-west-2"]})
    role = org["members"][0]["role_arn"]
    with pytest.raises(botocore.exceptions.ClientError) as refused:
        assumed(sandbox, role, "acm", "us-west-2").list_certificates()
    assert refused.value.response["Error"]["Code"] == "UnrecognizedClientException"
    assumed(sandbox, role, "acm", "eu-west-1").list_certificates()


def test_a_role_whose_trust_policy_requires_an_external_id_is_assumed_only_with_it(sandbox, plain_moto):
    """AWS (IAM user guide, "Access to AWS accounts owned by third parties"): a trust policy with
    ``"Condition": {"StringEquals": {"sts:ExternalId": ...}}`` refuses AssumeRole (AccessDenied) without that
    external ID. moto issues credentials whatever the trust policy says."""
    iam = plain_moto("iam", "us-east-1")
    policy = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, '
              '"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "org-audit-7"}}}]}')
    role = iam.create_role(RoleName="guarded", AssumeRolePolicyDocument=policy)["Role"]["Arn"]
    plain_moto("sts", "us-east-1").assume_role(RoleArn=role, RoleSessionName="test")  # moto: no check
    org = sandbox.seed("organization", accounts=1, regions=1, external_id="org-audit-7")
    role = org["members"][0]["role_arn"]
    for wrong in ({}, {"ExternalId": "guess"}):
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            assumed(sandbox, role, "acm", **wrong)
        assert refused.value.response["Error"]["Code"] == "AccessDenied"
        assert role in refused.value.response["Error"]["Message"]
    assumed(sandbox, role, "acm", ExternalId="org-audit-7").list_certificates()
