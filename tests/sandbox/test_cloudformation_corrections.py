"""CloudFormation as owner detection relies on it: the sandbox behaves as AWS documents; plain moto
5.2.5 does not (it tags only EC2 resources, and DescribeStackResources ignores PhysicalResourceId)."""

from __future__ import annotations

import uuid

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import import_certificate, listener_stack

REGION = "eu-west-1"


def _stack(client, tags=None):
    name = f"web-{uuid.uuid4().hex[:6]}"
    arn = import_certificate(client("acm", REGION), "stack.example.com")
    ids = listener_stack(client("cloudformation", REGION), client("ec2", REGION), name, arn, tags=tags)
    return name, ids, arn


def _tags(client, arn):
    described = client("elbv2", REGION).describe_tags(ResourceArns=[arn])["TagDescriptions"][0]["Tags"]
    return {t["Key"]: t["Value"] for t in described}


def test_a_stack_tags_the_load_balancer_it_creates(sandbox, plain_moto):
    """AWS: every resource a stack creates that takes tags carries aws:cloudformation:stack-name, stack-id and
    logical-id, and the stack's own tags; the Resource Groups Tagging API lists them."""
    name, ids, arn = _stack(sandbox.client, tags={"Team": "web"})
    tags = _tags(sandbox.client, ids["Balancer"])
    assert tags["aws:cloudformation:stack-name"] == name
    assert tags["aws:cloudformation:logical-id"] == "Balancer"
    assert tags["aws:cloudformation:stack-id"].startswith(f"arn:aws:cloudformation:{REGION}:")
    assert tags["Team"] == "web"
    listed = sandbox.client("resourcegroupstaggingapi", REGION).get_resources(ResourceARNList=[ids["Balancer"]])
    assert {t["Key"]: t["Value"] for t in listed["ResourceTagMappingList"][0]["Tags"]}[
        "aws:cloudformation:stack-name"] == name

    # the listener the stack created uses the certificate at once (InUseBy is computed live)
    in_use_by = sandbox.client("acm", REGION).describe_certificate(CertificateArn=arn)["Certificate"]["InUseBy"]
    assert ids["Balancer"] in in_use_by

    _name, plain_ids, _arn = _stack(plain_moto, tags={"Team": "web"})
    assert "aws:cloudformation:stack-name" not in _tags(plain_moto, plain_ids["Balancer"])


def test_describe_stack_resources_by_physical_id_names_the_stack(sandbox, plain_moto):
    """AWS: DescribeStackResources(PhysicalResourceId=...) returns the resources of the stack that created
    that resource; a resource no stack created is a ValidationError 'Stack for <id> does not exist'."""
    name, ids, _arn = _stack(sandbox.client)
    cfn = sandbox.client("cloudformation", REGION)
    found = cfn.describe_stack_resources(PhysicalResourceId=ids["Https"])["StackResources"]
    listener = next(r for r in found if r["PhysicalResourceId"] == ids["Https"])
    assert (listener["StackName"], listener["LogicalResourceId"]) == (name, "Https")
    assert listener["ResourceType"] == "AWS::ElasticLoadBalancingV2::Listener"
    assert {r["LogicalResourceId"] for r in found} == {"Balancer", "Https"}
    only = cfn.describe_stack_resources(PhysicalResourceId=ids["Https"], LogicalResourceId="Balancer")
    assert [r["LogicalResourceId"] for r in only["StackResources"]] == ["Balancer"]
    unowned = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/none/1/2"
    with pytest.raises(ClientError) as e:
        cfn.describe_stack_resources(PhysicalResourceId=unowned)
    assert e.value.response["Error"]["Code"] == "ValidationError"
    assert f"Stack for {unowned} does not exist" in e.value.response["Error"]["Message"]

    _name, plain_ids, _arn = _stack(plain_moto)
    with pytest.raises(ClientError):  # moto looks for a stack named None
        plain_moto("cloudformation", REGION).describe_stack_resources(PhysicalResourceId=plain_ids["Https"])
