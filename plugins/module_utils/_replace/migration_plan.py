# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What to do for one old certificate (pure): skip it, reuse its replacement, or
request one. Records are planned by the DNS publishers once they are known."""

from __future__ import annotations

from .._certificates.eligibility import not_movable
from .._certificates.replacement_lookup import classify
from .._certificates.replacement_request import build_request, key_algorithm_problem
from .._certificates.replacement_tags import replaced_arn
from ..domain_names import certificate_names
from .certificate_plan import CertificatePlan


def skip_reason(old, tags=None):
    """Why ``old`` cannot be migrated to DNS validation by a replacement, or None."""
    reason = not_movable(old)
    if reason:
        return reason
    if replaced_arn(tags):
        return f"it is itself the replacement of {replaced_arn(tags)}"
    return key_algorithm_problem(old)


def describe_failed(detail):
    """{'arn', 'status', 'reasons'} for a FAILED or timed-out replacement."""
    return {"arn": detail["CertificateArn"], "status": detail.get("Status"), "reasons": failure_reasons(detail)}


def failure_reasons(detail):
    """One line per name that did not validate, plus the certificate's FailureReason."""
    reasons = []
    if detail.get("FailureReason"):
        reasons.append(f"certificate: {detail['FailureReason']}")
    for option in detail.get("DomainValidationOptions") or []:
        status = option.get("ValidationStatus")
        if status and status != "SUCCESS":
            rr = option.get("ResourceRecord") or {}
            record = f" (record {rr.get('Name')} CNAME {rr.get('Value')})" if rr else ""
            reasons.append(f"{option['DomainName']}: {status}{record}")
    return reasons or [f"status {detail.get('Status')}"]


def plan_certificate(old, tags, replacements) -> CertificatePlan:
    """The CertificatePlan of ``old``: skipped, reusing a replacement or requesting one.

    ``replacements``: every certificate tagged as replacing ``old`` (DescribeCertificate shape).
    A PENDING_VALIDATION/ISSUED one is reused; FAILED/VALIDATION_TIMED_OUT ones are reported
    and a fresh one is requested with the next idempotency token; tagged certificates that are
    no replacement (imported, EMAIL-validated, other names, revoked...) are reported and ignored.
    """
    plan = CertificatePlan(old_arn=old["CertificateArn"], names=certificate_names(old))
    reason = skip_reason(old, tags)
    if reason:
        plan.skipped = reason
        return plan
    reusable, failed, others, ignored = classify(replacements or [], old)
    plan.ignored_replacements = ignored
    plan.failed_replacements = [describe_failed(d) for d in failed]
    plan.other_replacements = [d["CertificateArn"] for d in others]
    if reusable is not None:
        plan.replacement = reusable
    else:
        plan.request = build_request(old, tags, attempt=len(failed))
    return plan
