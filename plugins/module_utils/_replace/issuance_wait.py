# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wait until replacements are ISSUED within ACM's quotas.

Polling every pending certificate with DescribeCertificate (10/s) costs a tenth of a
second per certificate and round: 2,000 replacements take 200 s a round. With
``use_search``, one SearchCertificates page (500 certificates) answers for many: the
region's DNS-validated certificates that reached a final state, newest first, read
until the page reaches the oldest pending one. Only failed ones are described (for the
reasons per name). A certificate the search does not show yet stays pending (the search
index may lag behind a fresh request; it is never taken for issued). Where
SearchCertificates is unavailable, polling falls back to DescribeCertificate.
"""

from __future__ import annotations

import datetime
import time

from .._aws import acm_api
from .._certificates import certificate_inventory
from ..concurrency import map_concurrently
from ..errors import CertshiftError
from .migration_plan import failure_reasons

FAILED_STATUSES = ("FAILED", "VALIDATION_TIMED_OUT", "REVOKED", "INACTIVE", "EXPIRED")
FINAL_STATUSES = ("ISSUED",) + FAILED_STATUSES
# A certificate's CreatedAt as the search reports it may differ slightly from our clock.
CREATED_MARGIN = datetime.timedelta(minutes=5)

FINAL_DNS_STATEMENT = {"And": [
    {"Filter": {"AcmCertificateMetadataFilter": {"Type": "AMAZON_ISSUED"}}},
    {"Filter": {"AcmCertificateMetadataFilter": {"ValidationMethod": "DNS"}}},
    {"Or": [{"Filter": {"AcmCertificateMetadataFilter": {"Status": status}}} for status in FINAL_STATUSES]},
]}


def wait_issued(acm, arns, timeout, sleep=time.sleep, clock=time.monotonic, interval=2.0,
                max_interval=15.0, workers=10, use_search=False, created=None):
    """({arn: detail} of every ISSUED one, {arn: reasons} of those that failed).

    ``created``: {arn: CreatedAt} of the pending certificates (bounds the search).
    Raises CertshiftError when ``timeout`` passes with some still pending.
    """
    pending = list(dict.fromkeys(arns))
    issued, failed = {}, {}
    deadline = clock() + timeout
    while pending:
        statuses = _poll_search(acm, pending, created) if use_search else None
        if statuses is None:
            use_search = False
            statuses = dict(zip(pending, map_concurrently(
                lambda arn: acm_api.describe_certificate(acm, arn), pending, workers)))
        failed_now = [arn for arn in pending if (statuses.get(arn) or {}).get("Status") in FAILED_STATUSES]
        if use_search and failed_now:  # the reasons per name are in DescribeCertificate only
            statuses.update(zip(failed_now, map_concurrently(
                lambda arn: acm_api.describe_certificate(acm, arn), failed_now, workers)))
        still = []
        for arn in pending:
            detail = statuses.get(arn) or {}
            status = detail.get("Status")
            if status == "ISSUED":
                issued[arn] = detail
            elif status in FAILED_STATUSES:
                failed[arn] = {"status": status, "reasons": failure_reasons(detail)}
            else:
                still.append(arn)
        pending = still
        if not pending:
            break
        if clock() >= deadline:
            raise CertshiftError(
                f"{len(pending)} replacement(s) still not ISSUED after {timeout} s: {', '.join(pending)}. Check that "
                "their validation records resolve publicly, then run again (nothing is requested twice)",
                pending_arns=pending,
            )
        sleep(min(interval, max(0.0, deadline - clock())))
        interval = min(interval * 1.5, max_interval)
    return issued, failed


def _poll_search(acm, pending, created):
    """{arn: detail} of the pending certificates that reached a final state; None when
    SearchCertificates is unavailable."""
    wanted = set(pending)
    oldest = None
    if created and all(created.get(arn) for arn in pending):
        oldest = min(_aware(created[arn]) for arn in pending) - CREATED_MARGIN
    found = {}
    searched = acm_api.search_pages(acm, FINAL_DNS_STATEMENT, sort_by="CREATED_AT", sort_order="DESCENDING")
    if searched is None:
        return None
    for page in searched:
        for result in page:
            if result["CertificateArn"] in wanted:
                found[result["CertificateArn"]] = certificate_inventory.from_search(result)
        if len(found) == len(wanted) or not page:
            break
        last = ((page[-1].get("CertificateMetadata") or {}).get("AcmCertificateMetadata") or {}).get("CreatedAt")
        if oldest is not None and last is not None and _aware(last) < oldest:
            break
    return found


def _aware(value):
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    return value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
