# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Consumers that cannot be switched to another certificate in place, recognised by the ARN ACM
lists in InUseBy: AppSync custom domains, IoT Core domain configurations and Verified Access
endpoints take their certificate when created; changing it means recreating them
(an outage). Only the in-place validation migration (the ARN kept) keeps them up, so the
replacement path never requests a twin for a certificate they use, and the audit says why."""

from __future__ import annotations

import re
from typing import List, Optional, Pattern, Tuple

# (ARN pattern with the resource's name as its group, what it is in a message)
_KINDS: Tuple[Tuple[Pattern[str], str], ...] = (
    (re.compile(r"^arn:[^:]+:appsync:[^:]*:[^:]*:domainnames/(?P<name>[^/]+)$"), "AppSync custom domain"),
    (re.compile(r"^arn:[^:]+:iot:[^:]*:[^:]*:domainconfiguration/(?P<name>[^/]+)(?:/[^/]*)?$"),
     "IoT Core domain configuration"),
    (re.compile(r"^arn:[^:]+:ec2:[^:]*:[^:]*:verified-access-endpoint/(?P<name>[^/]+)$"), "Verified Access endpoint"),
)

IN_PLACE = "migrate it in place instead (strategy auto or in_place keeps its ARN, so they stay up)"


def recognise(arn: str) -> Optional[str]:
    """``AppSync custom domain api.example.com`` for an InUseBy ARN of a consumer with no in-place
    certificate switch, else None."""
    for pattern, kind in _KINDS:
        found = pattern.match(arn or "")
        if found:
            return f"{kind} {found.group('name')}"
    return None


def describe(arn: str) -> str:
    """An InUseBy ARN in a message: the consumer's kind and name where recognised, with its ARN."""
    name = recognise(arn)
    return f"{name} ({arn})" if name else arn


def hold_reason(unknown: List[str]) -> str:
    """Why a certificate used by ``unknown`` (InUseBy ARNs no consumer scan can switch) is not replaced."""
    fixed = [arn for arn in unknown if recognise(arn)]
    others = [arn for arn in unknown if not recognise(arn)]
    parts = []
    if fixed:
        parts.append(f"{', '.join(describe(arn) for arn in fixed)}, which cannot take another certificate in place "
                     "(only by being recreated)")
    if others:
        parts.append(f"{', '.join(others)}, which no consumer scan can switch to a replacement")
    return f"held, not replaced: used by {'; and by '.join(parts)}; {IN_PLACE}"
