# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Retire an old certificate once nothing uses it.

Deleted only when all of these hold:
- the new certificate carries the replacement tag naming the old one (``certshift:replaces``),
  even when the pair was given explicitly: the tag is the proof the two belong together,
  and it keeps a rollback (the pair reversed) from deleting the replacement;
- every consumer of the old certificate was switched (none filtered out, none failed);
- ACM's ``InUseBy`` lists nothing our index cannot explain (an unknown consumer holds
  the delete);
- after the swap a fresh scan finds no consumer and ``InUseBy`` is empty (waiting a
  bounded time for ACM's lag);
- DeleteCertificate succeeds (ResourceInUseException: still in use; not found: already gone).

``hold_reason`` is pure and shared by check mode and the real run.
"""

from __future__ import annotations

import time

from .._aws import acm_api
from .._certificates.replacement_tags import REPLACES_TAG

POLL_SECONDS = 2.0
# A certificate already gone when this run came to delete it: deleted, but not by this run.
ABSENT = "absent"


def hold_reason(pair, new_tags, actions, unknown_consumers, failed=False):
    """Why the old certificate of ``pair`` must stay, judged before anything changes; None to delete."""
    old = pair.old
    if (new_tags or {}).get(REPLACES_TAG) != old:
        return (f"{pair.new} is not tagged {REPLACES_TAG}={old}; only a certificate's tagged replacement "
                "retires it (tag the replacement to allow the delete)")
    if unknown_consumers:
        return (f"ACM lists consumers this run cannot see or switch: {', '.join(unknown_consumers)}; "
                "move them to the replacement, then run again")
    kept = [a for a in actions if a["old_certificate_arn"] == old and a["action"] == "none"]
    if kept:
        return f"{len(kept)} consumer(s) keep the old certificate ({kept[0]['reason']})"
    if failed:
        return "a swap for this certificate failed"
    return None


class Retirer:
    def __init__(self, acm, in_use_wait_timeout=300, sleep=time.sleep, clock=time.monotonic,
                 poll_seconds=POLL_SECONDS):
        self.acm = acm
        self.in_use_wait_timeout = in_use_wait_timeout
        self.sleep = sleep
        self.clock = clock
        self.poll_seconds = poll_seconds

    def retire(self, old, index, swapped_in_use_arns, in_use=None):
        """(deleted, reason): deleted is True when this call deleted it, ABSENT when it was already gone
        (another run or a person deleted it), else False with the reason. ``index`` is the scan taken after the swap;
        ``swapped_in_use_arns`` are the InUseBy entries our swaps explain (allowed to lag).
        ``in_use``: ACM's InUse flag when already known (SearchCertificates); False skips
        reading InUseBy, since DeleteCertificate refuses a certificate still in use anyway."""
        remaining = index.consumers_of(old)
        if remaining:
            where = ", ".join(sorted({r.get("listener_arn") or r["resource_arn"] for r in remaining}))
            return False, f"still used after the swap by {where}"
        if in_use is False:
            outcome = acm_api.delete_certificate(self.acm, old)
            if outcome != "in_use":
                return (True if outcome == "deleted" else ABSENT), None
            # The search lagged behind InUseBy: read it and wait below.
        deadline = self.clock() + self.in_use_wait_timeout
        while True:
            detail = acm_api.describe_certificate(self.acm, old, missing_ok=True)
            if detail is None:
                return ABSENT, None
            listed = detail.get("InUseBy") or []
            unknown = [arn for arn in listed if arn not in swapped_in_use_arns]
            if unknown:
                return False, (f"ACM lists consumers this run cannot see or switch: {', '.join(unknown)}; "
                               "move them to the replacement, then run again")
            if not listed:
                break
            if self.clock() >= deadline:
                return False, (f"ACM still lists {', '.join(listed)} in InUseBy {self.in_use_wait_timeout}s after "
                               "the swap (InUseBy lags behind changes); run again later to delete it")
            self.sleep(self.poll_seconds)
        outcome = acm_api.delete_certificate(self.acm, old)
        if outcome == "in_use":
            return False, "DeleteCertificate: ResourceInUseException, ACM still considers it in use; run again later"
        return (True if outcome == "deleted" else ABSENT), None
