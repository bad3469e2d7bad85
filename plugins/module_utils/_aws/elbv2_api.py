# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per ELBv2 (ALB/NLB) API call; paginators for every list call.
Callers pass a client from aws_clients (retries built in)."""

from __future__ import annotations

# Listener protocols that carry certificates.
CERTIFICATE_PROTOCOLS = ("HTTPS", "TLS")
# Certificates per load balancer besides the default ones (ALB and NLB quota).
MAX_SNI_CERTIFICATES = 25


def _paginate(client, operation, key, **kwargs):
    found = []
    for page in client.get_paginator(operation).paginate(**kwargs):
        found.extend(page.get(key, []))
    return found


def describe_load_balancers(client):
    return _paginate(client, "describe_load_balancers", "LoadBalancers")


def describe_listeners(client, load_balancer_arn):
    return _paginate(client, "describe_listeners", "Listeners", LoadBalancerArn=load_balancer_arn)


def describe_listener_certificates(client, listener_arn):
    """Default (IsDefault=true) and SNI certificates of one listener."""
    return _paginate(client, "describe_listener_certificates", "Certificates", ListenerArn=listener_arn)


def set_default_certificate(client, listener_arn, certificate_arn):
    """ModifyListener with one certificate replaces the default; the SNI list stays."""
    client.modify_listener(ListenerArn=listener_arn, Certificates=[{"CertificateArn": certificate_arn}])


def add_listener_certificate(client, listener_arn, certificate_arn):
    client.add_listener_certificates(ListenerArn=listener_arn, Certificates=[{"CertificateArn": certificate_arn}])


def remove_listener_certificate(client, listener_arn, certificate_arn):
    client.remove_listener_certificates(ListenerArn=listener_arn, Certificates=[{"CertificateArn": certificate_arn}])


def add_listener_certificates(client, listener_arn, certificate_arns):
    client.add_listener_certificates(ListenerArn=listener_arn,
                                     Certificates=[{"CertificateArn": arn} for arn in certificate_arns])


def remove_listener_certificates(client, listener_arn, certificate_arns):
    client.remove_listener_certificates(ListenerArn=listener_arn,
                                        Certificates=[{"CertificateArn": arn} for arn in certificate_arns])
