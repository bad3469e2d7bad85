"""A lossy resolver mode for the sandbox's DNS server: some queries get no answer at all,
and bursts are answered late (or dropped), as resolvers on real networks do.

Measured on real machines: a resolver that drops bursts makes 16 concurrent getaddrinfo
calls take up to 10 s each, so the collection's resolver and the benchmark need one. Off by
default; settings switch it on:
  dns_drop_share: 0.2        # share of queries never answered, drawn from random.Random(dns_seed)
  dns_seed: 0                #   in the order queries arrive, so a run is reproducible
  dns_drop_first: 1          # the first N queries of every (name, type) are never answered
  dns_burst_size: 16         # a burst: more than this many queries arrived in the last
  dns_burst_window_ms: 100   #   this many milliseconds (tests make it long: bursts by count alone);
  dns_burst_delay_ms: 500    #   while it lasts each answer is sent this much later
  dns_burst_drop_share: 0.3  #   and this extra share of queries is dropped
  dns_lossy: true            # the preset LOSSY below; a dns_* setting changed from its default wins

GET /_sandbox/dns adds counters (queries, answered, dropped, delayed, and per_name
{"name. TYPE": queries received}); /_sandbox/reset and POST /_sandbox/dns/reset-counters
clear them, with the per-name counts dns_drop_first uses and the random streams.
"""

from __future__ import annotations

import heapq
import itertools
import random
import threading
import time
from collections import Counter, deque

import dns.rdatatype

from . import control, hooks, settings

DEFAULTS = {"dns_drop_share": 0.0, "dns_seed": 0, "dns_drop_first": 0, "dns_burst_size": 0,
            "dns_burst_window_ms": 100, "dns_burst_delay_ms": 0, "dns_burst_drop_share": 0.0}

# What `dns_lossy: true` means: a resolver that loses some queries and struggles with bursts.
LOSSY = {"dns_drop_share": 0.2, "dns_burst_size": 16, "dns_burst_delay_ms": 500, "dns_burst_drop_share": 0.3}


def _share(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError("give a share from 0 to 1 (0.2 drops one query in five)")


def _count(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("give a whole number, 0 or more (0 turns it off)")


def _seed(value):
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError("give a whole number or a string, so runs repeat")


def _flag(value):
    if not isinstance(value, bool):
        raise ValueError("give true or false")


_CHECKS = {"dns_drop_share": _share, "dns_seed": _seed, "dns_drop_first": _count, "dns_burst_size": _count,
           "dns_burst_window_ms": _count, "dns_burst_delay_ms": _count, "dns_burst_drop_share": _share}
for _name, _default in DEFAULTS.items():
    settings.register(_name, _default, _CHECKS[_name])
settings.register("dns_lossy", False, _flag)

_lock = threading.Lock()
_counters = Counter()
_per_name = Counter()
_arrivals = deque()
# Two streams: whether a burst happens depends on timing, so burst drops must not shift
# which queries dns_drop_share drops.
_rngs = {"seed": None, "share": None, "burst": None}


def _policy():
    policy = {name: settings.get(name) for name in DEFAULTS}
    if settings.get("dns_lossy"):
        policy.update({name: value for name, value in LOSSY.items() if policy[name] == DEFAULTS[name]})
    return policy


def admit(query):
    """Count one query and decide its fate: None (dropped, never answered) or the seconds to
    wait before sending its answer."""
    policy = _policy()
    question = query.question[0]
    key = f"{question.name.to_text().lower()} {dns.rdatatype.to_text(question.rdtype)}"
    now = time.monotonic()
    with _lock:
        _counters["queries"] += 1
        _per_name[key] += 1
        if _rngs["seed"] != policy["dns_seed"] or _rngs["share"] is None:
            _rngs.update(seed=policy["dns_seed"], share=random.Random(policy["dns_seed"]),
                         burst=random.Random(f"{policy['dns_seed']}:burst"))
        share_roll = _rngs["share"].random()  # drawn for every query: the order of arrival decides
        _arrivals.append(now)
        while _arrivals[0] <= now - policy["dns_burst_window_ms"] / 1000.0:
            _arrivals.popleft()
        burst = 0 < policy["dns_burst_size"] < len(_arrivals)
        if (_per_name[key] <= policy["dns_drop_first"] or share_roll < policy["dns_drop_share"]
                or (burst and _rngs["burst"].random() < policy["dns_burst_drop_share"])):
            _counters["dropped"] += 1
            return None
        _counters["answered"] += 1
        if burst and policy["dns_burst_delay_ms"]:
            _counters["delayed"] += 1
            return policy["dns_burst_delay_ms"] / 1000.0
        return 0.0


class _LateSender:
    """Sends answers when they are due from its own thread, so the receive loop never waits."""

    def __init__(self):
        self._due = []  # heap of (when, sequence, sock, reply, peer)
        self._sequence = itertools.count()
        self._wake = threading.Condition()
        self._thread = None

    def send_at(self, when, sock, reply, peer):
        with self._wake:
            heapq.heappush(self._due, (when, next(self._sequence), sock, reply, peer))
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True, name="route53-dns-late")
                self._thread.start()
            self._wake.notify()

    def _run(self):
        while True:
            with self._wake:
                now = time.monotonic()
                if not self._due or self._due[0][0] > now:
                    self._wake.wait(self._due[0][0] - now if self._due else None)
                    continue
                _when, _seq, sock, reply, peer = heapq.heappop(self._due)
            _send_now(sock, reply, peer)


_late = _LateSender()


def _send_now(sock, reply, peer):
    try:
        sock.sendto(reply, peer)
    except OSError:
        pass  # the server is closing or the peer is gone: a lost answer is what UDP allows


def send(sock, reply, peer, delay):
    if delay:
        _late.send_at(time.monotonic() + delay, sock, reply, peer)
    else:
        _send_now(sock, reply, peer)


def counters():
    with _lock:
        return {**{name: _counters[name] for name in ("queries", "answered", "dropped", "delayed")},
                "per_name": dict(_per_name)}


@control.route("POST", "dns/reset-counters")
def _reset(_payload=None):
    with _lock:
        _counters.clear()
        _per_name.clear()
        _arrivals.clear()
        _rngs.update(seed=None, share=None, burst=None)
    return counters()


hooks.RESET_HOOKS.append(_reset)
