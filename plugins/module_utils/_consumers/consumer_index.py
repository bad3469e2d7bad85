# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every consumer of every certificate in one region, discovered once: each consumer type
(registry.CONSUMERS) scans its own records (consumer_type.py describes a record).

ARNs in a certificate's ``InUseBy`` that no record explains are unknown consumers.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Dict, Iterable, List, Optional, Set

from ..concurrency import map_concurrently
from .apigateway import without_v2_duplicates
from .consumer_type import ConsumerType, Record
from .elasticbeanstalk import claim_load_balancers
from .registry import CONSUMERS, of_record_type


SCAN_WORKERS = 8


class ConsumerIndex:
    """Consumers by certificate ARN, plus what was scanned."""

    def __init__(self, consumers: Iterable[Record], region: str, scanned: Iterable[str] = ()) -> None:
        self.region = region
        self.scanned = tuple(scanned)
        self.consumers = list(consumers)
        self._by_certificate: Dict[str, List[Record]] = defaultdict(list)
        for record in self.consumers:
            self._by_certificate[record["certificate_arn"]].append(record)

    def consumers_of(self, certificate_arn: str) -> List[Record]:
        return list(self._by_certificate.get(certificate_arn, []))

    def users_of(self, certificate_arn: str) -> List[str]:
        """Sorted ARNs of the resources using the certificate, as ACM's InUseBy names them
        (load balancer, distribution, custom domain name)."""
        return sorted({r["resource_arn"] for r in self.consumers_of(certificate_arn)})

    def unknown_consumers(self, certificate_arn: str, in_use_by: Optional[List[str]],
                          replacement: Optional[str] = None) -> List[str]:
        """``InUseBy`` ARNs that no consumer of this certificate in the index explains. With ``replacement``:
        a consumer already switched to it whose change still distributes (ConsumerType.settling) may still
        be listed for this certificate; it is known (its settling holds the delete)."""
        explained: Set[str] = set()
        for record in self.consumers_of(certificate_arn):
            explained.update(record["in_use_arns"])
        for record in self.consumers_of(replacement) if replacement else []:
            if of_record_type(record["type"]).settling(record) is not None:
                explained.update(record["in_use_arns"])
        return [arn for arn in (in_use_by or []) if arn not in explained]


def build(clients: Any, region: str, account: str, include_cloudfront: Optional[bool] = None,
          workers: int = SCAN_WORKERS) -> ConsumerIndex:
    """Scan every consumer type once, concurrently: those a certificate of ``region`` can serve
    (CloudFront only for us-east-1's, unless ``include_cloudfront`` says otherwise)."""
    def scanned(consumer: ConsumerType) -> bool:
        if consumer.name == "cloudfront" and include_cloudfront is not None:
            return include_cloudfront
        return consumer.scanned_in(region)

    scans = [consumer for consumer in CONSUMERS if scanned(consumer)]
    results = map_concurrently(lambda consumer: consumer.scan(clients, region, account, workers), scans, len(scans))
    consumers = [record for found in results for record in found]
    # the load balancers behind Beanstalk environments are switched through their environment only
    consumers = claim_load_balancers(without_v2_duplicates(consumers))
    return ConsumerIndex(consumers, region, [consumer.name for consumer in scans])
