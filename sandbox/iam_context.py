"""The IAM request context of an API call: its resource and the condition keys AWS evaluates
policies against, read from the raw request as IAM would see it. The sandbox does not evaluate
IAM; it records these so a test can check the shipped policies' conditions against every call
the collection really makes (tests/integration/test_iam_policies.py).

Covered: the calls whose statements carry conditions or zone-scoped resources in
policies/*.json (Route53 record writes and zone reads, ACM requests and validation-method
updates). Keys and their normalisation follow the services' "Actions, resources, and
condition keys" pages in the Service Authorization Reference.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

_ZONE_PATH = re.compile(r"^/2013-04-01/hostedzone/([^/]+)")


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _normalized(name):
    """route53:ChangeResourceRecordSetsNormalizedRecordNames: lowercase, no trailing dot."""
    return name.strip().lower().rstrip(".")


def _route53(action, path, body):
    context = {}
    zone = _ZONE_PATH.match(path)
    if zone:
        context["resource"] = f"arn:aws:route53:::hostedzone/{zone.group(1)}"
    if action == "ChangeResourceRecordSets" and body:
        actions, types, names = [], [], []
        for change in ET.fromstring(body).iter():
            if _local(change.tag) != "Change":
                continue
            fields = {_local(e.tag): e for e in change.iter()}
            actions.append((fields.get("Action").text or "").strip())
            types.append((fields.get("Type").text or "").strip())
            names.append(_normalized(fields.get("Name").text or ""))
        context.update({"route53:ChangeResourceRecordSetsActions": actions,
                        "route53:ChangeResourceRecordSetsRecordTypes": types,
                        "route53:ChangeResourceRecordSetsNormalizedRecordNames": names})
    return context


def _acm(action, body):
    if action not in ("RequestCertificate", "UpdateCertificateOptions"):
        return {}
    try:
        params = json.loads(body or b"{}")
    except ValueError:
        return {}
    if action == "RequestCertificate" and "ValidationMethod" in params:
        return {"acm:ValidationMethod": params["ValidationMethod"]}
    if action == "UpdateCertificateOptions":
        method = (params.get("Options") or {}).get("ValidationMethod")
        return {"acm:ValidationMethod": method} if method else {}
    return {}


def request_context(service, action, environ, body):
    """{condition key: value or [values], 'resource': ARN} of one call (only what is known)."""
    if service == "route53":
        return _route53(action, environ.get("PATH_INFO", ""), body)
    if service == "acm":
        return _acm(action, body)
    return {}
