# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which certificates can move from EMAIL to DNS validation at all, in place or by replacement:
ISSUED, ACM-issued (public) and EMAIL-validated. Pure."""

from __future__ import annotations

from .validation_methods import validation_methods


def not_movable(detail):
    """Why ``detail`` cannot move to DNS validation either way, or None."""
    ctype = detail.get("Type")
    if ctype == "IMPORTED":
        return "imported certificate: ACM does not validate or renew it; import its renewal instead"
    if ctype == "PRIVATE":
        return "private CA certificate: it is not domain-validated"
    if ctype != "AMAZON_ISSUED":
        return f"certificate type {ctype} is not AMAZON_ISSUED"
    if detail.get("Status") != "ISSUED":
        return f"status {detail.get('Status')}: only ISSUED certificates are migrated"
    methods = validation_methods(detail)
    if methods and "EMAIL" not in methods:
        return f"already {'/'.join(sorted(methods))}-validated: ACM renews it while its validation records resolve"
    return None
