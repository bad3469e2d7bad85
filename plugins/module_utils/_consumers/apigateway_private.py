# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""API Gateway private custom domain names (REST, endpoint type PRIVATE): the certificate is
``certificateArn`` (in the API's region), switched with a replace patch operation like a public
domain's, but every call names the domain by ``domainName`` plus ``domainNameId``: one account may
hold a public and several private domains of the same name, and a call without the id changes the
public one. After a certificate change AWS reports the domain UPDATING (about 15 minutes) while it
still serves the old certificate, so the old certificate's delete waits (``settling``)."""

from __future__ import annotations

from typing import Any, List, Optional

from ..errors import CertshiftError
from .._aws import apigateway_api
from .consumer_type import Action, ConsumerType, InCode, Record

SETTLED = "AVAILABLE"


def records_of(domain: Record) -> List[Record]:
    """The records of one private domain as GetDomainNames lists it (apigateway.scan_v1 lists the
    region's domain names once for public and private ones alike)."""
    records = []
    for field, patch_path in apigateway_api.V1_PRIVATE_CERTIFICATE_FIELDS.items():
        cert = domain.get(field)
        if not cert:
            continue
        records.append({
            "type": "apigateway_private",
            "certificate_arn": cert,
            "resource_arn": domain["domainNameArn"],
            "domain_name": domain["domainName"],
            "domain_name_id": domain["domainNameId"],
            "patch_path": patch_path,
            "role": apigateway_api.role_of(field),
            "status": domain.get("domainNameStatus"),
            "names": [domain["domainName"]],
            "in_use_arns": [domain["domainNameArn"]],
        })
    return records


def scan(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    """Nothing of its own: apigateway.scan_v1's one GetDomainNames finds the private domains too."""
    return []


def switch(applier: Any, action: Action) -> None:
    client = applier.clients.get("apigateway")
    name, domain_id = action["domain_name"], action["domain_name_id"]
    field = action["patch_path"].lstrip("/")
    current = apigateway_api.get_private_domain_name(client, name, domain_id).get(field)
    if current == action["after"]:
        return
    if current != action["before"]:
        raise CertshiftError(f"API Gateway private domain name {name} ({domain_id}) now uses {current} as {field}, "
                             f"not {action['before']}: it changed during the run; run again to re-plan",
                             domain=name)
    apigateway_api.replace_certificate_v1(client, name, action["patch_path"], action["after"], domain_id)


def settling(record: Record) -> Optional[str]:
    """Until AVAILABLE again the domain may still serve the old certificate."""
    if record.get("status") in (None, SETTLED):
        return None
    return (f"API Gateway private domain name {record['domain_name']} ({record['domain_name_id']}) is "
            f"{record['status']}: its switch to {record['certificate_arn']} is still being applied (about 15 "
            f"minutes) and it may serve the old certificate until {SETTLED}; run again once it is {SETTLED}")


def _describe(record: Record) -> str:
    role = " (ownership verification)" if record.get("role") == "ownership_verification" else ""
    return f"API Gateway private domain name {record['domain_name']} ({record['domain_name_id']}){role}"


def _label(action: Action) -> str:
    role = " ownership verification" if action.get("role") == "ownership_verification" else ""
    return f"apigateway_private {action['domain_name']}+{action['domain_name_id']}{role}"


APIGATEWAY_PRIVATE = ConsumerType(
    name="apigateway_private",
    record_types=("apigateway_private",),
    service="apigateway",
    scan=scan,
    switch=switch,
    lock=lambda action: f"{action['domain_name']}+{action['domain_name_id']}",
    location_keys=("domain_name", "domain_name_id", "patch_path", "role"),
    describe=_describe,
    label=_label,
    settling=settling,
    # A private domain is its own CloudFormation type, whose Ref is the domain's ARN.
    in_code={"apigateway_private": InCode(
        "AWS::ApiGateway::DomainNameV2",
        lambda record: "OwnershipVerificationCertificateArn" if record.get("role") == "ownership_verification"
        else "CertificateArn",
        physical_id=lambda record: record.get("resource_arn"))},
)
