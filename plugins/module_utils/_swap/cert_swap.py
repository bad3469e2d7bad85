# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_cert_swap's flow for one region: resolve pairs, load certificates, build the
consumer index once, gate, plan, then (unless checking) apply, verify and retire.

Check mode stops after planning; its ``actions`` are the ones a real run applies
(the delete of an old certificate is predicted from what ACM shows now; a real run
may still hold it while ACM's InUseBy lags behind the swap).
"""

from __future__ import annotations

import datetime
import uuid
from concurrent.futures import ThreadPoolExecutor

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._aws import acm_api, tagging_api
from .._certificates import certificate_inventory
from .._certificates.in_use_by import InUseByReader
from .._certificates.replacement_lookup import classify, find_replacements, ignored_message
from .._certificates.replacement_tags import REPLACES_TAG
from .._certificates.validation_methods import validation_method
from .._probe import https_probe
from ..concurrency import map_concurrently
from ..option_choices import CONSUMER_TYPES
from ..domain_names import certificate_names
from ..errors import CertshiftError, describe_client_error
from . import consumer_index, swap_gate, swap_plan
from .retire import ABSENT, Retirer, hold_reason
from .swap_apply import Applier

DEFAULTS = {
    "pairs": None,
    "certificate_arns": None,
    "delete_old": False,
    "in_use_wait_timeout": 300,
    "wait_deployed": False,
    "wait_timeout": 1800,
    "verify_serving": False,
    "verify_port": 443,
    "resolve": [],
    "consumer_types": list(CONSUMER_TYPES),
    "min_days_valid": 30,
    "allow_planned_replacement": False,
}

# Stands in for a replacement acm_dns_migrate would request, so a playbook's --check run
# can predict the swaps of certificates not yet replaced. Its ARN is well formed (same
# region and account) but its ID is derived from the old ARN and exists nowhere.
PLANNED_NAMESPACE = uuid.UUID("6f1c6a52-8f5e-4c3b-9a61-2f0d7c3e9b10")
PLANNED_VALIDITY_DAYS = 198
# DeleteCertificate and DescribeCertificate allow 10/s each.
RETIRE_WORKERS = 10

# Replacements are DNS-validated certificates ACM issues.
REPLACEMENT_STATEMENT = certificate_inventory.metadata_filter(Type="AMAZON_ISSUED", ValidationMethod="DNS")


class CertSwap:
    def __init__(self, clients, params, check_mode=False, now=None, sleep=None, clock=None):
        self.clients = clients
        self.params = {**DEFAULTS, **{k: v for k, v in params.items() if v is not None}}
        self.check_mode = check_mode
        self.now = now or datetime.datetime.now(datetime.timezone.utc)
        self.region = clients.region
        self.acm = clients.acm()
        self._planned = set()
        self._new_state = {}
        self._without_in_use_by = set()
        self.warnings = []  # for the module to pass on (tagged certificates that are no replacement)
        self._timing = {k: v for k, v in (("sleep", sleep), ("clock", clock)) if v is not None}

    # --- the flow ---------------------------------------------------------------
    def run(self):
        pairs, details = self._resolve_pairs()
        present = [pair for pair in pairs if pair["old"] in details]
        # InUseBy of old certificates the search named in use: read while the consumers are
        # swapped. Those it named unused have none to read (InUse means InUseBy is not empty).
        with InUseByReader(self.acm, [pair["old"] for pair in present if pair["old"] in self._without_in_use_by
                                      and details[pair["old"]].get("InUse", True)]) as reader:
            return self._swap(pairs, present, details, reader)

    def _swap(self, pairs, present, details, reader):
        index = self.scan([pair["old"] for pair in present])
        done = self.swap_pairs(present, details, reader, index)
        if not self.check_mode:
            self._new_state = self._replacement_state([pair["new"] for pair in present])
        result = self.result(pairs, details, done)
        if done.failures:
            raise CertshiftError(failures_message(done.failures), **result)
        return result

    def swap_pairs(self, present, details, reader, index, scan_after=False, retire_in=None):
        """Gate, plan and (unless checking) switch and retire the ``present`` pairs against
        ``index``; a SwapOutcome. ``scan_after``: always scan the consumers again once switched
        (the outcome's ``index``, current for whatever is swapped next), not only to retire.
        ``retire_in``: an executor where the deletes after the switch run once this returns;
        the outcome's ``retired`` future completes it (its index is current at once)."""
        p = self.params
        selected = [[r for r in index.consumers_of(pair["old"]) if swap_plan.is_selected(r, p["consumer_types"])]
                    for pair in present]
        swap_gate.check(present, details, selected, self.region, p["min_days_valid"], self.now)

        actions = swap_plan.plan(index, present, p["consumer_types"])
        actions_of = {}
        for a in actions:
            actions_of.setdefault(a["old_certificate_arn"], []).append(a)

        def judge(pair, listed=None):
            """(unknown consumers, why the delete is held or None) once the old one's InUseBy is known."""
            old = pair["old"]
            if listed is None:
                listed = reader.of(old) if reader is not None and old in reader else details[old].get("InUseBy")
            unknown = index.unknown_consumers(old, listed)
            if not p["delete_old"]:
                return unknown, None
            return unknown, hold_reason(pair, (details.get(pair["new"]) or {}).get("Tags"),
                                        actions_of.get(old, []), unknown)

        done = SwapOutcome(actions, index)
        if self.check_mode:
            for pair in present:
                done.unknown[pair["old"]], done.holds[pair["old"]] = judge(pair)
            done.deleted = {pair["old"]: True for pair in present
                            if p["delete_old"] and done.holds[pair["old"]] is None}
            return self._with_deletes(done, present)

        switched = {a["old_certificate_arn"] for a in swap_plan.changes(actions)}
        untouched = [pair for pair in present if pair["old"] not in switched]
        early = ThreadPoolExecutor(max_workers=1)
        try:
            # Nothing of theirs is switched, so the scan just taken is the fresh scan their
            # delete needs: they are deleted while the others' consumers are switched.
            early_deleted = early.submit(self._retire, untouched, index, judge, set(), done.unknown, done.holds,
                                         scan=index, in_use=self._searched_in_use(untouched, details))
            done.failures = self._applier().apply(actions)
            failed_olds = {f["action"]["old_certificate_arn"] for f in done.failures}
            if p["verify_serving"]:
                done.verified = self._verify(present, actions, details, failed_olds)
                for pair in present:
                    bad = [v for v in done.verified.get(pair["old"], []) if not v["certificate_matches"]]
                    if bad:
                        failed_olds.add(pair["old"])
                        done.failures.append({"action": None, "error": "; ".join(v["message"] for v in bad)})
            rescan = None
            if scan_after and switched:
                try:
                    rescan = self.scan([pair["old"] for pair in present])
                except (botocore.exceptions.ClientError, CertshiftError) as e:
                    # The switches stand and are reported; the deletes rescan (or hold), the next swap rescans.
                    done.failures.append({"action": None, "error": f"the consumer scan after the switch failed: "
                                                                   f"{_message(e)}"})
            done.index = rescan if rescan is not None else (None if scan_after and switched else index)
        except BaseException:
            early.shutdown(wait=True)
            raise

        def retire():
            try:
                done.deleted, failures = self._retire([pair for pair in present if pair["old"] in switched], index,
                                                      judge, failed_olds, done.unknown, done.holds, scan=rescan)
                early_done, early_failures = early_deleted.result()
                done.deleted.update(early_done)
                done.failures += failures + early_failures
            finally:
                early.shutdown(wait=True)
            return self._with_deletes(done, present)

        if retire_in is None:
            return retire()
        done.retired = retire_in.submit(retire)
        return done

    @staticmethod
    def _with_deletes(done, present):
        for pair in present:
            if done.deleted.get(pair["old"]) is True:
                done.actions.append(swap_plan.delete_action(pair))
        return done

    # --- steps ------------------------------------------------------------------
    def _resolve_pairs(self):
        """Pairs and {arn: DescribeCertificate detail} of every certificate that exists
        (new ones with their Tags)."""
        p = self.params
        if p["pairs"] and p["certificate_arns"]:
            raise CertshiftError("give either pairs (old and new ARNs) or certificate_arns (old ARNs whose "
                                 f"replacement carries the {REPLACES_TAG} tag), not both")
        if not p["pairs"] and not p["certificate_arns"]:
            return [], {}
        if p["pairs"]:
            pairs = swap_gate.validate_pairs(p["pairs"], self.region)
            olds = self._load([pair["old"] for pair in pairs], with_tags=False)
            news = self._load([pair["new"] for pair in pairs], with_tags=True)
            return pairs, {**olds, **news}
        certificate_inventory.check_arns_in_region(p["certificate_arns"], self.region)
        old_arns = list(dict.fromkeys(p["certificate_arns"]))
        olds, searched = self._olds(old_arns)
        # Replacements by their tag in one tag:GetResources scan, their details from
        # SearchCertificates pages (500 a page); per-certificate calls only as fallbacks.
        tagged = tagging_api.acm_certificate_tags(self.clients.get("resourcegroupstaggingapi"), REPLACES_TAG) \
            if olds else None
        found = find_replacements(self.acm, list(olds.values()), tagged=tagged,
                                  details=lambda arns: self._replacement_details(arns, searched))
        pairs, details = [], dict(olds)
        for arn in old_arns:
            if arn not in olds:
                pairs.append({"old": arn, "new": None})  # already retired
                continue
            reusable, _failed, _others, ignored = classify(found.get(arn, []), olds[arn])
            if ignored:
                self.warnings.append(ignored_message(arn, ignored))
            if reusable is None and self.check_mode and p["allow_planned_replacement"]:
                reusable = self._planned_replacement(olds[arn])
            if reusable is None:
                raise CertshiftError(
                    f"no certificate tagged {REPLACES_TAG}={arn} exists: request the replacement first "
                    "(certshift.acm.acm_dns_migrate) or give the pair explicitly", certificate_arn=arn,
                )
            pairs.append({"old": arn, "new": reusable["CertificateArn"]})
            details[reusable["CertificateArn"]] = reusable
        return pairs, details

    def _olds(self, arns):
        """({ARN: detail} of the old certificates, {ARN: detail} of every certificate the search
        found, the replacements among them). From SearchCertificates pages (names, status: what
        the gate and plan need); their InUseBy is read in the background (``_without_in_use_by``).
        DescribeCertificate where the search is unavailable or has not caught up with one."""
        found = certificate_inventory.search(self.acm, None)
        if found is None:
            return self._load(arns, with_tags=False), {}
        olds = {arn: found[arn] for arn in arns if arn in found}
        self._without_in_use_by.update(olds)
        rest = [arn for arn in arns if arn not in olds]
        olds.update(self._load(rest, with_tags=False) if rest else {})
        return olds, found

    def _replacement_details(self, arns, searched=None):
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

    def _planned_replacement(self, old):
        planned = planned_replacement(old, self.now)
        self._planned.add(planned["CertificateArn"])
        return planned

    def _load(self, arns, with_tags):
        loaded = certificate_inventory.load(self.acm, arns=arns, with_tags=with_tags,
                                            missing_ok=True)
        return {d["CertificateArn"]: d for d in loaded}

    def scan(self, old_arns):
        """The region's consumer index, read now; empty when no old certificate is left (nothing
        to discover)."""
        if not old_arns:
            return consumer_index.ConsumerIndex([], self.region)
        account = certificate_inventory.parse_arn(old_arns[0])[1]
        return consumer_index.build(self.clients, self.region, account)

    def _applier(self):
        p = self.params
        return Applier(self.clients, wait_deployed=p["wait_deployed"], wait_timeout=p["wait_timeout"], **self._timing)

    def _verify(self, present, actions, details, failed_olds):
        """{old arn: [probe findings]} for the names the switched consumers serve."""
        p = self.params
        prober = https_probe.Prober(port=p["verify_port"], overrides=https_probe.parse_resolve(p["resolve"]))
        findings = {}
        for pair in present:
            if pair["old"] in failed_olds:
                continue
            switched = [a for a in swap_plan.changes(actions) if a["old_certificate_arn"] == pair["old"]]
            if not switched:
                continue
            names = []
            for action in switched:
                names.extend(action.get("aliases") or ([action["domain_name"]] if action.get("domain_name") else []))
                if action["resource_type"] in ("elbv2_default", "elbv2_sni", "elb"):
                    names.extend(n for n in certificate_names(details[pair["old"]])
                                 if not n.startswith("*."))
            names = list(dict.fromkeys(n.lower() for n in names))
            pem = acm_api.get_certificate_pem(self.acm, pair["new"])
            expected = https_probe.fingerprint(https_probe.pem_to_der(pem))
            probes = prober.probe_all(names)
            findings[pair["old"]] = [https_probe.compare(probes[n], expected, {expected: pair["new"]}) for n in names]
        return findings

    def _retire(self, present, index_before, judge, failed_olds, unknown, holds, scan=None, in_use=None):
        """({old arn: deleted}, failures) after the swap, filling ``unknown`` and ``holds``. A call that fails
        for one certificate (denied, not found...) holds that one's delete with the cause and is a failure;
        the others go on. ``deleted`` is True, or "absent" where the certificate was already gone. Each pair is
        judged as soon as its InUseBy arrives, and deleted then, so the deletes (10/s) run
        alongside the reads (10/s) instead of after them. ``scan``: a consumer scan already
        current for these pairs (none of their consumers was switched); ``in_use``: the ones
        ACM's search already reported in use (None: search again)."""
        delete_old = self.params["delete_old"]
        # Held whatever InUseBy says (tag, kept consumers, a failed swap): no rescan for those.
        candidates = {pair["old"] for pair in present if delete_old and pair["old"] not in failed_olds
                      and judge(pair, listed=[])[1] is None}
        rescan = retirer = still_in_use = None
        failures = []
        if candidates:
            try:
                rescan = scan if scan is not None else self.scan([pair["old"] for pair in present])
                # ACM's InUse flag for all of them in a few SearchCertificates pages; only those still
                # in use are described (InUseBy) and waited for. DeleteCertificate itself refuses a
                # certificate in use, so a lagging search never deletes one.
                still_in_use = in_use if in_use is not None else self._in_use(list(candidates))
            except (botocore.exceptions.ClientError, CertshiftError) as e:
                why = f"the consumer scan before the delete failed: {_message(e)}"
                failures.append({"action": None, "error": why})
                candidates, why_held = set(), f"kept: {why}"
            retirer = Retirer(self.acm, in_use_wait_timeout=self.params["in_use_wait_timeout"],
                              **self._timing)

        def judged(pair):
            old = pair["old"]
            found, hold = judge(pair)
            if hold is None and delete_old and old in failed_olds:
                hold = "a swap or check for this certificate failed"
            if hold is None and delete_old and old not in candidates and failures:
                hold = why_held
            if hold is not None or old not in candidates:
                return found, False, hold
            deploying = self._deploying(pair, rescan)
            if deploying:
                return found, False, deploying
            explained = {arn for r in index_before.consumers_of(old) for arn in r["in_use_arns"]}
            in_use = None if still_in_use is None else old in still_in_use
            done, reason = retirer.retire(old, rescan, explained, in_use=in_use)
            return found, done, reason

        def one(pair):
            try:
                return judged(pair)
            except (botocore.exceptions.ClientError, CertshiftError) as e:
                failures.append({"action": None, "error": f"{pair['old']} was not deleted: {_message(e)}"})
                return unknown.get(pair["old"], []), False, f"not deleted: {_message(e)}"

        deleted = {}
        for pair, (found, done, hold) in zip(present, map_concurrently(one, present, RETIRE_WORKERS)):
            unknown[pair["old"]], deleted[pair["old"]], holds[pair["old"]] = found, done, hold
        return deleted, failures

    def _deploying(self, pair, index):
        """Why the delete waits while a CloudFront distribution now on the replacement is
        still InProgress (its edge locations may serve the old certificate until Deployed),
        else None. This run's own changes were already waited for with wait_deployed; this
        catches the change of an interrupted earlier run. With wait_deployed, wait here."""
        in_flight = [r for r in index.consumers_of(pair["new"])
                     if r["type"] == "cloudfront" and r.get("status") not in (None, "Deployed")]
        if not in_flight:
            return None
        if self.params["wait_deployed"]:
            applier, client = self._applier(), self.clients.cloudfront()
            try:
                for record in in_flight:
                    applier._wait_deployed(client, record["distribution_id"], "before deleting the old certificate")
                return None
            except CertshiftError as e:
                return e.msg
        ids = ", ".join(r["distribution_id"] for r in in_flight)
        return (f"CloudFront distribution {ids} is still deploying its switch to {pair['new']} and may serve the "
                "old certificate until Deployed: run again once it is Deployed, or set wait_deployed")

    def _replacement_state(self, arns):
        """{ARN: detail} of the replacements as ACM sees them after the swap (status, validation
        method, InUse, renewal eligibility): whether each will renew by itself, from the
        SearchCertificates pages of DNS-validated certificates rather than a describe each."""
        return self._replacement_details(arns) if arns else {}  # the first search is stale now

    @staticmethod
    def _searched_in_use(pairs, details):
        """The old certificates of ``pairs`` the run's first search reported in use; None unless
        the search gave every one of them (a describe fallback has no InUse flag)."""
        if not all("InUse" in details[pair["old"]] for pair in pairs):
            return None
        return {pair["old"] for pair in pairs if details[pair["old"]]["InUse"]}

    def _in_use(self, arns):
        """The subset of ``arns`` ACM reports in use; None where SearchCertificates is unavailable."""
        in_use = certificate_inventory.search(self.acm, certificate_inventory.metadata_filter(InUse=True))
        return None if in_use is None else set(arns) & set(in_use)

    def result(self, pairs, details, done):
        """The module's result for ``pairs``, from one SwapOutcome (or several merged)."""
        actions, unknown, holds, deleted, verified = done.actions, done.unknown, done.holds, done.deleted, done.verified
        results = []
        by_old = {}
        for a in actions:
            by_old.setdefault(a["old_certificate_arn"], []).append(a)
        for pair in pairs:
            old = pair["old"]
            mine = by_old.get(old, [])
            entry = {
                "old_certificate_arn": old,
                "new_certificate_arn": pair["new"],
                "old_status": details[old].get("Status") if old in details else "absent",
                "consumers": len([a for a in mine if a["action"] != "delete"]),
                "switched": len([a for a in mine if a["action"] not in ("none", "delete")]),
                "unknown_consumers": unknown.get(old, []),
                "new_certificate_planned": pair["new"] in self._planned,
                # True only for this run's own delete: a concurrent run (or a person) may have deleted it first.
                "deleted": deleted.get(old) is True,
                "already_deleted": deleted.get(old) == ABSENT,
                "delete_held": holds.get(old) if self.params["delete_old"] and not deleted.get(old) else None,
            }
            if old not in details:
                entry["delete_held"] = None
            if self.params["verify_serving"] and not self.check_mode:
                entry["verified"] = verified.get(old, [])
            state = self._new_state.get(pair["new"])
            if state is not None:
                entry["new_certificate_state"] = {
                    "status": state.get("Status"),
                    "validation_method": validation_method(state),
                    "in_use": bool(state.get("InUse") or state.get("InUseBy")),
                    "renewal_eligibility": state.get("RenewalEligibility"),
                }
            results.append(entry)
        return {
            "changed": bool(swap_plan.changes(actions)),
            "region": self.region,
            "actions": actions,
            "pairs": results,
            "diff": swap_plan.diff(actions),
        }


def planned_replacement(old, now):
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


class SwapOutcome:
    """What swapping some pairs did: the actions (deletes included), per old ARN the unknown
    consumers, why a delete was held and whether it was deleted, the serving checks, the
    failed actions, and the consumer index current after it. ``retired``: the future of deletes
    still running (swap_pairs' ``retire_in``); the rest is final once it is done."""

    def __init__(self, actions=None, index=None):
        self.actions = actions if actions is not None else []
        self.index = index
        self.unknown, self.holds, self.deleted, self.verified = {}, {}, {}, {}
        self.failures = []
        self.retired = None

    def merge(self, other):
        self.actions += other.actions
        for mine, theirs in ((self.unknown, other.unknown), (self.holds, other.holds),
                             (self.deleted, other.deleted), (self.verified, other.verified)):
            mine.update(theirs)
        self.failures += other.failures
        self.index = other.index


def failures_message(failures):
    return ("some consumers were not switched: " + "; ".join(_failure_text(f) for f in failures)
            + " (the others were; run again to finish)")


def _failure_text(failure):
    action = failure["action"]
    if action is None:
        return failure["error"]
    return f"{swap_plan.label(action)}: {failure['error']}"


def _message(error):
    return error.msg if isinstance(error, CertshiftError) else describe_client_error(error)
