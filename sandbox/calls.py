"""Per-API call counter of the sandbox, readable and resettable over HTTP.

Besides the total per action, calls are counted per user-agent class: ``ansible`` for
amazon.aws clients (their User-Agent carries ``Ansible/<version>``, set in amazon.aws's
``module_utils/botocore.py``), ``other`` for everything else (tests' own boto3 set-up,
fleet seeding). The IAM policy test uses the ``ansible`` counter to see exactly what the
collection's modules called.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

AGENTS = ("ansible", "other")


def agent_class(user_agent):
    """``ansible`` for an amazon.aws (Ansible module) client, else ``other``."""
    return "ansible" if "Ansible/" in (user_agent or "") else "other"


class CallLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._counts = Counter()
        self._by_agent = {agent: Counter() for agent in AGENTS}
        # [seconds since the last reset, action, intercepted] per call: shows where a run's time
        # went (which API was busy when), not only how many calls it made. ``intercepted`` is
        # None when the client got the service's answer, else what it got instead from the
        # sandbox's AWS behaviour: the throttle's or fault's error code, "reset" (never served)
        # or "lost" (served, answer dropped). A throttled call that the client retried reached
        # the sandbox twice but was served once.
        self._timeline = []
        self._contexts = []
        self._started = time.monotonic()

    def record(self, service, action, user_agent=None, context=None):
        """Count a call as it arrives; returns its timeline entry (for ``intercepted``).
        ``context``: its IAM request context (sandbox/iam_context.py), kept for the collection's calls."""
        key = f"{service}:{action}"
        entry = [None, key, None]
        with self._lock:
            if context and agent_class(user_agent) == "ansible":
                self._contexts.append({"action": key, **context})
            self._counts[key] += 1
            self._by_agent[agent_class(user_agent)][key] += 1
            entry[0] = round(time.monotonic() - self._started, 3)
            self._timeline.append(entry)
        return entry

    def intercepted(self, entry, outcome):
        """Mark a recorded call as answered by the sandbox's AWS behaviour, not by the service."""
        with self._lock:
            entry[2] = outcome

    def snapshot(self):
        with self._lock:
            by_action = dict(sorted(self._counts.items()))
            by_agent = {agent: dict(sorted(c.items())) for agent, c in self._by_agent.items()}
        return {"total": sum(by_action.values()), "by_action": by_action, "by_agent": by_agent}

    def timeline(self):
        with self._lock:
            return [list(entry) for entry in self._timeline]

    def contexts(self):
        """The IAM request context of every call of the collection (agent ``ansible``) since the last reset."""
        with self._lock:
            return [dict(c) for c in self._contexts]

    def reset(self):
        with self._lock:
            self._timeline = []
            self._contexts = []
            self._started = time.monotonic()
            self._counts.clear()
            for counter in self._by_agent.values():
                counter.clear()
