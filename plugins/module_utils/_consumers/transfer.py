# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Transfer Family servers (FTPS): UpdateServer with only Certificate, in place. The names
a server serves are its custom host name where it has one; its ServerId endpoint is AWS's own."""

from __future__ import annotations

from typing import Any, List, Optional

from .._aws import service_regions, transfer_api
from ..concurrency import map_concurrently
from .consumer_type import Action, ConsumerType, InCode, Record


def scan(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    client = clients.get("transfer")

    def record_of(listed: Record) -> Optional[Record]:
        server = transfer_api.describe_server(client, listed["ServerId"])
        cert = (server or {}).get("Certificate")
        if not server or not cert:
            return None
        hostname = transfer_api.custom_hostname(server)
        return {
            "type": "transfer",
            "certificate_arn": cert,
            "resource_arn": server["Arn"],
            "server_id": server["ServerId"],
            "protocols": list(server.get("Protocols") or []),
            "names": [hostname] if hostname else [],
            "in_use_arns": [server["Arn"]],
        }

    found = map_concurrently(record_of, transfer_api.list_servers(client), workers)
    return [record for record in found if record is not None]


def switch(applier: Any, action: Action) -> None:
    transfer_api.update_certificate(applier.clients.get("transfer"), action["server_id"], action["after"])


TRANSFER = ConsumerType(
    name="transfer",
    record_types=("transfer",),
    service="transfer",
    scan=scan,
    switch=switch,
    lock=lambda action: action["server_id"],
    location_keys=("server_id", "protocols"),
    describe=lambda record: f"Transfer Family server {record['server_id']}",
    label=lambda action: f"transfer {action['server_id']}",
    scanned_in=lambda region: service_regions.offers("transfer", region),
    in_code={"transfer": InCode("AWS::Transfer::Server", lambda record: "Certificate",
                                physical_id=lambda record: record.get("server_id"))},
)
