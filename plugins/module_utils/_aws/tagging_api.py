# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Resource Groups Tagging API for ACM certificates: the tags of a whole region's
certificates in pages of 100, instead of one ListTagsForCertificate call per certificate.

``tag:GetResources`` lists resources that are (or were) tagged; a certificate it does not
list has no tags. Like every tag index it is eventually consistent: a certificate tagged
seconds ago may be missing. Callers therefore treat its answer as a lower bound (the
replacement request's idempotency token covers the gap for an hour) and fall back to
per-certificate calls where the API is not allowed.
"""

from __future__ import annotations

try:
    import botocore.exceptions
except ImportError:
    pass

from ..errors import error_code

ACM_RESOURCE_TYPE = "acm:certificate"
PAGE_SIZE = 100


def acm_certificate_tags(client, tag_key=None):
    """{certificate ARN: {key: value}} of the region's tagged ACM certificates (only those
    carrying ``tag_key`` when given); None where tag:GetResources is not allowed or not there."""
    kwargs = {"ResourceTypeFilters": [ACM_RESOURCE_TYPE], "ResourcesPerPage": PAGE_SIZE}
    if tag_key:
        kwargs["TagFilters"] = [{"Key": tag_key}]
    found = {}
    try:
        for page in client.get_paginator("get_resources").paginate(**kwargs):
            for item in page.get("ResourceTagMappingList", []):
                found[item["ResourceARN"]] = {t["Key"]: t.get("Value", "") for t in item.get("Tags", [])}
    except botocore.exceptions.ClientError as e:
        code = error_code(e)
        if code.startswith("AccessDenied") or code in ("UnauthorizedOperation", "InvalidAction", "UnknownOperation"):
            return None
        raise
    return found
