"""CloudFormation as owner detection sees it in AWS.

AWS (CloudFormation user guide, "Tag your CloudFormation resources"; API reference,
DescribeStackResources): CloudFormation tags every resource it creates that supports tags with
``aws:cloudformation:stack-name``, ``aws:cloudformation:stack-id`` and
``aws:cloudformation:logical-id``, plus the stack's own tags; and
``DescribeStackResources(PhysicalResourceId=...)`` without a StackName names the stack that
created that resource (every resource of that stack), or fails with ValidationError
"Stack for <id> does not exist" when no stack did.

moto 5.2.5 tags only EC2 resources (load balancers created by a stack carry no tag), and its
DescribeStackResources ignores PhysicalResourceId (without a StackName it fails with
"Stack with id None does not exist").
"""

from __future__ import annotations

import functools

from .. import patching
from ..moto_internals import (ActionResult, CfnValidationError, CloudFormationBackend, CloudFormationResponse,
                              ELBv2LoadBalancer, StackResourceDTO, elbv2_backends)

_moto_backend = functools.partial(patching.original, CloudFormationBackend)
_moto_response = functools.partial(patching.original, CloudFormationResponse)


def _tag_created(backend, stack):
    """The stack's tags and the aws:cloudformation:* tags on each load balancer it created
    (the consumers whose owner this collection looks for; EC2 is tagged by moto itself)."""
    for resource in stack.stack_resources:
        if not isinstance(resource, ELBv2LoadBalancer):
            continue
        tags = {**(stack.tags or {}), "aws:cloudformation:stack-name": stack.name,
                "aws:cloudformation:stack-id": stack.stack_id,
                "aws:cloudformation:logical-id": resource.logical_resource_id}
        elbv2 = elbv2_backends[backend.account_id][backend.region_name]
        elbv2.tagging_service.tag_resource(resource.arn, [{"Key": k, "Value": v} for k, v in tags.items()])


def create_stack(self, *args, **kwargs):
    stack = _moto_backend("create_stack")(self, *args, **kwargs)
    _tag_created(self, stack)
    return stack


def update_stack(self, *args, **kwargs):
    stack = _moto_backend("update_stack")(self, *args, **kwargs)
    _tag_created(self, stack)
    return stack


def stack_of(backend, physical_id):
    """The live stack one of whose resources has ``physical_id``."""
    for stack in backend.stacks.values():
        if any(getattr(r, "physical_resource_id", None) == physical_id for r in stack.stack_resources):
            return stack
    raise CfnValidationError(physical_id, message=f"Stack for {physical_id} does not exist")


def describe_stack_resources(self):
    physical_id = self._get_param("PhysicalResourceId")
    if self._get_param("StackName") or not physical_id:
        return _moto_response("describe_stack_resources")(self)
    stack = stack_of(self.cloudformation_backend, physical_id)
    logical_id = self._get_param("LogicalResourceId")
    resources = [r for r in stack.stack_resources
                 if logical_id is None or getattr(r, "logical_resource_id", None) == logical_id]
    return ActionResult({"StackResources": [StackResourceDTO(stack, r) for r in resources]})


def apply():
    patching.patch(CloudFormationBackend, "create_stack", create_stack)
    patching.patch(CloudFormationBackend, "update_stack", update_stack)
    patching.patch(CloudFormationResponse, "describe_stack_resources", describe_stack_resources)
