# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per Classic ELB API call; paginators for every list call."""

from __future__ import annotations

from typing import Any

from .paging import paginate

# Listener protocols that carry certificates.
CERTIFICATE_PROTOCOLS = ("HTTPS", "SSL")


def describe_load_balancers(client: Any) -> list[dict[str, Any]]:
    return paginate(client, "describe_load_balancers", "LoadBalancerDescriptions")


def set_listener_certificate(client: Any, load_balancer_name: str, port: int | str, certificate_arn: str) -> None:
    """Change one listener's certificate in place (never delete and re-create the listener)."""
    client.set_load_balancer_listener_ssl_certificate(
        LoadBalancerName=load_balancer_name, LoadBalancerPort=int(port), SSLCertificateId=certificate_arn
    )


def load_balancer_arn(region: str, account: str, name: str) -> str:
    """Classic load balancers have no ARN in their API; this is the form IAM and ACM use."""
    return f"arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{name}"
