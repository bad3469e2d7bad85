# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clients for the services certshift.acm talks to, built once per module run.

amazon.aws resolves credentials, region and endpoint (including the standard
AWS_* environment); botocore's adaptive retry mode retries throttles, 5xx answers
and dropped connections with backoff, and our token buckets keep calls under the
quotas. (amazon.aws's AWSRetry wrapper only acts on calls passing aws_retry=True,
which none of ours do, so it is not used.)
"""

from __future__ import annotations

import threading

try:
    import botocore.config
except ImportError:  # handled by AnsibleAWSModule
    pass

from .concurrency import SERVICE_RATE_QUOTAS, RateLimiter, limit_client

# Concurrency inside one module run; the HTTP pool must be at least as large.
MAX_POOL_CONNECTIONS = 50

CLOUDFRONT_REGION = "us-east-1"


def client_config(max_attempts=10):
    return botocore.config.Config(
        retries={"mode": "adaptive", "max_attempts": max_attempts},
        max_pool_connections=MAX_POOL_CONNECTIONS,
        connect_timeout=10,
        read_timeout=60,
    )


class Clients:
    """Lazily created, cached boto3 clients for one module run (thread-safe after creation).

    Clients of services with known rate quotas (SERVICE_RATE_QUOTAS) wait for a client-side
    token bucket per API action before every call, so a run works at the quota instead of
    into throttles; botocore's adaptive retries absorb whatever throttling remains (other
    callers in the same account share the quota).
    """

    def __init__(self, module, region=None):
        self.module = module
        self.region = region or module.region
        self._cache = {}
        self._lock = threading.Lock()

    def get(self, service, region=None):
        region = region or self.region
        key = (service, region)
        with self._lock:
            if key not in self._cache:
                client = self.module.client(
                    service,
                    region=region,
                    config=client_config(),
                )
                if service in SERVICE_RATE_QUOTAS:
                    limit_client(client, RateLimiter(SERVICE_RATE_QUOTAS[service]))
                self._cache[key] = client
        return self._cache[key]

    def acm(self, region=None):
        return self.get("acm", region)

    def cloudfront(self):
        # CloudFront is global; its API lives in us-east-1, like its certificates.
        return self.get("cloudfront", CLOUDFRONT_REGION)
