"""Where an in-place migration to DNS validation stands, as the audit's entries and reports show it, and the
audit reports that show it: the migrations column (HTML and Markdown) and the approval mails per month."""

from __future__ import annotations

import datetime
import re

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._audit import renewal_check
from ansible_collections.certshift.acm.plugins.module_utils._audit.migration_progress import migration_progress
from ansible_collections.certshift.acm.plugins.module_utils._audit.renewal_report import merge_targets

from .test_audit_knows import NOW, detail, render

REQUESTED = datetime.datetime(2025, 5, 30, 8, tzinfo=datetime.timezone.utc)
UPDATED = datetime.datetime(2025, 5, 31, 9, tzinfo=datetime.timezone.utc)


def update(status, to="DNS"):
    return {"Status": status, "Type": "DOMAIN_VALIDATION_METHOD", "RequestedAt": REQUESTED, "UpdatedAt": UPDATED,
            "DomainValidationMethodUpdateSummary": {"From": "EMAIL", "To": to}}


def records(*ok):
    listed = [{"name": f"_{i}.example.com.", "value": f"_{i}.acm-validations.aws."} for i in range(len(ok))]
    return {"listed": listed, "records": [{"name": r["name"], "ok": good} for r, good in zip(listed, ok)]}


@pytest.mark.parametrize("status,migration,expected", [
    ("PENDING_DOMAIN_VALIDATION", records(True, False, False),
     {"state": "pending", "records": 3, "records_missing": 2, "detail": "since 2025-05-30, 2 of 3 record(s) still missing"}),
    ("PENDING_DOMAIN_VALIDATION", records(True, True),
     {"state": "pending", "records": 2, "records_missing": 0,
      "detail": "since 2025-05-30, every record resolves, ACM finishes it once it sees them"}),
    ("PENDING_DOMAIN_VALIDATION", {"listed": records(False)["listed"], "records": None},  # check_dns false
     {"state": "pending", "records": 1, "records_missing": None,
      "detail": "since 2025-05-30, its records were not looked up in DNS"}),
    ("PENDING_DOMAIN_VALIDATION", {"listed": [], "records": []},
     {"state": "pending", "records": 0, "records_missing": 0, "detail": "since 2025-05-30, ACM lists no records for it yet"}),
    ("FAILED", records(False),
     {"state": "expired", "records": 1, "records_missing": 1,
      "detail": "requested 2025-05-30, its records not published within 72 hours: start it again"}),
    ("SUCCESS", None,
     {"state": "succeeded", "records": None, "records_missing": None,
      "detail": "2025-05-31, DNS-validated under the same ARN"}),
])
def test_each_state(status, migration, expected):
    progress = migration_progress(update(status), migration)
    assert progress == {"requested_at": "2025-05-30T08:00:00Z", "updated_at": "2025-05-31T09:00:00Z", **expected}


@pytest.mark.parametrize("summary", [None, {}, update("UNKNOWN"), update("PENDING_DOMAIN_VALIDATION", to="EMAIL")])
def test_no_migration_to_dns(summary):
    assert migration_progress(summary, records(False)) is None


def fleet():
    """Entries as acm_renewal_check makes them: pending (1 of 2 records missing), expired, succeeded, none."""
    pending = detail(1, UpdateSummary=update("PENDING_DOMAIN_VALIDATION"))
    expired = detail(2, UpdateSummary=update("FAILED"))
    done = detail(3, method="DNS", UpdateSummary=update("SUCCESS"))
    https = [{"name": "x", "certificate_matches": True}]
    return [renewal_check._entry(pending, NOW, https, None, "eu-west-1", records(True, False)),
            renewal_check._entry(expired, NOW, https, None, "eu-west-1", records(False)),
            renewal_check._entry(done, NOW, None, {"records": [], "caa": []}, "eu-west-1"),
            renewal_check._entry(detail(4, days=47), NOW, https, None, "eu-west-1")]


def test_entries_carry_the_migration():
    pending, expired, done, plain = fleet()
    assert (pending["in_place_migration"]["state"], pending["in_place_migration"]["records_missing"]) == ("pending", 1)
    assert expired["in_place_migration"]["state"] == "expired" and done["in_place_migration"]["state"] == "succeeded"
    assert plain["in_place_migration"] is None


def report():
    return merge_targets([{"target": "prod", "region": "eu-west-1", "checked_at": "2025-06-01T00:00:00Z",
                           "certificates": fleet()}], generated_at="2025-06-01T00:05:00Z")


def test_the_report_counts_mails_from_when_the_targets_were_checked():
    calendar = report()["approval_calendar"]
    assert calendar["from"] == "2025-06-01T00:00:00Z" and calendar["months"][0]["label"] == "Jun 2025"
    # pending and expired (still email-validated, 198 days): 2025-10-22, 2026-05-08 (under the 200-day cap: 198);
    # 47 days, window open since 2025-05-24 (June), then 07-10, 08-26, 10-12, 11-28, 2026-01-14, 03-02, 04-18
    assert [m["approvals"] for m in calendar["months"]] == [1, 1, 1, 0, 3, 1, 0, 1, 0, 1, 1, 2]
    assert calendar["total"] == 12


def test_html_shows_the_migrations_column_and_the_mail_chart():
    html = render("acm_audit.html.j2", report())
    cells = re.findall(r'<td class="migration">(.*?)</td>', html)
    assert cells == [  # soonest expiry first
        '<b>not started</b><br><small>7.8 approvals a year</small>',
        '<b class="migration-pending">pending</b>since 2025-05-30, 1 of 2 record(s) still missing'
        '<br><small>1.8 approvals a year</small>',
        '<b class="migration-expired">expired</b>requested 2025-05-30, its records not published within 72 hours: '
        'start it again<br><small>1.8 approvals a year</small>',
        '<b class="migration-succeeded">succeeded</b>2025-05-31, DNS-validated under the same ARN',
    ]
    assert "<th>migration to DNS</th>" in html
    chart = html[html.index('<table class="mail-chart"'):]
    chart = chart[:chart.index("</table>")]
    assert re.findall(r'<th scope="col" id="mails-([\d-]+)">([^<]+)</th>', chart)[:2] == [
        ("2025-06", "Jun 2025"), ("2025-07", "Jul 2025")]
    counts = re.findall(r'<td headers="mails-([\d-]+)"[^>]*><span class="count">(\d+)</span>'
                        r'<span class="bar" aria-hidden="true" style="height: ([\d.]+)px">', chart)
    assert [(month, int(n)) for month, n, _h in counts][:5] == [
        ("2025-06", 1), ("2025-07", 1), ("2025-08", 1), ("2025-09", 0), ("2025-10", 3)]
    assert len(counts) == 12 and float(counts[4][2]) == 112.0  # the peak, full height
    assert float(counts[0][2]) == round(112 / 3, 1) and float(counts[3][2]) == 0
    assert "<script" not in chart and "http" not in chart


def test_markdown_shows_the_same():
    md = render("acm_audit.md.j2", report())
    assert "\n| Jun 2025 | Jul 2025 | Aug 2025 | Sep 2025 | Oct 2025 |" in md
    assert "\n| 1 | 1 | 1 | 0 | 3 | 1 | 0 | 1 | 0 | 1 | 1 | 2 |\n" in md
    assert "| pending: since 2025-05-30, 1 of 2 record\\(s\\) still missing |" in md
    assert "| not started |" in md
