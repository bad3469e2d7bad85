# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Counts module runs per action for the benchmark and writes them, as JSON, to the file
named by CERTSHIFT_BENCH_MODULE_RUNS when the playbook ends.

The benchmark used to read them from the ansible.posix.json stdout callback, which keeps
every task's whole result until the end and then dumps them: at 10 regions of 100
certificates that cost the controller about 7 CPU seconds and showed up in the measured
wall time, though users run the default callback. This one keeps only the counts."""

from __future__ import annotations

import json
import os
from collections import Counter

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: module_runs
type: aggregate
short_description: Count module runs per action (certshift.acm benchmark)
description:
  - Writes {action: runs} to the file named by the environment variable CERTSHIFT_BENCH_MODULE_RUNS.
  - A looped task counts each item that ran; skipped tasks and items do not count.
requirements:
  - enable in configuration (callbacks_enabled)
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "module_runs"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.runs = Counter()

    def _count(self, result):
        items = result._result.get("results")
        if isinstance(items, list):
            ran = sum(1 for item in items if isinstance(item, dict) and not item.get("skipped"))
        else:
            ran = 1
        self.runs[result._task.resolved_action or result._task.action] += ran

    def v2_runner_on_ok(self, result):
        self._count(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._count(result)

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get("CERTSHIFT_BENCH_MODULE_RUNS")
        if path:
            with open(path, "w") as f:
                json.dump(dict(self.runs), f)
