# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The human work an email-validated certificate costs: how many renewal approvals a year it implies, when the
next approval mails go out and how many days are left until then. Pure; used by renewal_check for each
certificate and by renewal_report for the fleet total (what migrating to DNS validation removes)."""

from __future__ import annotations

import datetime

from .._certificates.validation_methods import validation_method
from .renewal_verdict import RENEWAL_WINDOW_DAYS, days_to_expiry, iso, parse_time

# CA/Browser Forum ballot SC-081: the longest validity of a public certificate from each date on
# (aws-facts.md, "Validity"). Before the first date the old 398-day limit is longer than any ACM certificate.
VALIDITY_CAPS = (
    (datetime.datetime(2029, 3, 15, tzinfo=datetime.timezone.utc), 47),
    (datetime.datetime(2027, 3, 15, tzinfo=datetime.timezone.utc), 100),
    (datetime.datetime(2026, 3, 15, tzinfo=datetime.timezone.utc), 200),
)
DAYS_A_YEAR = 365
NONE = {"approvals_per_year": None, "next_approval_mail": None, "days_until_approval_mail": None}


def validity_cap(when):
    """The longest validity (days) a certificate issued at ``when`` may have, or None where no SC-081 cap applies."""
    for start, days in VALIDITY_CAPS:
        if when >= start:
            return days
    return None


def renewal_validity(validity_days, renewal_at):
    """The days a renewal starting at ``renewal_at`` lasts: the certificate's own validity, or the SC-081 cap in
    force on that day where shorter. Also the days until the renewal after it (approvals a year = 365 / this)."""
    cap = validity_cap(renewal_at)
    return validity_days if cap is None else min(validity_days, cap)


def approval_load(detail, now):
    """{approvals_per_year, next_approval_mail, days_until_approval_mail} of an ACM-issued, EMAIL-validated,
    issued and unexpired certificate; all None for any other (nobody approves its renewals).

    The next approval mails go out when the renewal window opens: ACM starts renewal 45 days before
    NotAfter for DNS and EMAIL alike (aws-facts.md, "Renewal starts 45 days before expiry"). The renewal then
    lasts its own validity (NotBefore to NotAfter) or the SC-081 cap in force on that day, whichever is shorter.
    Once the window is open the mails are out: the date stays the window's opening and the days left are 0."""
    if (validation_method(detail) != "EMAIL" or detail.get("Type") == "IMPORTED" or detail.get("Status") != "ISSUED"):
        return dict(NONE)
    start, end = parse_time(detail.get("NotBefore")), parse_time(detail.get("NotAfter"))
    days_left = days_to_expiry(end, now)
    if start is None or end is None or end <= start or days_left < 0:
        return dict(NONE)
    mail = end - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)
    validity = renewal_validity((end - start).total_seconds() / 86400, mail)
    return {
        "approvals_per_year": round(DAYS_A_YEAR / validity, 1),
        "next_approval_mail": iso(mail),
        "days_until_approval_mail": max(0, days_to_expiry(mail, now)),
    }


def fleet_approvals(certificates):
    """Approvals a year summed over renewal-check entries (those without the figure count 0)."""
    return round(sum(c.get("approvals_per_year") or 0 for c in certificates), 1)
