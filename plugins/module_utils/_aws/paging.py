# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every list call of the call layer goes through boto3's paginators (botocore has one for
each list call we make, SearchCertificates included): ``pages`` for callers that may stop
early, ``paginate`` for the whole list."""

from __future__ import annotations

from typing import Any, Iterator


def pages(client: Any, operation: str, page_size: int | None = None, **kwargs: Any) -> Iterator[dict[str, Any]]:
    """The raw pages of ``operation`` (its snake_case name), ``page_size`` items a page where given."""
    if page_size:
        kwargs["PaginationConfig"] = {"PageSize": page_size}
    return iter(client.get_paginator(operation).paginate(**kwargs))


def paginate(client: Any, operation: str, result_key: str, page_size: int | None = None,
             **kwargs: Any) -> list[dict[str, Any]]:
    """Every item under ``result_key`` on every page of ``operation``."""
    found: list[dict[str, Any]] = []
    for page in pages(client, operation, page_size, **kwargs):
        found.extend(page.get(result_key) or [])
    return found
