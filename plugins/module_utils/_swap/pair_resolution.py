# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_cert_swap's first step: the pairs to swap and the certificates they name, from explicit
pairs or from old ARNs whose replacement carries the replacement tag.

In check mode with ``allow_planned_replacement`` (acm_migrate's prediction), an old certificate
without a replacement yet is paired with the one acm_dns_migrate would request
(``planned_replacement``).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, Optional

from .._aws import acm_api, tagging_api
from .._certificates import certificate_inventory
from .._certificates.replacement_lookup import classify, find_replacements, ignored_message
from .._certificates.replacement_tags import REPLACES_TAG
from ..errors import CertshiftError
from . import swap_gate
from .pair import Pair

# Stands in for a replacement acm_dns_migrate would request, so a playbook's --check run
# can predict the swaps of certificates not yet replaced. Its ARN is well formed (same
# region and account) but its ID is derived from the old ARN and exists nowhere.
PLANNED_NAMESPACE = uuid.UUID("6f1c6a52-8f5e-4c3b-9a61-2f0d7c3e9b10")
PLANNED_VALIDITY_DAYS = 198

# Replacements are DNS-validated certificates ACM issues.
REPLACEMENT_STATEMENT = certificate_inventory.metadata_filter(Type="AMAZON_ISSUED", ValidationMethod="DNS")

Detail = Dict[str, Any]


@dataclass
class ResolvedPairs:
    """``details``: {ARN: DescribeCertificate or search detail} of every certificate that exists (new ones
    with their Tags); ``planned``: ARNs of planned replacements (they exist nowhere); ``without_in_use_by``:
    old ARNs known from SearchCertificates only (their InUseBy is read in the background); ``warnings``:
    tagged certificates that are no replacement."""

    pairs: list[Pair] = field(default_factory=list)
    details: dict[str, Detail] = field(default_factory=dict)
    planned: set[str] = field(default_factory=set)
    without_in_use_by: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


class PairResolver:
    def __init__(self, clients, params: dict[str, Any], check_mode: bool, now: datetime.datetime):
        self.clients = clients
        self.acm = clients.acm()
        self.region: str = clients.region
        self.params = params
        self.check_mode = check_mode
        self.now = now

    def resolve(self) -> ResolvedPairs:
        p = self.params
        if p["pairs"] and p["certificate_arns"]:
            raise CertshiftError("give either pairs (old and new ARNs) or certificate_arns (old ARNs whose "
                                 f"replacement carries the {REPLACES_TAG} tag), not both")
        if not p["pairs"] and not p["certificate_arns"]:
            return ResolvedPairs()
        if p["pairs"]:
            pairs = swap_gate.validate_pairs(p["pairs"], self.region)
            olds = self._load([pair.old for pair in pairs], with_tags=False)
            news = self._load([pair.new for pair in pairs], with_tags=True)
            return ResolvedPairs(pairs, {**olds, **news})
        return self._by_tag()

    def _by_tag(self) -> ResolvedPairs:
        p = self.params
        certificate_inventory.check_arns_in_region(p["certificate_arns"], self.region)
        old_arns = list(dict.fromkeys(p["certificate_arns"]))
        resolved = ResolvedPairs()
        olds, searched = self._olds(old_arns, resolved.without_in_use_by)
        # Replacements by their tag in one tag:GetResources scan, their details from
        # SearchCertificates pages (500 a page); per-certificate calls only as fallbacks.
        tagged = tagging_api.acm_certificate_tags(self.clients.get("resourcegroupstaggingapi"), REPLACES_TAG) \
            if olds else None
        found = find_replacements(self.acm, list(olds.values()), tagged=tagged,
                                  details=lambda arns: self.replacement_details(arns, searched))
        resolved.details.update(olds)
        for arn in old_arns:
            if arn not in olds:
                resolved.pairs.append(Pair(arn, None))  # already retired
                continue
            reusable, _failed, _others, ignored = classify(found.get(arn, []), olds[arn])
            if ignored:
                resolved.warnings.append(ignored_message(arn, ignored))
            if reusable is None and self.check_mode and p["allow_planned_replacement"]:
                reusable = planned_replacement(olds[arn], self.now)
                resolved.planned.add(reusable["CertificateArn"])
            if reusable is None:
                raise CertshiftError(
                    f"no certificate tagged {REPLACES_TAG}={arn} exists: request the replacement first "
                    "(certshift.acm.acm_dns_migrate) or give the pair explicitly", certificate_arn=arn,
                )
            resolved.pairs.append(Pair(arn, reusable["CertificateArn"]))
            resolved.details[reusable["CertificateArn"]] = reusable
        return resolved

    def _olds(self, arns, without_in_use_by):
        """({ARN: detail} of the old certificates, {ARN: detail} of every certificate the search
        found, the replacements among them). From SearchCertificates pages (names, status: what
        the gate and plan need); their InUseBy is read in the background (added to ``without_in_use_by``).
        DescribeCertificate where the search is unavailable or has not caught up with one."""
        found = certificate_inventory.search(self.acm, None)
        if found is None:
            return self._load(arns, with_tags=False), {}
        olds = {arn: found[arn] for arn in arns if arn in found}
        without_in_use_by.update(olds)
        rest = [arn for arn in arns if arn not in olds]
        olds.update(self._load(rest, with_tags=False) if rest else {})
        return olds, found

    def replacement_details(self, arns: list[str], searched: Optional[dict[str, Detail]] = None) -> dict[str, Detail]:
        """{ARN: detail} of replacements: from ``searched`` (this run's search results, when still
        current) or SearchCertificates (names, status, validity are all the gate needs), newest
        first; DescribeCertificate for any the search does not show (its index may lag behind a
        fresh request) or where it is unavailable."""
        searched = searched or {}
        found = {arn: searched[arn] for arn in arns if arn in searched}
        wanted = set(arns) - set(found)
        if wanted:
            for page in acm_api.search_pages(self.acm, REPLACEMENT_STATEMENT,
                                             sort_by="CREATED_AT", sort_order="DESCENDING") or ():
                for result in page:
                    if result["CertificateArn"] in wanted:
                        found[result["CertificateArn"]] = certificate_inventory.from_search(result)
                if wanted <= set(found):
                    break
        rest = [arn for arn in arns if arn not in found]
        found.update({d["CertificateArn"]: d for d in certificate_inventory.load(
            self.acm, arns=rest, missing_ok=True)} if rest else {})
        return found

    def _load(self, arns, with_tags):
        loaded = certificate_inventory.load(self.acm, arns=arns, with_tags=with_tags,
                                            missing_ok=True)
        return {d["CertificateArn"]: d for d in loaded}


def planned_replacement(old: Detail, now: datetime.datetime) -> Detail:
    """What acm_dns_migrate would request for ``old``: its names, ISSUED once validated, tagged."""
    arn = old["CertificateArn"]
    planned_id = uuid.uuid5(PLANNED_NAMESPACE, arn)
    return {
        **old,
        "CertificateArn": f"{arn.rsplit('/', 1)[0]}/{planned_id}",
        "Status": "ISSUED",
        "NotAfter": now + datetime.timedelta(days=PLANNED_VALIDITY_DAYS),
        "InUseBy": [],
        "Tags": {REPLACES_TAG: arn},
    }
