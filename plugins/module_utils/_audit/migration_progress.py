# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a certificate's in-place migration to DNS validation stands, for the audit's entries and reports:
pending (with how many of the records ACM asks for are still missing), expired or succeeded. Pure; read from
the DescribeCertificate UpdateSummary and the migration records renewal_check looked up."""

from __future__ import annotations

from .renewal_verdict import iso

STATES = {"PENDING_DOMAIN_VALIDATION": "pending", "FAILED": "expired", "SUCCESS": "succeeded"}


def migration_progress(update, migration=None):
    """{state, detail, requested_at, updated_at, records, records_missing} or None without a migration to DNS.

    ``update``: DescribeCertificate's UpdateSummary; ``migration``: renewal_check's ``{"records": [check_cname
    ...] or None (not looked up), "listed": [records ACM asks for]}``. ``records_missing`` is None where the
    records were not looked up in DNS; ``detail`` says the rest in words ("<state>: <detail>" in the reports)."""
    state = STATES.get((update or {}).get("Status"))
    to = ((update or {}).get("DomainValidationMethodUpdateSummary") or {}).get("To", "DNS")
    if state is None or to != "DNS":
        return None
    listed = (migration or {}).get("listed")
    checked = (migration or {}).get("records")
    result = {"state": state, "requested_at": iso(update.get("RequestedAt")), "updated_at": iso(update.get("UpdatedAt")),
              "records": None if listed is None else len(listed),
              "records_missing": None if checked is None else sum(1 for r in checked if not r.get("ok"))}
    result["detail"] = _detail(result)
    return result


def _day(value):
    return (value or "")[:10] or "an unknown day"


def _detail(p):
    if p["state"] == "succeeded":
        return f"{_day(p['updated_at'])}, DNS-validated under the same ARN"
    if p["state"] == "expired":
        return f"requested {_day(p['requested_at'])}, its records not published within 72 hours: start it again"
    if p["records"] == 0:
        where = "ACM lists no records for it yet"
    elif p["records_missing"] is None:
        where = "its records were not looked up in DNS"
    elif p["records_missing"]:
        where = f"{p['records_missing']} of {p['records']} record(s) still missing"
    else:
        where = "every record resolves, ACM finishes it once it sees them"
    return f"since {_day(p['requested_at'])}, {where}"
