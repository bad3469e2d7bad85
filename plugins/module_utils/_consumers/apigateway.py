# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API Gateway public custom domain names: v1 (REST) with a replace patch operation on the one
certificate field, v2 (HTTP and WebSocket) by writing back DomainNameConfigurations with
only the certificate changed. One domain name is one resource for both APIs. A domain's
ownership-verification certificate is a record of its own (``role``), switched in its own field.
The v1 scan also returns the private custom domains' records (apigateway_private.py): one
GetDomainNames lists both."""

from __future__ import annotations

from typing import Any, List

from .._aws import apigateway_api
from . import apigateway_private
from .consumer_type import Action, ConsumerType, InCode, Record


def scan_v1(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    records = []
    for domain in apigateway_api.get_domain_names_v1(clients.get("apigateway")):
        if apigateway_api.is_private(domain):  # named by domainNameId too
            records.extend(apigateway_private.records_of(domain))
            continue
        name = domain["domainName"]
        for field, (endpoint_type, patch_path) in apigateway_api.V1_CERTIFICATE_FIELDS.items():
            cert = domain.get(field)
            if not cert:
                continue
            arn = apigateway_api.domain_name_arn(region, name)
            records.append({
                "type": "apigateway",
                "certificate_arn": cert,
                "resource_arn": arn,
                "domain_name": name,
                "endpoint_type": endpoint_type or apigateway_api.endpoint_type_v1(domain),
                "patch_path": patch_path,
                "role": apigateway_api.role_of(field),
                "names": [name],
                "in_use_arns": [arn],
            })
    return records


def scan_v2(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    records = []
    for domain in apigateway_api.get_domain_names_v2(clients.get("apigatewayv2")):
        name = domain["DomainName"]
        arn = apigateway_api.domain_name_arn(region, name)
        for config in domain.get("DomainNameConfigurations") or []:
            for field in apigateway_api.V2_CERTIFICATE_FIELDS:
                cert = config.get(field)
                if not cert:
                    continue
                records.append({
                    "type": "apigatewayv2",
                    "certificate_arn": cert,
                    "resource_arn": arn,
                    "domain_name": name,
                    "endpoint_type": config.get("EndpointType"),
                    "field": field,
                    "role": apigateway_api.role_of(field),
                    "names": [name],
                    "in_use_arns": [arn],
                })
    return records


def without_v2_duplicates(consumers: List[Record]) -> List[Record]:
    """AWS lists one custom domain name through both API Gateway APIs; keep the v1 record
    (its patch operations change exactly one field) when both carry the same certificate."""
    def key(r: Record) -> tuple:
        return r["domain_name"], r["certificate_arn"], r["endpoint_type"], r.get("role")
    v1 = {key(r) for r in consumers if r["type"] == "apigateway"}
    return [r for r in consumers if not (r["type"] == "apigatewayv2" and key(r) in v1)]


def switch_v1(applier: Any, action: Action) -> None:
    apigateway_api.replace_certificate_v1(applier.clients.get("apigateway"), action["domain_name"],
                                          action["patch_path"], action["after"])


def switch_v2(applier: Any, action: Action) -> None:
    client = applier.clients.get("apigatewayv2")
    domain = apigateway_api.get_domain_name_v2(client, action["domain_name"])
    configs, changed = [], False
    field = action.get("field") or "CertificateArn"
    for config in domain.get("DomainNameConfigurations") or []:
        kept = {k: config[k] for k in apigateway_api.V2_WRITABLE_FIELDS if config.get(k) is not None}
        if kept.get(field) == action["before"] and config.get("EndpointType") == action.get("endpoint_type"):
            kept[field] = action["after"]
            changed = True
        configs.append(kept)
    if changed:
        apigateway_api.update_domain_name_v2(client, action["domain_name"], configs)


def _label(action: Action) -> str:
    role = " ownership verification" if action.get("role") == "ownership_verification" else ""
    return f"{action['resource_type']} {action['domain_name']} {action.get('endpoint_type') or ''}".rstrip() + role


def _describe(record: Record) -> str:
    role = " (ownership verification)" if record.get("role") == "ownership_verification" else ""
    return f"API Gateway domain name {record['domain_name']}{role}"


def _v1_property(record: Record) -> str:
    """The AWS::ApiGateway::DomainName property holding the record's certificate."""
    if record.get("role") == "ownership_verification":
        return "OwnershipVerificationCertificateArn"
    return "RegionalCertificateArn" if record.get("endpoint_type") == "REGIONAL" else "CertificateArn"


APIGATEWAY = ConsumerType(
    name="apigateway",
    record_types=("apigateway",),
    service="apigateway",
    scan=scan_v1,
    switch=switch_v1,
    lock=lambda action: action["domain_name"],
    location_keys=("domain_name", "endpoint_type", "patch_path", "role"),
    describe=_describe,
    label=_label,
    in_code={"apigateway": InCode(
        "AWS::ApiGateway::DomainName",
        _v1_property, physical_id=lambda record: record.get("domain_name"))},
)

# Same service (and lock) as v1: one domain name, whichever API lists it, changes one at a time.
APIGATEWAYV2 = ConsumerType(
    name="apigatewayv2",
    record_types=("apigatewayv2",),
    service="apigateway",
    scan=scan_v2,
    switch=switch_v2,
    lock=lambda action: action["domain_name"],
    location_keys=("domain_name", "endpoint_type", "field", "role"),
    describe=_describe,
    label=_label,
    in_code={"apigatewayv2": InCode("AWS::ApiGatewayV2::DomainName",
                                    lambda record: f"DomainNameConfigurations[].{record.get('field') or 'CertificateArn'}",
                                    physical_id=lambda record: record.get("domain_name"))},
)
