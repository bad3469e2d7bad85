"""Per-API call counter of the sandbox, readable and resettable over HTTP.

Besides the total per action, calls are counted per user-agent class: ``ansible`` for
amazon.aws clients (their User-Agent carries ``Ansible/<version>``, set in amazon.aws's
``module_utils/botocore.py``), ``other`` for everything else (tests' own boto3 set-up,
fleet seeding). The IAM policy test uses the ``ansible`` counter to see exactly what the
collection's modules called.
"""

from __future__ import annotations

import threading
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

    def record(self, service, action, user_agent=None):
        key = f"{service}:{action}"
        with self._lock:
            self._counts[key] += 1
            self._by_agent[agent_class(user_agent)][key] += 1

    def snapshot(self):
        with self._lock:
            by_action = dict(sorted(self._counts.items()))
            by_agent = {agent: dict(sorted(c.items())) for agent, c in self._by_agent.items()}
        return {"total": sum(by_action.values()), "by_action": by_action, "by_agent": by_agent}

    def reset(self):
        with self._lock:
            self._counts.clear()
            for counter in self._by_agent.values():
                counter.clear()
