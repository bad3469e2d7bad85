"""moto's server in this process: every AWS request passes the hooks features registered
(sandbox.hooks) before moto answers it; /_sandbox/ goes to the control API.

Corrections patch moto's backends, and moto keeps state per process, so they
must run where the requests are served: we start ThreadedMotoServer ourselves
(``python -m sandbox serve``, sandbox/__main__.py, applies them first). Nothing the
server imports imports it back.
"""

from __future__ import annotations

import io
import os
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

from . import control, hooks, iam_context, moto_internals, operations, patching
from .hooks import CALLS, HookResponse


class SandboxApp:
    def __init__(self):
        self.moto = moto_internals.moto_app()

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        if environ.get("PATH_INFO", "").startswith(control.PREFIX):
            return control.handle(environ, start_response, body)
        service, action, region, access_key = operations.identify(environ, body)
        call = CALLS.record(service, action, environ.get("HTTP_USER_AGENT"),
                            iam_context.request_context(service, action, environ, body)) if action else None
        hooks.begin_request()
        try:
            for hook in hooks.BEFORE_REQUEST:
                hook(service, action, region, access_key, environ)
            return self.moto(environ, start_response)
        except HookResponse as r:
            if call is not None:
                CALLS.intercepted(call, r.outcome)
            start_response(r.status, r.headers)
            return [r.body]
        finally:
            for hook in hooks.AFTER_REQUEST:
                hook(service, action, region, access_key, environ)
            hooks.end_request()


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class SandboxServer(moto_internals.ThreadedMotoServer):
    def __init__(self, host="127.0.0.1", port=0):
        super().__init__(ip_address=host, port=port, verbose=False)

    def _server_entry(self):
        self._server = make_server(self._ip_address, self._port, SandboxApp(), threaded=True, request_handler=_QuietHandler)
        self._server_ready_event.set()
        self._server.serve_forever()

    @property
    def endpoint(self):
        host, port = self.get_host_and_port()
        return f"http://{host}:{port}"


@control.route("GET", "health")
def _health(_payload):
    return {"ok": True, "pid": os.getpid()}


@control.route("GET", "patches")
def _patches(_payload):
    """Every moto attribute the sandbox replaced (sandbox.patching), as [owner, name]."""
    return {"patches": [[patching.owner_name(owner), name] for owner, name, _ in patching.patches()]}


@control.route("GET", "calls")
def _calls(_payload):
    return CALLS.snapshot()


@control.route("GET", "calls/timeline")
def _calls_timeline(_payload):
    return {"calls": CALLS.timeline()}


@control.route("GET", "calls/contexts")
def _calls_contexts(_payload):
    return {"contexts": CALLS.contexts()}


@control.route("POST", "calls/reset")
def _calls_reset(_payload):
    CALLS.reset()
    return CALLS.snapshot()


@control.route("POST", "reset")
def _reset(_payload):
    moto_internals.moto_api_backend.reset()
    for hook in hooks.RESET_HOOKS:
        hook()
    CALLS.reset()
    return {"reset": True}


# Set by POST /_sandbox/shutdown (and SIGTERM/SIGINT in __main__): serve() returns.
STOP = threading.Event()


@control.route("POST", "shutdown")
def _shutdown(_payload):
    STOP.set()
    return {"stopping": True}
