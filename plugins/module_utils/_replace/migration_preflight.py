# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_dns_migrate's preflight, reads only, before any change: the nameservers answer, CAA lets
Amazon issue for every name to be requested, each name's DNS zone (and TSIG key) is there, and
the validation records of existing replacements are planned."""

from __future__ import annotations

import threading
from typing import Any, Callable, Dict, List

from .._certificates.validation_records import records_from_detail, wait_for_records
from .._dns import caa, dns_checks
from ..concurrency import map_concurrently
from ..errors import CertshiftError
from .certificate_plan import CertificatePlan
from .record_publisher import prefetch

RECORDS_WORKERS = 10
RECORDS_TIMEOUT = 120
# CAA lookups are DNS queries (no AWS quota); names of a fleet share their ancestors.
CAA_WORKERS = 32
CAA_NAMES_SHOWN = 5  # names a warning lists before "and N more"


def _memoized(lookup):
    """``lookup`` answering each owner name once (answers and failures), shared by threads:
    the tree climbs of a fleet's names meet at the same parents (example.com, com)."""
    results, locks, guard = {}, {}, threading.Lock()

    def cached(owner):
        with guard:
            lock = locks.setdefault(owner, threading.Lock())
        with lock:
            if owner not in results:
                try:
                    results[owner] = (True, lookup(owner))
                except Exception as e:  # noqa: BLE001 - the same failure for every name that climbs here
                    results[owner] = (False, e)
        ok, value = results[owner]
        if not ok:
            raise value
        return value

    return cached


class Preflight:
    """``resolver()``: the resolver of the ``nameservers`` option (made once, when first needed)."""

    def __init__(self, acm, params: dict, publisher, resolver: Callable[[], Any], warn: Callable[[str], None],
                 ttl: int):
        self.acm = acm
        self.params = params
        self.publisher = publisher
        self.resolver = resolver
        self.warn = warn
        self.ttl = ttl

    def check_caa_names(self, names: List[str]) -> None:
        """CAA must let Amazon issue for every name about to be DNS-validated (else CAA_ERROR, after the fact)."""
        if not self.params.get("check_caa", True) or not names:
            return
        lookup = _memoized(caa.dns_lookup(self.resolver()))

        def one(name):
            try:
                return caa.check(name, lookup)
            except Exception as e:  # noqa: BLE001 - a lookup failure is reported, not fatal
                return {"name": name, "allowed": None, "reason": str(e), "kind": getattr(e, "kind", type(e).__name__)}

        verdicts = map_concurrently(one, names, CAA_WORKERS)
        forbidden = [v for v in verdicts if v["allowed"] is False]
        # One warning per cause: a nameserver that refuses a parent zone fails every name below it.
        unchecked: Dict[str, List[Dict[str, Any]]] = {}
        for v in verdicts:
            if v["allowed"] is None:
                unchecked.setdefault(v["kind"], []).append(v)
        for failed in unchecked.values():
            names = [v["name"] for v in failed]
            shown = ", ".join(names[:CAA_NAMES_SHOWN]) + (
                f" and {len(names) - CAA_NAMES_SHOWN} more" if len(names) > CAA_NAMES_SHOWN else "")
            self.warn(f"CAA could not be checked for {len(names)} name(s), {shown} (first: {failed[0]['reason']}); "
                      "ACM checks it itself and fails a replacement with CAA_ERROR if Amazon may not issue")
        if forbidden:
            lines = "; ".join(f"{v['name']}: {v['reason']} (record at {v['owner']})" for v in forbidden)
            raise CertshiftError(
                f"CAA records forbid Amazon to issue for {len(forbidden)} name(s): {lines}. Add a CAA record "
                '0 issue "amazon.com" (and issuewild for wildcards) next to the existing ones, then run again',
                caa=forbidden,
            )

    def names(self, names: List[str], any_active: bool = True) -> None:
        """The nameservers answer, CAA lets Amazon issue for ``names``, and the DNS zone (and TSIG key)
        of each is there."""
        if self.params.get("nameservers") and any_active:
            # A nameserver that does not answer would only show after the request, as a wait that times out.
            dns_checks.Resolver(self.params["nameservers"]).check_reachable()
        self.check_caa_names(names)
        self.publisher.preflight(names)

    def plans(self, plans: List[CertificatePlan]) -> None:
        """Check the names to be requested; plan the records of the reused replacements (their
        ``replacement`` updated once ACM shows the records)."""
        active = [p for p in plans if not p.skipped]
        # Names still to be requested: their zone (and TSIG key) must be there before the request.
        # Existing replacements: their actual records are planned below, zone by zone.
        self.names(list(dict.fromkeys(n for p in active if p.request for n in p.names)), any_active=bool(active))
        reused = [p for p in active if p.replacement is not None]

        def records_of(p):
            detail = p.replacement
            records, missing = records_from_detail(detail)
            if missing:
                detail, records = wait_for_records(self.acm, detail["CertificateArn"],
                                                   timeout=RECORDS_TIMEOUT)
            return detail, records

        found = map_concurrently(records_of, reused, RECORDS_WORKERS)
        prefetch(self.publisher, [r for _detail, records in found for r in records])
        for p, (detail, records) in zip(reused, found):
            p.replacement = detail
            p.records = self.publisher.plan(records, self.ttl)
