"""bench: the CPU each run took (playbook and sandbox) and the floor it sets on this machine."""

from __future__ import annotations

import os
import types

from bench import measure
from bench.__main__ import CORES, cpu_floor, render


def test_cpu_seconds_of_a_running_process():
    before = measure.process_cpu_seconds(os.getpid())
    sum(i * i for i in range(2_000_000))
    after = measure.process_cpu_seconds(os.getpid())
    assert before is not None and after > before
    assert measure.process_cpu_seconds(2 ** 30) is None  # no such process


def test_the_table_shows_both_cpu_shares_and_the_floor():
    run = {"ok": True, "wall_seconds": 30.0, "api_calls": 500, "module_invocations": 1, "peak_rss_mb": 100.0,
           "throttles": 0, "cpu_seconds": 7.0, "sandbox_cpu_seconds": 5.0}
    results = [{"certificates_per_region": 100, "regions": 1, "migration": run,
                "migration_minimum": {"api_calls": 400, "wall_seconds": 18.0}}]
    table = render(results, types.SimpleNamespace(latency_ms=40))
    assert cpu_floor(run) == round(12.0 / CORES, 1)
    assert f"| 7.0 + 5.0 | {cpu_floor(run)} |" in table
    assert cpu_floor({**run, "sandbox_cpu_seconds": None}) == "-"
