# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One old certificate and the replacement its consumers move to (a swap, a rollback reversed)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pair:
    """``old``: the certificate ARN consumers leave; ``new``: the one they move to (None where the old
    certificate is already gone and nothing is left to swap)."""

    old: str
    new: str | None
