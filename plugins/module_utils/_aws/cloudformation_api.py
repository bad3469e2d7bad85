# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The CloudFormation calls owner detection makes: which stack created a resource (by its
physical ID), and that stack's template (to point at the parameter that holds an ARN)."""

from __future__ import annotations

import json
from typing import Any

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .error_codes import is_unavailable


def stack_resource(client: Any, physical_id: str) -> dict[str, Any] | None:
    """The stack resource whose physical ID is ``physical_id`` (StackName, LogicalResourceId,
    ResourceType), None when no stack owns it. DescribeStackResources by PhysicalResourceId
    returns every resource of the owning stack; a resource no stack owns is a ValidationError
    ("Stack for ... does not exist"). Raises the ClientError where the call is not allowed."""
    try:
        found = client.describe_stack_resources(PhysicalResourceId=physical_id).get("StackResources") or []
    except botocore.exceptions.ClientError as e:
        if e.response.get("Error", {}).get("Code") == "ValidationError":
            return None
        raise
    return next((r for r in found if r.get("PhysicalResourceId") == physical_id), None)


def template_body(client: Any, stack_name: str) -> dict[str, Any] | None:
    """The stack's template as a dict (JSON templates; YAML ones as far as they parse as JSON),
    None where it cannot be read or parsed: it only refines a report."""
    try:
        body = client.get_template(StackName=stack_name, TemplateStage="Original").get("TemplateBody")
    except botocore.exceptions.ClientError as e:
        if is_unavailable(e) or e.response.get("Error", {}).get("Code") == "ValidationError":
            return None
        raise
    if isinstance(body, dict):  # botocore decodes JSON templates itself
        return body
    try:
        parsed = json.loads(body or "")
    except ValueError:
        return None
    return parsed if isinstance(parsed, dict) else None
