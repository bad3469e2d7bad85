# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bounded thread pools and per-API rate limits, so one module run can work a
whole region concurrently without tripping AWS's request quotas."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor


def map_concurrently(func, items, max_workers=8):
    """``[func(item) for item in items]`` on a thread pool, in input order.

    The first exception raised by any call propagates after the pool drains.
    """
    items = list(items)
    if not items:
        return []
    if max_workers <= 1 or len(items) == 1:
        return [func(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(max_workers, len(items))) as pool:
        return list(pool.map(func, items))


class TokenBucket:
    """Allow ``rate`` calls per second on average, bursting up to ``burst``.

    Hand-written: botocore's adaptive mode only slows down *after* AWS has
    throttled, and no maintained library in our dependency set offers a
    thread-safe blocking limiter.
    """

    def __init__(self, rate, burst=None, clock=time.monotonic, sleep=time.sleep):
        self.rate = float(rate)
        self.capacity = float(burst if burst is not None else max(1.0, rate))
        self.tokens = self.capacity
        self._clock = clock
        self._sleep = sleep
        self._last = clock()
        self._lock = threading.Lock()

    def acquire(self):
        while True:
            with self._lock:
                now = self._clock()
                self.tokens = min(self.capacity, self.tokens + (now - self._last) * self.rate)
                self._last = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return
                wait = (1 - self.tokens) / self.rate
            self._sleep(wait)


# Requests per second per account and region (aws-facts.md, ACM quotas).
ACM_RATE_QUOTAS = {
    "DescribeCertificate": 10,
    "GetCertificate": 10,
    "ListTagsForCertificate": 10,
    "AddTagsToCertificate": 10,
    "DeleteCertificate": 10,
    "ListCertificates": 8,
    "RequestCertificate": 5,
    "SearchCertificates": 5,
    "ResendValidationEmail": 1,
}


class RateLimiter:
    """One token bucket per API action; actions without a quota pass freely."""

    def __init__(self, quotas=None):
        self._buckets = {name: TokenBucket(rate) for name, rate in (quotas or ACM_RATE_QUOTAS).items()}

    def wait(self, action):
        bucket = self._buckets.get(action)
        if bucket is not None:
            bucket.acquire()
