# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Whether a service is offered in a region, from botocore's endpoint data. Newer services
(Transfer Family, VPC Lattice) are not in every region, and a call to a region without them
fails to connect (after retries) instead of answering "nothing here"."""

from __future__ import annotations

import functools

try:
    import botocore.session
except ImportError:  # handled by AnsibleAWSModule
    pass


@functools.lru_cache(maxsize=None)
def offers(service: str, region: str) -> bool:
    """True where botocore lists ``service`` in ``region`` (any partition). A region botocore does
    not list yet is skipped: a consumer there still shows in ACM's InUseBy, which holds the delete."""
    session = botocore.session.get_session()
    return any(region in session.get_available_regions(service, partition)
               for partition in session.get_available_partitions())
