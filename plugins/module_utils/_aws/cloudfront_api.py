# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per CloudFront API call; paginators for every list call."""

from __future__ import annotations

try:
    import botocore.exceptions
except ImportError:
    pass

from ..errors import error_code


def list_distributions(client):
    found = []
    for page in client.get_paginator("list_distributions").paginate():
        found.extend((page.get("DistributionList") or {}).get("Items") or [])
    return found


def get_distribution_config(client, distribution_id):
    """(DistributionConfig, ETag)."""
    response = client.get_distribution_config(Id=distribution_id)
    return response["DistributionConfig"], response["ETag"]


def get_distribution_status(client, distribution_id):
    return client.get_distribution(Id=distribution_id)["Distribution"].get("Status")


def update_distribution(client, distribution_id, config, etag):
    """UpdateDistribution with IfMatch; returns the new ETag."""
    response = client.update_distribution(Id=distribution_id, IfMatch=etag, DistributionConfig=config)
    return response.get("ETag")


def is_precondition_failed(error):
    return isinstance(error, botocore.exceptions.ClientError) and error_code(error) in (
        "PreconditionFailed", "InvalidIfMatchVersion",
    )
