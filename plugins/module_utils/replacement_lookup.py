# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Find the replacements already requested for old certificates, by their tag.

ACM cannot filter by tag. The Resource Groups Tagging API can: one paginated
``tag:GetResources`` (100 a page) names every certificate tagged
``certshift:replaces`` with the ARN it replaces, so only actual replacements
are described. Where that API is not allowed, the fallback lists the region's
certificates and reads the tags of the candidates: a replacement carries exactly
the old names, so only certificates whose DomainName equals an old certificate's
DomainName are candidates.
"""

from __future__ import annotations

from . import acm_api
from .concurrency import map_concurrently
from .domain_names import normalize
from .replacement_tags import REPLACES_TAG

REUSABLE_STATUSES = ("PENDING_VALIDATION", "ISSUED")
FAILED_STATUSES = ("FAILED", "VALIDATION_TIMED_OUT")
LOOKUP_WORKERS = 10


def find_replacements(acm, olds, limiter=None, tagged=None, details=None):
    """{old ARN: [replacement details (DescribeCertificate shape, with Tags)]} for ``olds``.

    ``tagged``: {ARN: tags} from tag:GetResources (tagging_api), or None to look up tags per
    candidate. ``details``: a function [ARN] -> {ARN: detail} for the replacements found by
    tag (default: DescribeCertificate each).
    """
    if not olds:
        return {}
    old_arns = {o["CertificateArn"] for o in olds}
    if tagged is not None:
        return _from_tags(acm, old_arns, tagged, limiter, details)
    old_domains = {normalize(o["DomainName"]) for o in olds}
    summaries = acm_api.list_certificates(acm, statuses=REUSABLE_STATUSES + FAILED_STATUSES, limiter=limiter)
    candidates = [s["CertificateArn"] for s in summaries
                  if s["CertificateArn"] not in old_arns and normalize(s.get("DomainName", "")) in old_domains]

    def inspect(arn):
        tags = acm_api.list_tags(acm, arn, limiter=limiter)
        if tags.get(REPLACES_TAG) not in old_arns:
            return None
        detail = acm_api.describe_certificate(acm, arn, limiter=limiter)
        detail["Tags"] = tags
        return detail

    found = {arn: [] for arn in old_arns}
    for detail in map_concurrently(inspect, candidates, LOOKUP_WORKERS):
        if detail is not None:
            found[detail["Tags"][REPLACES_TAG]].append(detail)
    return found


def _from_tags(acm, old_arns, tagged, limiter, details):
    arns = [arn for arn, tags in tagged.items() if tags.get(REPLACES_TAG) in old_arns and arn not in old_arns]
    if details is None:
        described = map_concurrently(lambda arn: _describe_or_none(acm, arn, limiter), arns, LOOKUP_WORKERS)
        found_details = {arn: d for arn, d in zip(arns, described) if d is not None}
    else:
        found_details = details(arns)
    found = {arn: [] for arn in old_arns}
    for arn in arns:
        detail = found_details.get(arn)
        if detail is None:  # deleted since it was tagged
            continue
        detail["Tags"] = dict(tagged[arn])
        found[detail["Tags"][REPLACES_TAG]].append(detail)
    return found


def _describe_or_none(acm, arn, limiter):
    try:
        return acm_api.describe_certificate(acm, arn, limiter=limiter)
    except Exception as e:  # noqa: BLE001 - only not-found is expected
        if acm_api.is_not_found(e):
            return None
        raise


def _created(detail):
    value = detail.get("CreatedAt")
    return value.timestamp() if hasattr(value, "timestamp") else float(value or 0)


def classify(replacements):
    """Split one old certificate's replacements into (reusable, failed, others).

    ``reusable`` is the ISSUED one, else the newest PENDING_VALIDATION one, else None;
    ``failed`` are FAILED or VALIDATION_TIMED_OUT ones (reported, never reused);
    ``others`` are further reusable ones (should not exist; reported).
    """
    usable = [r for r in replacements if r.get("Status") in REUSABLE_STATUSES]
    usable.sort(key=lambda r: (r.get("Status") == "ISSUED", _created(r)), reverse=True)
    failed = sorted((r for r in replacements if r.get("Status") in FAILED_STATUSES), key=_created)
    return (usable[0] if usable else None), failed, usable[1:]
