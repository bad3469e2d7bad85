# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wait until in-place migrations succeed, within ACM's quotas.

SearchCertificates reports a migrating certificate as EMAIL-validated until its update succeeds,
then as DNS-validated: a few search pages of the region's DNS-validated certificates (500 a page)
answer for every pending certificate at once, where a DescribeCertificate each (10/s) would take
a tenth of a second per certificate and round. A certificate the search does not show as DNS yet
stays pending. Where SearchCertificates is unavailable, each is described (UpdateSummary SUCCESS).
"""

from __future__ import annotations

import time

from .._aws import acm_api
from .._certificates import certificate_inventory
from ..concurrency import map_concurrently

DNS_CERTIFICATES = certificate_inventory.metadata_filter(Type="AMAZON_ISSUED", ValidationMethod="DNS")


def wait_migrated(acm, arns, timeout, sleep=time.sleep, clock=time.monotonic, interval=1.0,
                  max_interval=15.0, workers=10):
    """({arn: detail} of those now DNS-validated, [arns still pending]) once all succeeded or
    ``timeout`` seconds passed (0: look once)."""
    pending = list(dict.fromkeys(arns))
    done = {}
    deadline = clock() + timeout
    use_search = True
    while pending:
        found = _dns_validated(acm, pending) if use_search else None
        if found is None:
            use_search = False
            found = _described_done(acm, pending, workers)
        done.update(found)
        pending = [arn for arn in pending if arn not in found]
        if not pending or clock() >= deadline:
            break
        sleep(min(interval, max(0.0, deadline - clock())))
        interval = min(interval * 1.5, max_interval)
    return done, pending


def _dns_validated(acm, pending):
    """{arn: detail} of the pending certificates the search shows DNS-validated; None without search."""
    found = certificate_inventory.search(acm, DNS_CERTIFICATES)
    if found is None:
        return None
    return {arn: found[arn] for arn in pending if arn in found}


def _described_done(acm, pending, workers):
    details = map_concurrently(lambda arn: acm_api.describe_certificate(acm, arn), pending, workers)
    return {d["CertificateArn"]: d for d in details
            if (d.get("UpdateSummary") or {}).get("Status") == "SUCCESS"}
