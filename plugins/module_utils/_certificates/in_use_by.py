# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACM's InUseBy of many certificates, read in the background.

SearchCertificates names a region's certificates 500 a page but says only whether each is
in use; the list of users needs a DescribeCertificate each (10/s). Reading them on a pool
while the caller swaps consumers, and handing each over as soon as it arrives, lets the
deletes that need them start long before the last one is read.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from .._aws import acm_api

WORKERS = 10  # DescribeCertificate allows 10/s


class InUseByReader:
    """``of(arn)`` waits for that certificate's InUseBy only ([] once it is gone)."""

    def __init__(self, acm, arns, workers=WORKERS):
        self._pool = ThreadPoolExecutor(max_workers=workers) if arns else None
        self._futures = {arn: self._pool.submit(self._read, acm, arn) for arn in dict.fromkeys(arns)}

    @staticmethod
    def _read(acm, arn):
        detail = acm_api.describe_certificate(acm, arn, missing_ok=True) or {}
        return list(detail.get("InUseBy") or [])

    def __contains__(self, arn):
        return arn in self._futures

    def of(self, arn):
        return self._futures[arn].result()

    def close(self):
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.close()
