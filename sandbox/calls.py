"""Per-API call counter of the sandbox, readable and resettable over HTTP."""

from __future__ import annotations

import threading
from collections import Counter


class CallLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._counts = Counter()

    def record(self, service, action):
        with self._lock:
            self._counts[f"{service}:{action}"] += 1

    def snapshot(self):
        with self._lock:
            by_action = dict(sorted(self._counts.items()))
        return {"total": sum(by_action.values()), "by_action": by_action}

    def reset(self):
        with self._lock:
            self._counts.clear()
