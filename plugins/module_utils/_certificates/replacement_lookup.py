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

from .._aws import acm_api
from ..concurrency import map_concurrently
from ..domain_names import certificate_names, normalize
from .replacement_tags import REPLACES_TAG
from .validation_methods import validation_methods

REUSABLE_STATUSES = ("PENDING_VALIDATION", "ISSUED")
FAILED_STATUSES = ("FAILED", "VALIDATION_TIMED_OUT")
LOOKUP_WORKERS = 10


def find_replacements(acm, olds, tagged=None, details=None):
    """{old ARN: [replacement details (DescribeCertificate shape, with Tags)]} for ``olds``.

    ``tagged``: {ARN: tags} from tag:GetResources (tagging_api), or None to look up tags per
    candidate. ``details``: a function [ARN] -> {ARN: detail} for the replacements found by
    tag (default: DescribeCertificate each).
    """
    if not olds:
        return {}
    old_arns = {o["CertificateArn"] for o in olds}
    if tagged is not None:
        return _from_tags(acm, old_arns, tagged, details)
    old_domains = {normalize(o["DomainName"]) for o in olds}
    summaries = acm_api.list_certificates(acm, statuses=REUSABLE_STATUSES + FAILED_STATUSES)
    candidates = [s["CertificateArn"] for s in summaries
                  if s["CertificateArn"] not in old_arns and normalize(s.get("DomainName", "")) in old_domains]

    def inspect(arn):
        tags = acm_api.list_tags(acm, arn)
        if tags.get(REPLACES_TAG) not in old_arns:
            return None
        detail = acm_api.describe_certificate(acm, arn)
        detail["Tags"] = tags
        return detail

    found = {arn: [] for arn in old_arns}
    for detail in map_concurrently(inspect, candidates, LOOKUP_WORKERS):
        if detail is not None:
            found[detail["Tags"][REPLACES_TAG]].append(detail)
    return found


def _from_tags(acm, old_arns, tagged, details):
    arns = [arn for arn, tags in tagged.items() if tags.get(REPLACES_TAG) in old_arns and arn not in old_arns]
    if details is None:
        described = map_concurrently(lambda arn: acm_api.describe_certificate(acm, arn, missing_ok=True), arns,
                                     LOOKUP_WORKERS)
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


def _created(detail):
    value = detail.get("CreatedAt")
    return value.timestamp() if hasattr(value, "timestamp") else float(value or 0)


# A tagged certificate in one of these states can never become the replacement.
DEAD_STATUSES = ("REVOKED", "EXPIRED", "INACTIVE")


def unusable_reason(replacement, old):
    """Why a certificate tagged as replacing ``old`` cannot be its replacement, or None.

    The tag alone proves nothing (anybody can tag anything): a replacement is ACM-issued,
    DNS-validated, in the old certificate's account and region, for exactly its names, and
    not revoked, expired or inactive. FAILED and timed-out ones qualify as *failed* attempts."""
    arn = replacement["CertificateArn"]
    if arn.rsplit(":", 1)[0].split(":")[3:5] != old["CertificateArn"].rsplit(":", 1)[0].split(":")[3:5]:
        return "it is in another account or region than the certificate it claims to replace"
    if replacement.get("Type", "AMAZON_ISSUED") != "AMAZON_ISSUED":
        return f"it is {replacement.get('Type')}, not a certificate ACM issued"
    methods = validation_methods(replacement)
    if methods != {"DNS"}:
        return f"it is {'/'.join(sorted(methods)) or 'not'}-validated, not DNS-validated"
    names, old_names = ({normalize(n) for n in certificate_names(d)} for d in (replacement, old))
    if names != old_names:
        return (f"its names ({', '.join(sorted(names))}) are not exactly those of the certificate it claims to "
                f"replace ({', '.join(sorted(old_names))})")
    if replacement.get("Status") in DEAD_STATUSES:
        return f"it is {replacement['Status']}"
    return None


def classify(replacements, old):
    """Split one old certificate's tagged replacements into (reusable, failed, others, ignored).

    ``reusable`` is the ISSUED one, else the newest PENDING_VALIDATION one, else None;
    ``failed`` are FAILED or VALIDATION_TIMED_OUT ones (reported, never reused);
    ``others`` are further reusable ones (should not exist; reported);
    ``ignored`` are [{'arn', 'reason'}] of tagged certificates that are no replacement at all
    (``unusable_reason``): reported and never used.
    """
    ignored, valid = [], []
    for r in replacements:
        reason = unusable_reason(r, old)
        if reason is None:
            valid.append(r)
        else:
            ignored.append({"arn": r["CertificateArn"], "reason": reason})
    usable = [r for r in valid if r.get("Status") in REUSABLE_STATUSES]
    usable.sort(key=lambda r: (r.get("Status") == "ISSUED", _created(r)), reverse=True)
    failed = sorted((r for r in valid if r.get("Status") in FAILED_STATUSES), key=_created)
    return (usable[0] if usable else None), failed, usable[1:], ignored


def ignored_message(old_arn, ignored):
    """One warning for the tagged certificates of ``old_arn`` that are no replacement."""
    listed = "; ".join(f"{i['arn']}: {i['reason']}" for i in ignored)
    return (f"{len(ignored)} certificate(s) tagged {REPLACES_TAG}={old_arn} are not a usable replacement and are "
            f"ignored ({listed}): remove the tag from them (or delete them if nothing uses them)")
