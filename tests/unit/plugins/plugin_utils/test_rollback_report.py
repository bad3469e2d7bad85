"""acm_rollback.json entries and summary: in the user's words (restored to / switched away from, never the
swap's reversed old/new), one line per certificate that cannot be rolled back, and "would" under --check."""

from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.plugin_utils.rollback_report import merge_targets, target_entries

ORIGINAL, REPLACEMENT = "arn:aws:acm:eu-west-1:1:certificate/original", "arn:aws:acm:eu-west-1:1:certificate/replacement"
GONE = "arn:aws:acm:eu-west-1:1:certificate/gone"
LB = "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/web/1"
NAMES = ["shop.example.com"]


def info(*entries):
    return {"certificates": list(entries)}


def restore(original=ORIGINAL, replacement=REPLACEMENT):
    return {"original_arn": original, "replacement_arn": replacement, "names": NAMES, "rollback": "restore",
            "reason": ""}


def swap(switched=1, unknown=()):
    """acm_cert_swap's result on the reversed pair: its old is the replacement, its new the original."""
    actions = [{"old_certificate_arn": REPLACEMENT, "new_certificate_arn": ORIGINAL, "action": "swap_default",
                "resource_type": "elbv2_default", "resource_arn": LB, "port": 443 + i,
                "before": REPLACEMENT, "after": ORIGINAL} for i in range(switched)]
    return {"pairs": [{"old_certificate_arn": REPLACEMENT, "new_certificate_arn": ORIGINAL, "switched": switched,
                       "consumers": switched, "unknown_consumers": list(unknown), "deleted": False}],
            "actions": actions}


@pytest.mark.parametrize("check_mode, outcome, said", [
    (False, "restored", "restored: switched 2 consumer(s) back to the original; the replacement is kept"),
    (True, "would_restore", "would restore: would switch 2 consumer(s) back to the original"),
])
def test_a_restored_certificate_names_what_it_was_restored_to_and_switched_away_from(check_mode, outcome, said):
    [entry] = target_entries(info(restore()), swap(2), check_mode=check_mode)
    assert entry["outcome"] == outcome and entry["message"].startswith(said)
    assert entry["restored_to"] == ORIGINAL and entry["switched_away_from"] == REPLACEMENT
    assert [c["detail"] for c in entry["consumers_switched_back"]] == ["port 443", "port 444"]
    assert entry["label"] == outcome.replace("_", " ")
    assert "old" not in " ".join(entry) and "new" not in " ".join(entry)  # no swap vocabulary in the keys


def test_nothing_left_on_the_replacement_is_already_restored():
    [entry] = target_entries(info(restore()), swap(0))
    assert entry["outcome"] == "already_restored" and entry["message"].startswith("nothing to switch back")


def test_users_only_acm_names_stay_on_the_replacement_and_are_said():
    [entry] = target_entries(info(restore()), swap(1, unknown=["arn:aws:appsync:eu-west-1:1:domain/x"]))
    assert entry["consumers_not_switched_back"] == ["arn:aws:appsync:eu-west-1:1:domain/x"]
    assert "switch them back by hand" in entry["message"]


def test_a_target_that_failed_before_the_swap_says_the_pair_was_not_restored():
    [entry] = target_entries(info(restore()), {})
    assert entry["outcome"] == "not_restored" and entry["label"] == "not restored"


def test_every_certificate_that_cannot_be_rolled_back_gets_one_line():
    deleted = {"original_arn": GONE, "replacement_arn": REPLACEMENT, "names": NAMES, "rollback": "original_deleted",
               "reason": "no rollback possible: the original was deleted"}
    in_place = {"certificate_arn": ORIGINAL, "subject_alternative_names": NAMES,
                "update_summary": {"status": "SUCCESS", "updated_at": "2026-12-01T00:00:00Z"}}
    dns_twin = {"certificate_arn": REPLACEMENT, "subject_alternative_names": NAMES, "update_summary": None}
    missing = "arn:aws:acm:eu-west-1:1:certificate/unknown"
    entries = target_entries(info(deleted), {}, in_place=[in_place, dns_twin], selected=[GONE, missing])
    by_arn = {e["original_arn"]: e for e in entries}
    assert set(by_arn) == {GONE, ORIGINAL, missing}  # the replacement itself is no line of its own
    assert by_arn[GONE]["label"] == "no rollback possible" and not by_arn[GONE]["rollback_possible"]
    assert by_arn[ORIGINAL]["outcome"] == "migrated_in_place"
    assert by_arn[ORIGINAL]["message"].startswith("nothing to undo: migrated in place to DNS validation on 2026-12-01")
    assert by_arn[missing]["outcome"] == "not_found" and by_arn[missing]["message"].startswith("nothing to roll back")
    assert all(e["restored_to"] is None and e["switched_away_from"] is None for e in entries)


def result(target, certificates, failed=False):
    return {"target": target, "region": "eu-west-1", "failed": failed, "error": "boom" if failed else "",
            "failed_task": "", "certificates": certificates}


def test_the_summary_counts_and_its_headline():
    done = target_entries(info(restore()), swap(2))
    deleted = target_entries(info({"original_arn": GONE, "replacement_arn": REPLACEMENT, "names": NAMES,
                                   "rollback": "original_deleted", "reason": "no rollback possible: x"}))
    report = merge_targets([result("eu", done + deleted)], unfinished=["us"], generated_at="now")
    s = report["summary"]
    assert (s["restored"], s["consumers_switched_back"], s["no_rollback_possible"], s["failed_targets"]) == \
        (1, 2, 1, ["us"])
    assert s["headline"] == ("certshift.acm rollback: 2 target(s), 2 certificate(s): restored 1 certificate(s) "
                             "(2 consumer(s) switched back); no rollback possible for 1 (original deleted or "
                             "unusable); 1 target(s) failed")
    # the report history's index shows these counts for the run
    assert report["history_counts"] == {"certificates": 2, "restored": 1, "no rollback possible": 1,
                                        "failed targets": 1}


def test_check_mode_says_would_everywhere():
    planned = target_entries(info(restore()), swap(3), check_mode=True)
    s = merge_targets([result("eu", planned)], check_mode=True)["summary"]
    assert (s["restored"], s["would_restore"], s["consumers_switched_back"], s["consumers_would_switch_back"]) == \
        (0, 1, 0, 3)
    assert s["headline"].startswith("certshift.acm rollback (check mode: nothing was changed)")
    assert "would restore 1 certificate(s) (3 consumer(s) would switch back)" in s["headline"]


def test_a_run_with_nothing_to_roll_back_says_so():
    deleted = target_entries(info({"original_arn": GONE, "replacement_arn": REPLACEMENT, "names": NAMES,
                                   "rollback": "original_deleted", "reason": "no rollback possible: x"}))
    assert "nothing was rolled back: no rollback possible for 1" in merge_targets([result("eu", deleted)])[
        "summary"]["headline"]
    assert merge_targets([result("eu", [])])["summary"]["headline"].endswith(
        "nothing to roll back: no certificate replaced or migrated in place by certshift was found")


def test_consumers_held_by_their_owner_are_named_with_the_code_change():
    """A rollback not told to switch owned consumers leaves them on the replacement: before, such a pair read
    'already restored' (no consumer switched), though its listener still served the replacement."""
    from ansible_collections.certshift.acm.plugins.plugin_utils.rollback_report import merge_targets, target_entries
    original, replacement = "arn:aws:acm:eu-west-1:1:certificate/orig", "arn:aws:acm:eu-west-1:1:certificate/repl"
    info = {"certificates": [{"original_arn": original, "replacement_arn": replacement, "names": ["a.example"],
                              "rollback": "restore"}]}
    change = {"resource": "listener/1", "before": replacement, "after": original, "property": "P"}
    swap = {"pairs": [{"old_certificate_arn": replacement, "new_certificate_arn": original}],
            "actions": [{"action": "none", "resource_type": "elbv2_default", "resource_arn": "lb/1", "port": 443,
                         "old_certificate_arn": replacement, "before": replacement, "after": replacement,
                         "owner": {"kind": "cloudformation", "name": "CloudFormation stack web"},
                         "reason": "owned by CloudFormation stack web: a switch made here would be undone",
                         "code_change": change}]}
    [entry] = target_entries(info, swap=swap)
    assert entry["outcome"] == "held" and entry["label"] == "held by its owner"
    assert entry["consumers_held"][0]["code_change"] == change
    assert "owned by CloudFormation stack web" in entry["message"]
    assert "acm_switch_owned_consumers: true" in entry["message"]
    report = merge_targets([{"target": "t", "certificates": [entry]}])
    assert report["summary"]["held"] == 1 and "1 held (owned by infrastructure code" in report["summary"]["headline"]
