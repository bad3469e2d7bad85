# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OpenSearch Service domains with a custom endpoint: UpdateDomainConfig writes back the domain's
DomainEndpointOptions with only CustomEndpointCertificateArn changed. ACM lists the domain ARN in
InUseBy; the names served are the custom endpoint."""

from __future__ import annotations

from typing import Any, List

from .._aws import opensearch_api
from ..errors import CertshiftError
from .consumer_type import Action, ConsumerType, InCode, Record


def scan(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    client = clients.get("opensearch")
    records = []
    for domain in opensearch_api.describe_domains(client, opensearch_api.list_domain_names(client)):
        endpoint = opensearch_api.custom_endpoint(domain)
        if endpoint is None:
            continue
        host, cert = endpoint
        records.append({
            "type": "opensearch",
            "certificate_arn": cert,
            "resource_arn": domain["ARN"],
            "domain_name": domain["DomainName"],
            "custom_endpoint": host,
            "names": [host] if host else [],
            "in_use_arns": [domain["ARN"]],
        })
    return records


def switch(applier: Any, action: Action) -> None:
    client = applier.clients.get("opensearch")
    name, old, new = action["domain_name"], action["before"], action["after"]
    options = dict(opensearch_api.describe_domain(client, name).get("DomainEndpointOptions") or {})
    current = options.get("CustomEndpointCertificateArn")
    if current == new:
        return
    if current != old:
        raise CertshiftError(f"OpenSearch domain {name} now uses {current}, not {old}: it changed during the run; "
                             "run again to re-plan", domain_name=name)
    options["CustomEndpointCertificateArn"] = new
    opensearch_api.update_endpoint_options(client, name, options)


OPENSEARCH = ConsumerType(
    name="opensearch",
    record_types=("opensearch",),
    service="opensearch",
    scan=scan,
    switch=switch,
    lock=lambda action: action["domain_name"],
    location_keys=("domain_name", "custom_endpoint"),
    describe=lambda record: f"OpenSearch domain {record['domain_name']} (custom endpoint {record['custom_endpoint']})",
    label=lambda action: f"opensearch {action['domain_name']}",
    in_code={"opensearch": InCode("AWS::OpenSearchService::Domain",
                                  lambda record: "DomainEndpointOptions.CustomEndpointCertificateArn",
                                  physical_id=lambda record: record.get("domain_name"))},
)
