# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One target's entries of acm_migration.json: per old certificate, its replacement (from
acm_dns_migrate) joined with every consumer switched and the delete (from acm_cert_swap), then
the certificates an earlier run already moved. Pure. A Jinja template did this join once;
selecting each certificate's actions from the whole list made it quadratic (53 s at 1,000
certificates). The words the reports show come from migration_wording."""

from __future__ import annotations

from .migration_wording import ALREADY_DELETED, hold_reason, kind, outcome, status_words

__all__ = ["ALREADY_DELETED", "SWITCHES", "target_entries", "merge_targets"]

SWITCHES = ("swap_default", "swap_sni", "swap")


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
    """``replacements``: acm_dns_migrate's (or acm_migrate's) result; ``swap``: acm_cert_swap's (or a
    skipped task's result, or {}). Entries in the order acm_dns_migrate lists the certificates, then
    the ``earlier`` ones (certificates an earlier run migrated or replaced)."""
    replacements, swap = replacements or {}, swap or {}
    pairs = {p["old_certificate_arn"]: p for p in swap.get("pairs") or []}
    switched, code_changes = {}, {}
    for action in swap.get("actions") or []:
        if action.get("action") in SWITCHES:
            switched.setdefault(action.get("old_certificate_arn"), []).append(_consumer(action))
        if action.get("code_change"):  # an owned consumer: the edit its infrastructure code needs
            code_changes.setdefault(action.get("old_certificate_arn"), []).append(
                {**action["code_change"], "switched": action.get("action") in SWITCHES})
    entries = [_entry(c, pairs.get(c.get("old_arn"), {}), switched.get(c.get("old_arn"), []))
               for c in replacements.get("certificates") or []]
    for entry in entries:
        entry["code_changes"] = code_changes.get(entry["old_arn"], [])
    return entries + [_earlier(c) for c in replacements.get("earlier") or []]


def _entry(c, pair, switched):
    replaced = bool(c.get("new_arn")) and not c.get("arn_kept")
    entry = {
        "old_arn": c.get("old_arn"),
        "names": c.get("names") or [],
        "strategy": c.get("strategy") or "replace",
        "arn_kept": bool(c.get("arn_kept")),
        "fallback_reason": c.get("fallback_reason") or "",
        "update_summary": c.get("update_summary"),
        "new_arn": c.get("new_arn"),
        "status": c.get("status"),
        "skipped": c.get("skipped"),
        "validation_records": c.get("validation_records") or [],
        "consumers_switched": switched,
        "unknown_consumers": pair.get("unknown_consumers") or [],
        "old_deleted": bool(pair.get("deleted", False)),
        "old_already_deleted": bool(pair.get("already_deleted", False)),
        "hold_reason": hold_reason(pair, c, replaced),
        # a replacement of a certificate nothing used: nothing uses it either, so ACM will not renew it
        "unused_replacement": bool(replaced and pair.get("consumers") == 0 and not pair.get("unknown_consumers")),
        "error": c.get("error") or "",
    }
    for key in ("failed_step", "refusal"):
        if c.get(key):
            entry[key] = c[key]
    return _worded(entry, False)


def _earlier(c):
    """A certificate this run found already moved by an earlier run (nothing to do)."""
    entry = {"old_arn": c.get("old_arn") or c.get("arn"), "names": c.get("names") or [],
             "strategy": c.get("strategy") or "-", "arn_kept": c.get("status") == "earlier_in_place",
             "fallback_reason": "", "update_summary": None, "new_arn": c.get("arn"), "status": c.get("status"),
             "skipped": False, "validation_records": [], "consumers_switched": [], "unknown_consumers": [],
             "old_deleted": False, "old_already_deleted": False, "hold_reason": "", "unused_replacement": False,
             "error": "", "earlier": c.get("reason") or ""}
    return _worded(entry, False)


def _worded(entry, check_mode):
    entry["status_words"] = status_words(entry["status"])
    entry["outcome"] = outcome(entry, check_mode)
    entry["kind"] = kind(entry, check_mode)
    return entry


def merge_targets(results, unfinished=(), generated_at=None, check_mode=False):
    """acm_migration.json from every target's recorded result (``{target, region, failed, error,
    failed_task, certificates}``, certificates as :func:`target_entries` makes them) and the
    targets that never recorded one. Jinja's flatten over every certificate took 1.2 s at 1,000.
    In check mode every entry is worded as a plan and the summary counts what would happen."""
    unfinished = list(unfinished)
    if check_mode:
        results = [dict(r, certificates=[_worded(dict(c), True) for c in r.get("certificates") or []])
                   for r in results]
    every = [c for result in results for c in result.get("certificates") or []]
    certificates = [c for c in every if c.get("status") not in ("earlier_in_place", "earlier_replaced")]
    summary = {
        "mode": "check" if check_mode else "real",
        "targets": len(results) + len(unfinished),
        "failed_targets": [r.get("target") for r in results if r.get("failed")] + unfinished,
        "certificates": len(certificates),
        "held": sum(1 for c in certificates if c.get("status") == "held"),
        "failed_certificates": sum(1 for c in certificates if c.get("error")),
        "dns_validated_already": sum(1 for c in every if c.get("status") == "earlier_in_place"),
        "replaced_earlier": sum(1 for c in every if c.get("status") == "earlier_replaced"),
        "unused_replacements": sum(1 for c in certificates if c.get("unused_replacement")),
    }
    replaced = [c for c in certificates if not c.get("arn_kept") and c.get("new_arn")]
    switched = sum(len(c.get("consumers_switched") or []) for c in certificates)
    deleted = sum(1 for c in certificates if c.get("old_deleted"))
    if check_mode:
        summary.update(
            would_migrate_in_place=sum(1 for c in certificates if c.get("status") == "would_migrate"),
            would_replace=sum(1 for c in certificates if c.get("status") == "would_request") + len(replaced),
            would_switch_consumers=switched,
            would_delete_old=deleted,
        )
    else:
        summary.update(
            migrated=sum(1 for c in certificates if c.get("new_arn")),
            migrated_in_place=sum(1 for c in certificates if c.get("arn_kept") and c.get("status") == "migrated"),
            in_place_pending=sum(1 for c in certificates if c.get("arn_kept") and c.get("status") == "pending"),
            replaced=len(replaced),
            consumers_switched=switched,
            old_deleted=deleted,
        )
    return {
        "generated_at": generated_at,
        "check_mode": bool(check_mode),
        "targets": list(results),
        "unfinished_targets": unfinished,
        "summary": summary,
        "headline": headline(summary),
    }


def headline(summary):
    """The counts the report history's index shows for this run, labelled as a reader reads them."""
    if summary["mode"] == "check":
        counts = (("certificates", summary["certificates"]),
                  ("would migrate in place", summary["would_migrate_in_place"]),
                  ("would be replaced", summary["would_replace"]),
                  ("old would be deleted", summary["would_delete_old"]))
    else:
        counts = (("certificates", summary["certificates"]), ("migrated in place", summary["migrated_in_place"]),
                  ("replaced", summary["replaced"]), ("old deleted", summary["old_deleted"]))
    extra = (("held", summary["held"]), ("moved earlier", summary["dns_validated_already"] + summary["replaced_earlier"]),
             ("failed targets", len(summary["failed_targets"])))
    return dict(list(counts) + [(label, n) for label, n in extra if n])
