# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_cert_swap's module result (the ``pairs`` entries, actions and diff), from the typed state
of a run: its Pairs, the certificates' details and one SwapOutcome."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Set

from .._certificates.validation_methods import validation_method
from . import swap_plan
from .pair import Pair
from .retire import ABSENT
from .swap_outcome import SwapOutcome


def swap_result(pairs: List[Pair], details: Dict[str, Dict[str, Any]], done: SwapOutcome, region: str,
                params: Dict[str, Any], check_mode: bool, planned: Optional[Set[str]] = None,
                new_state: Optional[Dict[str, Dict[str, Any]]] = None) -> Dict[str, Any]:
    """The module's result for ``pairs``, from one SwapOutcome (or several merged). ``planned``: ARNs of
    planned replacements; ``new_state``: {ARN: detail} of the replacements as read after the swap."""
    by_old: Dict[str, List[Dict[str, Any]]] = {}
    for a in done.actions:
        by_old.setdefault(a["old_certificate_arn"], []).append(a)
    results = [_pair_entry(pair, details, done, by_old.get(pair.old, []), params, check_mode, planned or set(),
                           new_state.get(pair.new) if new_state and pair.new else None) for pair in pairs]
    return {
        "changed": bool(swap_plan.changes(done.actions)),
        "region": region,
        "actions": done.actions,
        "pairs": results,
        "diff": swap_plan.diff(done.actions),
    }


def _pair_entry(pair, details, done, mine, params, check_mode, planned, state):
    old, deleted = pair.old, done.deleted
    entry = {
        "old_certificate_arn": old,
        "new_certificate_arn": pair.new,
        "old_status": details[old].get("Status") if old in details else "absent",
        "consumers": len([a for a in mine if a["action"] != "delete"]),
        "switched": len([a for a in mine if a["action"] not in ("none", "delete")]),
        "unknown_consumers": done.unknown.get(old, []),
        "new_certificate_planned": pair.new in planned,
        # True only for this run's own delete: a concurrent run (or a person) may have deleted it first.
        "deleted": deleted.get(old) is True,
        "already_deleted": deleted.get(old) == ABSENT,
        "delete_held": done.holds.get(old) if params["delete_old"] and not deleted.get(old) else None,
    }
    if old not in details:
        entry["delete_held"] = None
    if params["verify_serving"] and not check_mode:
        entry["verified"] = done.verified.get(old, [])
    if state is not None:
        entry["new_certificate_state"] = {
            "status": state.get("Status"),
            "validation_method": validation_method(state),
            "in_use": bool(state.get("InUse") or state.get("InUseBy")),
            "renewal_eligibility": state.get("RenewalEligibility"),
        }
    return entry
