"""Launch moto's server in this process, with the sandbox's corrections applied.

Corrections patch moto's backends, and moto keeps state per process, so they
must run where the requests are served: we start ThreadedMotoServer ourselves.
"""

from __future__ import annotations

import io
import json
import os
import threading

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import WSGIRequestHandler, make_server

from . import control, iam_context, operations
from .calls import CallLog

CALLS = CallLog()

# Hooks run around every AWS request: (service, action, region, access_key, environ) -> None.
# Opt-in behaviours (latency, quotas, faults) register here; a hook may raise
# HookResponse to answer instead of moto.
BEFORE_REQUEST = []

# Run after every AWS request whose BEFORE_REQUEST hooks were started, answered or not:
# (service, action, region, access_key, environ) -> None.
AFTER_REQUEST = []

_request = threading.local()


def request_cache():
    """A dict that lives as long as the AWS request this thread serves (features keep what
    they read once per request in it), or None outside an AWS request."""
    return getattr(_request, "cache", None)


# Called after moto's state is wiped by POST /_sandbox/reset, so features can clear their own.
RESET_HOOKS = []


class HookResponse(Exception):
    """A hook's answer in place of moto's; ``outcome`` names it in the call timeline
    (an error code, "reset", "lost")."""

    def __init__(self, status, body, headers=None, outcome=None):
        super().__init__(status)
        self.status = status
        self.body = body
        self.headers = headers or []
        self.outcome = outcome or status


class SandboxApp:
    def __init__(self):
        self.moto = DomainDispatcherApplication(create_backend_app)

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        if environ.get("PATH_INFO", "").startswith(control.PREFIX):
            return control.handle(environ, start_response, body)
        service, action, region, access_key = operations.identify(environ, body)
        call = CALLS.record(service, action, environ.get("HTTP_USER_AGENT"),
                            iam_context.request_context(service, action, environ, body)) if action else None
        _request.cache = {}
        try:
            for hook in BEFORE_REQUEST:
                hook(service, action, region, access_key, environ)
            return self.moto(environ, start_response)
        except HookResponse as r:
            if call is not None:
                CALLS.intercepted(call, r.outcome)
            start_response(r.status, r.headers)
            return [r.body]
        finally:
            for hook in AFTER_REQUEST:
                hook(service, action, region, access_key, environ)
            _request.cache = None


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class SandboxServer(ThreadedMotoServer):
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
    from moto.moto_api._internal.models import moto_api_backend

    moto_api_backend.reset()
    for hook in RESET_HOOKS:
        hook()
    CALLS.reset()
    return {"reset": True}


_stop = threading.Event()


@control.route("POST", "shutdown")
def _shutdown(_payload):
    _stop.set()
    return {"stopping": True}


def serve(host="127.0.0.1", port=0, endpoint_file=None, fleets=(), quiet=False):
    """Start, apply corrections, seed fleets, write the endpoint, block until stopped."""
    from . import corrections, features, speedups

    corrections.apply_all()
    speedups.apply()
    features.load_all()
    server = SandboxServer(host, port)
    server.start()
    endpoint = server.endpoint
    for fleet in fleets:
        features.seed(endpoint, fleet)
    info = {"endpoint": endpoint, "pid": os.getpid(), "fleets": list(fleets)}
    if endpoint_file:
        tmp = f"{endpoint_file}.tmp"
        with open(tmp, "w") as f:
            json.dump(info, f)
        os.replace(tmp, endpoint_file)
    if not quiet:
        print(f"sandbox listening on {endpoint} (pid {os.getpid()})", flush=True)
    try:
        _stop.wait()
    finally:
        server.stop()
        if endpoint_file and os.path.exists(endpoint_file):
            os.unlink(endpoint_file)
