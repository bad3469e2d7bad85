# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the migration reports say about one certificate, in plain words: its status, its outcome and the
kind of row it is (done, planned, pending, kept, skipped, failed, earlier). A plan (--check) always says
"would ...", never what a real run did. Pure; used by migration_report."""

from __future__ import annotations

ALREADY_DELETED = ("already deleted when this run came to delete it (by another run on the same fleet, or by a "
                   "person): not counted as this run's delete")
DELETE_OLD_FALSE = "acm_delete_old is false (module option delete_old): delete it once nothing uses it"
UNUSED_REPLACEMENT = ("nothing uses the new certificate (nothing used the old one), so ACM will not renew it: attach it "
                      "to its service, or delete it")
UNUSED_PLANNED = ("nothing would use the new certificate (nothing uses the old one), so ACM would not renew it: attach "
                  "it to its service, or delete it")

# Status codes of the modules, as a reader reads them.
STATUS_WORDS = {
    "migrated": "migrated in place",
    "pending": "in-place migration pending",
    "would_migrate": "would migrate in place",
    "refused": "ACM refused in place",
    "would_request": "would request a replacement",
    "not_requested": "not requested",
    "ISSUED": "replacement issued",
    "PENDING_VALIDATION": "replacement pending validation",
    "FAILED": "replacement failed",
    "VALIDATION_TIMED_OUT": "replacement timed out",
    "held": "held",
    "skipped": "skipped",
    "failed": "failed",
    "earlier_in_place": "DNS-validated already",
    "earlier_replaced": "replaced earlier",
}


def status_words(status):
    if not status:
        return "-"
    return STATUS_WORDS.get(status, str(status).replace("_", " ").lower())


def kind(entry, check_mode):
    """The row's kind, which the reports colour: done, planned, pending, kept, skipped, failed or earlier."""
    status = entry.get("status")
    if entry.get("error") or status == "failed":
        return "failed"
    if status in ("earlier_in_place", "earlier_replaced"):
        return "earlier"
    if status in ("skipped", "held", "not_requested", "refused"):
        return "skipped" if status == "skipped" else "kept"
    if check_mode or status in ("would_migrate", "would_request"):
        return "planned"
    if status in ("migrated",) or entry.get("old_deleted") or entry.get("old_already_deleted"):
        return "done"
    if status in ("pending", "PENDING_VALIDATION"):
        return "pending"
    if status == "ISSUED":
        return "kept"
    return "failed"


def outcome(entry, check_mode=False):
    """What happened to one certificate (or, in check mode, would happen), in plain words."""
    status = entry.get("status")
    check_mode = check_mode or status in ("would_migrate", "would_request")
    if entry.get("error"):
        return f"failed ({entry.get('failed_step') or 'migration'}): {entry['error']}"
    if status == "skipped":
        return f"not migrated: {entry.get('skipped')}"
    if status == "held":
        return entry.get("skipped") or "held"
    if status in ("earlier_in_place", "earlier_replaced"):
        return entry.get("earlier") or ""
    if entry.get("arn_kept"):
        if check_mode:
            return "would be migrated in place (same ARN, nothing else changes)"
        return {"migrated": "migrated in place: DNS-validated, same ARN, nothing else changed",
                "pending": "in-place migration in progress: ACM switches it once its validation records resolve",
                "refused": f"ACM refused to migrate it in place: {entry.get('refusal', '')}"}.get(status, status_words(status))
    if status == "not_requested":
        return "not replaced: the run stopped before its request"
    if status not in ("ISSUED", "would_request"):
        return f"{status_words(status)}: the next run continues it (nothing is requested twice)"
    return _replacement_outcome(entry, check_mode)


def _replacement_outcome(entry, check_mode):
    switched = len(entry.get("consumers_switched") or [])
    if check_mode:
        first = ("would be replaced by a DNS-validated twin" if entry.get("status") == "would_request"
                 else "its replacement is issued")
        parts = [first, f"would switch {switched} consumer(s)"]
        parts.append("the old certificate would be deleted" if entry.get("old_deleted")
                     else _kept("the old certificate would be kept", entry))
    else:
        parts = ["replaced"] + ([f"{switched} consumer(s) switched"] if switched else [])
        if entry.get("old_deleted"):
            parts.append("the old certificate was deleted")
        elif entry.get("old_already_deleted"):
            parts.append(ALREADY_DELETED)
        else:
            parts.append(_kept("the old certificate is kept", entry))
    if entry.get("unused_replacement"):
        parts.append(UNUSED_PLANNED if check_mode else UNUSED_REPLACEMENT)
    return "; ".join(parts)


def _kept(words, entry):
    return f"{words}: {entry['hold_reason']}" if entry.get("hold_reason") else words


def hold_reason(pair, cert, replaced):
    """Why the old certificate stays, whenever it does: the swap's hold, the skip, or delete_old false."""
    if pair.get("delete_held"):
        return pair["delete_held"]
    if cert.get("skipped"):
        return cert["skipped"]
    if pair.get("already_deleted"):
        return ALREADY_DELETED
    if replaced and pair and not pair.get("deleted"):
        return DELETE_OLD_FALSE
    return ""
