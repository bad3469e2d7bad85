# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wait until replacements are ISSUED, polling DescribeCertificate within ACM's quota."""

from __future__ import annotations

import time

from . import acm_api
from .concurrency import map_concurrently
from .errors import CertshiftError
from .migration_plan import failure_reasons

FAILED_STATUSES = ("FAILED", "VALIDATION_TIMED_OUT", "REVOKED", "INACTIVE", "EXPIRED")


def wait_issued(acm, arns, timeout, limiter=None, sleep=time.sleep, clock=time.monotonic, interval=2.0,
                max_interval=15.0, workers=10):
    """({arn: detail} of every ISSUED one, {arn: reasons} of those that failed).

    Raises CertshiftError when ``timeout`` passes with some still pending.
    """
    pending = list(dict.fromkeys(arns))
    issued, failed = {}, {}
    deadline = clock() + timeout
    while pending:
        details = map_concurrently(lambda arn: acm_api.describe_certificate(acm, arn, limiter=limiter), pending, workers)
        still = []
        for arn, detail in zip(pending, details):
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
