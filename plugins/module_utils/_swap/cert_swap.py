# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_cert_swap's flow for one region: resolve pairs (pair_resolution), load certificates, build
the consumer index once, gate, plan, then (unless checking) apply, verify (serving_check) and
retire (pair_retirement); the result is built by swap_result.

Check mode stops after planning; its ``actions`` are the ones a real run applies
(the delete of an old certificate is predicted from what ACM shows now; a real run
may still hold it while ACM's InUseBy lags behind the swap).
"""

from __future__ import annotations

import datetime
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import Any, Dict, List, Optional

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._certificates import certificate_inventory
from .._certificates.in_use_by import InUseByReader
from .._consumers import consumer_index, owners
from ..errors import CertshiftError
from ..option_choices import CONSUMER_TYPES
from . import serving_check, swap_gate, swap_plan
from .pair import Pair
from .pair_resolution import PairResolver, ResolvedPairs
from .pair_retirement import PairRetirement, error_message, searched_in_use
from .retire import hold_reason
from .swap_apply import Applier
from .swap_outcome import SwapOutcome, failures_message
from .swap_result import swap_result

DEFAULTS = {
    "pairs": None,
    "certificate_arns": None,
    "delete_old": False,
    "in_use_wait_timeout": 300,
    "wait_deployed": False,
    "deployed_wait_timeout": 1800,
    "verify_serving": False,
    "verify_port": 443,
    "resolve": [],
    "consumer_types": list(CONSUMER_TYPES),
    "min_days_valid": 30,
    "allow_planned_replacement": False,
    "owner_tags": [],
    "switch_owned_consumers": False,
}

Details = Dict[str, Dict[str, Any]]


class CertSwap:
    def __init__(self, clients, params: Dict[str, Any], check_mode: bool = False,
                 now: Optional[datetime.datetime] = None, sleep=None, clock=None):
        self.clients = clients
        self.params = {**DEFAULTS, **{k: v for k, v in params.items() if v is not None}}
        self.check_mode = check_mode
        self.now = now or datetime.datetime.now(datetime.timezone.utc)
        self.region = clients.region
        self.acm = clients.acm()
        self.warnings: List[str] = []  # for the module to pass on (tagged certificates that are no replacement)
        self._timing = {k: v for k, v in (("sleep", sleep), ("clock", clock)) if v is not None}
        # bad input before any call; tags read once a run (cached across the pipeline's waves)
        self.owners = owners.OwnerReader(clients, owners.parse_owner_tags(self.params["owner_tags"]), self.region)
        self.resolver = PairResolver(clients, self.params, check_mode, self.now)
        p = self.params
        self.retirement = PairRetirement(
            self.acm, self.scan, p["delete_old"], p["in_use_wait_timeout"],
            wait_deployed=self._wait_deployed_before_delete if p["wait_deployed"] else None, **self._timing)

    # --- the flow ---------------------------------------------------------------
    def run(self) -> Dict[str, Any]:
        resolved = self.resolver.resolve()
        self.warnings += resolved.warnings
        details = resolved.details
        present = [pair for pair in resolved.pairs if pair.old in details]
        # InUseBy of old certificates the search named in use: read while the consumers are
        # swapped. Those it named unused have none to read (InUse means InUseBy is not empty).
        with InUseByReader(self.acm, [pair.old for pair in present if pair.old in resolved.without_in_use_by
                                      and details[pair.old].get("InUse", True)]) as reader:
            return self._swap(resolved, present, reader)

    def _swap(self, resolved: ResolvedPairs, present: List[Pair], reader) -> Dict[str, Any]:
        index = self.scan([pair.old for pair in present])
        done = self.swap_pairs(present, resolved.details, reader, index)
        new_state = None if self.check_mode else self.replacement_state([pair.new for pair in present if pair.new])
        result = self.result(resolved.pairs, resolved.details, done, planned=resolved.planned, new_state=new_state)
        if done.failures:
            raise CertshiftError(failures_message(done.failures), **result)
        return result

    def swap_pairs(self, present: List[Pair], details: Details, reader, index: consumer_index.ConsumerIndex,
                   scan_after: bool = False, retire_in: Optional[Executor] = None) -> SwapOutcome:
        """Gate, plan and (unless checking) switch and retire the ``present`` pairs against
        ``index``; a SwapOutcome. ``scan_after``: always scan the consumers again once switched
        (the outcome's ``index``, current for whatever is swapped next), not only to retire.
        ``retire_in``: an executor where the deletes after the switch run once this returns;
        the outcome's ``retired`` future completes it (its index is current at once)."""
        p = self.params
        selected = [[r for r in index.consumers_of(pair.old) if swap_plan.is_selected(r, p["consumer_types"])]
                    for pair in present]
        swap_gate.check(present, details, selected, self.region, p["min_days_valid"], self.now)
        # Owners read the same way in check mode and a real run: the plan holds what they own.
        self.warnings += self.owners.detect([r for found in selected for r in found])

        actions = swap_plan.plan(index, present, p["consumer_types"], p["switch_owned_consumers"])
        actions_of: Dict[str, List[Dict[str, Any]]] = {}
        for a in actions:
            actions_of.setdefault(a["old_certificate_arn"], []).append(a)

        def judge(pair, listed=None):
            """(unknown consumers, why the delete is held or None) once the old one's InUseBy is known."""
            old = pair.old
            if listed is None:
                listed = reader.of(old) if reader is not None and old in reader else details[old].get("InUseBy")
            unknown = index.unknown_consumers(old, listed, replacement=pair.new)
            if not p["delete_old"]:
                return unknown, None
            return unknown, hold_reason(pair, (details.get(pair.new) or {}).get("Tags"),
                                        actions_of.get(old, []), unknown)

        done = SwapOutcome(actions, index)
        if self.check_mode:
            for pair in present:
                done.unknown[pair.old], done.holds[pair.old] = judge(pair)
            done.deleted = {pair.old: True for pair in present
                            if p["delete_old"] and done.holds[pair.old] is None}
            return _with_deletes(done, present)

        switched = {a["old_certificate_arn"] for a in swap_plan.changes(actions)}
        untouched = [pair for pair in present if pair.old not in switched]
        early = ThreadPoolExecutor(max_workers=1)
        try:
            # Nothing of theirs is switched, so the scan just taken is the fresh scan their
            # delete needs: they are deleted while the others' consumers are switched.
            early_retired = early.submit(self.retirement.retire, untouched, index, judge, set(), scan=index,
                                         in_use=searched_in_use(untouched, details))
            failed_olds = self._switch(present, actions, details, done)
            rescan = None
            if scan_after and switched:
                try:
                    rescan = self.scan([pair.old for pair in present])
                except (botocore.exceptions.ClientError, CertshiftError) as e:
                    # The switches stand and are reported; the deletes rescan (or hold), the next swap rescans.
                    done.failures.append({"action": None, "error": f"the consumer scan after the switch failed: "
                                                                   f"{error_message(e)}"})
            done.index = rescan if rescan is not None else (None if scan_after and switched else index)
        except BaseException:
            early.shutdown(wait=True)
            raise

        def retire():
            try:
                late = self.retirement.retire([pair for pair in present if pair.old in switched], index, judge,
                                              failed_olds, scan=rescan)
                first = early_retired.result()
                for retired in (late, first):
                    done.unknown.update(retired.unknown)
                    done.holds.update(retired.holds)
                done.deleted = {**late.deleted, **first.deleted}
                done.failures += late.failures + first.failures
            finally:
                early.shutdown(wait=True)
            return _with_deletes(done, present)

        if retire_in is None:
            return retire()
        done.retired = retire_in.submit(retire)
        return done

    def _switch(self, present: List[Pair], actions, details: Details, done: SwapOutcome) -> set:
        """Apply ``actions`` (and verify serving): the old ARNs whose switch or check failed."""
        p = self.params
        done.failures = self._applier().apply(actions)
        failed_olds = {f["action"]["old_certificate_arn"] for f in done.failures}
        if p["verify_serving"]:
            done.verified = serving_check.verify(self.acm, present, actions, details, failed_olds,
                                                 p["verify_port"], p["resolve"])
            for pair in present:
                bad = [v for v in done.verified.get(pair.old, []) if not v["certificate_matches"]]
                if bad:
                    failed_olds.add(pair.old)
                    done.failures.append({"action": None, "error": "; ".join(v["message"] for v in bad)})
        return failed_olds

    # --- steps ------------------------------------------------------------------
    def scan(self, old_arns: List[str]) -> consumer_index.ConsumerIndex:
        """The region's consumer index, read now; empty when no old certificate is left (nothing
        to discover)."""
        if not old_arns:
            return consumer_index.ConsumerIndex([], self.region)
        account = certificate_inventory.parse_arn(old_arns[0])[1]
        return consumer_index.build(self.clients, self.region, account)

    def _applier(self) -> Applier:
        p = self.params
        return Applier(self.clients, wait_deployed=p["wait_deployed"], deployed_wait_timeout=p["deployed_wait_timeout"],
                       **self._timing)

    def _wait_deployed_before_delete(self, distribution_id: str) -> None:
        self._applier().wait_until_deployed(self.clients.cloudfront(), distribution_id,
                                            "before deleting the old certificate")

    def replacement_state(self, arns: List[str]) -> Details:
        """{ARN: detail} of the replacements as ACM sees them after the swap (status, validation
        method, InUse, renewal eligibility): whether each will renew by itself, from the
        SearchCertificates pages of DNS-validated certificates rather than a describe each."""
        return self.resolver.replacement_details(arns) if arns else {}  # the first search is stale now

    def result(self, pairs: List[Pair], details: Details, done: SwapOutcome, planned=None,
               new_state: Optional[Details] = None) -> Dict[str, Any]:
        """The module's result for ``pairs``, from one SwapOutcome (or several merged)."""
        return swap_result(pairs, details, done, self.region, self.params, self.check_mode, planned=planned,
                           new_state=new_state)


def _with_deletes(done: SwapOutcome, present: List[Pair]) -> SwapOutcome:
    for pair in present:
        if done.deleted.get(pair.old) is True:
            done.actions.append(swap_plan.delete_action(pair))
    return done
