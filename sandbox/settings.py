"""Tunable sandbox behaviour, changed at run time over the control API.

GET /_sandbox/settings shows them; POST /_sandbox/settings {"name": value, ...}
changes them; /_sandbox/reset restores the defaults. Features read
``settings.get(name)`` at request time.
"""

from __future__ import annotations

import copy
import threading

from . import control, hooks

DEFAULTS = {
    # ACM: seconds after its CNAMEs exist before a DNS-validated request becomes ISSUED.
    "acm_issue_delay_seconds": 0.0,
    # ACM: DNS servers ("ip:port") asked for validation CNAMEs besides sandbox Route53 zones.
    "acm_dns_servers": [],
    # CloudFront: seconds a distribution stays InProgress after an update.
    "cloudfront_deploy_seconds": 0.0,
}

_lock = threading.Lock()
_current = copy.deepcopy(DEFAULTS)
# name -> check(value), raising ValueError naming what is allowed.
_checks = {}


def get(name):
    with _lock:
        value = _current[name]
    # Read on every request: copy only what a caller could change.
    return copy.deepcopy(value) if isinstance(value, (dict, list, set)) else value


def register(name, default, check=None):
    """Features add their own settings at import time; ``check(value)`` raises ValueError
    for a value the feature cannot use, so POST /_sandbox/settings answers 400."""
    with _lock:
        if check is not None:
            _checks[name] = check
        DEFAULTS.setdefault(name, default)
        _current.setdefault(name, copy.deepcopy(default))


@control.route("GET", "settings")
def _show(_payload):
    with _lock:
        return copy.deepcopy(_current)


@control.route("POST", "settings")
def _update(payload):
    with _lock:
        unknown = sorted(set(payload) - set(_current))
        if unknown:
            raise control.BadRequest(f"unknown sandbox settings {unknown}; known: {sorted(_current)}")
        for name, value in payload.items():
            try:
                _checks.get(name, lambda _value: None)(value)
            except ValueError as e:
                raise control.BadRequest(f"sandbox setting {name}={value!r}: {e}; nothing changed") from None
        _current.update(copy.deepcopy(payload))
        return copy.deepcopy(_current)


def _restore_defaults():
    with _lock:
        _current.clear()
        _current.update(copy.deepcopy(DEFAULTS))


hooks.RESET_HOOKS.append(_restore_defaults)
