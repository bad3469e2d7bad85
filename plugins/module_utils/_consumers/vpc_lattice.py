# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""VPC Lattice services with a custom domain name: UpdateService with only certificateArn, in
place. The name a service serves is its custom domain name."""

from __future__ import annotations

from typing import Any, List, Optional

from .._aws import service_regions, vpclattice_api
from ..concurrency import map_concurrently
from .consumer_type import Action, ConsumerType, InCode, Record


def scan(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    client = clients.get(vpclattice_api.SERVICE)

    def record_of(listed: Record) -> Optional[Record]:
        service = vpclattice_api.get_service(client, listed["id"])
        cert = (service or {}).get("certificateArn")
        if not service or not cert:
            return None
        domain = service.get("customDomainName")
        return {
            "type": "vpc_lattice",
            "certificate_arn": cert,
            "resource_arn": service["arn"],
            "service_id": service["id"],
            "service_name": service.get("name"),
            "names": [domain] if domain else [],
            "in_use_arns": [service["arn"]],
        }

    found = map_concurrently(record_of, vpclattice_api.list_services(client), workers)
    return [record for record in found if record is not None]


def switch(applier: Any, action: Action) -> None:
    vpclattice_api.update_certificate(applier.clients.get(vpclattice_api.SERVICE), action["service_id"],
                                      action["after"])


VPC_LATTICE = ConsumerType(
    name="vpc_lattice",
    record_types=("vpc_lattice",),
    service=vpclattice_api.SERVICE,
    scan=scan,
    switch=switch,
    lock=lambda action: action["service_id"],
    location_keys=("service_id", "service_name"),
    describe=lambda record: f"VPC Lattice service {record['service_name'] or record['service_id']}",
    label=lambda action: f"vpc_lattice {action['service_id']}",
    scanned_in=lambda region: service_regions.offers(vpclattice_api.SERVICE, region),
    in_code={"vpc_lattice": InCode("AWS::VpcLattice::Service", lambda record: "CertificateArn",
                                   physical_id=lambda record: record.get("resource_arn"))},
)
