# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Who owns a consumer: infrastructure code that would undo a switch made outside it.

A consumer switched outside its code is switched back, or breaks, at the next apply: CloudFormation
writes back the old ARN at its next update of the resource (and rolls back once that certificate is
gone), Terraform reads the new one as drift, Elastic Beanstalk and the AWS Load Balancer Controller
reconcile by themselves. Owners are read from the tags of the load balancer, distribution or domain
name, in bulk (tag:GetResources by ARN, 100 a call):
Beanstalk's ``elasticbeanstalk:environment-name``, the controller's ``elbv2.k8s.aws/cluster`` /
``ingress.k8s.aws/stack``, CloudFormation's ``aws:cloudformation:stack-name`` / ``logical-id``, then
the user's own convention (``owner_tags``: ``Key=Value`` or ``Key``, e.g. Terraform's
``default_tags`` ``ManagedBy=terraform``). CloudFormation tags every taggable resource it creates,
but not a listener: where a load balancer's tags name a stack, the stack is asked for the listener
by its physical ID (DescribeStackResources), and its template (GetTemplate) for the parameter or
property that holds the ARN; where tags cannot be read at all, CloudFormation is asked for every
consumer. A fleet without stacks costs no CloudFormation call.

``detect`` sets ``record["owner"]`` (a dict, or None); ``code_change`` is the edit to make in that
code: resource, owner, property, old ARN -> new ARN.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Tuple

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._aws import cloudformation_api, tagging_api
from .._aws.aws_clients import CLOUDFRONT_REGION
from .._aws.error_codes import is_unavailable
from ..concurrency import map_concurrently
from ..errors import CertshiftError, error_code
from .consumer_type import InCode, Record
from .registry import of_record_type

CFN_STACK = "aws:cloudformation:stack-name"
CFN_LOGICAL_ID = "aws:cloudformation:logical-id"
BEANSTALK_ENVIRONMENT = "elasticbeanstalk:environment-name"
LBC_CLUSTER = "elbv2.k8s.aws/cluster"
LBC_STACK = "ingress.k8s.aws/stack"

# DescribeStackResources / GetTemplate: CloudFormation throttles bursts; a few at a time is enough.
CFN_WORKERS = 4

Convention = Tuple[str, Optional[str]]

BEANSTALK_PROPERTY = {
    "elbv2_default": "option aws:elbv2:listener:{port} SSLCertificateArns",
    "elbv2_sni": "option aws:elbv2:listener:{port} SSLCertificateArns",
    "elb": "option aws:elb:listener:{port} SSLCertificateId",
}
_NO_CODE = InCode("", lambda record: "the certificate ARN")
LBC_PROPERTY = {
    "application": "Ingress annotation alb.ingress.kubernetes.io/certificate-arn",
    "network": "Service annotation service.beta.kubernetes.io/aws-load-balancer-ssl-cert",
}


def parse_owner_tags(values: Optional[Iterable[str]]) -> List[Convention]:
    """[(key, value or None)] from ``Key=Value`` / ``Key`` strings; one CertshiftError naming the bad ones."""
    parsed, bad = [], []
    for value in values or []:
        text = str(value).strip()
        key, sep, tag_value = text.partition("=")
        if not key.strip():
            bad.append(repr(value))
            continue
        parsed.append((key.strip(), tag_value.strip() if sep else None))
    if bad:
        raise CertshiftError(
            f"owner_tags {', '.join(bad)} name no tag key: give Key=Value (for example ManagedBy=terraform) or Key",
            owner_tags=list(values or []))
    return parsed


def owner_from_tags(tags: Dict[str, str], conventions: Iterable[Convention] = ()) -> Optional[Dict[str, Any]]:
    """The owner these tags name, None for none. Beanstalk first: its environments are CloudFormation
    stacks too, but Beanstalk, not the stack, is where the listener is changed."""
    if tags.get(BEANSTALK_ENVIRONMENT):
        return {"kind": "elasticbeanstalk", "environment": tags[BEANSTALK_ENVIRONMENT],
                "name": f"Elastic Beanstalk environment {tags[BEANSTALK_ENVIRONMENT]}"}
    if tags.get(LBC_CLUSTER) or tags.get(LBC_STACK):
        cluster, stack = tags.get(LBC_CLUSTER), tags.get(LBC_STACK)
        return {"kind": "aws_load_balancer_controller", "cluster": cluster, "stack": stack,
                "name": "AWS Load Balancer Controller" + (f" of cluster {cluster}" if cluster else "")
                        + (f" ({stack})" if stack else "")}
    if tags.get(CFN_STACK):
        return cloudformation_owner(tags[CFN_STACK], tags.get(CFN_LOGICAL_ID))
    for key, value in conventions:
        if key in tags and (value is None or tags[key] == value):
            tag = f"{key}={tags[key]}" if value is not None else key
            return {"kind": "tag", "tag": tag, "name": f"code tagged {tag}"}
    return None


def cloudformation_owner(stack: str, logical_id: Optional[str], resource_type: Optional[str] = None) -> Dict[str, Any]:
    owner: Dict[str, Any] = {
        "kind": "cloudformation", "stack": stack, "logical_id": logical_id,
        "name": f"CloudFormation stack {stack}" + (f" (logical ID {logical_id})" if logical_id else ""),
    }
    if resource_type:
        owner["resource_type"] = resource_type
    return owner


def _in_code(record: Record) -> Optional[InCode]:
    return of_record_type(record["type"]).in_code.get(record["type"])


def physical_id(record: Record) -> Optional[str]:
    """The CloudFormation physical ID of the resource that holds the record's certificate."""
    in_code = _in_code(record)
    return in_code.physical_id(record) if in_code else None


def _tag_arn(record: Record) -> str:
    """The ARN whose tags name the record's owner: the load balancer, distribution, domain name, server
    (what CloudFormation, Beanstalk, the controller and Terraform's default_tags tag); the consumer type
    says where it is another (a Beanstalk environment's)."""
    return of_record_type(record["type"]).tagged_arn(record)


def _tags_naming_owners(record: Record, tags: Dict[str, str]) -> Dict[str, str]:
    own = of_record_type(record["type"]).own_tags
    return {k: v for k, v in tags.items() if k not in own} if own else tags


def _tag_region(arn: str, region: str) -> str:
    parts = arn.split(":")
    return (parts[3] if len(parts) > 3 and parts[3] else CLOUDFRONT_REGION) if arn.startswith("arn:") else region


class OwnerReader:
    """One run's owner lookups: tags are read once per resource ARN (cached across the waves of a
    run, so the consumers of every certificate of the run cost one GetResources per 100 of their
    resources), CloudFormation once per physical ID."""

    def __init__(self, clients: Any, conventions: Iterable[Convention], region: str,
                 workers: int = CFN_WORKERS) -> None:
        self.clients, self.conventions, self.region, self.workers = clients, list(conventions), region, workers
        self.tags: Dict[str, Dict[str, str]] = {}
        self.unreadable: set[str] = set()  # tag regions where tag:GetResources is not allowed
        self.warnings: List[str] = []

    def prefetch(self, records: Iterable[Record]) -> None:
        """Read the tags of ``records``' resources now, in as few calls as their number allows."""
        by_region: Dict[str, List[str]] = {}
        for record in records:
            arn = _tag_arn(record)
            tag_region = _tag_region(arn, self.region)
            if arn in self.tags or tag_region in self.unreadable:
                continue
            arns = by_region.setdefault(tag_region, [])
            if arn not in arns:
                arns.append(arn)
        for tag_region, arns in sorted(by_region.items()):
            found = tagging_api.tags_of(self.clients.get("resourcegroupstaggingapi", region=tag_region), arns)
            if found is None:
                self.unreadable.add(tag_region)
                self.warnings.append(
                    f"tag:GetResources is not allowed in {tag_region}: owners of consumers (CloudFormation, Beanstalk, "
                    "the Load Balancer Controller, owner_tags) were not read from tags, only CloudFormation was asked "
                    "(DescribeStackResources); grant it (policies/certshift-acm-audit.json or -migrate.json)")
                continue
            for arn in arns:
                self.tags[arn] = found.get(arn, {})

    def detect(self, records: List[Record]) -> List[str]:
        """Set ``owner`` on every record (None: no owner found); returns the warnings not given yet."""
        self.prefetch(records)
        lookups: Dict[str, str] = {}
        for record in records:
            arn = _tag_arn(record)
            owner = owner_from_tags(_tags_naming_owners(record, self.tags.get(arn, {})), self.conventions)
            record["owner"] = owner
            holder = physical_id(record)
            # A parent's stack tags (a listener's load balancer, a domain's user pool): ask CloudFormation for
            # the resource holding the certificate; where tags could not be read at all, ask it for everything.
            untold = owner is None and _tag_region(arn, self.region) in self.unreadable
            in_code = _in_code(record) or _NO_CODE
            asks_stack = owner is not None and owner["kind"] == "cloudformation" and in_code.ask_stack
            if holder and (untold or asks_stack):
                lookups.setdefault(holder, _cfn_region(record, self.region))
        if lookups:
            found_stacks = _stack_resources(self.clients, lookups, self.warnings, self.workers)
            for record in records:
                resource = found_stacks.get(physical_id(record) or "")
                if resource is not None and (record["owner"] is None or record["owner"]["kind"] == "cloudformation"):
                    record["owner"] = cloudformation_owner(resource["StackName"], resource.get("LogicalResourceId"),
                                                           resource.get("ResourceType"))
        _locate_in_templates(self.clients, [r for r in records if (r.get("owner") or {}).get("kind") == "cloudformation"],
                             self.region, self.workers)
        warnings, self.warnings = self.warnings, []
        return warnings


def detect(clients: Any, records: List[Record], conventions: Iterable[Convention], region: str,
           workers: int = CFN_WORKERS) -> List[str]:
    """``OwnerReader(...).detect(records)`` for a one-off lookup (the audit)."""
    return OwnerReader(clients, conventions, region, workers).detect(records)


def _cfn_region(record: Record, region: str) -> str:
    """Where to ask CloudFormation: the region of consumers that live in us-east-1 (CloudFront, Cognito
    custom domains), else the run's."""
    return of_record_type(record["type"]).certificate_region or region


def _stack_resources(clients: Any, lookups: Dict[str, str], warnings: List[str],
                     workers: int) -> Dict[str, Dict[str, Any]]:
    denied: List[str] = []

    def one(holder: str) -> Optional[Dict[str, Any]]:
        try:
            return cloudformation_api.stack_resource(clients.get("cloudformation", region=lookups[holder]), holder)
        except botocore.exceptions.ClientError as e:
            if not is_unavailable(e):
                raise
            denied.append(error_code(e))
            return None

    holders = sorted(lookups)
    found = {h: r for h, r in zip(holders, map_concurrently(one, holders, workers)) if r is not None}
    if denied:
        warnings.append(f"cloudformation:DescribeStackResources is not allowed ({denied[0]}): the CloudFormation "
                        "resources holding certificates were not looked up; grant it "
                        "(policies/certshift-acm-audit.json or -migrate.json)")
    return found


def _locate_in_templates(clients: Any, records: List[Record], region: str, workers: int) -> None:
    """Add ``template_location`` (the parameter, or the property path, holding the record's certificate
    ARN) to CloudFormation owners whose stack template can be read; best effort, one GetTemplate a stack."""
    stacks = sorted({(r["owner"]["stack"], _cfn_region(r, region)) for r in records if r["owner"].get("logical_id")})
    if not stacks:
        return

    def read(stack: Tuple[str, str]) -> Optional[Dict[str, Any]]:
        try:
            return cloudformation_api.template_body(clients.get("cloudformation", region=stack[1]), stack[0])
        except botocore.exceptions.ClientError:
            return None  # only a refinement of the report

    templates = dict(zip(stacks, map_concurrently(read, stacks, workers)))
    for record in records:
        owner = record["owner"]
        template = templates.get((owner["stack"], _cfn_region(record, region)))
        if template and owner.get("logical_id"):
            where = template_location(template, owner["logical_id"], record["certificate_arn"])
            if where:
                owner["template_location"] = where


def template_location(template: Dict[str, Any], logical_id: str, certificate_arn: str) -> Optional[str]:
    """``Parameters.<name>`` when the resource takes the ARN from a parameter (Ref), else the property
    path that holds it literally; None when neither is found."""
    resource = (template.get("Resources") or {}).get(logical_id) or {}

    def walk(node: Any, path: str) -> Optional[str]:
        if isinstance(node, dict):
            if set(node) == {"Ref"} and isinstance(node["Ref"], str) and "Certificate" in path:
                return f"Parameters.{node['Ref']}"
            for key, value in node.items():
                found = walk(value, f"{path}.{key}")
                if found:
                    return found
        elif isinstance(node, list):
            for i, value in enumerate(node):
                found = walk(value, f"{path}[{i}]")
                if found:
                    return found
        elif node == certificate_arn:
            return path
        return None

    return walk(resource.get("Properties") or {}, f"Resources.{logical_id}.Properties")


def code_change(record: Record, before: str, after: str) -> Dict[str, Any]:
    """The edit to make in the owner's code so that its next apply keeps ``after``."""
    owner = record["owner"]
    return {"resource": record.get("listener_arn") or _tag_arn(record), "owner": owner,
            "property": _property(record, owner), "before": before, "after": after,
            **({"template_location": owner["template_location"]} if owner.get("template_location") else {})}


def _property(record: Record, owner: Dict[str, Any]) -> str:
    kind, record_type = owner["kind"], record["type"]
    if kind == "elasticbeanstalk" and record_type in BEANSTALK_PROPERTY:
        return BEANSTALK_PROPERTY[record_type].format(port=record.get("port"))
    if kind == "aws_load_balancer_controller":
        return LBC_PROPERTY.get(record.get("load_balancer_type") or "application", LBC_PROPERTY["application"])
    in_code = _in_code(record) or _NO_CODE
    resource_type = owner.get("resource_type") or in_code.resource_type
    return f"{resource_type} {in_code.property(record)}".strip()


def hold_reason(record: Record) -> str:
    """Why an owned consumer is not switched (an action ``none``'s reason)."""
    return (f"owned by {record['owner']['name']}: a switch made here would be undone at its next apply; change the "
            "certificate ARN in that code (code_change), or set switch_owned_consumers")
