# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A region's certificates with their full details, in few calls and concurrently
within ACM's rate quotas. Shared by every module."""

from __future__ import annotations

import re

from .._aws import acm_api
from ..concurrency import map_concurrently
from ..domain_names import certificate_names, matches_any
from ..errors import CertshiftError, error_code

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

ARN_PATTERN = re.compile(r"^arn:aws[a-z-]*:acm:([a-z0-9-]+):(\d{12}):certificate/[0-9a-fA-F-]+$")

# DescribeCertificate allows 10/s; more threads only queue on the client's rate limit.
DESCRIBE_WORKERS = 10


def parse_arn(arn):
    """(region, account) of an ACM certificate ARN, or a CertshiftError naming it."""
    m = ARN_PATTERN.match(arn or "")
    if not m:
        raise CertshiftError(
            f"'{arn}' is not an ACM certificate ARN; expected arn:aws:acm:<region>:<account>:certificate/<id>",
            certificate_arn=arn,
        )
    return m.group(1), m.group(2)


def check_arns_in_region(arns, region, drop="the ARN"):
    """Every ARN must be well formed and live in ``region`` (the module's region)."""
    for arn in arns:
        arn_region = parse_arn(arn)[0]
        if arn_region != region:
            raise CertshiftError(
                f"certificate {arn} is in region {arn_region}, but this run targets {region}: "
                f"run it with region={arn_region} or drop {drop}",
                certificate_arn=arn,
            )


def load(acm, arns=None, domains=None, statuses=None, with_tags=False, missing_ok=False):
    """Certificate details (DescribeCertificate shape) for the region.

    ``arns`` selects exactly those certificates (unknown ones raise, unless
    ``missing_ok``); otherwise every certificate of every key type is listed.
    ``domains`` keeps those with any name matching a pattern.
    """
    if arns:
        wanted = list(dict.fromkeys(arns))
    else:
        wanted = [s["CertificateArn"] for s in _list(acm, statuses)]

    def describe(arn):
        detail = acm_api.describe_certificate(acm, arn, missing_ok=True)
        if detail is None:
            return None if missing_ok or not arns else _unknown(arn)
        if with_tags:
            detail["Tags"] = acm_api.list_tags(acm, arn)
        return detail

    details = [d for d in map_concurrently(describe, wanted, DESCRIBE_WORKERS) if d is not None]
    if statuses and arns:
        details = [d for d in details if d.get("Status") in statuses]
    if domains:
        details = [d for d in details if matches_any(domains, certificate_names(d))]
    return details


def _list(acm, statuses):
    """ListCertificates: the fallback where SearchCertificates is unavailable. Denied too, the message
    names SearchCertificates, the action the shipped policies grant, not its fallback's."""
    try:
        return acm_api.list_certificates(acm, statuses=statuses)
    except botocore.exceptions.ClientError as e:
        if not error_code(e).startswith("AccessDenied"):
            raise
        raise CertshiftError(
            "listing the region's certificates was denied: grant acm:SearchCertificates to the role running the job "
            "(policies/certshift-acm-*.json grant it; acm:ListCertificates, the slower fallback tried after it, "
            "was denied too)", error=e.response.get("Error", {}),
        ) from None


def _unknown(arn):
    raise CertshiftError(
        f"certificate {arn} does not exist in this account and region: check the ARN, the account "
        "(profile or assumed role) and the region",
        certificate_arn=arn,
    )


def from_search(result):
    """A SearchCertificates result in the DescribeCertificate shape, as far as it goes:
    names, status, type, validity, serial, key algorithm, validation method and whether the
    certificate is in use (``InUse``; the ``InUseBy`` list and ``Options`` need
    DescribeCertificate)."""
    x509 = result.get("X509Attributes") or {}
    meta = (result.get("CertificateMetadata") or {}).get("AcmCertificateMetadata") or {}
    sans = [s["DnsName"] for s in x509.get("SubjectAlternativeNames") or [] if s.get("DnsName")]
    domain = (x509.get("Subject") or {}).get("CommonName") or (sans[0] if sans else None)
    detail = {"CertificateArn": result["CertificateArn"], "DomainName": domain,
              "SubjectAlternativeNames": sans or ([domain] if domain else []), "InUse": bool(meta.get("InUse"))}
    for key, value in (("Status", meta.get("Status")), ("Type", meta.get("Type")),
                       ("RenewalEligibility", meta.get("RenewalEligibility")),
                       ("CreatedAt", meta.get("CreatedAt")), ("IssuedAt", meta.get("IssuedAt")),
                       ("ImportedAt", meta.get("ImportedAt")), ("NotAfter", x509.get("NotAfter")),
                       ("NotBefore", x509.get("NotBefore")), ("Serial", x509.get("SerialNumber")),
                       ("KeyAlgorithm", x509.get("KeyAlgorithm"))):
        if value is not None:
            detail[key] = value
    if meta.get("ValidationMethod"):
        detail["ValidationMethod"] = meta["ValidationMethod"]
    if meta.get("ManagedBy"):  # CLOUDFRONT: requested through CloudFront, HTTP-validated
        detail["ManagedBy"] = meta["ManagedBy"]
    if meta.get("ExportOption"):
        detail["Options"] = {"Export": meta["ExportOption"]}
    if meta.get("RenewalStatus"):
        detail["RenewalSummary"] = {"RenewalStatus": meta["RenewalStatus"]}
    return detail


def search(acm, statement):
    """{ARN: detail (from_search)} of the certificates matching ``statement``; None where
    SearchCertificates is not allowed or not available (callers fall back to per-certificate
    DescribeCertificate)."""
    results = acm_api.search_certificates(acm, statement)
    return None if results is None else {r["CertificateArn"]: from_search(r) for r in results}


def metadata_filter(**conditions):
    """A FilterStatement: every AcmCertificateMetadataFilter condition must hold."""
    filters = [{"Filter": {"AcmCertificateMetadataFilter": {key: value}}} for key, value in conditions.items()]
    return filters[0] if len(filters) == 1 else {"And": filters}
