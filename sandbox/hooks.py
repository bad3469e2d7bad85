"""What features and corrections register with the sandbox server, kept apart from the server
so they can import it without importing the server (and the server never imports them).

- ``CALLS``: the log of every AWS request served (``calls.CallLog``).
- ``BEFORE_REQUEST`` / ``AFTER_REQUEST``: hooks run around every AWS request.
- ``RESET_HOOKS``: run after moto's state is wiped by ``POST /_sandbox/reset``.
- ``request_cache()``: a dict that lives as long as the AWS request this thread serves.
- ``HookResponse``: raised by a hook to answer instead of moto.
"""

from __future__ import annotations

import threading

from .calls import CallLog

CALLS = CallLog()

# Hooks run around every AWS request: (service, action, region, access_key, environ) -> None.
# Opt-in behaviours (latency, quotas, faults) register here; a hook may raise
# HookResponse to answer instead of moto.
BEFORE_REQUEST = []

# Run after every AWS request whose BEFORE_REQUEST hooks were started, answered or not:
# (service, action, region, access_key, environ) -> None.
AFTER_REQUEST = []

# Called after moto's state is wiped by POST /_sandbox/reset, so features can clear their own.
RESET_HOOKS = []

_request = threading.local()


def request_cache():
    """A dict that lives as long as the AWS request this thread serves (features keep what
    they read once per request in it), or None outside an AWS request."""
    return getattr(_request, "cache", None)


def begin_request():
    _request.cache = {}


def end_request():
    _request.cache = None


class HookResponse(Exception):
    """A hook's answer in place of moto's; ``outcome`` names it in the call timeline
    (an error code, "reset", "lost")."""

    def __init__(self, status, body, headers=None, outcome=None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or []
        self.outcome = outcome or status
