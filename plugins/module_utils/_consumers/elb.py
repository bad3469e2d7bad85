# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Classic Load Balancer listeners: SetLoadBalancerListenerSSLCertificate, in place."""

from __future__ import annotations

from typing import Any, List

from .._aws import elb_api
from .consumer_type import Action, ConsumerType, InCode, Record


def scan(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    records = []
    for lb in elb_api.describe_load_balancers(clients.get("elb")):
        arn = elb_api.load_balancer_arn(region, account, lb["LoadBalancerName"])
        for description in lb.get("ListenerDescriptions", []):
            listener = description.get("Listener", {})
            cert = listener.get("SSLCertificateId")
            if not cert or listener.get("Protocol", "").upper() not in elb_api.CERTIFICATE_PROTOCOLS:
                continue
            records.append({
                "type": "elb",
                "certificate_arn": cert,
                "resource_arn": arn,
                "load_balancer_name": lb["LoadBalancerName"],
                "port": listener.get("LoadBalancerPort"),
                "protocol": listener.get("Protocol", "").upper(),
                "names": [],
                "in_use_arns": [arn],
            })
    return records


def switch(applier: Any, action: Action) -> None:
    elb_api.set_listener_certificate(applier.clients.get("elb"), action["load_balancer_name"], action["port"],
                                     action["after"])


ELB = ConsumerType(
    name="elb",
    record_types=("elb",),
    service="elb",
    scan=scan,
    switch=switch,
    lock=lambda action: action["load_balancer_name"],
    location_keys=("load_balancer_name", "port", "protocol"),
    describe=lambda record: record["resource_arn"],
    label=lambda action: f"elb {action['load_balancer_name']} port {action['port']}",
    in_code={"elb": InCode("AWS::ElasticLoadBalancing::LoadBalancer",
                           lambda record: f"Listeners[LoadBalancerPort={record.get('port')}].SSLCertificateId",
                           physical_id=lambda record: record.get("load_balancer_name"))},
)
