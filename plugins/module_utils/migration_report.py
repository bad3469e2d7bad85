# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One target's entries of acm_migration.json: per old certificate, its replacement (from
acm_dns_migrate) joined with every consumer switched and the delete (from acm_cert_swap).
Pure. A Jinja template did this join once; selecting each certificate's actions from the
whole list made it quadratic (53 s at 1,000 certificates)."""

from __future__ import annotations

SWITCHES = ("swap_default", "swap_sni", "swap")
ALREADY_DELETED = ("already deleted when this run came to delete it (by another run on the same fleet, or by a "
                   "person): not counted as this run's delete")


def _consumer(action):
    port = action.get("port")
    if port:
        detail = f"port {port}"
    else:
        detail = ",".join(action.get("aliases") or []) or action.get("domain_name", "")
    return {
        "resource_type": action.get("resource_type"),
        "resource_arn": action.get("resource_arn", ""),
        "detail": detail,
        "action": action.get("action"),
        "before": action.get("before"),
        "after": action.get("after"),
    }


def target_entries(replacements, swap):
    """``replacements``: acm_dns_migrate's result; ``swap``: acm_cert_swap's (or a skipped
    task's result, or {}). Entries in the order acm_dns_migrate lists the certificates."""
    replacements, swap = replacements or {}, swap or {}
    pairs = {p["old_certificate_arn"]: p for p in swap.get("pairs") or []}
    switched = {}
    for action in swap.get("actions") or []:
        if action.get("action") in SWITCHES:
            switched.setdefault(action.get("old_certificate_arn"), []).append(_consumer(action))
    entries = []
    for c in replacements.get("certificates") or []:
        old = c.get("old_arn")
        pair = pairs.get(old, {})
        entries.append({
            "old_arn": old,
            "names": c.get("names") or [],
            "strategy": c.get("strategy") or "replace",
            "arn_kept": bool(c.get("arn_kept")),
            "fallback_reason": c.get("fallback_reason") or "",
            "update_summary": c.get("update_summary"),
            "new_arn": c.get("new_arn"),
            "status": c.get("status"),
            "skipped": c.get("skipped"),
            "validation_records": c.get("validation_records") or [],
            "consumers_switched": switched.get(old, []),
            "unknown_consumers": pair.get("unknown_consumers") or [],
            "old_deleted": bool(pair.get("deleted", False)),
            "old_already_deleted": bool(pair.get("already_deleted", False)),
            "hold_reason": pair.get("delete_held") or c.get("skipped") or (
                ALREADY_DELETED if pair.get("already_deleted") else ""),
            "error": c.get("error") or "",
        })
        entries[-1]["outcome"] = outcome(entries[-1], c)
    return entries


def outcome(entry, cert):
    """What happened to one certificate, in plain words, for the reports' outcome column."""
    status = entry["status"]
    if entry["error"]:
        return f"failed ({cert.get('failed_step') or 'migration'}): {entry['error']}"
    if status == "skipped":
        return f"not migrated: {entry['skipped']}"
    if status == "held":
        return entry["skipped"]
    if entry["arn_kept"]:
        return {"migrated": "migrated in place: DNS-validated, same ARN, nothing else changed",
                "pending": "in-place migration in progress: ACM switches it once its validation records resolve",
                "would_migrate": "would be migrated in place (same ARN, nothing else changed)",
                "refused": f"ACM refused to migrate it in place: {cert.get('refusal', '')}"}.get(status, status or "")
    if status in ("would_request", "not_requested"):
        return {"would_request": "would be replaced by a DNS-validated twin",
                "not_requested": "not replaced: the run stopped before its request"}[status]
    if status != "ISSUED":
        return f"replacement {status}: the next run continues it (nothing is requested twice)"
    if entry["old_deleted"]:
        return "replaced; the old certificate was deleted"
    if entry["old_already_deleted"]:
        return "replaced; " + ALREADY_DELETED
    return "replaced; the old certificate is kept: " + (entry["hold_reason"] or "acm_delete_old is false")


def merge_targets(results, unfinished=(), generated_at=None, check_mode=False):
    """acm_migration.json from every target's recorded result (``{target, region, failed, error,
    failed_task, certificates}``, certificates as :func:`target_entries` makes them) and the
    targets that never recorded one. Jinja's flatten over every certificate took 1.2 s at 1,000."""
    unfinished = list(unfinished)
    certificates = [c for result in results for c in result.get("certificates") or []]
    return {
        "generated_at": generated_at,
        "check_mode": bool(check_mode),
        "targets": list(results),
        "unfinished_targets": unfinished,
        "summary": {
            "targets": len(results) + len(unfinished),
            "failed_targets": [r.get("target") for r in results if r.get("failed")] + unfinished,
            "certificates": len(certificates),
            "migrated": sum(1 for c in certificates if c.get("new_arn")),
            "migrated_in_place": sum(1 for c in certificates if c.get("arn_kept") and c.get("status") == "migrated"),
            "in_place_pending": sum(1 for c in certificates if c.get("arn_kept") and c.get("status") == "pending"),
            "replaced": sum(1 for c in certificates if not c.get("arn_kept") and c.get("new_arn")),
            "held": sum(1 for c in certificates if c.get("status") == "held"),
            "would_migrate_in_place": sum(1 for c in certificates if c.get("status") == "would_migrate"),
            "consumers_switched": sum(len(c.get("consumers_switched") or []) for c in certificates),
            "old_deleted": sum(1 for c in certificates if c.get("old_deleted")),
            "failed_certificates": sum(1 for c in certificates if c.get("error")),
        },
    }
