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

from typing import Any

try:
    import botocore.exceptions
except ImportError:
    pass

from .error_codes import is_unavailable
from .paging import pages

ACM_RESOURCE_TYPE = "acm:certificate"
PAGE_SIZE = 100


def acm_certificate_tags(client: Any, tag_key: str | None = None) -> dict[str, dict[str, str]] | None:
    """{certificate ARN: {key: value}} of the region's tagged ACM certificates (only those
    carrying ``tag_key`` when given); None where tag:GetResources is not allowed or not there."""
    kwargs: dict[str, Any] = {"ResourceTypeFilters": [ACM_RESOURCE_TYPE], "ResourcesPerPage": PAGE_SIZE}
    if tag_key:
        kwargs["TagFilters"] = [{"Key": tag_key}]
    return _tag_mappings(client, [kwargs])


ARN_LIST_SIZE = 100  # GetResources takes at most 100 ARNs in ResourceARNList


def tags_of(client: Any, arns: list[str]) -> dict[str, dict[str, str]] | None:
    """{ARN: {key: value}} of those of ``arns`` that carry tags, 100 ARNs a call (an ARN
    missing from the answer has none); None where tag:GetResources is not allowed or not there."""
    return _tag_mappings(client, [{"ResourceARNList": arns[start:start + ARN_LIST_SIZE]}
                                  for start in range(0, len(arns), ARN_LIST_SIZE)])


def _tag_mappings(client: Any, requests: list[dict[str, Any]]) -> dict[str, dict[str, str]] | None:
    """{ARN: {key: value}} over every page of each GetResources request; None where it is not allowed."""
    found: dict[str, dict[str, str]] = {}
    try:
        for kwargs in requests:
            for page in pages(client, "get_resources", **kwargs):
                for item in page.get("ResourceTagMappingList", []):
                    found[item["ResourceARN"]] = {t["Key"]: t.get("Value", "") for t in item.get("Tags", [])}
    except botocore.exceptions.ClientError as e:
        if is_unavailable(e):
            return None
        raise
    return found
