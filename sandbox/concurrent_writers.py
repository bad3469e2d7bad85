"""Simulated concurrent writers, for tests of optimistic locking.

Setting ``cloudfront_concurrent_updates`` (default 0): that many of the next
``UpdateDistribution`` requests find that somebody else updated the distribution
between the caller's read and its write. The hook gives the distribution a new
ETag just before moto serves the request, so an ``IfMatch`` read earlier is
stale and CloudFront answers PreconditionFailed, as AWS does when two writers
race. Each simulated write is recorded (``GET /_sandbox/concurrent_writes``).
"""

from __future__ import annotations

import re
import threading

from . import control, hooks, moto_internals, settings

SETTING = "cloudfront_concurrent_updates"
settings.register(SETTING, 0)

_PATH = re.compile(r"/2020-05-31/distribution/(?P<id>[^/]+)/config/?$")
_lock = threading.Lock()
_writes = []


def _before_request(service, action, region, access_key, environ):
    if service != "cloudfront" or action != "UpdateDistribution":
        return
    m = _PATH.search(environ.get("PATH_INFO", ""))
    if not m:
        return
    with _lock:
        remaining = int(settings.get(SETTING) or 0)
        if remaining <= 0:
            return
        for account_backends in list(dict.values(moto_internals.cloudfront_backends)):
            for backend in list(dict.values(account_backends)):
                dist = backend.distributions.get(m.group("id"))
                if dist is not None:
                    dist.etag = moto_internals.cloudfront_random_id()
                    _writes.append({"distribution_id": m.group("id"), "etag": dist.etag})
                    settings._update({SETTING: remaining - 1})  # noqa: SLF001 - the settings route's own setter
                    return


@control.route("GET", "concurrent_writes")
def _show(_payload):
    with _lock:
        return {"writes": list(_writes)}


def _reset():
    with _lock:
        _writes.clear()


hooks.BEFORE_REQUEST.append(_before_request)
hooks.RESET_HOOKS.append(_reset)
