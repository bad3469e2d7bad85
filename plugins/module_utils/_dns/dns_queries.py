# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DNS questions asked steadily on any network: each try has its own timeout, a question that
gets no answer is asked again after an exponential backoff, and an AIMD window (aimd_window)
bounds how many are in flight, halving when answers go missing.

One implementation for every lookup of a module run: the DNS checks (dns_checks.Resolver: CNAME,
CAA) and the HTTPS probes' addresses (probe_resolution), so both behave the same on a resolver
that drops queries. The given nameservers, or the system's resolv.conf (dns_lookup.make_resolver),
built on the first question; dnspython's cache keeps every answer, NXDOMAIN included, for the run.
One try is dns_lookup.ask_once (a Reply); this adds the window, the retries and the backoff.
"""

from __future__ import annotations

import threading
import time

from ..errors import CertshiftError
from .aimd_window import AimdWindow
from .dns_lookup import FAILED, Reply, ask_once, make_resolver

# Seconds before the first retry; doubled before each next one.
BACKOFF = 0.2


def retrying(attempt, retries, backoff=BACKOFF, sleep=time.sleep):
    """``attempt()`` returns (result, again); while ``again`` and tries are left, sleep
    ``backoff * 2**n`` and try again. Returns (last result, tries made)."""
    tries = 0
    while True:
        result, again = attempt()
        tries += 1
        if not again or tries > retries:
            return result, tries
        sleep(backoff * 2 ** (tries - 1))


class DnsQueries:
    """``ask(name, rdtype)`` for a whole module run, from any number of threads.

    ``timeout``: seconds for one try; ``retries``: tries after the first when no answer came
    (a timeout or SERVFAIL; never after an answer, NXDOMAIN or REFUSED included);
    ``concurrency``: the AIMD window's ceiling. ``make``: builds the dnspython resolver
    (tests pass a fake).
    """

    def __init__(self, nameservers=None, timeout=2.0, retries=2, concurrency=16, backoff=BACKOFF,
                 sleep=time.sleep, make=None):
        self.nameservers = list(nameservers or [])
        self.source = "nameservers" if self.nameservers else "system"
        self.timeout = float(timeout)
        self.retries = int(retries)
        self.backoff = backoff
        self.window = AimdWindow(concurrency)
        self.sleep = sleep
        self._make = make or (lambda: make_resolver(self.nameservers, timeout=self.timeout, cache=True))
        self._resolver = None
        self._unusable = None  # why no resolver can be built (no resolv.conf): said once per question
        self._lock = threading.Lock()

    @property
    def concurrency(self):
        return self.window.ceiling

    def resolver(self):
        """The dnspython resolver, built once; None (and ``unusable`` says why) where none is configured."""
        with self._lock:
            if self._resolver is None and self._unusable is None:
                try:
                    self._resolver = self._make()
                except CertshiftError as e:
                    self._unusable = e.msg
            return self._resolver

    @property
    def unusable(self):
        return self._unusable

    def ask(self, name, rdtype):
        resolver = self.resolver()
        if resolver is None:
            return Reply(FAILED, error=f"{name} {rdtype}: {self._unusable}", tries=0)
        reply, tries = retrying(lambda: self._ask_once(resolver, name, rdtype), self.retries, self.backoff,
                                self.sleep)
        reply.tries = tries
        return reply

    def _ask_once(self, resolver, name, rdtype):
        """(Reply, ask again?) for one query through the window."""
        token = self.window.acquire()
        reply = None
        try:
            reply = ask_once(resolver, name, rdtype, timeout=self.timeout)
        finally:
            if reply is not None and reply.timed_out:
                self.window.missed(token)
            else:
                self.window.answered(token)
        return reply, reply.again
