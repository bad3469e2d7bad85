# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ELBv2 (Application and Network Load Balancer) listeners: the default certificate with
ModifyListener (one certificate: the SNI list stays), SNI certificates added first and removed
only once the listener lists the new one, several on one listener in batches within the load
balancer's certificate quota."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._aws import elbv2_api
from ..concurrency import map_concurrently
from ..errors import CertshiftError, describe_client_error, error_code
from .consumer_type import Action, ConsumerType, InCode, Record, one_by_one


def scan(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    client = clients.get("elbv2")

    def listeners_of(lb: Record) -> List[Tuple[Record, Record]]:
        return [(lb, listener) for listener in elbv2_api.describe_listeners(client, lb["LoadBalancerArn"])
                if listener.get("Protocol") in elbv2_api.CERTIFICATE_PROTOCOLS]

    listeners = [pair for found in map_concurrently(listeners_of, elbv2_api.describe_load_balancers(client), workers)
                 for pair in found]

    def records_of(pair: Tuple[Record, Record]) -> List[Record]:
        lb, listener = pair
        return [{
            "type": "elbv2_default" if cert.get("IsDefault") else "elbv2_sni",
            "certificate_arn": cert["CertificateArn"],
            "resource_arn": lb["LoadBalancerArn"],
            "load_balancer_name": lb.get("LoadBalancerName"),
            "load_balancer_type": lb.get("Type"),
            "listener_arn": listener["ListenerArn"],
            "port": listener.get("Port"),
            "protocol": listener.get("Protocol"),
            "names": [],
            "in_use_arns": [lb["LoadBalancerArn"], listener["ListenerArn"]],
        } for cert in elbv2_api.describe_listener_certificates(client, listener["ListenerArn"])]

    return [r for found in map_concurrently(records_of, listeners, workers) for r in found]


def switch(applier: Any, action: Action) -> None:
    client = applier.clients.get("elbv2")
    if action["resource_type"] == "elbv2_default":
        elbv2_api.set_default_certificate(client, action["listener_arn"], action["after"])
        return
    listener, old, new = action["listener_arn"], action["before"], action["after"]
    if action.get("add_new", True):
        elbv2_api.add_listener_certificate(client, listener, new)
    present = {c["CertificateArn"] for c in elbv2_api.describe_listener_certificates(client, listener)}
    if new not in present:
        raise CertshiftError(
            f"listener {listener} does not list {new} after AddListenerCertificates; {old} was left in place",
            listener_arn=listener,
        )
    elbv2_api.remove_listener_certificate(client, listener, old)


def switch_group(applier: Any, actions: List[Action]) -> List[Dict[str, Any]]:
    """One listener's changes: the default first, then its SNI swaps in a few batched calls."""
    sni = [a for a in actions if a["resource_type"] == "elbv2_sni"]
    if len(sni) <= 1:
        return one_by_one(switch)(applier, actions)
    failures = one_by_one(switch)(applier, [a for a in actions if a["resource_type"] != "elbv2_sni"])
    if failures:
        return failures
    try:
        return _switch_sni_batch(applier.clients.get("elbv2"), sni)
    except botocore.exceptions.ClientError as e:
        return [{"action": action, "error": describe_client_error(e)} for action in sni]


def _switch_sni_batch(client: Any, actions: List[Action]) -> List[Dict[str, Any]]:
    """Several SNI swaps on one listener: add a batch of new certificates, check the
    listener lists them, remove their old ones; batches sized to the room left under the
    load balancer's certificate quota (one at a time when the quota is reached), so the
    old certificate of every swap stays until its new one is listed. Returns failures."""
    listener = actions[0]["listener_arn"]
    listed = elbv2_api.describe_listener_certificates(client, listener)
    todo, failures, one_at_a_time = list(actions), [], False
    while todo:
        room = elbv2_api.MAX_SNI_CERTIFICATES - len([c for c in listed if not c.get("IsDefault")])
        size = 1 if one_at_a_time else max(1, min(len(todo), room))
        batch, todo = todo[:size], todo[size:]
        present = {c["CertificateArn"] for c in listed}
        adds = list(dict.fromkeys(a["after"] for a in batch if a["after"] not in present))
        if adds:
            try:
                elbv2_api.add_listener_certificates(client, listener, adds)
            except botocore.exceptions.ClientError as e:
                if error_code(e) != "TooManyCertificates" or size == 1:
                    raise
                todo, one_at_a_time = batch + todo, True  # other listeners share the quota
                continue
        listed = elbv2_api.describe_listener_certificates(client, listener)
        present = {c["CertificateArn"] for c in listed}
        done = [a for a in batch if a["after"] in present]
        for action in batch:
            if action["after"] not in present:
                failures.append({"action": action, "error": (
                    f"listener {listener} does not list {action['after']} after AddListenerCertificates; "
                    f"{action['before']} was left in place")})
        if done:
            elbv2_api.remove_listener_certificates(client, listener, [a["before"] for a in done])
            removed = {a["before"] for a in done}
            listed = [c for c in listed if c.get("IsDefault") or c["CertificateArn"] not in removed]
        if failures:
            break  # keep the remaining changes of this listener for a re-run
    return failures


def label(action: Action) -> str:
    if action["resource_type"] == "elbv2_default":
        return f"elbv2 {action['listener_arn']} default certificate"
    return f"elbv2 {action['listener_arn']} sni certificate {action['before']}"


ELBV2 = ConsumerType(
    name="elbv2",
    record_types=("elbv2_default", "elbv2_sni"),
    service="elbv2",
    scan=scan,
    switch=switch,
    switch_group=switch_group,
    lock=lambda action: action["listener_arn"],
    location_keys=("load_balancer_name", "listener_arn", "port", "protocol"),
    describe=lambda record: record["resource_arn"],
    label=label,
    actions={"elbv2_default": "swap_default", "elbv2_sni": "swap_sni"},
    in_code={
        "elbv2_default": InCode("AWS::ElasticLoadBalancingV2::Listener", lambda record: "Certificates[0].CertificateArn",
                                physical_id=lambda record: record.get("listener_arn"), ask_stack=True),
        "elbv2_sni": InCode("AWS::ElasticLoadBalancingV2::ListenerCertificate",
                            lambda record: "Certificates[].CertificateArn"),
    },
)
