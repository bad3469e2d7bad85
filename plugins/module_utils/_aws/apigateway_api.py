# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per API Gateway (v1 REST and v2 HTTP/WebSocket) domain-name call."""

from __future__ import annotations

# v1 domain-name fields holding a certificate, with the patch path that replaces each.
V1_CERTIFICATE_FIELDS = {
    "certificateArn": ("EDGE", "/certificateArn"),
    "regionalCertificateArn": ("REGIONAL", "/regionalCertificateArn"),
}

# DomainNameConfiguration fields UpdateDomainName accepts back unchanged.
V2_WRITABLE_FIELDS = ("CertificateArn", "EndpointType", "SecurityPolicy", "IpAddressType",
                      "OwnershipVerificationCertificateArn")


def get_domain_names_v1(client):
    found = []
    for page in client.get_paginator("get_domain_names").paginate():
        found.extend(page.get("items", []))
    return found


def replace_certificate_v1(client, domain_name, patch_path, certificate_arn):
    client.update_domain_name(
        domainName=domain_name,
        patchOperations=[{"op": "replace", "path": patch_path, "value": certificate_arn}],
    )


def get_domain_names_v2(client):
    found = []
    for page in client.get_paginator("get_domain_names").paginate():
        found.extend(page.get("Items", []))
    return found


def get_domain_name_v2(client, domain_name):
    return client.get_domain_name(DomainName=domain_name)


def update_domain_name_v2(client, domain_name, configurations):
    client.update_domain_name(DomainName=domain_name, DomainNameConfigurations=configurations)


def domain_name_arn(region, domain_name):
    """The ARN form ACM's InUseBy and IAM use for custom domain names (v1 and v2)."""
    return f"arn:aws:apigateway:{region}::/domainnames/{domain_name}"
