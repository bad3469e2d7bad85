# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per OpenSearch Service domain call (boto3 service ``opensearch``, IAM
prefix ``es``; Elasticsearch domains are listed and changed through the same API)."""

from __future__ import annotations

from typing import Any

# DescribeDomains takes at most 5 domain names per request.
DESCRIBE_BATCH = 5


def list_domain_names(client: Any) -> list[str]:
    """Every domain of the region, OpenSearch and Elasticsearch (ListDomainNames is not paged)."""
    return [d["DomainName"] for d in client.list_domain_names().get("DomainNames") or []]


def describe_domains(client: Any, names: list[str]) -> list[dict[str, Any]]:
    """The DomainStatus of each named domain, in batches of DESCRIBE_BATCH."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(names), DESCRIBE_BATCH):
        found.extend(client.describe_domains(DomainNames=names[start:start + DESCRIBE_BATCH]).get("DomainStatusList") or [])
    return found


def describe_domain(client: Any, name: str) -> dict[str, Any]:
    return client.describe_domain(DomainName=name)["DomainStatus"]


def update_endpoint_options(client: Any, name: str, options: dict[str, Any]) -> None:
    """Write back the domain's whole DomainEndpointOptions (nothing else of its config changes)."""
    client.update_domain_config(DomainName=name, DomainEndpointOptions=options)


def custom_endpoint(domain: dict[str, Any]) -> tuple[str, str] | None:
    """(custom endpoint host name, its ACM certificate ARN) when the domain serves one, else None."""
    options = domain.get("DomainEndpointOptions") or {}
    if not options.get("CustomEndpointEnabled") or not options.get("CustomEndpointCertificateArn"):
        return None
    return options.get("CustomEndpoint") or "", options["CustomEndpointCertificateArn"]
