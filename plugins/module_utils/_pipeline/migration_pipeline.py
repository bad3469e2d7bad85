# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_migrate's work for one region: each certificate's whole migration (request a
DNS-validated replacement, publish its records, wait until ISSUED, switch its consumers,
delete the old one) as one pipeline.

Run one after the other, acm_dns_migrate and acm_cert_swap each wait on their own quota:
every request (5/s) first, every delete (10/s) after. Here a replacement goes on as soon as
its records are read: a stage thread publishes what arrived, waits until it is ISSUED,
swaps and retires it, in waves, while later replacements are still being requested. The
deletes of one wave run while the next is requested, so a region takes about as long as
its requests.

Waves start every ``wave_seconds``. Each ends with a fresh scan of the consumers: the proof
its deletes need, and the index the next wave plans on (a listener may hold certificates of
several waves). A wave's deletes (10/s) then run while the next wave publishes, waits and
switches. Longer waves mean fewer scans. The last wave is the tail after the last request,
and so are the deletes of the wave before it: the two hold only the last TAIL_WAVES_SECONDS
of the requests, cut at the forecast of the last request (``RequestForecast``). By default
about four waves fit into the time the requests take, between 5 and 30 seconds each
(``auto_wave_seconds``).

Before the first request the swap's safety gate runs on the replacements as they will be
(the old names, ISSUED) against the consumer index: a consumer serving a name no replacement
would cover stops the run before anything changes, as acm_cert_swap would.

The old certificates' DescribeCertificate before their request (for the CT preference) also
gives their InUseBy, so the swap reads it again only for replacements of an earlier run.

Check mode runs the two modules' check modes in turn: the same prediction as calling them.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._certificates.in_use_by import InUseByReader
from .._replace.dns_migration import Migration
from .._replace.migration_result import failed_message
from .._swap import swap_gate, swap_plan
from .._swap.cert_swap import CertSwap
from .._swap.pair import Pair
from .._swap.pair_resolution import planned_replacement
from .._swap.swap_outcome import SwapOutcome, failures_message
from ..errors import CertshiftError, certificate_failures_message, from_client_error
from ..waves import DONE, RequestForecast, auto_wave_seconds, collect, wave_deadline

SWAP_OPTIONS = ("delete_old", "in_use_wait_timeout", "wait_deployed", "deployed_wait_timeout", "verify_serving",
                "verify_port", "resolve", "consumer_types", "min_days_valid", "owner_tags", "switch_owned_consumers")
PIPELINE_OPTIONS = ("wave_seconds",)


def dns_params(params):
    return {k: v for k, v in params.items() if k not in SWAP_OPTIONS + PIPELINE_OPTIONS}


def swap_params(params):
    return {k: params[k] for k in SWAP_OPTIONS if params.get(k) is not None}


class MigrationPipeline:
    def __init__(self, clients, params, check_mode, warn=None, clock=time.monotonic):
        self.clients = clients
        self.region = clients.region
        self.check_mode = check_mode
        # Check mode runs Migration.run, which then reads the consumer index itself (to hold what no twin could serve);
        # a real run reads it once, beside the plan, and hands it over.
        self.migration = Migration(clients, dns_params(params), check_mode, warn, scan_consumers=check_mode)
        self.warn = warn or (lambda message: None)
        self.swap_params = swap_params(params)
        self.swap = CertSwap(clients, self.swap_params, check_mode=check_mode)
        self.wave_seconds = None if params.get("wave_seconds") is None else float(params["wave_seconds"])
        self.clock = clock
        self.olds = {}  # {ARN: detail} of the old certificates as loaded
        self.pairs, self.details = [], {}  # swapped so far, and their certificates
        self.failed = {}  # {replacement ARN: status and reasons} of replacements that did not validate
        self.waves = 0
        self.forecast = RequestForecast(0, clock=clock)  # expected: set once the plan knows the requests

    def run(self):
        return self._predict() if self.check_mode else self._migrate()

    # --- check mode --------------------------------------------------------------
    def _predict(self):
        replaced = self.migration.run()
        would_wait = bool(self.migration.params.get("wait"))
        ready_statuses = ("ISSUED", "would_request", "PENDING_VALIDATION") if would_wait else ("ISSUED",)
        ready = [c["old_arn"] for c in replaced["certificates"] if not c["skipped"] and c["status"] in ready_statuses]
        if ready:
            planned = CertSwap(self.clients, {**self.swap_params, "certificate_arns": ready,
                                              "allow_planned_replacement": True},
                               check_mode=True)
            swapped = planned.run()
            self._pass_on_warnings(planned)
        else:
            swapped = self.swap.result([], {}, SwapOutcome())
        return _combined(replaced, swapped)

    # --- a real run --------------------------------------------------------------
    def _migrate(self):
        m = self.migration
        with ThreadPoolExecutor(max_workers=1) as background:
            olds, tags = m.load()
            self.olds = {o["CertificateArn"]: o for o in olds}
            # the consumer index, read while the plan and preflight read
            scanning = background.submit(self.swap.scan, [o["CertificateArn"] for o in olds])
            plans = m.plan(olds, tags)
            m.preflight(plans)
            index = scanning.result()
        m.consumers = index  # a certificate used by something no scan explains is held, not replaced
        # the owners' tags of every old certificate's consumers in one read; the waves then ask the cache
        self.swap.owners.prefetch([r for old in self.olds for r in index.consumers_of(old)])
        self._gate(plans, index)
        if self.wave_seconds is None:
            self.wave_seconds = auto_wave_seconds(sum(1 for p in plans if p.request))

        outcome = SwapOutcome(index=index)
        arrived, stop = queue.Queue(), threading.Event()
        reused = [p for p in plans if not p.skipped and not p.request]
        self.forecast.expected = sum(1 for p in plans if p.request)

        def on_records(p, detail, records):
            arrived.put((p, (detail, records)))

        try:
            with ThreadPoolExecutor(max_workers=1) as stages:
                staging = stages.submit(self._stages, reused, arrived, outcome, stop)
                try:
                    m.request(plans, on_records=on_records, on_requested=self.forecast.requested, cancelled=stop.is_set)
                finally:
                    arrived.put(DONE)
                staging.result()
        except CertshiftError as e:
            raise CertshiftError(e.msg, **{**e.details, **self._result(plans, outcome)}) from None
        except botocore.exceptions.ClientError as e:  # a wave's AWS error: report what was done with it
            raise from_client_error(e, **self._result(plans, outcome)) from None

        result = self._result(plans, outcome)
        problems = []
        failed = m.failed_certificates(plans)
        if failed:
            problems.append(certificate_failures_message(failed))
        if self.failed:
            problems.append(failed_message(self.failed))
        if outcome.failures:
            problems.append(failures_message(outcome.failures))
        if problems:
            raise CertshiftError(" | ".join(problems), **result)
        return result

    def _gate(self, plans, index):
        """The swap's safety gate before any request, on every replacement as it will be once ISSUED."""
        now = self.swap.now
        pairs, details = [], {}
        for p in plans:
            if p.skipped:
                continue
            old = self.olds[p.old_arn]
            planned = planned_replacement(old, now)
            new = p.replacement or planned
            if new.get("Status") != "ISSUED":
                new = {**new, "Status": "ISSUED", "NotAfter": planned["NotAfter"]}
            pairs.append(Pair(p.old_arn, new["CertificateArn"]))
            details[p.old_arn], details[new["CertificateArn"]] = old, new
        types = self.swap.params["consumer_types"]
        selected = [[r for r in index.consumers_of(pair.old) if swap_plan.is_selected(r, types)] for pair in pairs]
        swap_gate.check(pairs, details, selected, self.region, self.swap.params["min_days_valid"], now)

    def _stages(self, first, arrived, outcome, stop):
        """Publish, wait for and swap what has arrived, a wave at a time, until the last request.
        A wave's deletes run while the next wave works (one wave's deletes at a time)."""
        retiring = ThreadPoolExecutor(max_workers=1)
        swapped = []
        try:
            wave, finished = list(first), False
            while True:
                started = self.clock()
                _raise_failed_retire(swapped)
                if wave and outcome.index is None:  # the last wave's scan failed: plan on a fresh one
                    outcome.index = self.swap.scan(list(self.olds))
                done = self._wave(wave, outcome, retiring) if wave else None
                if done is not None:
                    swapped.append(done)
                if finished:
                    break
                until = wave_deadline(started, self.wave_seconds, self.forecast.end())
                requested, finished = collect(arrived, until, self.clock)
                self.migration.plan_records(requested)
                wave = [p for p, _records in requested]
        except BaseException:
            stop.set()  # no further requests; the ones in flight finish
            raise
        finally:
            retiring.shutdown(wait=True)
            for done in swapped:
                if done.retired.exception() is None:
                    outcome.merge(done)
        _raise_failed_retire(swapped)

    def _wave(self, plans, outcome, retiring):
        """The SwapOutcome of swapping ``plans`` (its deletes still running in ``retiring``), or None."""
        m = self.migration
        self.waves += 1
        m.publish(plans)
        m.confirm_dns(plans)
        self.failed.update(m.wait_issued(plans))
        ready = [p for p in plans if p.replacement_status == "ISSUED"]
        if not ready:
            return None
        pairs, details = [], {}
        for p in ready:
            old_arn, new = p.old_arn, p.replacement
            tags = new.get("Tags") or {t["Key"]: t["Value"] for t in (p.request or {}).get("Tags", [])}
            pairs.append(Pair(old_arn, new["CertificateArn"]))
            details[old_arn] = m.described.get(old_arn) or self.olds[old_arn]
            details[new["CertificateArn"]] = {**new, "Tags": tags}
        # InUseBy is known for old certificates described before their request; the others
        # (replacements of an earlier run) are read while their consumers are switched.
        unread = [pair.old for pair in pairs
                  if "InUseBy" not in details[pair.old] and details[pair.old].get("InUse", True)]
        reader = InUseByReader(m.acm, unread)
        try:
            done = self.swap.swap_pairs(pairs, details, reader, outcome.index, scan_after=True, retire_in=retiring)
        except BaseException:
            reader.close()
            raise
        done.retired.add_done_callback(lambda _retired: reader.close())  # the deletes judge on its InUseBy
        outcome.index = done.index  # the next wave plans on the scan taken after this one's switch
        self.pairs += pairs
        self.details.update(details)
        return done

    def _pass_on_warnings(self, swap):
        """The swap's warnings (owners that could not be read, tagged certificates that are no replacement)."""
        for message in dict.fromkeys(swap.warnings):
            self.warn(message)
        swap.warnings = []

    def _result(self, plans, outcome):
        replaced = self.migration.summary(plans)
        new_state = self.swap.replacement_state([pair.new for pair in self.pairs if pair.new]) if self.pairs else None
        swapped = self.swap.result(self.pairs, self.details, outcome, new_state=new_state)
        self._pass_on_warnings(self.swap)
        result = _combined(replaced, swapped)
        result["waves"] = self.waves
        return result


def _raise_failed_retire(swapped):
    for done in swapped:
        if done.retired.done() and done.retired.exception() is not None:
            raise done.retired.exception()


def _combined(replaced, swapped):
    return {
        "changed": bool(replaced["changed"] or swapped["changed"]),
        "region": swapped["region"],
        "certificates": replaced["certificates"],
        "swap": {k: swapped[k] for k in ("actions", "pairs")},
        "diff": {"before": {"replacements": replaced["diff"]["before"], "consumers": swapped["diff"]["before"]},
                 "after": {"replacements": replaced["diff"]["after"], "consumers": swapped["diff"]["after"]}},
    }
