# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_cert_swap's last step: retire the old certificates of some pairs after their swap, each
as soon as its InUseBy is known (retire.Retirer does one certificate's delete)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._certificates import certificate_inventory
from ..concurrency import map_concurrently
from ..errors import CertshiftError, describe_client_error
from .._consumers.consumer_index import ConsumerIndex
from .._consumers.registry import of_record_type
from .pair import Pair
from .retire import Retirer
from .swap_outcome import Deleted

# DeleteCertificate and DescribeCertificate allow 10/s each.
RETIRE_WORKERS = 10

# (unknown consumers, why the delete is held or None) of a pair, given the old one's InUseBy
# (None: as read for it, [] for a verdict that does not depend on it).
Judge = Callable[..., Tuple[List[str], Optional[str]]]


@dataclass
class RetireResult:
    """Per old ARN: whether it was deleted (True, retire.ABSENT or False), its unknown consumers and
    why its delete was held; the failures of calls (one certificate's, the others went on)."""

    deleted: Dict[str, Deleted] = field(default_factory=dict)
    unknown: Dict[str, List[str]] = field(default_factory=dict)
    holds: Dict[str, Optional[str]] = field(default_factory=dict)
    failures: List[Dict[str, Any]] = field(default_factory=list)


class PairRetirement:
    """``scan(old_arns)``: a fresh consumer index; ``wait_deployed(distribution_id)``: wait until a
    CloudFront distribution is Deployed (None: do not wait, hold the delete instead). Other consumers
    still distributing a switch (ConsumerType.settling) hold the delete until a later run."""

    def __init__(self, acm, scan: Callable[[List[str]], ConsumerIndex], delete_old: bool,
                 in_use_wait_timeout: float, wait_deployed: Optional[Callable[[str], None]] = None, **timing):
        self.acm = acm
        self.scan = scan
        self.delete_old = delete_old
        self.in_use_wait_timeout = in_use_wait_timeout
        self.wait_deployed = wait_deployed
        self.timing = timing

    def retire(self, present: List[Pair], index_before: ConsumerIndex, judge: Judge, failed_olds: set,
               scan: Optional[ConsumerIndex] = None, in_use: Optional[set] = None) -> RetireResult:
        """Delete the old certificates of ``present`` that nothing uses any more. A call that fails for one
        certificate (denied, not found...) holds that one's delete with the cause and is a failure; the others
        go on. Each pair is judged as soon as its InUseBy arrives, and deleted then, so the deletes (10/s) run
        alongside the reads (10/s) instead of after them. ``scan``: a consumer scan already current for these
        pairs (none of their consumers was switched); ``in_use``: the ones ACM's search already reported in
        use (None: search again)."""
        delete_old = self.delete_old
        # Held whatever InUseBy says (tag, kept consumers, a failed swap): no rescan for those.
        candidates = {pair.old for pair in present if delete_old and pair.old not in failed_olds
                      and judge(pair, listed=[])[1] is None}
        rescan = retirer = still_in_use = None
        failures: List[Dict[str, Any]] = []
        if candidates:
            try:
                rescan = scan if scan is not None else self.scan([pair.old for pair in present])
                # ACM's InUse flag for all of them in a few SearchCertificates pages; only those still
                # in use are described (InUseBy) and waited for. DeleteCertificate itself refuses a
                # certificate in use, so a lagging search never deletes one.
                still_in_use = in_use if in_use is not None else self._in_use(list(candidates))
            except (botocore.exceptions.ClientError, CertshiftError) as e:
                why = f"the consumer scan before the delete failed: {error_message(e)}"
                failures.append({"action": None, "error": why})
                candidates, why_held = set(), f"kept: {why}"
            retirer = Retirer(self.acm, in_use_wait_timeout=self.in_use_wait_timeout,
                              **self.timing)

        def judged(pair):
            old = pair.old
            found, hold = judge(pair)
            if hold is None and delete_old and old in failed_olds:
                hold = "a swap or check for this certificate failed"
            if hold is None and delete_old and old not in candidates and failures:
                hold = why_held
            if hold is not None or old not in candidates:
                return found, False, hold
            settling = self._settling(pair, rescan)
            if settling:
                return found, False, settling
            explained = {arn for r in index_before.consumers_of(old) for arn in r["in_use_arns"]}
            in_use = None if still_in_use is None else old in still_in_use
            done, reason = retirer.retire(old, rescan, explained, in_use=in_use)
            return found, done, reason

        def one(pair):
            try:
                return judged(pair)
            except (botocore.exceptions.ClientError, CertshiftError) as e:
                failures.append({"action": None, "error": f"{pair.old} was not deleted: {error_message(e)}"})
                return [], False, f"not deleted: {error_message(e)}"

        result = RetireResult(failures=failures)
        for pair, (found, done, hold) in zip(present, map_concurrently(one, present, RETIRE_WORKERS)):
            result.unknown[pair.old], result.deleted[pair.old], result.holds[pair.old] = found, done, hold
        return result

    def _settling(self, pair, index):
        """Why the delete waits while a consumer now on the replacement still distributes its switch
        (ConsumerType.settling: a CloudFront distribution InProgress, a Cognito domain UPDATING), else None.
        This run's own CloudFront changes were already waited for with wait_deployed; this catches the
        change of an interrupted earlier run. With wait_deployed, CloudFront's are waited for here."""
        reasons = []
        for record in index.consumers_of(pair.new):
            reason = of_record_type(record["type"]).settling(record)
            if reason is not None and record["type"] == "cloudfront" and self.wait_deployed is not None:
                try:
                    self.wait_deployed(record["distribution_id"])
                    continue
                except CertshiftError as e:
                    return e.msg
            if reason is not None:
                reasons.append(reason)
        return "; ".join(reasons) or None

    def _in_use(self, arns):
        """The subset of ``arns`` ACM reports in use; None where SearchCertificates is unavailable."""
        in_use = certificate_inventory.search(self.acm, certificate_inventory.metadata_filter(InUse=True))
        return None if in_use is None else set(arns) & set(in_use)


def searched_in_use(pairs: List[Pair], details: Dict[str, Dict[str, Any]]) -> Optional[set]:
    """The old certificates of ``pairs`` the run's first search reported in use; None unless
    the search gave every one of them (a describe fallback has no InUse flag)."""
    if not all("InUse" in details[pair.old] for pair in pairs):
        return None
    return {pair.old for pair in pairs if details[pair.old]["InUse"]}


def error_message(error: Exception) -> str:
    return error.msg if isinstance(error, CertshiftError) else describe_client_error(error)
