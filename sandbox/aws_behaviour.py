"""Opt-in AWS-like behaviour: per-call latency, per-account/region/API rate quotas
(token buckets, throttling errors as each service words them) and fault injection
(throttles, HTTP 500/503, connection resets, slow responses).

All off by default; tests and benchmarks switch them on with settings:
  latency_ms: 40                        # added to every AWS call
  rate_quotas: true                     # enforce RATE_QUOTAS below
  faults: {"acm:DescribeCertificate": {"throttle": 0.1, "http500": 0.05, "http503": 0.05,
                                         "reset": 0.02, "slow": 0.05, "slow_ms": 2000,
                                         "lost": 0.02,   # served, answer lost
                                         "denied": 0},   # AccessDenied (403)
           "*": {...}}                  # "*" applies to every action
  fault_seed: 7                         # reproducible fault sequence
  pause_on: {"action": "acm:RequestCertificate", "after": 1}
                                        # hold every call of the action(s) after the first
                                        # N until released (see below)

Pausing lets a test stop a client at an exact point (interruption tests): with
``pause_on`` set, the first ``after`` matching calls pass and every later one is held
before moto sees it. ``action`` is one "service:Action" or a list of them (counted
together); optional ``region`` restricts the match. ``GET /_sandbox/pause`` shows
``{"paused": bool, "count": n, "held": [{action, region, seq}], "rule": ...}``, so a test
waits for ``paused``, kills its client and then ``POST /_sandbox/pause/release``
``{"mode": "drop"}`` (default: held calls are answered with a connection reset, as if
they never reached AWS) or ``{"mode": "proceed"}`` (moto serves them, as if AWS got
the request but the client never saw the answer); the rule is cleared either way.
A held call is released by itself after ``pause_timeout_seconds`` (mode drop).
"""

from __future__ import annotations

import io
import json
import random
import socket
import threading
import time
from collections import Counter

from . import control, hooks, moto_internals, settings

# Requests per second per account, region and action (aws-facts.md; ELB/CloudFront/
# API Gateway/Route53 from their documented API throttles).
RATE_QUOTAS = {
    "acm:DescribeCertificate": 10, "acm:GetCertificate": 10, "acm:ListTagsForCertificate": 10,
    "acm:AddTagsToCertificate": 10, "acm:DeleteCertificate": 10, "acm:ListCertificates": 8,
    "acm:RequestCertificate": 5, "acm:SearchCertificates": 5, "acm:ResendValidationEmail": 1,
    # UpdateCertificateOptions 5/s; ListCertificateDomainValidations is not in AWS's quota
    # table: aws-facts.md assumes 10/s, as DescribeCertificate.
    "acm:UpdateCertificateOptions": 5, "acm:ListCertificateDomainValidations": 10,
    "elbv2:*": 20, "elb:*": 20, "cloudfront:*": 20, "apigateway:*": 10, "apigatewayv2:*": 10,
    "elasticbeanstalk:*": 5,  # no documented rate: the collection's own conservative quota
    "route53:*": 5, "sts:*": 50,
    # Transfer Family and VPC Lattice publish no API rate: as the collection's own client-side quota.
    "transfer:*": 5, "vpc-lattice:*": 5, "opensearch:*": 10, "cognito-idp:*": 10,
}

# "lost": served by moto, then the connection is reset (the answer never arrives).
# "denied": the caller's policy does not allow the action (AccessDenied, HTTP 403).
FAULT_KINDS = ("throttle", "http500", "http503", "reset", "slow", "lost", "denied")

settings.register("latency_ms", 0)
settings.register("rate_quotas", False)
settings.register("faults", {})
settings.register("fault_seed", None)
settings.register("pause_on", None)
settings.register("pause_timeout_seconds", 300.0)

_lock = threading.Lock()
_buckets = {}
_stats = Counter()
# One random stream per API action, seeded from the fault seed: which call of an action
# faults does not depend on how the caller's threads interleave its calls to other actions.
_rngs = {}
_seed = [None]


class _Bucket:
    def __init__(self, rate):
        self.rate = float(rate)
        self.tokens = float(rate)
        self.last = time.monotonic()

    def take(self):
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


def _quota(service, action):
    return RATE_QUOTAS.get(f"{service}:{action}") or RATE_QUOTAS.get(f"{service}:*")


def _error(service, code, message, status):
    """An error body in the service's own protocol, so botocore parses the code."""
    # JSON-protocol services carry the code in __type (the tagging API is one of them).
    if service in ("acm", "resourcegroupstaggingapi", "transfer", "cognito-idp"):
        body = json.dumps({"__type": code, "message": message}).encode()
        return hooks.HookResponse(f"{status} Error", body, [("Content-Type", "application/x-amz-json-1.1"),
                                                              ("Content-Length", str(len(body)))], code)
    if service in ("apigateway", "apigatewayv2", "vpc-lattice", "opensearch"):
        body = json.dumps({"message": message}).encode()
        return hooks.HookResponse(f"{status} Error", body, [("Content-Type", "application/json"),
                                                              ("x-amzn-ErrorType", code),
                                                              ("Content-Length", str(len(body)))], code)
    if service in ("cloudfront", "route53"):
        body = (f'<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>'
                f"<Message>{message}</Message></Error><RequestId>sandbox</RequestId></ErrorResponse>").encode()
    else:  # query protocol: elb, elbv2, sts, iam
        body = (f'<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>'
                f"<Message>{message}</Message></Error><RequestId>sandbox</RequestId></ErrorResponse>").encode()
    return hooks.HookResponse(f"{status} Error", body, [("Content-Type", "text/xml"), ("Content-Length", str(len(body)))],
                               code)


_THROTTLE_CODES = {"acm": "ThrottlingException", "resourcegroupstaggingapi": "ThrottledException",
                   "transfer": "ThrottlingException", "vpc-lattice": "ThrottlingException",
                   "apigateway": "TooManyRequestsException",
                   "apigatewayv2": "TooManyRequestsException", "cognito-idp": "TooManyRequestsException",
                   "sts": "Throttling"}


def _throttle(service, action):
    code = _THROTTLE_CODES.get(service, "Throttling")
    status = 429 if service.startswith("apigateway") or service == "vpc-lattice" else 400
    return _error(service, code, f"Rate exceeded for {action}", status)


def _account_of(access_key):
    # moto maps assumed-role keys to their account; the default keys reach 123456789012.
    try:
        return moto_internals.get_account_id_from(access_key)
    except Exception:  # noqa: BLE001 - older/newer moto: fall back to the key itself
        return access_key or "default"


def before_request(service, action, region, access_key, environ):
    if not action:
        return
    if settings.get("pause_on"):
        _maybe_pause(service, action, region, environ)
    latency = settings.get("latency_ms")
    if latency:
        time.sleep(latency / 1000.0)
    faults = settings.get("faults")
    if faults:
        rule = faults.get(f"{service}:{action}") or faults.get("*")
        if rule:
            _inject(service, action, rule, environ)
    if settings.get("rate_quotas"):
        rate = _quota(service, action)
        if rate:
            key = (_account_of(access_key), region, service, action)
            with _lock:
                bucket = _buckets.setdefault(key, _Bucket(rate))
                allowed = bucket.take()
                if not allowed:
                    _stats[f"throttled:{service}:{action}"] += 1
            if not allowed:
                raise _throttle(service, action)


def _roll(key):
    with _lock:
        rng = _rngs.get(key)
        if rng is None:
            rng = _rngs[key] = random.Random(f"{_seed[0]}:{key}")
        return rng.random()


def _reseed_faults(seed):
    with _lock:
        _seed[0] = seed
        _rngs.clear()


def _inject(service, action, rule, environ):
    roll = _roll(f"{service}:{action}")
    edge = 0.0
    for kind in FAULT_KINDS:
        edge += float(rule.get(kind, 0))
        if roll < edge:
            with _lock:
                _stats[f"fault:{kind}:{service}:{action}"] += 1
            if kind == "throttle":
                raise _throttle(service, action)
            if kind == "http500":
                raise _error(service, "InternalFailure", "injected internal error", 500)
            if kind == "http503":
                raise _error(service, "ServiceUnavailable", "injected unavailability", 503)
            if kind == "reset":
                _reset_connection(environ)
            if kind == "slow":
                time.sleep(float(rule.get("slow_ms", 2000)) / 1000.0)
            if kind == "lost":
                _serve_then_reset(environ)
            if kind == "denied":
                raise _error(service, "AccessDeniedException" if service == "acm" else "AccessDenied",
                             f"not authorized to perform {service}:{action}", 403)
            return


_moto_app = []


def _serve_then_reset(environ):
    """AWS did the work but the answer never arrived: let moto serve the request (its
    backends are process-wide, so a second dispatcher sees the same state), discard the
    answer and reset the connection. A client that retries must be idempotent."""
    if not _moto_app:
        _moto_app.append(moto_internals.moto_app())
    body = environ["wsgi.input"].read()
    environ["wsgi.input"] = io.BytesIO(body)
    for _chunk in _moto_app[0](dict(environ, **{"wsgi.input": io.BytesIO(body)}), lambda *a, **k: None):
        pass
    _reset_connection(environ, "lost")


def _reset_connection(environ, outcome="reset"):
    sock = environ.get("werkzeug.socket")
    if sock is not None:
        # SO_LINGER 0 makes the final close send RST. close() alone does not end the
        # connection while werkzeug's file objects still reference the socket (the client
        # then got the empty 500 below instead): shutdown() ends it now, no answer sent.
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # the client is gone already
        sock.close()
    raise hooks.HookResponse("500 Error", b"", [], outcome)


def _reset_state():
    with _lock:
        _buckets.clear()
        _stats.clear()
    _reseed_faults(settings.get("fault_seed"))
    _release("drop")
    with _pause_lock:
        _pause["count"] = 0
        _pause["rule"] = None


# --- pausing (interruption tests) -------------------------------------------------------

_pause_lock = threading.Condition()
_pause = {"count": 0, "rule": None, "held": [], "release": None, "generation": 0}


def _matches(rule, service, action, region):
    wanted = rule.get("action")
    wanted = [wanted] if isinstance(wanted, str) else list(wanted or [])
    if f"{service}:{action}" not in wanted:
        return False
    return not rule.get("region") or rule["region"] == region


def _maybe_pause(service, action, region, environ):
    rule = settings.get("pause_on")
    with _pause_lock:
        if _pause["rule"] != rule:  # a new rule: count from zero
            _pause.update(rule=rule, count=0)
        if not _matches(rule, service, action, region):
            return
        _pause["count"] += 1
        if _pause["count"] <= int(rule.get("after", 0)):
            return
        entry = {"action": f"{service}:{action}", "region": region, "seq": _pause["count"], "time": time.time()}
        _pause["held"].append(entry)
        generation = _pause["generation"]
        timeout = float(settings.get("pause_timeout_seconds"))
        _pause_lock.wait_for(lambda: _pause["generation"] != generation, timeout=timeout)
        mode = _pause["release"] if _pause["generation"] != generation else "drop"
        if entry in _pause["held"]:
            _pause["held"].remove(entry)
    if mode != "proceed":
        _reset_connection(environ)


def _release(mode):
    with _pause_lock:
        released = list(_pause["held"])
        _pause["release"] = mode
        _pause["generation"] += 1
        _pause_lock.notify_all()
    return released


@control.route("GET", "pause")
def _show_pause(_payload):
    rule = settings.get("pause_on")
    with _pause_lock:
        return {"paused": bool(_pause["held"]), "count": _pause["count"] if _pause["rule"] == rule else 0,
                "held": [dict(e) for e in _pause["held"]], "rule": rule}


@control.route("POST", "pause/release")
def _release_route(payload):
    """Release every held call ({"mode": "drop"|"proceed"}) and clear pause_on."""
    mode = payload.get("mode", "drop")
    if mode not in ("drop", "proceed"):
        raise ValueError('mode must be "drop" or "proceed"')
    settings._update({"pause_on": None})
    released = _release(mode)
    return {"released": released, "mode": mode}


@control.route("GET", "behaviour/stats")
def _show_stats(_payload):
    with _lock:
        return dict(_stats)


@control.route("POST", "behaviour/stats/reset")
def _reset_stats(_payload):
    with _lock:
        _stats.clear()
    return {}


@control.route("POST", "behaviour/reseed")
def _reseed(payload):
    _reseed_faults(payload.get("seed"))
    return {"seeded": payload.get("seed")}


hooks.BEFORE_REQUEST.append(before_request)
hooks.RESET_HOOKS.append(_reset_state)
