# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apply planned swap actions in place: concurrently across resources, one change at a
time per resource (listener, load balancer, distribution, domain name), each consumer
type switching its own way (``_consumers``: elbv2.py, cloudfront.py, ...).
"""

from __future__ import annotations

import itertools
import time

from .._aws import cloudfront_api
from .._consumers.consumer_type import one_by_one
from .._consumers.registry import of_record_type
from ..concurrency import map_concurrently
from ..errors import CertshiftError

# Enough for every service to work at its own quota at once (ELB 20/s, API Gateway 10/s, ...).
APPLY_WORKERS = 16
POLL_SECONDS = 5.0
SWAP_ACTIONS = ("swap_default", "swap_sni", "swap")


class Applier:
    def __init__(self, clients, wait_deployed=False, deployed_wait_timeout=1800, workers=APPLY_WORKERS,
                 sleep=time.sleep, clock=time.monotonic, poll_seconds=POLL_SECONDS):
        self.clients = clients
        self.wait_deployed = wait_deployed
        self.deployed_wait_timeout = deployed_wait_timeout
        self.workers = workers
        self.sleep = sleep
        self.clock = clock
        self.poll_seconds = poll_seconds

    def apply(self, actions):
        """Apply every swap action; returns a list of {action, error} for those that failed."""
        groups = {}
        for action in actions:
            if action["action"] in SWAP_ACTIONS:
                consumer = of_record_type(action["resource_type"])
                groups.setdefault((consumer.service, consumer.lock(action)), []).append(action)

        def run_group(group):
            consumer = of_record_type(group[0]["resource_type"])
            if consumer.switch_group is not None:
                return consumer.switch_group(self, group)
            # One domain name may hold actions of both API Gateway APIs: each switches its own way.
            return one_by_one(lambda applier, action: of_record_type(action["resource_type"]).switch(applier, action))(
                self, group)

        return [f for found in map_concurrently(run_group, _interleaved(groups), self.workers) for f in found]

    def wait_until_deployed(self, client, dist_id: str, when: str) -> None:
        """Poll until CloudFront distribution ``dist_id`` is Deployed; CertshiftError after deployed_wait_timeout.
        ``when`` says in the message what waited (before or after a change, before a delete)."""
        deadline = self.clock() + self.deployed_wait_timeout
        while cloudfront_api.get_distribution_status(client, dist_id) != "Deployed":
            if self.clock() >= deadline:
                raise CertshiftError(
                    f"CloudFront distribution {dist_id} was still InProgress {when} after {self.deployed_wait_timeout}s: "
                    "raise deployed_wait_timeout or run again later", distribution_id=dist_id,
                )
            self.sleep(self.poll_seconds)


def _interleaved(groups):
    """The groups, services taking turns: each service has its own quota, so working through
    all of one service's resources before the next would leave the others idle."""
    by_service = {}
    for key, group in groups.items():
        by_service.setdefault(key[0], []).append(group)
    return [g for turn in itertools.zip_longest(*by_service.values()) for g in turn if g is not None]
