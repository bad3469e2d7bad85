# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Addresses for the HTTPS probes' names, never through getaddrinfo (it has no timeout: on a resolver
that drops bursts, 16 concurrent calls took up to 10 s each in the C resolver's retries).

A name's address comes from the curl-style ``resolve`` overrides first, then from DNS through
dns_queries.DnsQueries (the given nameservers or the system's resolv.conf; timeout per try, retries,
an AIMD window): A, and AAAA only when the name has no A records (not after NXDOMAIN).

Negative caching (RFC 8020: an NXDOMAIN for a name means nothing exists below it): names are looked
up shortest first, and a name below one that got NXDOMAIN is not asked at all (``resolved_by``
``negative_cache``). Where several probe names share a parent that is not probed itself, the parent
is asked once first, so one NXDOMAIN answers for all of them. An NXDOMAIN reached through a CNAME
is the target's: the alias itself exists, and what is below it is still asked.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from .._dns.dns_lookup import ANSWER, NODATA, NXDOMAIN
from .._dns.dns_queries import DnsQueries
from ..concurrency import map_concurrently

# How a name was resolved (``resolved_by``).
BY_OVERRIDE = "resolve"
BY_NEGATIVE_CACHE = "negative_cache"  # below a name that does not exist: not asked

# Outcomes.
FOUND = "found"
NO_SUCH_NAME = "no_such_name"   # NXDOMAIN, asked or implied by an ancestor's
NO_ADDRESS = "no_address"       # the name exists without A or AAAA records
LOOKUP_FAILED = "lookup_failed"  # no usable answer: timeouts, SERVFAIL, REFUSED, no resolver


@dataclass
class Resolved:
    """Where a probe name points: ``address`` (None unless FOUND), ``resolved_by`` (``resolve``,
    ``nameservers``, ``system`` or ``negative_cache``), ``outcome`` and ``error``."""

    outcome: str
    resolved_by: str
    address: str | None = None
    error: str | None = None


def normalize(name):
    return str(name).strip().rstrip(".").lower()


def ancestors(name):
    """Proper ancestors of ``name`` with two labels or more, nearest first (no top-level domain:
    it always exists, asking would be a wasted query)."""
    labels = name.split(".")
    return [".".join(labels[i:]) for i in range(1, len(labels) - 1)]


def shared_parents(names):
    """The parents worth asking before ``names``: not probed themselves, and above two or more of
    them that no probed name between separates (one NXDOMAIN there saves two lookups or more). Of
    parents above the very same names only the nearest is kept: it is the likelier NXDOMAIN, and a
    farther one's NXDOMAIN would imply it anyway."""
    probed = set(names)
    tops = {}
    for name in probed:
        for parent in ancestors(name):
            if parent in probed:
                break  # the probed parent's own answer covers this name
            tops.setdefault(parent, set()).add(name)
    candidates = {p: frozenset(s) for p, s in tops.items() if len(s) >= 2}
    return sorted(p for p, covered in candidates.items()
                  if not any(q.endswith("." + p) and candidates[q] == covered for q in candidates))


class ProbeResolver:
    """Resolves probe names for one module run; remembers every answer and every name that does not
    exist, so no name is asked twice and nothing below a missing name is asked at all."""

    def __init__(self, port=443, overrides=None, queries=None):
        self.port = port
        self.overrides = overrides or {}
        self.queries = queries or DnsQueries()
        self._known = {}
        self._missing = set()  # names that got NXDOMAIN (not through a CNAME)
        self._lock = threading.Lock()

    def resolve(self, name):
        return self.resolve_all([name])[normalize(name)]

    def resolve_all(self, names):
        """``{name: Resolved}`` (names normalized: lower case, no trailing dot)."""
        wanted = list(dict.fromkeys(normalize(n) for n in names))
        found = {}
        asked = []
        for name in wanted:
            if (name, self.port) in self.overrides:
                found[name] = Resolved(FOUND, BY_OVERRIDE, self.overrides[(name, self.port)])
            elif name in self._known:
                found[name] = self._known[name]
            else:
                asked.append(name)
        probed = set(asked)
        parents = [p for p in shared_parents(asked) if p not in self._missing]
        for level in _by_depth(asked + parents):
            todo = []
            for name in level:
                if self._below_missing(name):
                    self._remember(name, Resolved(NO_SUCH_NAME, BY_NEGATIVE_CACHE), True, name in probed)
                else:
                    todo.append(name)
            results = map_concurrently(lambda n: self._look_up(n, n in probed), todo, self.queries.concurrency)
            for name, (resolved, missing) in zip(todo, results):
                self._remember(name, resolved, missing, name in probed)
        for name in asked:
            found[name] = self._known[name]
        return {name: found[name] for name in wanted}

    def _below_missing(self, name):
        with self._lock:
            return any(parent in self._missing for parent in ancestors(name))

    def _remember(self, name, resolved, missing, probed):
        """A shared parent's answer is kept only as far as it tells that the name does not exist:
        asked for A alone, it says nothing about its AAAA records."""
        with self._lock:
            if probed:
                self._known[name] = resolved
            if missing:
                self._missing.add(name)

    def _look_up(self, name, wants_address):
        """(Resolved, does not exist) for one name. A shared parent (``wants_address`` false) needs
        only its A answer: whether it exists."""
        by = self.queries.source
        a = self.queries.ask(name, "A")
        if a.status == ANSWER:
            return Resolved(FOUND, by, a.rdata[0].to_text()), False
        if a.status == NXDOMAIN:
            return Resolved(NO_SUCH_NAME, by), not a.alias
        if a.status != NODATA:
            return Resolved(LOOKUP_FAILED, by, error=a.error), False
        if not wants_address:
            return Resolved(NO_ADDRESS, by), False
        aaaa = self.queries.ask(name, "AAAA")
        if aaaa.status == ANSWER:
            return Resolved(FOUND, by, aaaa.rdata[0].to_text()), False
        if aaaa.status == NXDOMAIN:  # gone between the two questions
            return Resolved(NO_SUCH_NAME, by), not aaaa.alias
        if aaaa.status == NODATA:
            return Resolved(NO_ADDRESS, by), False
        return Resolved(LOOKUP_FAILED, by, error=aaaa.error), False


def _by_depth(names):
    """Names grouped by their number of labels, fewest first."""
    levels = {}
    for name in dict.fromkeys(names):
        levels.setdefault(name.count("."), []).append(name)
    return [levels[depth] for depth in sorted(levels)]
