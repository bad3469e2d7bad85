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
    "UpdateCertificateOptions": 5,
    # Not in ACM's quota table (aws-facts.md): taken as DescribeCertificate's.
    "ListCertificateDomainValidations": 10,
}


# Quota keys besides action names: EACH_ACTION gives every action without a quota of its own a
# bucket of that rate; ALL_ACTIONS is one bucket every action of the client shares.
EACH_ACTION = "*"
ALL_ACTIONS = "all"

# Requests per second per account and region of the consumer services, per API action.
# AWS does not publish fixed numbers for all of them (it throttles per account with token
# buckets); these are conservative and match the sandbox's AWS-like behaviour. Route53
# allows 5 requests per second per account for all its APIs together.
SERVICE_RATE_QUOTAS = {
    "acm": ACM_RATE_QUOTAS,
    "elbv2": {EACH_ACTION: 20},
    "elb": {EACH_ACTION: 20},
    "cloudfront": {EACH_ACTION: 20},
    "apigateway": {EACH_ACTION: 10},
    "apigatewayv2": {EACH_ACTION: 10},
    # Transfer Family and VPC Lattice publish no API request rate: kept as low as Route53's.
    "transfer": {EACH_ACTION: 5},
    "vpc-lattice": {EACH_ACTION: 5},
    "opensearch": {EACH_ACTION: 10},
    # Cognito meters user pool APIs per category (reads, updates), each shared by several actions.
    "cognito-idp": {ALL_ACTIONS: 10},
    # Elastic Beanstalk documents no request rate (it varies with load); kept low, retries absorb throttles.
    "elasticbeanstalk": {EACH_ACTION: 5},
    # CloudFormation documents no request rate for DescribeStackResources/GetTemplate; throttles bursts.
    "cloudformation": {EACH_ACTION: 5},
    "route53": {ALL_ACTIONS: 5},
}


# Requests leave at this share of a quota, with no burst: network and server jitter can
# bunch requests sent exactly at the quota into a throttle, and one throttle costs a
# retry with backoff; the margin lets AWS's own bucket refill and absorb the bunching.
HEADROOM = 0.9


class RateLimiter:
    """One token bucket per API action; actions without a quota pass freely.

    A quota keyed EACH_ACTION gives every other action its own bucket of that rate; one keyed
    ALL_ACTIONS makes every action wait for one shared bucket.
    """

    def __init__(self, quotas=None, headroom=HEADROOM):
        self._quotas = dict(quotas or ACM_RATE_QUOTAS)
        self._headroom = headroom
        self._default = self._quotas.pop(EACH_ACTION, None)
        shared = self._quotas.pop(ALL_ACTIONS, None)
        self._shared = self._bucket(shared) if shared else None
        self._buckets = {name: self._bucket(rate) for name, rate in self._quotas.items()}
        self._lock = threading.Lock()

    def wait(self, action):
        if self._shared is not None:
            self._shared.acquire()
            return
        bucket = self._buckets.get(action)
        if bucket is None and self._default:
            with self._lock:
                bucket = self._buckets.get(action)
                if bucket is None:
                    bucket = self._buckets[action] = self._bucket(self._default)
        if bucket is not None:
            bucket.acquire()

    def _bucket(self, rate):
        return TokenBucket(rate * self._headroom, burst=1)


def limit_service_client(client, service):
    """``client`` of ``service`` kept within that service's quotas (SERVICE_RATE_QUOTAS), where it has any."""
    quotas = SERVICE_RATE_QUOTAS.get(service)
    return limit_client(client, RateLimiter(quotas)) if quotas else client


def limit_client(client, limiter):
    """Make every API call of a boto3 ``client`` (paginators and waiters included) wait for
    ``limiter`` first, so no code path can bypass the quota. Returns the client."""

    def before_call(model, **_kwargs):
        limiter.wait(model.name)

    client.meta.events.register("before-call.*.*", before_call)
    return client
