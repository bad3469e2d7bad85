# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_rollback.json: per certificate, what the rollback did or would do, in the user's words.

A rollback runs acm_cert_swap with each pair reversed, so the swap's "old" is the replacement and
its "new" the original. The report never shows those: it says which certificate consumers were
*restored to* (the original) and *switched away from* (the replacement), and, for a certificate it
cannot roll back, one line saying why. Pure.
"""

from __future__ import annotations

from .migration_report import SWITCHES, _consumer

RESTORED = "restored"
WOULD_RESTORE = "would_restore"
ALREADY_RESTORED = "already_restored"
NOT_RESTORED = "not_restored"
HELD = "held"  # every consumer left on the replacement is owned by infrastructure code
MIGRATED_IN_PLACE = "migrated_in_place"
NOT_FOUND = "not_found"
# acm_replacement_info's verdicts kept as they are
ORIGINAL_DELETED = "original_deleted"
CANNOT_RESTORE = "cannot_restore"
NOTHING_TO_UNDO = "nothing_to_undo"

# The result column of the reports: what a person reads first.
LABELS = {RESTORED: "restored", WOULD_RESTORE: "would restore", ALREADY_RESTORED: "already restored",
          NOT_RESTORED: "not restored", HELD: "held by its owner", ORIGINAL_DELETED: "no rollback possible",
          CANNOT_RESTORE: "no rollback possible", NOTHING_TO_UNDO: "nothing to undo",
          MIGRATED_IN_PLACE: "nothing to undo", NOT_FOUND: "nothing to roll back"}

RESTORING = (RESTORED, WOULD_RESTORE, ALREADY_RESTORED)
NO_ROLLBACK_POSSIBLE = (ORIGINAL_DELETED, CANNOT_RESTORE)
NOTHING_TO_DO = (NOTHING_TO_UNDO, MIGRATED_IN_PLACE, NOT_FOUND)


def target_entries(info, swap=None, in_place=None, selected=None, check_mode=False):
    """One target's entries. ``info``: acm_replacement_info's result; ``swap``: acm_cert_swap's on the
    reversed pairs (or {} when nothing was swapped or the target failed first); ``in_place``: acm_renewal_check's
    entries (those migrated in place, UpdateSummary SUCCESS, get a line); ``selected``: the ARNs the user named
    (each one found nowhere gets its own line)."""
    swap = swap or {}
    pairs = {p.get("old_certificate_arn"): p for p in swap.get("pairs") or []}
    switched, held = {}, {}
    for action in swap.get("actions") or []:
        if action.get("action") in SWITCHES:
            switched.setdefault(action.get("old_certificate_arn"), []).append(_consumer(action))
        elif action.get("action") == "none" and action.get("owner"):
            held.setdefault(action.get("old_certificate_arn"), []).append(
                {**_consumer(action), "reason": action.get("reason"), "code_change": action.get("code_change")})
    entries = []
    for c in (info or {}).get("certificates") or []:
        entry = _base(c["original_arn"], c.get("replacement_arn"), c.get("names"))
        if c.get("rollback") == "restore":
            _restore(entry, pairs.get(c.get("replacement_arn")), switched.get(c.get("replacement_arn"), []),
                     bool(swap), check_mode, held.get(c.get("replacement_arn"), []))
        else:
            entry.update(outcome=c.get("rollback"), message=c.get("reason") or "")
        entries.append(entry)
    known = {arn for e in entries for arn in (e["original_arn"], e["replacement_arn"]) if arn}
    for c in in_place or []:
        if (c.get("update_summary") or {}).get("status") != "SUCCESS" or c.get("certificate_arn") in known:
            continue
        entries.append(in_place_entry(c))
        known.add(c.get("certificate_arn"))
    for arn in selected or []:
        if arn not in known:
            entries.append(dict(_base(arn, None, []), outcome=NOT_FOUND, message=(
                "nothing to roll back: no certshift replacement of it (tag certshift:replaces) and no in-place "
                "migration was found in this account and region")))
            known.add(arn)
    for entry in entries:
        entry["label"] = LABELS.get(entry["outcome"], entry["outcome"])
    return entries


def _base(original, replacement, names):
    return {"original_arn": original, "replacement_arn": replacement, "names": list(names or []),
            "outcome": "", "rollback_possible": False, "restored_to": None, "switched_away_from": None,
            "consumers_switched_back": [], "consumers_not_switched_back": [], "consumers_held": [], "message": ""}


def _restore(entry, pair, consumers, swapped, check_mode, held=()):
    """The entry of a certificate whose consumers go back to the original; ``held``: those left on the
    replacement because infrastructure code owns them (with the code change each needs)."""
    entry.update(rollback_possible=True, restored_to=entry["original_arn"],
                 switched_away_from=entry["replacement_arn"], consumers_switched_back=consumers,
                 consumers_held=list(held))
    if pair is None:
        entry.update(outcome=NOT_RESTORED, message=(
            "not restored: this target failed before its consumers were switched back (see the target's error); "
            "run the rollback again once it is fixed" if not swapped else
            "not restored: the swap did not report this pair; run the rollback again"))
        return
    unknown = list(pair.get("unknown_consumers") or [])
    entry["consumers_not_switched_back"] = unknown
    if consumers:
        entry["outcome"] = WOULD_RESTORE if check_mode else RESTORED
        verb = "would switch" if check_mode else "switched"
        entry["message"] = (f"{'would restore' if check_mode else 'restored'}: {verb} {len(consumers)} consumer(s) "
                            "back to the original; the replacement is kept")
    elif held:
        entry["outcome"] = HELD
        entry["message"] = "not restored"
    else:
        entry["outcome"] = ALREADY_RESTORED
        entry["message"] = ("nothing to switch back: no consumer uses the replacement (already rolled back, or it "
                            "never served); the original is in place")
    if unknown:
        entry["message"] += (f"; {len(unknown)} user(s) of the replacement that only ACM names "
                             f"{'would stay' if check_mode else 'stay'} on it ({', '.join(unknown)}): "
                             "switch them back by hand")
    if held:
        owners = sorted({(h.get("reason") or "").split(":")[0] for h in held})
        entry["message"] += (f"; {len(held)} consumer(s) {'would stay' if check_mode else 'stay'} on the replacement, "
                             f"{'; '.join(owners)}: change the certificate ARN in that code back to the original "
                             "(consumers_held: code_change), then run again with acm_switch_owned_consumers: true")


def in_place_entry(cert):
    """The line of a certificate migrated in place (an acm_renewal_check entry)."""
    when = ((cert.get("update_summary") or {}).get("updated_at") or "")
    return dict(_base(cert.get("certificate_arn"), None, cert.get("subject_alternative_names")),
                outcome=MIGRATED_IN_PLACE, message=(
                    f"nothing to undo: migrated in place to DNS validation{' on ' + when if when else ''}; its ARN "
                    "and everything that uses it stayed the same, and ACM cannot switch a certificate back to email "
                    "validation. It now renews by itself while its validation CNAMEs stay in DNS"))


def merge_targets(results, unfinished=(), generated_at=None, check_mode=False):
    """acm_rollback.json from every target's recorded result ({target, region, failed, error,
    failed_task, certificates}) and the targets that never recorded one."""
    unfinished = list(unfinished)
    certificates = [c for result in results for c in result.get("certificates") or []]

    def count(*outcomes):
        return sum(1 for c in certificates if c.get("outcome") in outcomes)

    switched_back = sum(len(c.get("consumers_switched_back") or []) for c in certificates)
    summary = {
        "targets": len(results) + len(unfinished),
        "failed_targets": [r.get("target") for r in results if r.get("failed")] + unfinished,
        "certificates": len(certificates),
        "restored": count(RESTORED),
        "would_restore": count(WOULD_RESTORE),
        "already_restored": count(ALREADY_RESTORED),
        "consumers_switched_back": 0 if check_mode else switched_back,
        "consumers_would_switch_back": switched_back if check_mode else 0,
        "not_restored": count(NOT_RESTORED),
        "held": count(HELD),
        "no_rollback_possible": count(*NO_ROLLBACK_POSSIBLE),
        "nothing_to_undo": count(*NOTHING_TO_DO),
    }
    summary["headline"] = headline(summary, check_mode)
    return {"generated_at": generated_at, "check_mode": bool(check_mode), "targets": list(results),
            "unfinished_targets": unfinished, "summary": summary, "history_counts": history_counts(summary, check_mode)}


def history_counts(s, check_mode):
    """The counts the report history's index shows for this run (report_files' headline), as a reader reads them."""
    counts = [("certificates", s["certificates"]),
              ("would restore" if check_mode else "restored", s["would_restore" if check_mode else "restored"])]
    counts += [(label, s[key]) for label, key in (("already restored", "already_restored"),
                                                  ("held by its owner", "held"),
                                                  ("no rollback possible", "no_rollback_possible"),
                                                  ("nothing to undo", "nothing_to_undo")) if s[key]]
    if s["failed_targets"]:
        counts.append(("failed targets", len(s["failed_targets"])))
    return dict(counts)


def headline(s, check_mode):
    """The run in one sentence: what was (or would be) restored, and what cannot be, with why."""
    parts = []
    if check_mode and s["would_restore"]:
        parts.append(f"would restore {s['would_restore']} certificate(s) "
                     f"({s['consumers_would_switch_back']} consumer(s) would switch back)")
    elif s["restored"]:
        parts.append(f"restored {s['restored']} certificate(s) ({s['consumers_switched_back']} consumer(s) "
                     "switched back)")
    if s["already_restored"]:
        parts.append(f"{s['already_restored']} already on the original")
    if s["not_restored"]:
        parts.append(f"{s['not_restored']} not restored (target failed)")
    if s.get("held"):
        parts.append(f"{s['held']} held (owned by infrastructure code: change it, then rerun with "
                     "acm_switch_owned_consumers)")
    if s["no_rollback_possible"]:
        parts.append(f"no rollback possible for {s['no_rollback_possible']} (original deleted or unusable)")
    if s["nothing_to_undo"]:
        parts.append(f"nothing to undo for {s['nothing_to_undo']}")
    if not s["certificates"]:
        sentence = "nothing to roll back: no certificate replaced or migrated in place by certshift was found"
    elif not (s["restored"] or s["would_restore"]):
        sentence = ("nothing " + ("would be" if check_mode else "was") + " rolled back: " + "; ".join(parts))
    else:
        sentence = "; ".join(parts)
    if s["failed_targets"]:
        sentence += f"; {len(s['failed_targets'])} target(s) failed"
    prefix = "certshift.acm rollback (check mode: nothing was changed)" if check_mode else "certshift.acm rollback"
    return f"{prefix}: {s['targets']} target(s), {s['certificates']} certificate(s): {sentence}"
