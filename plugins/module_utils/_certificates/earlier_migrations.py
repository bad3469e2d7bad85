# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The certificates an earlier run already moved to DNS validation, so a rerun's report says what
state they are in instead of "0 certificates": every ISSUED, ACM-issued, DNS-validated certificate
of the region (one SearchCertificates, 500 a page), a replacement (tagged certshift:replaces) named
as such. Read-only; where SearchCertificates is unavailable the report simply lists none."""

from __future__ import annotations

from ..domain_names import certificate_names, matches_any
from . import certificate_inventory
from .replacement_tags import replaced_arn

IN_PLACE = "earlier_in_place"
REPLACED = "earlier_replaced"
DNS_ALREADY = ("DNS-validated already (migrated in place by an earlier run, or DNS-validated from the start): "
               "nothing to do")


def find(acm, tagged, exclude=(), domains=None):
    """Entries ``{arn, old_arn, names, status, reason}``; ``tagged``: {ARN: tags} of the certificates tagged
    certshift:replaces (or None); ``exclude``: ARNs this run's own entries name."""
    statement = certificate_inventory.metadata_filter(Status="ISSUED", Type="AMAZON_ISSUED", ValidationMethod="DNS")
    found = certificate_inventory.search(acm, statement) or {}
    exclude = set(exclude)
    entries = []
    for arn, detail in sorted(found.items(), key=lambda item: (item[1].get("DomainName") or "", item[0])):
        names = certificate_names(detail)
        if arn in exclude or (domains and not matches_any(domains, names)):
            continue
        old = replaced_arn((tagged or {}).get(arn))
        if old and old in exclude:
            continue
        if old:
            entries.append({"arn": arn, "old_arn": old, "names": names, "status": REPLACED, "strategy": "replace",
                            "reason": f"replaced earlier: {arn} is its DNS-validated replacement (certshift:replaces)"})
        else:
            entries.append({"arn": arn, "old_arn": arn, "names": names, "status": IN_PLACE, "strategy": "",
                            "reason": DNS_ALREADY})
    return entries
