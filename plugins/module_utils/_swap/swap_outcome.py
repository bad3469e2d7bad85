# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What swapping some pairs did (SwapOutcome), and the one message naming what failed."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from . import swap_plan
from .._consumers.consumer_index import ConsumerIndex

# deleted: True (this run deleted it), retire.ABSENT (already gone) or False
Deleted = Union[bool, str]


@dataclass
class SwapOutcome:
    """The actions (deletes included), per old ARN the unknown consumers, why a delete was held
    and whether it was deleted, the serving checks, the failed actions, and the consumer index
    current after it. ``retired``: the future of deletes still running (CertSwap.swap_pairs'
    ``retire_in``); the rest is final once it is done."""

    actions: list[dict[str, Any]] = field(default_factory=list)
    index: Optional[ConsumerIndex] = None
    unknown: dict[str, list[str]] = field(default_factory=dict)
    holds: dict[str, Optional[str]] = field(default_factory=dict)
    deleted: dict[str, Deleted] = field(default_factory=dict)
    verified: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)
    retired: Optional[Future] = None

    def merge(self, other: SwapOutcome) -> None:
        self.actions += other.actions
        self.unknown.update(other.unknown)
        self.holds.update(other.holds)
        self.deleted.update(other.deleted)
        self.verified.update(other.verified)
        self.failures += other.failures
        self.index = other.index


def failures_message(failures: list[dict[str, Any]]) -> str:
    return ("some consumers were not switched: " + "; ".join(_failure_text(f) for f in failures)
            + " (the others were; run again to finish)")


def _failure_text(failure: dict[str, Any]) -> str:
    action = failure["action"]
    if action is None:
        return failure["error"]
    return f"{swap_plan.label(action)}: {failure['error']}"
