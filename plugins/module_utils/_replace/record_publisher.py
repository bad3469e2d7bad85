# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The DNS publisher a replacement's validation records go through (route53, rfc2136, manual),
chosen from the module's options."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

from .._dns.dns_publish_manual import ManualPublisher
from ..errors import CertshiftError

PROVIDERS = ("route53", "rfc2136", "manual")


def make_publisher(clients, params: Dict[str, Any], resolver_factory: Callable[[], Any]):
    provider = params["dns_provider"]
    if provider == "route53":
        from .._dns.dns_publish_route53 import Route53Publisher

        return Route53Publisher(clients.get("route53"),
                                resolver=resolver_factory() if params.get("nameservers") else None,
                                zone_ids=params.get("route53_zone_ids"))
    if provider == "rfc2136":
        from .._dns.dns_publish_rfc2136 import Rfc2136Publisher

        if not params.get("rfc2136_server"):
            raise CertshiftError("dns_provider=rfc2136 needs rfc2136_server (and usually rfc2136_key_name and "
                                 "rfc2136_key_secret)")
        if bool(params.get("rfc2136_key_name")) != bool(params.get("rfc2136_key_secret")):
            raise CertshiftError("rfc2136_key_name and rfc2136_key_secret go together: give both or neither")
        return Rfc2136Publisher(params["rfc2136_server"], params.get("rfc2136_port") or 53,
                                params.get("rfc2136_key_name"), params.get("rfc2136_key_secret"),
                                params.get("rfc2136_key_algorithm") or "hmac-sha256")
    return ManualPublisher()


def prefetch(publisher, records: List[Dict[str, Any]]) -> None:
    """Let a publisher that can (Route53: the zones' current records) read ahead for ``records``."""
    ahead = getattr(publisher, "prefetch", None)
    if ahead is not None and records:
        ahead([r["name"] for r in records])
