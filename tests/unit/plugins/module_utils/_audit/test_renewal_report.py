from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._audit import renewal_report as rr


@pytest.mark.parametrize("days,bucket", [
    (None, "unknown"), (-5, "expired"), (-1, "expired"), (0, "0-7"), (7, "0-7"), (8, "8-30"), (30, "8-30"),
    (31, "31-45"), (45, "31-45"), (46, "46-90"), (90, "46-90"), (91, "91-198"), (198, "91-198"), (199, "199+"),
])
def test_expiry_buckets(days, bucket):
    assert rr.expiry_bucket(days) == bucket


def test_summary_counts_every_dimension():
    certs = [
        {"verdict": "ready", "validation_method": "DNS", "days_to_expiry": 120, "in_renewal_window": False},
        {"verdict": "will_not_renew", "validation_method": "EMAIL", "days_to_expiry": 20, "in_renewal_window": True},
        {"verdict": "at_risk", "validation_method": "EMAIL", "days_to_expiry": -2, "in_renewal_window": False},
        {"verdict": "will_not_renew", "validation_method": None, "days_to_expiry": 300, "in_renewal_window": False},
    ]
    s = rr.summarize(certs)
    assert s["total"] == 4 and s["needs_action"] == 3 and s["in_renewal_window"] == 1
    assert s["by_verdict"] == {"ready": 1, "at_risk": 1, "will_not_renew": 2}
    assert s["by_validation_method"] == {"EMAIL": 2, "DNS": 1, "HTTP": 0, "NONE": 1}
    assert s["by_days_to_expiry"] == {"expired": 1, "0-7": 0, "8-30": 1, "31-45": 0, "46-90": 0, "91-198": 1,
                                      "199+": 1}
    assert s["by_validation_method_and_verdict"]["EMAIL"] == {"ready": 0, "at_risk": 1, "will_not_renew": 1}


def test_empty_summary_has_every_key():
    s = rr.summarize([])
    assert s["total"] == 0 and set(s["by_verdict"]) == {"ready", "at_risk", "will_not_renew"}


def test_merge_targets_keeps_targets_and_sorts_by_expiry():
    results = [
        {"target": "acm-eu-west-1", "region": "eu-west-1", "failed": False, "note": "historical",
         "certificates": [
             {"certificate_arn": "a", "domain_name": "a.example.com", "verdict": "ready", "validation_method": "DNS",
              "days_to_expiry": 100},
             {"certificate_arn": "p", "domain_name": "p.example.com", "verdict": "at_risk",
              "validation_method": "DNS", "days_to_expiry": None}]},
        {"target": "acm-us-east-1", "region": "us-east-1", "failed": False,
         "certificates": [{"certificate_arn": "b", "domain_name": "b.example.com", "verdict": "will_not_renew",
                           "validation_method": "EMAIL", "days_to_expiry": 3, "in_renewal_window": True}]},
        {"target": "broken", "region": "xx", "failed": True, "error": "boom", "certificates": []},
    ]
    report = rr.merge_targets(results, unfinished=["late"], generated_at="T")
    assert [c["certificate_arn"] for c in report["certificates"]] == ["b", "a", "p"]
    assert [c["target"] for c in report["certificates"]] == ["acm-us-east-1", "acm-eu-west-1", "acm-eu-west-1"]
    assert report["summary"]["targets"] == 4 and report["summary"]["failed_targets"] == ["broken", "late"]
    assert report["summary"]["by_verdict"] == {"ready": 1, "at_risk": 1, "will_not_renew": 1}
    assert report["targets"][2] == {"target": "broken", "region": "xx", "failed": True, "error": "boom",
                                    "failed_task": "", "checked_at": None, "certificates": 0,
                                    "summary": rr.summarize([])}
    assert report["note"] == "historical" and report["generated_at"] == "T"


def test_what_is_left_is_grouped_by_why_with_one_thing_to_do():
    """Issue 19: the demo's closing audit counted 3 certificates that will not renew without saying why; the
    summary now says what is left (imported; unused, so ACM will not renew it) and what to do."""
    certs = [
        {"certificate_arn": "a", "domain_name": "intranet.example.com", "verdict": "will_not_renew",
         "reason_codes": ["imported"], "target": "eu"},
        {"certificate_arn": "b", "domain_name": "old.example.com", "verdict": "will_not_renew",
         "reason_codes": ["not_in_use"], "target": "eu"},
        {"certificate_arn": "c", "domain_name": "twin.example.com", "verdict": "will_not_renew",
         "reason_codes": ["not_in_use"], "target": "us"},
        {"certificate_arn": "d", "domain_name": "ok.example.com", "verdict": "ready", "reason_codes": []},
        {"certificate_arn": "e", "domain_name": "gone.example.com", "verdict": "at_risk",
         "reason_codes": ["validation_record_missing"]},
    ]
    left = rr.merge_targets([{"target": "eu", "certificates": certs}])["summary"]["left"]
    assert [(g["why"].split(":")[0], g["count"]) for g in left] == [
        ("imported", 1), ("unused", 2), ("its DNS validation records do not resolve as ACM expects", 1)]
    unused = left[1]
    assert unused["why"] == "unused: nothing uses it, so ACM will not renew it"
    assert "delete it" in unused["todo"] and "attach it" in unused["todo"]
    assert [c["domain_name"] for c in unused["certificates"]] == ["old.example.com", "twin.example.com"]
    assert rr.merge_targets([{"target": "eu", "certificates": certs[3:4]}])["summary"]["left"] == []


def test_the_report_gives_the_advice_apart_from_the_records_it_lists():
    cert = {"certificate_arn": "a", "verdict": "at_risk", "dns_fixes": ["a. CNAME b."],
            "recommendation": "Restore these DNS records: a. CNAME b."}
    [merged] = rr.merge_targets([{"target": "eu", "certificates": [cert]}])["certificates"]
    assert merged["advice"] == "Restore these DNS records (below):"
    assert merged["recommendation"] == cert["recommendation"]  # the module's own words are kept


def test_the_headline_counts_for_the_history_index():
    report = rr.merge_targets([{"target": "eu", "certificates": [{"verdict": "ready"}, {"verdict": "at_risk"}]}],
                              unfinished=["us"])
    assert report["headline"] == {"certificates": 2, "ready": 1, "at risk": 1, "will not renew": 0,
                                  "failed targets": 1}
