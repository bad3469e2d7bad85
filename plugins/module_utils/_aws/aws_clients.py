# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Clients for the services certshift.acm talks to, built once per module run.

amazon.aws resolves credentials, region and endpoint (including the standard
AWS_* environment); botocore's adaptive retry mode retries throttles, 5xx answers
and dropped connections with backoff, and our token buckets keep calls under the
quotas. (amazon.aws's AWSRetry wrapper only acts on calls passing aws_retry=True,
which none of ours do, so it is not used.)

Every client of a run comes from one boto3 session. amazon.aws's ``module.client``
builds a new session per client, and each new session parses botocore's endpoint data
again: about 0.07 s of CPU per client, 0.55 s for the eight clients of a migration,
paid by every region's module run at once on the controller's cores.
"""

from __future__ import annotations

import threading
from typing import Any

try:
    import boto3
    import botocore.config
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from ansible.module_utils.ansible_release import __version__ as ANSIBLE_VERSION
from ansible_collections.amazon.aws.plugins.module_utils.botocore import get_aws_connection_info
from ansible_collections.amazon.aws.plugins.module_utils.common import get_collection_info

from ..concurrency import limit_service_client

# Concurrency inside one module run; the HTTP pool must be at least as large.
MAX_POOL_CONNECTIONS = 50

CLOUDFRONT_REGION = "us-east-1"


def client_config(max_attempts: int = 10) -> botocore.config.Config:
    return botocore.config.Config(
        retries={"mode": "adaptive", "max_attempts": max_attempts},
        max_pool_connections=MAX_POOL_CONNECTIONS,
        connect_timeout=10,
        read_timeout=60,
    )


def _with_user_agent(config: botocore.config.Config, user_config: Any = None) -> botocore.config.Config:
    """``config`` with amazon.aws's user agent ("APN/1.0 Ansible/<core> amazon.aws/<version>", which
    AWS and the sandbox use to tell Ansible's calls apart), merged with the user's ``aws_config``."""
    info = get_collection_info()
    agent = f"APN/1.0 Ansible/{ANSIBLE_VERSION} {info['name']}/{info['version']}"
    config = botocore.config.Config(user_agent=agent).merge(config)
    return config.merge(user_config) if user_config else config


class Clients:
    """Lazily created, cached boto3 clients for one module run (thread-safe after creation).

    Clients of services with known rate quotas (SERVICE_RATE_QUOTAS) wait for a client-side
    token bucket per API action before every call, so a run works at the quota instead of
    into throttles; botocore's adaptive retries absorb whatever throttling remains (other
    callers in the same account share the quota).
    """

    def __init__(self, module: Any, region: str | None = None) -> None:
        self.module = module
        self.region = region or module.region
        self._cache: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()
        self._connection: tuple[Any, str | None, dict[str, Any]] | None = None

    @property
    def session(self) -> boto3.session.Session:
        """The run's boto3 session (the profile amazon.aws resolved), made on first use."""
        with self._lock:
            return self._connect()[0]

    def get(self, service: str, region: str | None = None) -> Any:
        region = region or self.region
        key = (service, region)
        with self._lock:
            if key not in self._cache:
                session, endpoint, params = self._connect()
                client = self._call(session.client, service, region_name=region, endpoint_url=endpoint,
                                    config=_with_user_agent(client_config(), params.get("aws_config")),
                                    **{k: v for k, v in params.items() if k != "aws_config"})
                self._cache[key] = limit_service_client(client, service)
        return self._cache[key]

    def _connect(self) -> tuple[Any, str | None, dict[str, Any]]:
        if self._connection is None:
            # amazon.aws reads every connection option: module parameters and the AWS_* environment.
            _region, endpoint, params = get_aws_connection_info(self.module)
            params = dict(params)
            profile = params.pop("profile_name", None)
            self._connection = (self._call(boto3.session.Session, profile_name=profile), endpoint, params)
        return self._connection

    def _call(self, make: Any, *args: Any, **kwargs: Any) -> Any:
        """``make(*args, **kwargs)`` with the failures amazon.aws's boto3_conn turns into messages."""
        try:
            return make(*args, **kwargs)
        except botocore.exceptions.NoRegionError:
            self.module.fail_json(msg=f"The {self.module._name} module requires a region and none was found in "
                                  "configuration, environment variables or module parameters")
        except (ValueError, botocore.exceptions.BotoCoreError) as e:
            self.module.fail_json_aws(e, msg="Couldn't connect to AWS")

    def acm(self, region: str | None = None) -> Any:
        return self.get("acm", region)

    def cloudfront(self) -> Any:
        # CloudFront is global; its API lives in us-east-1, like its certificates.
        return self.get("cloudfront", CLOUDFRONT_REGION)
