"""owners: who owns a consumer (tags in bulk, CloudFormation by physical ID), and the code change."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from ansible_collections.certshift.acm.plugins.module_utils._consumers import owners
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError
from tests.unit.plugins.module_utils.fake_aws import client

OLD = "arn:aws:acm:eu-west-1:123456789012:certificate/old"
NEW = "arn:aws:acm:eu-west-1:123456789012:certificate/new"
LB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/alb/1"
LISTENER = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/alb/1/a"
CLASSIC = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/classic"
DIST = "arn:aws:cloudfront::123456789012:distribution/E1"


def listener_record(cert=OLD):
    return {"type": "elbv2_default", "certificate_arn": cert, "resource_arn": LB, "listener_arn": LISTENER,
            "port": 443, "load_balancer_type": "application", "names": [], "in_use_arns": [LB, LISTENER]}


def classic_record():
    return {"type": "elb", "certificate_arn": OLD, "resource_arn": CLASSIC, "load_balancer_name": "classic",
            "port": 443, "names": [], "in_use_arns": [CLASSIC]}


def distribution_record():
    return {"type": "cloudfront", "certificate_arn": OLD, "resource_arn": DIST, "distribution_id": "E1",
            "names": [], "in_use_arns": [DIST]}


class Tagging:
    def __init__(self, tags, denied=False):
        self.tags, self.denied, self.calls = tags, denied, []

    def get_resources(self, **kwargs):
        self.calls.append(kwargs)
        if self.denied:
            raise ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}}, "GetResources")
        return {"ResourceTagMappingList": [
            {"ResourceARN": arn, "Tags": [{"Key": k, "Value": v} for k, v in self.tags[arn].items()]}
            for arn in kwargs["ResourceARNList"] if arn in self.tags]}


class CloudFormation:
    """Stacks: {stack: {logical ID: (physical ID, type)}}; templates: {stack: dict}."""

    def __init__(self, stacks=None, templates=None, denied=False):
        self.stacks, self.templates, self.denied, self.calls = stacks or {}, templates or {}, denied, []

    def describe_stack_resources(self, PhysicalResourceId):
        self.calls.append(PhysicalResourceId)
        if self.denied:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": "no"}}, "DescribeStackResources")
        for stack, resources in self.stacks.items():
            if any(physical == PhysicalResourceId for physical, _type in resources.values()):
                return {"StackResources": [{"StackName": stack, "LogicalResourceId": logical, "PhysicalResourceId": p,
                                            "ResourceType": t} for logical, (p, t) in resources.items()]}
        raise ClientError({"Error": {"Code": "ValidationError", "Message": f"Stack for {PhysicalResourceId} does not "
                                     "exist"}}, "DescribeStackResources")

    def get_template(self, StackName, TemplateStage):
        return {"TemplateBody": self.templates.get(StackName, "not json")}


class Clients:
    def __init__(self, tagging, cloudformation):
        self.fakes = {"resourcegroupstaggingapi": tagging, "cloudformation": cloudformation}
        self.regions = []

    def get(self, service, region=None):
        self.regions.append((service, region))
        return client(self.fakes[service], service)


@pytest.mark.parametrize("values, expected", [
    (["ManagedBy=terraform"], [("ManagedBy", "terraform")]),
    ([" Team "], [("Team", None)]),
    (["Key="], [("Key", "")]),
    ([], []),
    (None, []),
])
def test_parse_owner_tags(values, expected):
    assert owners.parse_owner_tags(values) == expected


@pytest.mark.parametrize("values", [["=terraform"], [""], ["ok=1", " =x"]])
def test_owner_tags_without_a_key_are_one_clear_error(values):
    with pytest.raises(CertshiftError) as e:
        owners.parse_owner_tags(values)
    assert "owner_tags" in e.value.msg and "Key=Value" in e.value.msg


@pytest.mark.parametrize("tags, kind", [
    ({"aws:cloudformation:stack-name": "web", "aws:cloudformation:logical-id": "Balancer"}, "cloudformation"),
    # Beanstalk environments are stacks too: Beanstalk is where the listener changes
    ({"aws:cloudformation:stack-name": "awseb-e-1", "elasticbeanstalk:environment-name": "prod"}, "elasticbeanstalk"),
    ({"elbv2.k8s.aws/cluster": "eks1", "ingress.k8s.aws/stack": "default/web"}, "aws_load_balancer_controller"),
    ({"ingress.k8s.aws/stack": "default/web"}, "aws_load_balancer_controller"),
    ({"ManagedBy": "terraform"}, "tag"),
    ({"ManagedBy": "pulumi"}, None),
    ({"Team": "x"}, "tag"),
    ({}, None),
])
def test_owner_from_tags(tags, kind):
    owner = owners.owner_from_tags(tags, [("ManagedBy", "terraform"), ("Team", None)])
    assert (owner or {}).get("kind") == kind


def test_cloudformation_tags_name_stack_and_logical_id():
    owner = owners.owner_from_tags({"aws:cloudformation:stack-name": "web", "aws:cloudformation:logical-id": "Lb"})
    assert owner["stack"] == "web" and owner["logical_id"] == "Lb"
    assert owner["name"] == "CloudFormation stack web (logical ID Lb)"


TEMPLATE = {"Parameters": {"CertArn": {"Type": "String"}}, "Resources": {
    "Https": {"Type": "AWS::ElasticLoadBalancingV2::Listener",
              "Properties": {"Port": 443, "Certificates": [{"CertificateArn": {"Ref": "CertArn"}}]}},
    "Literal": {"Type": "AWS::ElasticLoadBalancingV2::Listener",
                "Properties": {"Certificates": [{"CertificateArn": OLD}]}},
    "Other": {"Type": "AWS::ElasticLoadBalancingV2::Listener",
              "Properties": {"LoadBalancerArn": {"Ref": "Balancer"}}}}}


@pytest.mark.parametrize("logical_id, expected", [
    ("Https", "Parameters.CertArn"),
    ("Literal", "Resources.Literal.Properties.Certificates[0].CertificateArn"),
    ("Other", None),  # a Ref that is not under a certificate property is not the certificate
    ("Missing", None),
])
def test_template_location(logical_id, expected):
    assert owners.template_location(TEMPLATE, logical_id, OLD) == expected


def test_detect_reads_tags_in_bulk_and_asks_cloudformation_for_the_listener():
    """The load balancer's stack tags name the stack; DescribeStackResources by the listener's ARN names the
    listener's logical ID; the template names the parameter. An untagged consumer costs no CloudFormation call
    (CloudFormation tags what it creates)."""
    tagging = Tagging({LB: {"aws:cloudformation:stack-name": "web", "aws:cloudformation:logical-id": "Balancer"},
                       CLASSIC: {"ManagedBy": "terraform"}})
    cfn = CloudFormation({"web": {"Balancer": (LB, "AWS::ElasticLoadBalancingV2::LoadBalancer"),
                                  "Https": (LISTENER, "AWS::ElasticLoadBalancingV2::Listener")}},
                         {"web": TEMPLATE})
    clients = Clients(tagging, cfn)
    records = [listener_record(), classic_record(), distribution_record()]
    warnings = owners.detect(clients, records, [("ManagedBy", "terraform")], "eu-west-1")
    assert warnings == []
    listener, classic, dist = records
    assert listener["owner"] == {"kind": "cloudformation", "stack": "web", "logical_id": "Https",
                                 "resource_type": "AWS::ElasticLoadBalancingV2::Listener",
                                 "name": "CloudFormation stack web (logical ID Https)",
                                 "template_location": "Parameters.CertArn"}
    assert classic["owner"]["kind"] == "tag" and classic["owner"]["tag"] == "ManagedBy=terraform"
    assert dist["owner"] is None
    # one GetResources a region (CloudFront's tags live in us-east-1), every ARN at once
    assert sorted(len(c["ResourceARNList"]) for c in tagging.calls) == [1, 2]
    assert ("resourcegroupstaggingapi", "us-east-1") in clients.regions
    # only the listener of a stack-tagged load balancer is looked up
    assert cfn.calls == [LISTENER]


def test_tags_are_read_once_a_run():
    """The pipeline's waves ask the reader again and again: each resource's tags are read once."""
    tagging = Tagging({LB: {"ManagedBy": "terraform"}})
    reader = owners.OwnerReader(Clients(tagging, CloudFormation()), [("ManagedBy", "terraform")], "eu-west-1")
    reader.prefetch([listener_record(), classic_record()])
    assert [c["ResourceARNList"] for c in tagging.calls] == [[LB, CLASSIC]]
    first, second = [listener_record()], [classic_record(), listener_record()]
    assert reader.detect(first) == [] and reader.detect(second) == []
    assert len(tagging.calls) == 1
    assert first[0]["owner"]["kind"] == "tag" and second[0]["owner"] is None


def test_detect_warns_and_finds_nothing_where_denied():
    clients = Clients(Tagging({}, denied=True), CloudFormation(denied=True))
    records = [listener_record()]
    warnings = owners.detect(clients, records, [], "eu-west-1")
    assert records[0]["owner"] is None
    assert any("tag:GetResources" in w for w in warnings)
    assert any("cloudformation:DescribeStackResources" in w for w in warnings)


def test_without_tags_cloudformation_is_asked_for_every_consumer():
    cfn = CloudFormation({"web": {"Https": (LISTENER, "AWS::ElasticLoadBalancingV2::Listener")}})
    records = [listener_record(), classic_record()]
    warnings = owners.detect(Clients(Tagging({}, denied=True), cfn), records, [], "eu-west-1")
    assert len(warnings) == 1 and "tag:GetResources" in warnings[0]
    assert sorted(cfn.calls) == sorted([LISTENER, "classic"])
    assert records[0]["owner"]["logical_id"] == "Https" and records[1]["owner"] is None


def test_tag_lists_go_in_chunks_of_100():
    arns = [f"{LB}{i}" for i in range(250)]
    tagging = Tagging({})
    from ansible_collections.certshift.acm.plugins.module_utils._aws import tagging_api
    assert tagging_api.tags_of(client(tagging, "resourcegroupstaggingapi"), arns) == {}
    assert [len(c["ResourceARNList"]) for c in tagging.calls] == [100, 100, 50]


@pytest.mark.parametrize("record, owner, expected", [
    (listener_record(), owners.cloudformation_owner("web", "Https"),
     "AWS::ElasticLoadBalancingV2::Listener Certificates[0].CertificateArn"),
    (classic_record(), {"kind": "tag", "tag": "ManagedBy=terraform", "name": "x"},
     "AWS::ElasticLoadBalancing::LoadBalancer Listeners[LoadBalancerPort=443].SSLCertificateId"),
    (listener_record(), {"kind": "elasticbeanstalk", "environment": "prod", "name": "x"},
     "option aws:elbv2:listener:443 SSLCertificateArns"),
    (listener_record(), {"kind": "aws_load_balancer_controller", "cluster": "eks", "name": "x"},
     "Ingress annotation alb.ingress.kubernetes.io/certificate-arn"),
])
def test_code_change_names_resource_owner_property_and_both_arns(record, owner, expected):
    record["owner"] = owner
    change = owners.code_change(record, OLD, NEW)
    assert change["property"] == expected
    assert (change["before"], change["after"], change["owner"]) == (OLD, NEW, owner)
    assert change["resource"] == record.get("listener_arn", record["resource_arn"])


ENV = "arn:aws:elasticbeanstalk:eu-west-1:123456789012:environment/app/web"
POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"
SERVER = "arn:aws:transfer:eu-west-1:123456789012:server/s-0123"


def environment_record():
    """ACM lists the environment's load balancer; the environment is what is switched."""
    return {"type": "elasticbeanstalk", "certificate_arn": OLD, "resource_arn": LB, "environment_arn": ENV,
            "environment_id": "e-1", "environment_name": "web", "application_name": "app",
            "namespace": "aws:elbv2:listener:443", "option_name": "SSLCertificateArns", "port": 443,
            "load_balancer_arns": [LB], "names": [], "in_use_arns": [LB, ENV]}


def test_beanstalks_own_tags_name_no_owner_of_the_environment_it_switches():
    """Beanstalk tags its environments (and their load balancers) with the environment's name: for the
    environment record, switched through Beanstalk, that is no owner; the environment's own tags are read
    (not its load balancer's), and a stack there owns it, with the option setting to change."""
    tagging = Tagging({LB: {"elasticbeanstalk:environment-name": "web"},
                       ENV: {"elasticbeanstalk:environment-name": "web", "elasticbeanstalk:environment-id": "e-1"}})
    records = [environment_record()]
    assert owners.detect(Clients(tagging, CloudFormation()), records, [], "eu-west-1") == []
    assert records[0]["owner"] is None
    assert [c["ResourceARNList"] for c in tagging.calls] == [[ENV]]

    tagging = Tagging({ENV: {"elasticbeanstalk:environment-name": "web", "aws:cloudformation:stack-name": "apps",
                             "aws:cloudformation:logical-id": "WebEnvironment"}})
    records = [environment_record()]
    owners.detect(Clients(tagging, CloudFormation()), records, [], "eu-west-1")
    assert records[0]["owner"]["stack"] == "apps"
    change = owners.code_change(records[0], OLD, NEW)
    assert change["resource"] == ENV
    assert change["property"] == "AWS::ElasticBeanstalk::Environment OptionSettings aws:elbv2:listener:443 SSLCertificateArns"


def test_a_cognito_domain_is_looked_up_in_its_pools_stack_and_a_server_names_its_property():
    """A user pool's stack tags name the stack, not the domain (a resource of its own): the stack is asked for
    the domain by its physical ID (the domain name, what its Ref gives). A Transfer server's tags are its own."""
    tagging = Tagging({POOL: {"aws:cloudformation:stack-name": "auth", "aws:cloudformation:logical-id": "Pool"},
                       SERVER: {"ManagedBy": "terraform"}})
    cfn = CloudFormation({"auth": {"Pool": ("us-east-1_abc", "AWS::Cognito::UserPool"),
                                   "Domain": ("login.example.com", "AWS::Cognito::UserPoolDomain")}})
    clients = Clients(tagging, cfn)
    cognito = {"type": "cognito", "certificate_arn": OLD, "resource_arn": POOL, "user_pool_id": "us-east-1_abc",
               "domain": "login.example.com", "names": ["login.example.com"], "in_use_arns": []}
    server = {"type": "transfer", "certificate_arn": OLD, "resource_arn": SERVER, "server_id": "s-0123",
              "names": [], "in_use_arns": [SERVER]}
    records = [cognito, server]
    assert owners.detect(clients, records, [("ManagedBy", "terraform")], "eu-west-1") == []
    assert cfn.calls == ["login.example.com"]
    assert ("cloudformation", "us-east-1") in clients.regions
    assert cognito["owner"]["logical_id"] == "Domain"
    assert owners.code_change(cognito, OLD, NEW)["property"] == \
        "AWS::Cognito::UserPoolDomain CustomDomainConfig.CertificateArn"
    assert server["owner"]["kind"] == "tag"
    assert owners.code_change(server, OLD, NEW)["property"] == "AWS::Transfer::Server Certificate"


def test_every_consumer_type_says_where_code_keeps_its_certificate():
    """A new consumer type without its CloudFormation property would report 'the certificate ARN' only."""
    from ansible_collections.certshift.acm.plugins.module_utils._consumers.registry import CONSUMERS
    missing = [t for c in CONSUMERS for t in c.record_types if t not in c.in_code]
    assert missing == []
