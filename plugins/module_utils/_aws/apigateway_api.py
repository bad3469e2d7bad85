# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per API Gateway (v1 REST and v2 HTTP/WebSocket) domain-name call."""

from __future__ import annotations

from typing import Any

from .paging import paginate

# v1 domain-name fields holding a certificate, with the patch path that replaces each. The
# ownership-verification certificate (a public ACM one proving the name where the domain's own
# is imported or from a private CA, for mutual TLS) is a consumer of its own: its endpoint type
# is the domain's.
V1_CERTIFICATE_FIELDS = {
    "certificateArn": ("EDGE", "/certificateArn"),
    "regionalCertificateArn": ("REGIONAL", "/regionalCertificateArn"),
    "ownershipVerificationCertificateArn": (None, "/ownershipVerificationCertificateArn"),
}

# A private custom domain (endpoint type PRIVATE) keeps its certificate in certificateArn, in the
# API's region, and is named by domainName plus domainNameId in every call.
V1_PRIVATE_CERTIFICATE_FIELDS = {
    "certificateArn": "/certificateArn",
    "ownershipVerificationCertificateArn": "/ownershipVerificationCertificateArn",
}

# v2 DomainNameConfiguration fields holding a certificate.
V2_CERTIFICATE_FIELDS = ("CertificateArn", "OwnershipVerificationCertificateArn")


def role_of(field: str) -> str:
    """What a certificate field's certificate does for the domain: serves it, or proves its ownership."""
    return "ownership_verification" if field.lower().startswith("ownership") else "certificate"


# DomainNameConfiguration fields UpdateDomainName accepts back unchanged.
V2_WRITABLE_FIELDS = ("CertificateArn", "EndpointType", "SecurityPolicy", "IpAddressType",
                      "OwnershipVerificationCertificateArn")


def get_domain_names_v1(client: Any) -> list[dict[str, Any]]:
    """The account's own v1 domain names, public and private (not those shared with it)."""
    return paginate(client, "get_domain_names", "items", resourceOwner="SELF")


def is_private(domain: dict[str, Any]) -> bool:
    return "PRIVATE" in ((domain.get("endpointConfiguration") or {}).get("types") or [])


def endpoint_type_v1(domain: dict[str, Any]) -> str:
    return ((domain.get("endpointConfiguration") or {}).get("types") or ["EDGE"])[0]


def get_private_domain_name(client: Any, domain_name: str, domain_name_id: str) -> dict[str, Any]:
    return client.get_domain_name(domainName=domain_name, domainNameId=domain_name_id)


def replace_certificate_v1(client: Any, domain_name: str, patch_path: str, certificate_arn: str,
                           domain_name_id: str | None = None) -> None:
    """Without ``domain_name_id`` AWS changes the public domain of that name, never a private one."""
    named = {"domainNameId": domain_name_id} if domain_name_id else {}
    client.update_domain_name(
        domainName=domain_name,
        patchOperations=[{"op": "replace", "path": patch_path, "value": certificate_arn}],
        **named,
    )


def get_domain_names_v2(client: Any) -> list[dict[str, Any]]:
    return paginate(client, "get_domain_names", "Items")


def get_domain_name_v2(client: Any, domain_name: str) -> dict[str, Any]:
    return client.get_domain_name(DomainName=domain_name)


def update_domain_name_v2(client: Any, domain_name: str, configurations: list[dict[str, Any]]) -> None:
    client.update_domain_name(DomainName=domain_name, DomainNameConfigurations=configurations)


def domain_name_arn(region: str, domain_name: str) -> str:
    """The ARN form ACM's InUseBy and IAM use for custom domain names (v1 and v2)."""
    return f"arn:aws:apigateway:{region}::/domainnames/{domain_name}"
