# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_cert_swap's verify_serving: after the switch, the names the switched consumers serve are
probed over TLS and must present the replacement."""

from __future__ import annotations

from typing import Any, Dict, List

from .._aws import acm_api
from .._probe import https_probe
from ..domain_names import certificate_names
from . import swap_plan
from .pair import Pair

# Consumers that serve the old certificate's own names (no alias or domain name of their own).
BY_CERTIFICATE_NAMES = ("elbv2_default", "elbv2_sni", "elb")


def verify(acm, present: List[Pair], actions: List[Dict[str, Any]], details: Dict[str, Dict[str, Any]],
           failed_olds: set, port: int, resolve: List[str]) -> Dict[str, List[Dict[str, Any]]]:
    """{old arn: [probe findings]} for the names the switched consumers serve."""
    prober = https_probe.Prober(port=port, overrides=https_probe.parse_resolve(resolve))
    findings: Dict[str, List[Dict[str, Any]]] = {}
    for pair in present:
        if pair.old in failed_olds:
            continue
        switched = [a for a in swap_plan.changes(actions) if a["old_certificate_arn"] == pair.old]
        if not switched or pair.new is None:  # an old certificate already gone switched nothing
            continue
        names: List[str] = []
        for action in switched:
            if action.get("role") == "ownership_verification":
                continue  # proves the name to API Gateway; never presented to clients
            names.extend(action.get("aliases") or ([action["domain_name"]] if action.get("domain_name") else []))
            if action["resource_type"] in BY_CERTIFICATE_NAMES:
                names.extend(n for n in certificate_names(details[pair.old]) if not n.startswith("*."))
        names = list(dict.fromkeys(n.lower() for n in names))
        pem = acm_api.get_certificate_pem(acm, pair.new)
        expected = https_probe.fingerprint(https_probe.pem_to_der(pem))
        probes = prober.probe_all(names)
        findings[pair.old] = [https_probe.compare(probes[n], expected, {expected: pair.new}) for n in names]
    return findings
