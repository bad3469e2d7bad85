# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per Route53 API call the DNS publisher makes. The client (aws_clients)
keeps every call, the INSYNC waiter's polls included, within Route53's 5 requests a second."""

from __future__ import annotations

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from .paging import paginate

# A zone ID that is not there, or not a zone ID at all.
ZONE_NOT_FOUND = ("NoSuchHostedZone", "InvalidInput")
INSYNC_POLL_SECONDS = 5


def list_hosted_zones(client: Any) -> list[dict[str, Any]]:
    return paginate(client, "list_hosted_zones", "HostedZones")


def get_hosted_zone(client: Any, zone_id: str, missing_ok: bool = False) -> dict[str, Any] | None:
    """GetHostedZone's HostedZone; None where ``missing_ok`` and there is no such zone."""
    try:
        return client.get_hosted_zone(Id=zone_id)["HostedZone"]
    except is_boto3_error_code(ZONE_NOT_FOUND):
        if missing_ok:
            return None
        raise


def record_sets_from(client: Any, zone_id: str, name: str, rtype: str, max_items: int = 1) -> list[dict[str, Any]]:
    """Up to ``max_items`` record sets of the zone, in Route53's order, starting at ``name``/``rtype``
    (one call: the caller checks whether the first is the one it asked for)."""
    page = client.list_resource_record_sets(HostedZoneId=zone_id, StartRecordName=name, StartRecordType=rtype,
                                            MaxItems=str(max_items))
    return page.get("ResourceRecordSets", [])


def list_record_sets(client: Any, zone_id: str, page_size: int) -> list[dict[str, Any]]:
    """Every record set of the zone."""
    return paginate(client, "list_resource_record_sets", "ResourceRecordSets", page_size, HostedZoneId=zone_id)


def upsert_record_sets(client: Any, zone_id: str, record_sets: list[dict[str, Any]], comment: str) -> str:
    """One change batch of UPSERTs; returns the change's ID."""
    response = client.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={"Comment": comment,
                     "Changes": [{"Action": "UPSERT", "ResourceRecordSet": rrset} for rrset in record_sets]},
    )
    return response["ChangeInfo"]["Id"]


def wait_insync(client: Any, change_id: str, timeout: float) -> None:
    """boto3's resource_record_sets_changed waiter, for at most ``timeout`` seconds (at least one poll)."""
    client.get_waiter("resource_record_sets_changed").wait(
        Id=change_id, WaiterConfig={"Delay": INSYNC_POLL_SECONDS,
                                    "MaxAttempts": max(1, int(timeout // INSYNC_POLL_SECONDS))})
