# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per ELBv2 (ALB/NLB) API call; paginators for every list call.
Callers pass a client from aws_clients (retries and rate limits built in)."""

from __future__ import annotations

from typing import Any

from .paging import paginate

# Listener protocols that carry certificates.
CERTIFICATE_PROTOCOLS = ("HTTPS", "TLS")
# Certificates per load balancer besides the default ones (ALB and NLB quota).
MAX_SNI_CERTIFICATES = 25


def describe_load_balancers(client: Any) -> list[dict[str, Any]]:
    return paginate(client, "describe_load_balancers", "LoadBalancers")


def describe_listeners(client: Any, load_balancer_arn: str) -> list[dict[str, Any]]:
    return paginate(client, "describe_listeners", "Listeners", LoadBalancerArn=load_balancer_arn)


def describe_listener_certificates(client: Any, listener_arn: str) -> list[dict[str, Any]]:
    """Default (IsDefault=true) and SNI certificates of one listener."""
    return paginate(client, "describe_listener_certificates", "Certificates", ListenerArn=listener_arn)


def set_default_certificate(client: Any, listener_arn: str, certificate_arn: str) -> None:
    """ModifyListener with one certificate replaces the default; the SNI list stays."""
    client.modify_listener(ListenerArn=listener_arn, Certificates=[{"CertificateArn": certificate_arn}])


def add_listener_certificate(client: Any, listener_arn: str, certificate_arn: str) -> None:
    client.add_listener_certificates(ListenerArn=listener_arn, Certificates=[{"CertificateArn": certificate_arn}])


def remove_listener_certificate(client: Any, listener_arn: str, certificate_arn: str) -> None:
    client.remove_listener_certificates(ListenerArn=listener_arn, Certificates=[{"CertificateArn": certificate_arn}])


def add_listener_certificates(client: Any, listener_arn: str, certificate_arns: list[str]) -> None:
    client.add_listener_certificates(ListenerArn=listener_arn,
                                     Certificates=[{"CertificateArn": arn} for arn in certificate_arns])


def remove_listener_certificates(client: Any, listener_arn: str, certificate_arns: list[str]) -> None:
    client.remove_listener_certificates(ListenerArn=listener_arn,
                                        Certificates=[{"CertificateArn": arn} for arn in certificate_arns])
