# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How many requests may be in flight at once, adapting to a network that loses them (AIMD,
as TCP does): the window starts at its ceiling, is halved when an answer goes missing and grows
by one per answer, never below 1 nor above the ceiling.

One cut per burst: a request sent before the last cut that then goes missing does not cut again
(TCP's one reduction per window), so a resolver that drops one burst of 16 queries halves the
window once, not down to 1.

Hand-written: no library in our dependency set (dnspython, boto3, ansible) offers an adaptive
concurrency limit; botocore's adaptive mode is a rate limiter for AWS throttling only.
"""

from __future__ import annotations

import threading


class AimdWindow:
    """Thread-safe. ``acquire()`` waits for room and returns a token; hand the token back with
    ``answered(token)`` or ``missed(token)`` (no answer: a timeout)."""

    def __init__(self, ceiling):
        ceiling = int(ceiling)
        if ceiling < 1:
            raise ValueError("the window's ceiling must be 1 or more")
        self.ceiling = ceiling
        self.size = ceiling
        self.in_flight = 0
        self.cuts = 0
        self._condition = threading.Condition()

    def try_acquire(self):
        """A token if there is room now, else None (never waits)."""
        with self._condition:
            return self._take() if self.in_flight < self.size else None

    def acquire(self):
        with self._condition:
            while self.in_flight >= self.size:
                self._condition.wait()
            return self._take()

    def answered(self, token):
        with self._condition:
            self._give_back()
            self.size = min(self.ceiling, self.size + 1)

    def missed(self, token):
        with self._condition:
            self._give_back()
            if token == self.cuts:  # sent after the last cut: a new loss, not the same burst
                self.size = max(1, self.size // 2)
                self.cuts += 1

    def _take(self):
        self.in_flight += 1
        return self.cuts

    def _give_back(self):
        self.in_flight -= 1
        self._condition.notify_all()
