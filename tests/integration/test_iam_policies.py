"""The shipped least-privilege IAM policies (policies/*.json) hold exactly the actions the
collection's modules call: the audit, migrate (Route53 provider) and rollback playbooks run on
the sandbox's demo fleet, the sandbox counts every call by user agent (amazon.aws clients send
``Ansible/<version>``), and each call is mapped to its IAM action name.

Not exercised here (documented in policies/README.md): sts:AssumeRole (the caller's right,
granted in the target role's trust policy, not by these policies).
"""

from __future__ import annotations

import copy
import fnmatch
import json
import os

import botocore.session
import pytest

from tests.harness import REPO_ROOT
from tests.integration.renewal_fixtures import request
from tests.integration.test_cert_swap import wait_issued
from tests.sandbox.consumer_helpers import beanstalk_environment, listener_stack

POLICIES = os.path.join(REPO_ROOT, "policies")
AUDIT = os.path.join(REPO_ROOT, "playbooks", "audit_acm.yml")
MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
ROLLBACK = os.path.join(REPO_ROOT, "playbooks", "rollback_acm.yml")
REGIONS = ["eu-west-1", "us-east-1"]

# Sandbox service name -> IAM service prefix.
IAM_PREFIX = {
    "acm": "acm",
    "elb": "elasticloadbalancing",
    "elbv2": "elasticloadbalancing",
    "cloudfront": "cloudfront",
    "route53": "route53",
    "sts": "sts",
    "resourcegroupstaggingapi": "tag",
    "apigateway": "apigateway",
    "apigatewayv2": "apigateway",
    "transfer": "transfer",
    "vpc-lattice": "vpc-lattice",
    "opensearch": "es",
    "cognito-idp": "cognito-idp",
    "elasticbeanstalk": "elasticbeanstalk",
    "cloudformation": "cloudformation",
}
_session = botocore.session.get_session()


def iam_action(call):
    """``acm:DescribeCertificate`` (sandbox key) -> IAM action; API Gateway uses HTTP verbs."""
    service, operation = call.split(":", 1)
    prefix = IAM_PREFIX[service]
    if prefix == "apigateway":
        method = _session.get_service_model(service).operation_model(operation).http["method"]
        return f"apigateway:{method}"
    return f"{prefix}:{operation}"


def policy_actions(name):
    with open(os.path.join(POLICIES, name)) as f:
        doc = json.load(f)
    assert doc["Version"] == "2012-10-17"
    actions = set()
    for statement in doc["Statement"]:
        assert statement["Effect"] == "Allow"
        listed = statement["Action"]
        for action in [listed] if isinstance(listed, str) else listed:
            assert "*" not in action, f"{name}: wildcard action {action}"
            actions.add(action)
    return actions


def load_policy(name):
    with open(os.path.join(POLICIES, name)) as f:
        return json.load(f)


# --- the IAM condition operators the shipped policies use, as AWS evaluates them ------------------
# (hand-written: no maintained library evaluates IAM policies offline; moto's access control ignores
# Condition blocks). AWS: a single-valued operator is false when the key is missing; ForAllValues is
# true when every value (or none) matches; ForAnyValue needs one match.
def _match(operator, value, wanted):
    if operator.endswith("StringEquals"):
        return any(value == w for w in wanted)
    if operator.endswith("StringLike"):
        return any(fnmatch.fnmatchcase(value, w) for w in wanted)
    raise AssertionError(f"operator {operator} is not implemented by this test")


def condition_holds(condition, context):
    for operator, keys in condition.items():
        for key, wanted in keys.items():
            wanted = [wanted] if isinstance(wanted, str) else wanted
            values = context.get(key)
            values = [values] if isinstance(values, str) else values
            if operator.startswith("ForAllValues:"):
                ok = all(_match(operator, v, wanted) for v in values or [])
            elif operator.startswith("ForAnyValue:"):
                ok = any(_match(operator, v, wanted) for v in values or [])
            else:
                ok = values is not None and len(values) == 1 and _match(operator, values[0], wanted)
            if not ok:
                return False
    return True


def allows(policy, action, context):
    """Does any statement of ``policy`` allow ``action`` (IAM name) with this request context?"""
    for statement in policy["Statement"]:
        listed = statement["Action"]
        if action not in ([listed] if isinstance(listed, str) else listed):
            continue
        resources = statement["Resource"]
        resources = [resources] if isinstance(resources, str) else resources
        if "resource" in context and not any(fnmatch.fnmatchcase(context["resource"], r) for r in resources):
            continue
        if condition_holds(statement.get("Condition", {}), context):
            return True
    return False


def zone_scoped(policy, zone_ids):
    """The policy as policies/README.md tells users to scope it: hosted zone statements on the given
    zones only, and no ListHostedZones (not needed with acm_route53_zone_ids)."""
    scoped = copy.deepcopy(policy)
    statements = []
    for statement in scoped["Statement"]:
        if statement["Action"] == ["route53:ListHostedZones"]:
            continue
        if statement["Resource"] == "arn:aws:route53:::hostedzone/*":
            statement["Resource"] = [f"arn:aws:route53:::hostedzone/{z}" for z in zone_ids]
        statements.append(statement)
    scoped["Statement"] = statements
    return scoped


def test_the_conditions_refuse_what_the_collection_never_does():
    """The migrate policy's conditions, evaluated as AWS does: only UPSERTs of CNAMEs named _..., and only
    DNS-validated requests. (Proves both the conditions and this test's evaluator.)"""
    policy = load_policy("certshift-acm-migrate.json")
    zone = {"resource": "arn:aws:route53:::hostedzone/Z1"}

    def change(actions, types, names):
        return {**zone, "route53:ChangeResourceRecordSetsActions": actions,
                "route53:ChangeResourceRecordSetsRecordTypes": types,
                "route53:ChangeResourceRecordSetsNormalizedRecordNames": names}

    write = "route53:ChangeResourceRecordSets"
    assert allows(policy, write, change(["UPSERT", "UPSERT"], ["CNAME", "CNAME"], ["_a.example.com", "_b.example.org"]))
    assert not allows(policy, write, change(["DELETE"], ["CNAME"], ["_a.example.com"]))
    assert not allows(policy, write, change(["CREATE"], ["CNAME"], ["_a.example.com"]))
    assert not allows(policy, write, change(["UPSERT", "UPSERT"], ["CNAME", "A"], ["_a.example.com", "_b.example.com"]))
    assert not allows(policy, write, change(["UPSERT"], ["CNAME"], ["www.example.com"]))
    assert allows(policy, "acm:RequestCertificate", {"acm:ValidationMethod": "DNS"})
    assert not allows(policy, "acm:RequestCertificate", {"acm:ValidationMethod": "EMAIL"})
    assert not allows(policy, "acm:RequestCertificate", {})  # no ValidationMethod: AWS's default is EMAIL
    assert allows(policy, "acm:UpdateCertificateOptions", {"acm:ValidationMethod": "DNS"})
    assert not allows(policy, "acm:UpdateCertificateOptions", {"acm:ValidationMethod": "EMAIL"})
    assert not allows(policy, "acm:UpdateCertificateOptions", {})  # Export or CT changes: not ours
    scoped = zone_scoped(policy, ["Z1"])
    assert allows(scoped, write, change(["UPSERT"], ["CNAME"], ["_a.example.com"]))
    assert not allows(scoped, write, {**change(["UPSERT"], ["CNAME"], ["_a.example.com"]),
                                      "resource": "arn:aws:route53:::hostedzone/Z2"})


def ansible_actions(sandbox):
    return {iam_action(call) for call in sandbox.calls()["by_agent"]["ansible"]}


def test_iam_action_mapping():
    assert iam_action("elbv2:ModifyListener") == "elasticloadbalancing:ModifyListener"
    assert iam_action("elb:SetLoadBalancerListenerSSLCertificate") == \
        "elasticloadbalancing:SetLoadBalancerListenerSSLCertificate"
    assert iam_action("apigateway:UpdateDomainName") == "apigateway:PATCH"
    assert iam_action("apigatewayv2:GetDomainNames") == "apigateway:GET"
    assert iam_action("cloudfront:GetDistributionConfig") == "cloudfront:GetDistributionConfig"
    assert iam_action("opensearch:UpdateDomainConfig") == "es:UpdateDomainConfig"
    assert iam_action("cognito-idp:UpdateUserPoolDomain") == "cognito-idp:UpdateUserPoolDomain"


def test_calls_are_told_apart_by_user_agent(sandbox, ansible):
    sandbox.client("acm").list_certificates()
    result = ansible.module("certshift.acm.acm_renewal_check", {"check_https": False, "check_dns": False})
    assert not result.get("failed"), result
    by_agent = sandbox.calls()["by_agent"]
    assert by_agent["other"] == {"acm:ListCertificates": 1}
    assert by_agent["ansible"] and "acm:ListCertificates" not in by_agent["other"].keys() - {"acm:ListCertificates"}
    assert sum(by_agent["ansible"].values()) + 1 == sandbox.calls()["total"]


def add_opensearch_domain(sandbox, region="eu-west-1"):
    """An OpenSearch domain whose custom endpoint uses an EMAIL-validated certificate (not in the demo fleet)."""
    acm = sandbox.client("acm", region)
    arn = wait_issued(acm, acm.request_certificate(DomainName="search.example.com",
                                                   ValidationMethod="EMAIL")["CertificateArn"])
    sandbox.client("opensearch", region).create_domain(DomainName="demo-search", DomainEndpointOptions={
        "EnforceHTTPS": True, "CustomEndpointEnabled": True, "CustomEndpoint": "search.example.com",
        "CustomEndpointCertificateArn": arn})


def add_cognito_custom_domain(sandbox, region="us-east-1"):
    """A user pool whose custom domain uses an EMAIL-validated us-east-1 certificate (not in the demo fleet)."""
    acm = sandbox.client("acm", region)
    arn = wait_issued(acm, acm.request_certificate(DomainName="login.example.com",
                                                   ValidationMethod="EMAIL")["CertificateArn"])
    cognito = sandbox.client("cognito-idp", region)
    pool = cognito.create_user_pool(PoolName="demo-pool")["UserPool"]["Id"]
    cognito.create_user_pool_domain(Domain="login.example.com", UserPoolId=pool,
                                    CustomDomainConfig={"CertificateArn": arn})


@pytest.fixture
def demo(sandbox):
    manifest = sandbox.seed("demo")
    # Consumer types the demo fleet does not have, so that their calls are exercised too.
    add_opensearch_domain(sandbox)
    add_cognito_custom_domain(sandbox)
    return manifest


def add_consumers_the_demo_lacks(sandbox, demo):
    """On the demo's example.org + *.example.org certificate (eu-west-1): a Transfer Family FTPS
    server, a VPC Lattice service and an API Gateway private custom domain, so the audit reads them and the migration and rollback switch them."""
    arn = demo["certificates"]["alb_sni"]["arn"]
    sandbox.client("transfer", "eu-west-1").create_server(
        Protocols=["FTPS"], Certificate=arn, IdentityProviderType="API_GATEWAY",
        IdentityProviderDetails={"Url": "https://idp.example.org", "InvocationRole": "arn:aws:iam::123456789012:role/idp"},
        Tags=[{"Key": "aws:transfer:customHostname", "Value": "files.example.org"}])
    sandbox.client("vpc-lattice", "eu-west-1").create_service(
        name="mesh", customDomainName="mesh.example.org", certificateArn=arn, authType="NONE")
    # An API Gateway private custom domain: read and switched by domainName + domainNameId.
    sandbox.client("apigateway", "eu-west-1").create_domain_name(
        domainName="internal.example.org", certificateArn=arn, endpointConfiguration={"types": ["PRIVATE"]})


def test_policies_hold_exactly_the_actions_the_playbooks_use(ansible, sandbox, demo, tmp_path):
    reports = tmp_path / "reports"
    common = {"acm_regions": REGIONS, "acm_report_dir": str(reports), "acm_wait_timeout": 120}

    add_consumers_the_demo_lacks(sandbox, demo)
    email_eu = [c["arn"] for c in demo["certificates"].values()
                if c["validation_method"] == "EMAIL" and c["region"] == "eu-west-1"]
    # An Elastic Beanstalk environment whose listener certificate is EMAIL-validated: read by the audit's scan,
    # switched with UpdateEnvironment by the replacement (and back by the rollback).
    eb_certificate = sandbox.client("acm").request_certificate(DomainName="eb.example.com",
                                                               ValidationMethod="EMAIL")["CertificateArn"]
    beanstalk_environment(sandbox.client, "eu-west-1", eb_certificate)
    # An in-place migration in progress (started by hand): the audit lists the records it asks for.
    sandbox.client("acm").update_certificate_options(CertificateArn=demo["certificates"]["unused"]["arn"],
                                                     Options={"ValidationMethod": "DNS"})
    # A listener a CloudFormation stack owns: its owner is looked up (tags, the stack, its template) and held.
    owned = request(sandbox, ["owned.example.org"], in_use=False)
    wait_issued(sandbox.client("acm", "eu-west-1"), owned)
    listener_stack(sandbox.client("cloudformation", "eu-west-1"), sandbox.client("ec2", "eu-west-1"), "owned-web", owned)
    sandbox.reset_calls()
    # The whole fleet (found by SearchCertificates), then a selection by ARN (described one by one,
    # fingerprinted with GetCertificate for the HTTPS rule).
    audit = ansible.playbook(AUDIT, extra_vars={**common, "acm_probe_timeout": 1})
    assert audit.rc == 0, audit
    selected = ansible.playbook(AUDIT, extra_vars={**common, "acm_regions": ["eu-west-1"], "acm_probe_timeout": 1,
                                                   "acm_certificate_arns": email_eu})
    assert selected.rc == 0, selected
    audit_used = ansible_actions(sandbox)

    sandbox.reset_calls()
    # The first migration writes only into the zones it is given (a zone-scoped policy), the second finds zones
    # itself (ListHostedZones) and deletes the originals.
    zones = {z["Name"].rstrip("."): z["Id"].rsplit("/", 1)[-1]
             for z in sandbox.client("route53").list_hosted_zones()["HostedZones"]}
    zone_ids = [zones["example.com"], zones["example.org"]]
    migrate = ansible.playbook(MIGRATE, extra_vars={**common, "acm_dns_provider": "route53",
                                                    "acm_migration_strategy": "replace",
                                                    "acm_route53_zone_ids": zone_ids, "acm_delete_old": False})
    assert migrate.rc == 0, migrate
    scoped_contexts = sandbox.control("GET", "calls/contexts")["contexts"]
    rollback = ansible.playbook(ROLLBACK, extra_vars=common)
    assert rollback.rc == 0, rollback
    # A second migration deletes the old certificates (rollback kept them).
    migrate_again = ansible.playbook(MIGRATE, extra_vars={**common, "acm_dns_provider": "route53",
                                                          "acm_migration_strategy": "replace"})
    assert migrate_again.rc == 0, migrate_again
    # The replacement held the certificate only an AppSync domain uses; the default strategy migrates it in place.
    in_place = ansible.playbook(MIGRATE, extra_vars={**common, "acm_dns_provider": "route53"})
    assert in_place.rc == 0, in_place
    assert sandbox.calls()["by_agent"]["ansible"].get("acm:UpdateCertificateOptions", 0) > 0
    migrate_used = ansible_actions(sandbox)
    assert sandbox.calls()["by_action"].get("acm:DeleteCertificate", 0) > 0
    print("audit:", sorted(audit_used))
    print("migrate:", sorted(migrate_used))

    audit_policy = policy_actions("certshift-acm-audit.json")
    assert audit_used - audit_policy == set(), "missing from the audit policy"
    assert audit_policy - audit_used == set(), "extra in the audit policy"

    migrate_policy = policy_actions("certshift-acm-migrate.json")
    assert migrate_used - migrate_policy == set(), "missing from the migrate policy"
    assert migrate_policy - migrate_used == set(), "extra in the migrate policy"

    # Every call's resource and condition keys (as IAM sees the request) are allowed by the policy's
    # conditions, and the zone-scoped run stays inside its zones.
    contexts = sandbox.control("GET", "calls/contexts")["contexts"]
    assert {c["action"] for c in contexts} >= {"route53:ChangeResourceRecordSets", "acm:RequestCertificate",
                                               "acm:UpdateCertificateOptions"}, contexts
    policy = load_policy("certshift-acm-migrate.json")
    refused = [c for c in contexts if not allows(policy, iam_action(c["action"]), c)]
    assert refused == [], "calls the migrate policy's conditions refuse"
    scoped = zone_scoped(policy, zone_ids)
    refused = [c for c in scoped_contexts if not allows(scoped, iam_action(c["action"]), c)]
    assert refused == [], "calls outside the given zones"
    assert "route53:ListHostedZones" not in {c["action"] for c in scoped_contexts}
