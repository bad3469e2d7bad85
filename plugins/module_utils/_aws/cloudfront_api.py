# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per CloudFront API call; paginators for every list call."""

from __future__ import annotations

from typing import Any

try:
    import botocore.exceptions
except ImportError:
    pass

from ..errors import error_code
from .paging import pages


def list_distributions(client: Any) -> list[dict[str, Any]]:
    return [item for page in pages(client, "list_distributions")
            for item in (page.get("DistributionList") or {}).get("Items") or []]


def get_distribution_config(client: Any, distribution_id: str) -> tuple[dict[str, Any], str]:
    """(DistributionConfig, ETag)."""
    response = client.get_distribution_config(Id=distribution_id)
    return response["DistributionConfig"], response["ETag"]


def get_distribution_status(client: Any, distribution_id: str) -> str | None:
    return client.get_distribution(Id=distribution_id)["Distribution"].get("Status")


def update_distribution(client: Any, distribution_id: str, config: dict[str, Any], etag: str) -> str | None:
    """UpdateDistribution with IfMatch; returns the new ETag."""
    response = client.update_distribution(Id=distribution_id, IfMatch=etag, DistributionConfig=config)
    return response.get("ETag")


def is_precondition_failed(error: BaseException) -> bool:
    return isinstance(error, botocore.exceptions.ClientError) and error_code(error) in (
        "PreconditionFailed", "InvalidIfMatchVersion",
    )
