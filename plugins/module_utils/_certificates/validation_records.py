# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DNS validation records of a certificate: read from DomainValidationOptions,
polled until ACM has generated them, de-duplicated."""

from __future__ import annotations

import time

from .._aws import acm_api
from ..errors import CertshiftError


def fqdn(name):
    return name.strip().lower().rstrip(".") + "."


def records_from_detail(detail):
    """(records, domains still without a record).

    A wildcard and its apex share one record; each record lists the names it validates.
    """
    records = {}
    missing = []
    for option in detail.get("DomainValidationOptions") or []:
        if option.get("ValidationMethod", "DNS") != "DNS":
            continue
        rr = option.get("ResourceRecord")
        if not rr:
            missing.append(option["DomainName"])
            continue
        key = (fqdn(rr["Name"]), rr.get("Type", "CNAME").upper(), fqdn(rr["Value"]))
        record = records.setdefault(key, {"name": key[0], "type": key[1], "value": key[2], "domains": []})
        if option["DomainName"] not in record["domains"]:
            record["domains"].append(option["DomainName"])
    if not detail.get("DomainValidationOptions"):
        missing.append(detail.get("DomainName"))
    return list(records.values()), missing


def wait_for_records(acm, arn, timeout=120, interval=1.0, sleep=time.sleep, clock=time.monotonic):
    """(detail, records) once every name has its record; ACM takes seconds after a request."""
    deadline = clock() + timeout
    while True:
        detail = acm_api.describe_certificate(acm, arn)
        records, missing = records_from_detail(detail)
        if not missing:
            return detail, records
        if clock() >= deadline:
            raise CertshiftError(
                f"ACM has not produced DNS validation records for {', '.join(missing)} of {arn} within "
                f"{timeout} s: run again later; the certificate is reused, not requested again",
                certificate_arn=arn,
            )
        sleep(interval)
        interval = min(interval * 2, 10)
