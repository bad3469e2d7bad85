# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per ACM API call. Callers pass a client from aws_clients
(retries built in) and, where they run many calls, a RateLimiter."""

from __future__ import annotations

try:
    import botocore.exceptions
except ImportError:
    pass

from ..concurrency import is_rate_limited
from ..errors import error_code

# ListCertificates returns RSA_2048 only unless told otherwise.
ALL_KEY_TYPES = [
    "RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096",
    "EC_prime256v1", "EC_secp384r1", "EC_secp521r1",
]


def _limit(limiter, action, client=None):
    """Wait for ``limiter`` unless the client already waits for its own (aws_clients)."""
    if limiter is not None and not (client is not None and is_rate_limited(client)):
        limiter.wait(action)


def list_certificates(client, statuses=None, limiter=None):
    """Every certificate summary in the region, every key type, all pages."""
    kwargs = {"Includes": {"keyTypes": ALL_KEY_TYPES}, "PaginationConfig": {"PageSize": 1000}}
    if statuses:
        kwargs["CertificateStatuses"] = list(statuses)
    found = []
    for page in client.get_paginator("list_certificates").paginate(**kwargs):
        _limit(limiter, "ListCertificates", client)
        found.extend(page.get("CertificateSummaryList", []))
    return found


def search_certificates(client, filter_statement=None, limiter=None):
    """SearchCertificates (500 a page, filtered server-side), every page."""
    found = []
    for page in search_pages(client, filter_statement, limiter=limiter):
        found.extend(page)
    return found


def search_pages(client, filter_statement=None, limiter=None, sort_by=None, sort_order=None):
    """SearchCertificates results page by page (500 a page), so a caller can stop early."""
    kwargs = {"MaxResults": 500}
    if filter_statement:
        kwargs["FilterStatement"] = filter_statement
    if sort_by:
        kwargs["SortBy"] = sort_by
        kwargs["SortOrder"] = sort_order or "DESCENDING"
    while True:
        _limit(limiter, "SearchCertificates", client)
        page = client.search_certificates(**kwargs)
        yield page.get("Results", [])
        token = page.get("NextToken")
        if not token:
            return
        kwargs["NextToken"] = token


def describe_certificate(client, arn, limiter=None):
    _limit(limiter, "DescribeCertificate", client)
    return client.describe_certificate(CertificateArn=arn)["Certificate"]


def get_certificate_pem(client, arn, limiter=None):
    _limit(limiter, "GetCertificate", client)
    return client.get_certificate(CertificateArn=arn).get("Certificate")


def list_tags(client, arn, limiter=None):
    """Tags as a dict."""
    _limit(limiter, "ListTagsForCertificate", client)
    tags = client.list_tags_for_certificate(CertificateArn=arn).get("Tags", [])
    return {t["Key"]: t.get("Value", "") for t in tags}


def add_tags(client, arn, tags, limiter=None):
    _limit(limiter, "AddTagsToCertificate", client)
    client.add_tags_to_certificate(CertificateArn=arn, Tags=[{"Key": k, "Value": v} for k, v in tags.items()])


def request_certificate(client, limiter=None, **kwargs):
    _limit(limiter, "RequestCertificate", client)
    return client.request_certificate(**kwargs)["CertificateArn"]


def update_validation_method(client, arn, method="DNS", limiter=None):
    """UpdateCertificateOptions: start ACM's in-place migration of ``arn`` to ``method`` (ARN kept)."""
    _limit(limiter, "UpdateCertificateOptions", client)
    client.update_certificate_options(CertificateArn=arn, Options={"ValidationMethod": method})


def list_domain_validations(client, arn, limiter=None):
    """Every DomainValidationSummary of a certificate (ListCertificateDomainValidations, all pages):
    per name its active and, during a migration, its requested validation configuration."""
    found = []
    for page in client.get_paginator("list_certificate_domain_validations").paginate(
            CertificateArn=arn, PaginationConfig={"PageSize": 1000}):
        _limit(limiter, "ListCertificateDomainValidations", client)
        found.extend(page.get("DomainValidationSummaryList", []))
    return found


def delete_certificate(client, arn, limiter=None):
    """Delete; returns 'deleted', 'absent' (already gone) or 'in_use'."""
    _limit(limiter, "DeleteCertificate", client)
    try:
        client.delete_certificate(CertificateArn=arn)
        return "deleted"
    except botocore.exceptions.ClientError as e:
        code = error_code(e)
        if code == "ResourceNotFoundException":
            return "absent"
        if code == "ResourceInUseException":
            return "in_use"
        raise


def is_not_found(error):
    return isinstance(error, botocore.exceptions.ClientError) and error_code(error) == "ResourceNotFoundException"
