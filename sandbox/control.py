"""The sandbox's own HTTP API under /_sandbox/: JSON in, JSON out.

Features register a handler per route; the server dispatches to them. Every
handler runs inside the server process, next to moto's backends.
"""

from __future__ import annotations

import json
import traceback

PREFIX = "/_sandbox/"

_routes = {}


class BadRequest(ValueError):
    """Raised by a handler for bad input: answered 400 with the message, no traceback."""


def route(method, path):
    """Register ``func(payload: dict) -> dict`` for ``METHOD /_sandbox/<path>``."""

    def register(func):
        _routes[(method, path)] = func
        return func

    return register


def handle(environ, start_response, body):
    path = environ.get("PATH_INFO", "")[len(PREFIX):].strip("/")
    method = environ.get("REQUEST_METHOD", "GET")
    handler = _routes.get((method, path))
    if handler is None:
        return _reply(start_response, 404, {"error": f"no sandbox route {method} /{path}",
                                            "routes": sorted(f"{m} {p}" for m, p in _routes)})
    try:
        payload = json.loads(body or b"{}")
        return _reply(start_response, 200, handler(payload) or {})
    except BadRequest as e:
        return _reply(start_response, 400, {"error": str(e)})
    except Exception as e:  # the control API reports, it never kills the server
        return _reply(start_response, 500, {"error": f"{type(e).__name__}: {e}", "traceback": traceback.format_exc()})


def _reply(start_response, status, payload):
    data = json.dumps(payload, default=str).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}[status]
    start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
