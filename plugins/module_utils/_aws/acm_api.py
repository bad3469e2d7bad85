# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per ACM API call. Callers pass a client from aws_clients, which
retries and keeps every call within ACM's quotas. "Gone" and "not allowed" are answered
here, as results (``missing_ok``, None), so callers catch nothing."""

from __future__ import annotations

import itertools
from typing import Any, Iterable, Iterator

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from .error_codes import IN_USE, NOT_FOUND, is_unavailable
from .paging import pages, paginate

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

# ListCertificates returns RSA_2048 only unless told otherwise.
ALL_KEY_TYPES = [
    "RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096",
    "EC_prime256v1", "EC_secp384r1", "EC_secp521r1",
]
SEARCH_PAGE = 500
LIST_PAGE = 1000


def list_certificates(client: Any, statuses: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every certificate summary in the region, every key type, all pages."""
    kwargs: dict[str, Any] = {"Includes": {"keyTypes": ALL_KEY_TYPES}}
    if statuses:
        kwargs["CertificateStatuses"] = list(statuses)
    return paginate(client, "list_certificates", "CertificateSummaryList", LIST_PAGE, **kwargs)


def search_certificates(client: Any, filter_statement: dict[str, Any] | None = None) -> list[dict[str, Any]] | None:
    """SearchCertificates (500 a page, filtered server-side), every result; None where the
    search is not allowed or not available (callers fall back to per-certificate calls)."""
    found = search_pages(client, filter_statement)
    return None if found is None else [result for page in found for result in page]


def search_pages(client: Any, filter_statement: dict[str, Any] | None = None, sort_by: str | None = None,
                 sort_order: str | None = None) -> Iterator[list[dict[str, Any]]] | None:
    """SearchCertificates results page by page (500 a page), so a caller can stop early; None
    where the search is not allowed or not available (asked at once, with the first page)."""
    kwargs: dict[str, Any] = {}
    if filter_statement:
        kwargs["FilterStatement"] = filter_statement
    if sort_by:
        kwargs["SortBy"] = sort_by
        kwargs["SortOrder"] = sort_order or "DESCENDING"
    results = (page.get("Results", []) for page in pages(client, "search_certificates", SEARCH_PAGE, **kwargs))
    try:
        first = next(results)
    except StopIteration:
        return iter(())
    except botocore.exceptions.ClientError as e:
        if is_unavailable(e):
            return None
        raise
    return itertools.chain([first], results)


def describe_certificate(client: Any, arn: str, missing_ok: bool = False) -> dict[str, Any] | None:
    """DescribeCertificate's Certificate; None where ``missing_ok`` and it does not exist (any more)."""
    try:
        return client.describe_certificate(CertificateArn=arn)["Certificate"]
    except is_boto3_error_code(NOT_FOUND):
        if missing_ok:
            return None
        raise


def get_certificate_pem(client: Any, arn: str) -> str | None:
    return client.get_certificate(CertificateArn=arn).get("Certificate")


def list_tags(client: Any, arn: str) -> dict[str, str]:
    """Tags as a dict."""
    tags = client.list_tags_for_certificate(CertificateArn=arn).get("Tags", [])
    return {t["Key"]: t.get("Value", "") for t in tags}


def add_tags(client: Any, arn: str, tags: dict[str, str]) -> None:
    client.add_tags_to_certificate(CertificateArn=arn, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


def request_certificate(client: Any, **kwargs: Any) -> str:
    return client.request_certificate(**kwargs)["CertificateArn"]


def update_validation_method(client: Any, arn: str, method: str = "DNS", missing_ok: bool = False) -> bool:
    """UpdateCertificateOptions: start ACM's in-place migration of ``arn`` to ``method`` (ARN kept).
    False where ``missing_ok`` and the certificate does not exist (any more)."""
    try:
        client.update_certificate_options(CertificateArn=arn, Options={"ValidationMethod": method})
    except is_boto3_error_code(NOT_FOUND):
        if missing_ok:
            return False
        raise
    return True


def list_domain_validations(client: Any, arn: str) -> list[dict[str, Any]]:
    """Every DomainValidationSummary of a certificate (ListCertificateDomainValidations, all pages):
    per name its active and, during a migration, its requested validation configuration."""
    return paginate(client, "list_certificate_domain_validations", "DomainValidationSummaryList", LIST_PAGE,
                    CertificateArn=arn)


def delete_certificate(client: Any, arn: str) -> str:
    """Delete; returns 'deleted', 'absent' (already gone) or 'in_use'."""
    try:
        client.delete_certificate(CertificateArn=arn)
    except is_boto3_error_code(NOT_FOUND):
        return "absent"
    except is_boto3_error_code(IN_USE):
        return "in_use"
    return "deleted"
