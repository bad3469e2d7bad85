"""The approval mails per calendar month over the next 12 months (the audit reports' chart): every renewal of an
email-validated certificate counted in the month its window opens, with its own validity or the SC-081 cap in force
at each renewal, mails already out in the first month, nothing from the 13th month on."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._audit.approval_calendar import (approval_calendar,
                                                                                             month_starts)


def cert(not_before, not_after, mail, approvals=1.0):
    """A renewal-check entry as acm_renewal_check returns it (only the fields the calendar reads)."""
    return {"not_before": not_before, "not_after": not_after, "next_approval_mail": mail,
            "approvals_per_year": approvals}


def by_month(calendar):
    return {m["month"]: m["approvals"] for m in calendar["months"] if m["approvals"]}


# Each certificate's mails worked out by hand from its validity and the caps (approval_load's figures)
NINETY_DAYS = cert("2025-12-01T00:00:00Z", "2026-03-01T00:00:00Z", "2026-01-15T00:00:00Z")
# 90 days, no cap shorter: 2026-01-15, 04-15, 07-14, 10-12 (2027-01-10 is past the 12 months)
LONG_CAPPED = cert("2025-04-01T00:00:00Z", "2026-04-30T00:00:00Z", "2026-03-16T00:00:00Z")
# 395 days, renewing under the 200-day cap: 2026-03-16, 10-02 (2027-04-20 is past)
WINDOW_OPEN = cert("2025-07-10T00:00:00Z", "2026-01-24T00:00:00Z", "2025-12-10T00:00:00Z")
# 198 days, mails out since 2025-12-10 (counted now, in the first month), then 2026-06-26 (2027-01-10 is past)


@pytest.mark.parametrize("certs,expected", [
    ([NINETY_DAYS], {"2026-01": 1, "2026-04": 1, "2026-07": 1, "2026-10": 1}),
    ([LONG_CAPPED], {"2026-03": 1, "2026-10": 1}),
    ([WINDOW_OPEN], {"2026-01": 1, "2026-06": 1}),
    ([NINETY_DAYS, LONG_CAPPED, WINDOW_OPEN],
     {"2026-01": 2, "2026-03": 1, "2026-04": 1, "2026-06": 1, "2026-07": 1, "2026-10": 2}),
])
def test_each_renewal_in_its_month(certs, expected):
    calendar = approval_calendar(certs, "2026-01-10T00:00:00Z")
    assert by_month(calendar) == expected
    assert calendar["total"] == sum(expected.values())
    assert (calendar["from"], calendar["until"]) == ("2026-01-10T00:00:00Z", "2027-01-01T00:00:00Z")
    assert [m["label"] for m in calendar["months"]] == [
        "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026", "May 2026", "Jun 2026",
        "Jul 2026", "Aug 2026", "Sep 2026", "Oct 2026", "Nov 2026", "Dec 2026"]


def test_the_caps_shrink_the_renewals_that_follow():
    # 198 days: the 2027-01-01 renewal keeps 198 (cap 200), the 2027-07-18 one gets 100 (cap from 2027-03-15),
    # so 2027-10-26 too; 2028-02-03 is past the 12 months
    c = cert("2026-08-01T00:00:00Z", "2027-02-15T00:00:00Z", "2027-01-01T00:00:00Z")
    assert by_month(approval_calendar([c], "2027-01-01T00:00:00Z")) == {"2027-01": 1, "2027-07": 1, "2027-10": 1}
    # 100 days renewing 2029-02-25 (mails out), then under the 47-day cap from 2029-03-15: 2029-06-05, 07-22,
    # 09-07, 10-24, 12-10, 2030-01-26 (2030-03-14 is past)
    c = cert("2029-01-01T00:00:00Z", "2029-04-11T00:00:00Z", "2029-02-25T00:00:00Z")
    assert by_month(approval_calendar([c], "2029-03-01T00:00:00Z")) == {
        "2029-03": 1, "2029-06": 1, "2029-07": 1, "2029-09": 1, "2029-10": 1, "2029-12": 1, "2030-01": 1}


@pytest.mark.parametrize("mail,month", [
    ("2025-12-31T23:59:59Z", "2025-12"),  # the last second of the 12th month counts
    ("2026-01-01T00:00:00Z", None),       # the first of the 13th does not
    ("2025-01-10T12:00:00Z", "2025-01"),  # at the very time of the audit
    ("2024-12-20T00:00:00Z", "2025-01"),  # out before the audit (its window is open): now, in the first month
])
def test_the_twelve_month_boundary(mail, month):
    # three years' validity renewing before any cap applies: one mail in the 12 months
    c = cert("2023-01-01T00:00:00Z", "2026-01-01T00:00:00Z", mail)
    calendar = approval_calendar([c], "2025-01-10T12:00:00Z")
    assert by_month(calendar) == ({month: 1} if month else {})
    assert len(calendar["months"]) == 12 and calendar["months"][-1]["label"] == "Dec 2025"


def test_a_short_validity_renews_several_times_a_month():
    c = cert("2026-03-01T00:00:00Z", "2026-03-11T00:00:00Z", "2026-01-25T00:00:00Z")  # 10 days (impossible today)
    calendar = approval_calendar([c], "2026-01-25T00:00:00Z")
    assert by_month(calendar)["2026-01"] == 1 and by_month(calendar)["2026-02"] == 3  # 02-04, 02-14, 02-24


@pytest.mark.parametrize("certs", [
    [],
    [cert("2026-01-01T00:00:00Z", "2026-07-18T00:00:00Z", None, approvals=None)],  # DNS-validated, imported...
    [cert(None, "2026-07-18T00:00:00Z", "2026-06-03T00:00:00Z")],
    [cert("2026-07-18T00:00:00Z", "2026-07-18T00:00:00Z", "2026-06-03T00:00:00Z")],
    [{"certificate_arn": "arn"}],
])
def test_no_mails(certs):
    calendar = approval_calendar(certs, "2026-01-10T00:00:00Z")
    assert calendar["total"] == 0 and [m["approvals"] for m in calendar["months"]] == [0] * 12


@pytest.mark.parametrize("checked_at", [None, "", "T"])
def test_nothing_without_a_time_to_count_from(checked_at):
    assert approval_calendar([NINETY_DAYS], checked_at) is None


def test_months_across_the_year_end():
    starts = month_starts(datetime.datetime(2026, 12, 31, 23, tzinfo=datetime.timezone.utc), 2)
    assert [s.isoformat() for s in starts] == ["2026-12-01T00:00:00+00:00", "2027-01-01T00:00:00+00:00",
                                               "2027-02-01T00:00:00+00:00"]
    labels = [m["label"] for m in approval_calendar([], "2026-12-07T12:00:00Z")["months"]]
    assert labels[0] == "Dec 2026" and labels[1] == "Jan 2027" and labels[-1] == "Nov 2027"
