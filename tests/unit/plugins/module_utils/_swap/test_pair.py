"""Pair, SwapOutcome and RetireResult: the typed state a swap passes between its steps."""

import dataclasses

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._swap.pair import Pair
from ansible_collections.certshift.acm.plugins.module_utils._swap.pair_retirement import RetireResult
from ansible_collections.certshift.acm.plugins.module_utils._swap.swap_outcome import SwapOutcome, failures_message
from ansible_collections.certshift.acm.plugins.module_utils._swap.swap_result import swap_result

OLD = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000001"
NEW = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000002"
PARAMS = {"delete_old": True, "verify_serving": False}


def test_pair_is_frozen_and_compares_by_value():
    pair = Pair(OLD, NEW)
    with pytest.raises(dataclasses.FrozenInstanceError):
        pair.new = OLD
    assert pair == Pair(OLD, NEW) and len({pair, Pair(OLD, NEW)}) == 1 and pair != Pair(NEW, OLD)


def test_outcome_merge_keeps_both_and_takes_the_later_index():
    first = SwapOutcome([{"action": "swap"}], index="before")
    first.deleted, first.failures = {OLD: True}, [{"action": None, "error": "a"}]
    later = SwapOutcome([{"action": "delete"}], index="after")
    later.holds, later.failures = {NEW: "kept"}, [{"action": None, "error": "b"}]
    first.merge(later)
    assert first.actions == [{"action": "swap"}, {"action": "delete"}] and first.index == "after"
    assert first.deleted == {OLD: True} and first.holds == {NEW: "kept"}
    assert failures_message(first.failures).startswith("some consumers were not switched: a; b")


def test_retire_result_starts_empty_and_is_not_shared():
    first, second = RetireResult(), RetireResult()
    first.deleted[OLD] = True
    assert second.deleted == {} and second.failures == []


def test_swap_result_reports_an_already_retired_old_certificate_as_absent():
    done = SwapOutcome()
    result = swap_result([Pair(OLD, None)], {}, done, "eu-west-1", PARAMS, check_mode=False)
    assert result["pairs"] == [{
        "old_certificate_arn": OLD, "new_certificate_arn": None, "old_status": "absent", "consumers": 0,
        "switched": 0, "unknown_consumers": [], "new_certificate_planned": False, "deleted": False,
        "already_deleted": False, "delete_held": None}]
    assert result["changed"] is False and result["region"] == "eu-west-1"


def test_swap_result_reads_the_replacement_state_given_to_it():
    done = SwapOutcome(deleted={OLD: True})
    state = {NEW: {"Status": "ISSUED", "DomainValidationOptions": [{"ValidationMethod": "DNS"}], "InUse": True,
                   "RenewalEligibility": "ELIGIBLE"}}
    details = {OLD: {"Status": "ISSUED"}}
    [entry] = swap_result([Pair(OLD, NEW)], details, done, "eu-west-1", PARAMS, False, new_state=state)["pairs"]
    assert entry["deleted"] is True and entry["delete_held"] is None
    assert entry["new_certificate_state"] == {"status": "ISSUED", "validation_method": "DNS", "in_use": True,
                                              "renewal_eligibility": "ELIGIBLE"}
