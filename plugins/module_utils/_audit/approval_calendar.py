# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""When the approval mails of the email-validated certificates go out over the next year, per calendar month:
the chart and table of the audit reports. Pure; used by renewal_report.merge_targets on the renewal-check
entries (approval_load's figures), so the months agree with the approvals a year the entries show."""

from __future__ import annotations

import datetime

from .approval_load import renewal_validity
from .renewal_verdict import iso, parse_time

MONTHS = 12
# Fixed English names: the report must not depend on the controller's locale.
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_starts(when, months=MONTHS):
    """The first instants (UTC) of ``months`` calendar months, the first being ``when``'s, and of the month after."""
    year, month = when.year, when.month
    starts = []
    for _i in range(months + 1):
        starts.append(datetime.datetime(year, month, 1, tzinfo=datetime.timezone.utc))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def approval_mails(cert, until):
    """The times before ``until`` at which ``cert``'s approval mails go out: its next_approval_mail, then one
    renewal later each time (renewal_validity: its own validity or the SC-081 cap in force then, the period
    approvals_per_year counts). Empty for a certificate nobody approves (no approvals_per_year)."""
    mail = parse_time(cert.get("next_approval_mail"))
    start, end = parse_time(cert.get("not_before")), parse_time(cert.get("not_after"))
    if cert.get("approvals_per_year") is None or mail is None or start is None or end is None or end <= start:
        return []
    validity = (end - start).total_seconds() / 86400
    mails = []
    while mail < until:
        mails.append(mail)
        # at least a day: a malformed sub-day validity must not make thousands of renewals
        mail += datetime.timedelta(days=max(1.0, renewal_validity(validity, mail)))
    return mails


def approval_calendar(certificates, checked_at, months=MONTHS):
    """{from, until, total, months: [{month 'YYYY-MM', label 'Mon YYYY', approvals}]} for the calendar month of
    ``checked_at`` and the ``months`` - 1 after it, or None without a ``checked_at`` time. A certificate counts in every
    month one of its renewal windows opens; mails already out (its window is open) count in the first month."""
    try:
        now = parse_time(checked_at)
    except (TypeError, ValueError):  # not a time (a caller's own label): no calendar rather than no report
        now = None
    if now is None:
        return None
    starts = month_starts(now, months)
    counts = [0] * months
    for cert in certificates:
        for mail in approval_mails(cert, starts[-1]):
            # mails already out (before now: the window is open) fall in the first month
            counts[sum(1 for s in starts[1:-1] if s <= mail)] += 1
    return {
        "from": iso(now),
        "until": iso(starts[-1]),
        "total": sum(counts),
        "months": [{"month": f"{s.year:04d}-{s.month:02d}", "label": f"{MONTH_NAMES[s.month - 1]} {s.year}",
                    "approvals": n} for s, n in zip(starts, counts)],
    }
