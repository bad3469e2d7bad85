# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per API Gateway (v1 REST and v2 HTTP/WebSocket) domain-name call."""

from __future__ import annotations

from typing import Any

from .paging import paginate

# v1 domain-name fields holding a certificate, with the patch path that replaces each.
V1_CERTIFICATE_FIELDS = {
    "certificateArn": ("EDGE", "/certificateArn"),
    "regionalCertificateArn": ("REGIONAL", "/regionalCertificateArn"),
}

# DomainNameConfiguration fields UpdateDomainName accepts back unchanged.
V2_WRITABLE_FIELDS = ("CertificateArn", "EndpointType", "SecurityPolicy", "IpAddressType",
                      "OwnershipVerificationCertificateArn")


def get_domain_names_v1(client: Any) -> list[dict[str, Any]]:
    return paginate(client, "get_domain_names", "items")


def replace_certificate_v1(client: Any, domain_name: str, patch_path: str, certificate_arn: str) -> None:
    client.update_domain_name(
        domainName=domain_name,
        patchOperations=[{"op": "replace", "path": patch_path, "value": certificate_arn}],
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
