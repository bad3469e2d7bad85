# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per VPC Lattice service call. ListServices has no certificate, so each
service is read (GetService); a service gone in between is answered as None."""

from __future__ import annotations

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from .error_codes import NOT_FOUND
from .paging import paginate

SERVICE = "vpc-lattice"


def list_services(client: Any) -> list[dict[str, Any]]:
    return paginate(client, "list_services", "items")


def get_service(client: Any, service_id: str) -> dict[str, Any] | None:
    """GetService's answer; None when the service no longer exists."""
    try:
        service: dict[str, Any] = client.get_service(serviceIdentifier=service_id)
        return service
    except is_boto3_error_code(NOT_FOUND):
        return None


def update_certificate(client: Any, service_id: str, certificate_arn: str) -> None:
    """UpdateService with only certificateArn: the auth type and the rest stay as they are."""
    client.update_service(serviceIdentifier=service_id, certificateArn=certificate_arn)
