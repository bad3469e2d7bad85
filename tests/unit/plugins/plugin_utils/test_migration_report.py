"""One target's acm_migration.json entries: acm_dns_migrate's certificates joined with
acm_cert_swap's pairs and switch actions (formerly a quadratic Jinja template)."""

from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import target_entries

OLD, NEW = "arn:aws:acm:eu-west-1:123456789012:certificate/old", "arn:aws:acm:eu-west-1:123456789012:certificate/new"
LB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1"


def _cert(**over):
    return {"old_arn": OLD, "names": ["example.com"], "new_arn": NEW, "status": "ISSUED", "skipped": False,
            "validation_records": [{"name": "_x.example.com.", "value": "_y.acm-validations.aws."}], **over}


@pytest.mark.parametrize("action, detail", [
    ({"resource_type": "elbv2_default", "resource_arn": LB, "port": 443}, "port 443"),
    ({"resource_type": "cloudfront", "resource_arn": "arn:cf", "aliases": ["a.example.com", "b.example.com"]},
     "a.example.com,b.example.com"),
    ({"resource_type": "apigateway", "domain_name": "api.example.com"}, "api.example.com"),
    ({"resource_type": "elb", "port": None, "aliases": []}, ""),
])
def test_each_switch_is_a_consumer_with_its_detail(action, detail):
    swap = {"pairs": [{"old_certificate_arn": OLD, "deleted": True, "delete_held": None}],
            "actions": [{"old_certificate_arn": OLD, "action": "swap_default", "before": OLD, "after": NEW, **action}]}
    [entry] = target_entries({"certificates": [_cert()]}, swap)
    [consumer] = entry["consumers_switched"]
    assert consumer["detail"] == detail
    assert consumer["resource_arn"] == action.get("resource_arn", "")
    assert (consumer["before"], consumer["after"], consumer["action"]) == (OLD, NEW, "swap_default")
    assert entry["old_deleted"] is True and entry["hold_reason"] == ""


def test_kept_consumers_and_deletes_are_not_switches():
    swap = {"pairs": [{"old_certificate_arn": OLD, "deleted": False, "delete_held": "1 consumer(s) keep it"}],
            "actions": [{"old_certificate_arn": OLD, "action": "none", "resource_type": "elb"},
                        {"old_certificate_arn": OLD, "action": "delete", "resource_type": "acm"}]}
    [entry] = target_entries({"certificates": [_cert()]}, swap)
    assert entry["consumers_switched"] == []
    assert entry["old_deleted"] is False and entry["hold_reason"] == "1 consumer(s) keep it"


@pytest.mark.parametrize("swap", [{}, {"skipped": True, "skip_reason": "Conditional result was False"}, None])
def test_without_a_swap_the_replacement_alone_is_reported(swap):
    skipped = _cert(old_arn="arn:skip", new_arn=None, status=None, skipped="already DNS-validated")
    entries = target_entries({"certificates": [_cert(), skipped]}, swap)
    assert [e["old_arn"] for e in entries] == [OLD, "arn:skip"]
    assert entries[0]["consumers_switched"] == [] and entries[0]["old_deleted"] is False
    assert entries[1]["hold_reason"] == "already DNS-validated"


def test_a_skipped_replace_task_reports_nothing():
    assert target_entries({"skipped": True}, {"skipped": True}) == []


def test_every_certificate_gets_only_its_own_switches_in_a_large_fleet():
    n = 2500
    certs = [_cert(old_arn=f"old{i}", new_arn=f"new{i}") for i in range(n)]
    actions = [{"old_certificate_arn": f"old{i}", "action": "swap_sni", "resource_type": "elbv2_sni",
                "resource_arn": f"lb{i % 7}", "port": 443, "before": f"old{i}", "after": f"new{i}"}
               for i in reversed(range(n))]
    pairs = [{"old_certificate_arn": f"old{i}", "deleted": i % 2 == 0, "delete_held": None if i % 2 == 0 else "held"}
             for i in range(n)]
    entries = target_entries({"certificates": certs}, {"pairs": pairs, "actions": actions})
    assert len(entries) == n
    for i, entry in enumerate(entries):
        assert [c["before"] for c in entry["consumers_switched"]] == [f"old{i}"]
        assert entry["old_deleted"] == (i % 2 == 0)


def test_merged_report_counts_every_targets_certificates_and_names_failed_and_unfinished_targets():
    from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import merge_targets

    switched = [{"resource_type": "elbv2_default"}, {"resource_type": "cloudfront"}]
    eu = {"target": "eu", "region": "eu-west-1", "failed": False, "certificates": [
        {"old_arn": "a", "new_arn": "a2", "consumers_switched": switched, "old_deleted": True},
        {"old_arn": "b", "new_arn": None, "consumers_switched": [], "old_deleted": False}]}
    us = {"target": "us", "region": "us-east-1", "failed": True, "error": "denied", "certificates": [
        {"old_arn": "c", "new_arn": "c2", "consumers_switched": switched[:1], "old_deleted": False}]}
    report = merge_targets([eu, us], unfinished=["ap"], generated_at="2026-11-29T00:00:00Z")
    assert report["summary"] == {"mode": "real", "targets": 3, "failed_targets": ["us", "ap"], "certificates": 3,
                                 "migrated": 2, "consumers_switched": 3, "old_deleted": 1, "failed_certificates": 0,
                                 "migrated_in_place": 0, "in_place_pending": 0, "replaced": 2, "held": 0,
                                 "dns_validated_already": 0, "replaced_earlier": 0, "unused_replacements": 0}
    assert report["targets"] == [eu, us] and report["unfinished_targets"] == ["ap"]
    assert report["check_mode"] is False and report["generated_at"] == "2026-11-29T00:00:00Z"
    assert report["headline"] == {"certificates": 3, "migrated in place": 0, "replaced": 2, "old deleted": 1,
                                  "failed targets": 2}


def test_merged_report_of_no_target_is_empty():
    from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import merge_targets

    assert merge_targets([])["summary"] == {"mode": "real", "targets": 0, "failed_targets": [], "certificates": 0,
                                            "migrated": 0, "consumers_switched": 0, "old_deleted": 0,
                                            "failed_certificates": 0, "migrated_in_place": 0, "in_place_pending": 0,
                                            "replaced": 0, "held": 0, "dns_validated_already": 0,
                                            "replaced_earlier": 0, "unused_replacements": 0}


def test_the_report_filter_names_what_it_was_given_instead_of_target_results():
    from ansible.errors import AnsibleFilterError
    from ansible_collections.certshift.acm.plugins.filter.migration_report import migration_report

    with pytest.raises(AnsibleFilterError, match="expects a list of target results"):
        migration_report({"target": "eu"})


def test_each_entry_says_its_outcome_in_plain_words():
    from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import target_entries

    arn = "arn:aws:acm:eu-west-1:123456789012:certificate/a"
    certificates = [
        {"old_arn": arn + "1", "strategy": "in_place", "arn_kept": True, "new_arn": arn + "1", "status": "migrated"},
        {"old_arn": arn + "2", "strategy": "in_place", "arn_kept": True, "new_arn": arn + "2", "status": "would_migrate"},
        {"old_arn": arn + "3", "strategy": "in_place", "arn_kept": True, "status": "refused", "refusal": "no region"},
        {"old_arn": arn + "4", "strategy": "replace", "status": "held", "skipped": "held, not replaced: used by x"},
        {"old_arn": arn + "5", "strategy": "replace", "new_arn": "n5", "status": "ISSUED",
         "fallback_reason": "ACM refused"},
        {"old_arn": arn + "6", "strategy": "replace", "new_arn": "n6", "status": "ISSUED"},
        {"old_arn": arn + "7", "strategy": "replace", "new_arn": "n7", "status": "PENDING_VALIDATION"},
        {"old_arn": arn + "8", "status": "failed", "error": "DescribeCertificate failed: AccessDenied",
         "failed_step": "describing it before its request"},
    ]
    swap = {"pairs": [{"old_certificate_arn": arn + "5", "deleted": True},
                      {"old_certificate_arn": arn + "6", "deleted": False, "already_deleted": True}]}
    outcomes = [e["outcome"] for e in target_entries({"certificates": certificates}, swap)]
    assert outcomes[0].startswith("migrated in place: DNS-validated, same ARN")
    assert outcomes[1].startswith("would be migrated in place")
    assert outcomes[2] == "ACM refused to migrate it in place: no region"
    assert outcomes[3] == "held, not replaced: used by x"
    assert outcomes[4] == "replaced; the old certificate was deleted"
    assert outcomes[5].startswith("replaced; already deleted when this run came to delete it")
    assert outcomes[6].startswith("replacement pending validation: the next run continues it")
    assert outcomes[7] == ("failed (describing it before its request): DescribeCertificate failed: AccessDenied")


RAW_CODES = ("would_request", "would_migrate", "not_requested", "PENDING_VALIDATION", "earlier_in_place",
             "earlier_replaced", "in_place")


def _plan_target():
    """A --check run's target: one certificate to migrate in place, one to replace (its swap planned)."""
    certificates = [
        {"old_arn": "ip", "strategy": "in_place", "arn_kept": True, "new_arn": "ip", "status": "would_migrate"},
        {"old_arn": "old", "strategy": "replace", "new_arn": None, "status": "would_request"},
    ]
    swap = {"pairs": [{"old_certificate_arn": "old", "deleted": True, "consumers": 2}],
            "actions": [{"old_certificate_arn": "old", "action": "swap_default", "resource_type": "elbv2_default",
                         "resource_arn": "lb", "port": 443},
                        {"old_certificate_arn": "old", "action": "swap", "resource_type": "cloudfront",
                         "resource_arn": "cf", "aliases": ["a.example.com"]}]}
    return {"target": "eu", "region": "eu-west-1", "failed": False,
            "certificates": target_entries({"certificates": certificates}, swap)}


def test_a_plan_says_would_and_never_what_a_real_run_did():
    """Issue 19: check-mode reports read as if it happened ('deleted', 'would_request', '7 old certificate(s)
    deleted'); a plan's entries and summary now say 'would ...' and its counts are would_ keys."""
    from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import merge_targets

    report = merge_targets([_plan_target()], check_mode=True)
    summary = report["summary"]
    assert summary["mode"] == "check"
    assert {k: summary[k] for k in ("would_migrate_in_place", "would_replace", "would_switch_consumers",
                                    "would_delete_old")} == {"would_migrate_in_place": 1, "would_replace": 1,
                                                             "would_switch_consumers": 2, "would_delete_old": 1}
    assert not {"old_deleted", "replaced", "consumers_switched", "migrated", "migrated_in_place"} & set(summary)
    entries = report["targets"][0]["certificates"]
    assert [e["kind"] for e in entries] == ["planned", "planned"]
    assert entries[0]["outcome"] == "would be migrated in place (same ARN, nothing else changes)"
    assert entries[1]["outcome"] == ("would be replaced by a DNS-validated twin; would switch 2 consumer(s); "
                                     "the old certificate would be deleted")
    assert [e["status_words"] for e in entries] == ["would migrate in place", "would request a replacement"]
    for e in entries:
        assert "deleted" not in e["outcome"].replace("would be deleted", "")
        assert not any(code in e["outcome"] + e["status_words"] for code in RAW_CODES)
    assert list(report["headline"]) == ["certificates", "would migrate in place", "would be replaced",
                                        "old would be deleted"]


def test_the_same_entries_of_a_real_run_say_what_was_done():
    from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import merge_targets

    certificates = [{"old_arn": "old", "strategy": "replace", "new_arn": "new", "status": "ISSUED"}]
    swap = {"pairs": [{"old_certificate_arn": "old", "deleted": True, "consumers": 1}],
            "actions": [{"old_certificate_arn": "old", "action": "swap", "resource_type": "cloudfront"}]}
    target = {"target": "eu", "certificates": target_entries({"certificates": certificates}, swap)}
    [entry] = merge_targets([target])["targets"][0]["certificates"]
    assert entry["kind"] == "done" and entry["status_words"] == "replacement issued"
    assert entry["outcome"] == "replaced; 1 consumer(s) switched; the old certificate was deleted"


def test_hold_reason_is_filled_whenever_the_old_certificate_is_kept():
    """Issue 19: with delete_old=false (acm_delete_old=false) the old certificate was kept with an empty
    hold_reason."""
    certificates = [{"old_arn": "old", "strategy": "replace", "new_arn": "new", "status": "ISSUED"}]
    swap = {"pairs": [{"old_certificate_arn": "old", "deleted": False, "delete_held": None, "consumers": 1}]}
    [entry] = target_entries({"certificates": certificates}, swap)
    assert not entry["old_deleted"] and "acm_delete_old is false" in entry["hold_reason"]
    assert entry["kind"] == "kept" and "the old certificate is kept: acm_delete_old is false" in entry["outcome"]


def test_a_replacement_nobody_uses_is_named():
    """Issue 19: replacing an unused certificate left a new certificate nobody uses (ACM will not renew it)
    without a word."""
    from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import merge_targets

    certificates = [{"old_arn": "old", "strategy": "replace", "new_arn": "new", "status": "ISSUED"},
                    {"old_arn": "used", "strategy": "replace", "new_arn": "new2", "status": "ISSUED"}]
    swap = {"pairs": [{"old_certificate_arn": "old", "deleted": True, "consumers": 0},
                      {"old_certificate_arn": "used", "deleted": True, "consumers": 1}]}
    entries = target_entries({"certificates": certificates}, swap)
    assert [e["unused_replacement"] for e in entries] == [True, False]
    assert "nothing uses the new certificate" in entries[0]["outcome"] and "ACM will not renew it" in entries[0]["outcome"]
    report = merge_targets([{"target": "eu", "certificates": entries}])
    assert report["summary"]["unused_replacements"] == 1


def test_certificates_an_earlier_run_moved_are_listed_with_their_state():
    """Issue 19: an idempotent rerun reported '0 certificate(s)'; it now lists what it found already moved."""
    from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import merge_targets

    earlier = [{"arn": "a", "old_arn": "a", "names": ["a.example.com"], "status": "earlier_in_place",
                "strategy": "in_place", "reason": "DNS-validated already (...): nothing to do"},
               {"arn": "n", "old_arn": "o", "names": ["b.example.com"], "status": "earlier_replaced",
                "strategy": "replace", "reason": "replaced earlier: n is its DNS-validated replacement"}]
    entries = target_entries({"certificates": [], "earlier": earlier}, {})
    assert [(e["old_arn"], e["new_arn"], e["kind"], e["status_words"]) for e in entries] == [
        ("a", "a", "earlier", "DNS-validated already"), ("o", "n", "earlier", "replaced earlier")]
    assert entries[0]["arn_kept"] and entries[1]["outcome"].startswith("replaced earlier")
    summary = merge_targets([{"target": "eu", "certificates": entries}])["summary"]
    assert (summary["certificates"], summary["dns_validated_already"], summary["replaced_earlier"]) == (0, 1, 1)
