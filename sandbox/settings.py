"""Tunable sandbox behaviour, changed at run time over the control API.

GET /_sandbox/settings shows them; POST /_sandbox/settings {"name": value, ...}
changes them; /_sandbox/reset restores the defaults. Features read
``settings.get(name)`` at request time.
"""

from __future__ import annotations

import copy
import threading

from . import control, server

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


def get(name):
    with _lock:
        value = _current[name]
    # Read on every request: copy only what a caller could change.
    return copy.deepcopy(value) if isinstance(value, (dict, list, set)) else value


def register(name, default):
    """Features add their own settings at import time."""
    with _lock:
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
            raise KeyError(f"unknown sandbox settings {unknown}; known: {sorted(_current)}")
        _current.update(copy.deepcopy(payload))
        return copy.deepcopy(_current)


def _restore_defaults():
    with _lock:
        _current.clear()
        _current.update(copy.deepcopy(DEFAULTS))


server.RESET_HOOKS.append(_restore_defaults)
