# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One old certificate's replacement as it goes: what the plan decided (migration_plan), then what
the later steps add (the new ARN, its validation records, a failure). Reported through
migration_result, which keeps the module's result shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

Detail = Dict[str, Any]

# What plan_certificate decides; planned again from a fresh DescribeCertificate (replan).
PLANNED = ("names", "skipped", "replacement", "request", "failed_replacements", "other_replacements",
           "ignored_replacements")


@dataclass
class CertificatePlan:
    """``skipped``: why nothing is done (None: go on); ``replacement``: the reused or new replacement's
    detail; ``request``: the RequestCertificate arguments (None: nothing to request);
    ``failed_replacements`` ({arn, status, reasons}), ``other_replacements`` (ARNs) and
    ``ignored_replacements`` ({arn, reason}): earlier replacements, reported.
    Added later: ``new_arn`` (requested by this run), ``records`` (the publisher's planned
    entries), ``failure`` ({status, reasons} of a replacement that did not validate), ``error``
    ({step, message} of a call that failed for this certificate), ``held`` (kept, not replaced)."""

    old_arn: str
    names: List[str]
    skipped: Optional[str] = None
    replacement: Optional[Detail] = None
    request: Optional[Detail] = None
    failed_replacements: List[Detail] = field(default_factory=list)
    other_replacements: List[str] = field(default_factory=list)
    ignored_replacements: List[Detail] = field(default_factory=list)
    new_arn: Optional[str] = None
    records: List[Detail] = field(default_factory=list)
    failure: Optional[Detail] = None
    error: Optional[Dict[str, str]] = None
    held: bool = False

    def replan(self, other: CertificatePlan) -> None:
        """Take ``other``'s decisions (a plan of the same certificate from a fresher detail); what later
        steps added stays."""
        for name in PLANNED:
            setattr(self, name, getattr(other, name))

    def skip(self, reason: str) -> None:
        self.skipped, self.request = reason, None

    def hold(self, reason: str) -> None:
        self.skip(reason)
        self.held = True

    @property
    def replacement_arn(self) -> Optional[str]:
        return (self.replacement or {}).get("CertificateArn")

    @property
    def replacement_status(self) -> Optional[str]:
        return (self.replacement or {}).get("Status")
