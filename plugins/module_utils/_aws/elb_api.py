# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per Classic ELB API call; paginators for every list call."""

from __future__ import annotations

# Listener protocols that carry certificates.
CERTIFICATE_PROTOCOLS = ("HTTPS", "SSL")


def describe_load_balancers(client):
    found = []
    for page in client.get_paginator("describe_load_balancers").paginate():
        found.extend(page.get("LoadBalancerDescriptions", []))
    return found


def set_listener_certificate(client, load_balancer_name, port, certificate_arn):
    """Change one listener's certificate in place (never delete and re-create the listener)."""
    client.set_load_balancer_listener_ssl_certificate(
        LoadBalancerName=load_balancer_name, LoadBalancerPort=int(port), SSLCertificateId=certificate_arn
    )


def load_balancer_arn(region, account, name):
    """Classic load balancers have no ARN in their API; this is the form IAM and ACM use."""
    return f"arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{name}"
