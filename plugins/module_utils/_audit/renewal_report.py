# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Summaries of renewal-check results: by verdict, validation method and days to
expiry. Pure; used by acm_renewal_check and by the renewal_summary filter that
merges several targets for the audit reports."""

from __future__ import annotations

from .approval_calendar import approval_calendar
from .approval_load import fleet_approvals
from .renewal_left import left
from .renewal_verdict import VERDICTS, advice

# (label, lowest day, highest day) -- 'expired' below 0, 'unknown' without NotAfter.
EXPIRY_BUCKETS = (
    ("expired", None, -1),
    ("0-7", 0, 7),
    ("8-30", 8, 30),
    ("31-45", 31, 45),
    ("46-90", 46, 90),
    ("91-198", 91, 198),
    ("199+", 199, None),
)
METHODS = ("EMAIL", "DNS", "HTTP", "NONE")


def expiry_bucket(days):
    if days is None:
        return "unknown"
    for label, low, high in EXPIRY_BUCKETS:
        if (low is None or days >= low) and (high is None or days <= high):
            return label
    return "unknown"  # pragma: no cover - the buckets cover every integer


def summarize(certificates):
    """Counts over renewal-check certificate entries (snake_case, as the module returns them)."""
    by_verdict = {v: 0 for v in VERDICTS}
    by_method = {m: 0 for m in METHODS}
    by_bucket = {label: 0 for label, _l, _h in EXPIRY_BUCKETS}
    by_method_verdict = {}
    in_window = 0
    not_probed = 0
    migrations = {"pending": 0, "expired": 0, "migrated": 0}
    for cert in certificates:
        update = (cert.get("update_summary") or {}).get("status")
        state = {"PENDING_DOMAIN_VALIDATION": "pending", "FAILED": "expired", "SUCCESS": "migrated"}.get(update)
        if state:
            migrations[state] += 1
        verdict = cert.get("verdict") or "ready"
        method = cert.get("validation_method") or "NONE"
        bucket = expiry_bucket(cert.get("days_to_expiry"))
        by_verdict[verdict] = by_verdict.get(verdict, 0) + 1
        by_method[method] = by_method.get(method, 0) + 1
        by_bucket[bucket] = by_bucket.get(bucket, 0) + 1
        row = by_method_verdict.setdefault(method, {v: 0 for v in VERDICTS})
        row[verdict] = row.get(verdict, 0) + 1
        if cert.get("in_renewal_window"):
            in_window += 1
        if (cert.get("https_rule") or {}).get("skipped"):
            not_probed += 1
    return {
        "total": len(certificates),
        "by_verdict": by_verdict,
        "by_validation_method": by_method,
        "by_days_to_expiry": by_bucket,
        "by_validation_method_and_verdict": by_method_verdict,
        "in_renewal_window": in_window,
        "in_place_migrations": migrations,
        "needs_action": by_verdict.get("at_risk", 0) + by_verdict.get("will_not_renew", 0),
        # renewal approvals a year of the email-validated certificates: what migrating to DNS removes
        "approvals_per_year": fleet_approvals(certificates),
        # certificates whose HTTPS probes were skipped: no answer could change their verdict
        "not_probed": not_probed,
    }


def _expiry_key(cert):
    days = cert.get("days_to_expiry")
    return (days is None, days if days is not None else 0, cert.get("domain_name") or "", cert.get("certificate_arn") or "")


def merge_targets(results, unfinished=(), generated_at=None, note=None):
    """One audit report from several targets' results.

    ``results``: per target ``{target, region, failed, error, certificates, ...}``;
    ``unfinished``: targets that never recorded a result. Certificates are merged
    soonest expiry first (unknown expiry last), each keeping its ``target``.
    """
    certificates = []
    targets = []
    for result in results:
        certs = [dict(c, target=c.get("target", result.get("target")),
                      advice=advice(c.get("recommendation"), c.get("dns_fixes")))
                 for c in result.get("certificates") or []]
        certificates.extend(certs)
        targets.append({
            "target": result.get("target"),
            "region": result.get("region"),
            "failed": bool(result.get("failed")),
            "error": result.get("error") or "",
            "failed_task": result.get("failed_task") or "",
            "checked_at": result.get("checked_at"),
            "certificates": len(certs),
            "summary": summarize(certs),
        })
        note = note or result.get("note")
    certificates.sort(key=_expiry_key)
    summary = summarize(certificates)
    summary["targets"] = len(targets) + len(list(unfinished))
    summary["failed_targets"] = [t["target"] for t in targets if t["failed"]] + list(unfinished)
    summary["left"] = left(certificates)  # what is left to do, by why
    # the months from when the targets were checked (the verdicts' "now"), the earliest where they differ
    checked = sorted(t["checked_at"] for t in targets if t["checked_at"])  # ISO 8601 UTC, as the module gives it
    return {
        "generated_at": generated_at,
        "note": note,
        "summary": summary,
        "approval_calendar": approval_calendar(certificates, checked[0] if checked else generated_at),
        "targets": targets,
        "unfinished_targets": list(unfinished),
        "certificates": certificates,
        "headline": headline(summary),
    }


def headline(summary):
    """The counts the report history's index shows for an audit."""
    counts = {"certificates": summary["total"], "ready": summary["by_verdict"].get("ready", 0),
              "at risk": summary["by_verdict"].get("at_risk", 0),
              "will not renew": summary["by_verdict"].get("will_not_renew", 0)}
    if summary["failed_targets"]:
        counts["failed targets"] = len(summary["failed_targets"])
    return counts
