# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per AWS Transfer Family server call. ListServers has no certificate, so
each server is described (DescribeServer); a server gone in between is answered as None."""

from __future__ import annotations

from typing import Any

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code

from .error_codes import NOT_FOUND
from .paging import paginate

# The tag Transfer Family (console, or the user through the API) keeps a server's custom host name in.
CUSTOM_HOSTNAME_TAG = "aws:transfer:customHostname"


def list_servers(client: Any) -> list[dict[str, Any]]:
    return paginate(client, "list_servers", "Servers")


def describe_server(client: Any, server_id: str) -> dict[str, Any] | None:
    """DescribeServer's Server; None when it no longer exists."""
    try:
        server: dict[str, Any] = client.describe_server(ServerId=server_id)["Server"]
        return server
    except is_boto3_error_code(NOT_FOUND):
        return None


def update_certificate(client: Any, server_id: str, certificate_arn: str) -> None:
    """UpdateServer with only Certificate: every other setting stays as it is."""
    client.update_server(ServerId=server_id, Certificate=certificate_arn)


def custom_hostname(server: dict[str, Any]) -> str | None:
    """The host name clients reach the server by, where one is set (its tag)."""
    for tag in server.get("Tags") or []:
        if tag.get("Key") == CUSTOM_HOSTNAME_TAG and tag.get("Value"):
            value: str = tag["Value"]
            return value
    return None
