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


def test_the_network_table_gives_the_speed_up_and_the_lossy_resolvers_cost_from_one_fleet():
    from bench.audit_network import render as render_network

    def audit(resolver, probe, seconds, queries, dropped):
        return {"ok": True, "resolver": resolver, "probe": probe, "wall_seconds": seconds, "api_calls": 7,
                "dns": {"queries": queries, "answered": queries - dropped, "dropped": dropped, "delayed": 3}}

    fleet = {"certificates": 300, "in_use": 240, "baseline": {"wall_seconds": 600.0},
             "runs": [audit("clean", "auto", 40.0, 480, 0), audit("lossy", "auto", 46.0, 610, 130),
                      audit("lossy", "always", 50.0, 700, 150)]}
    rows = render_network([fleet]).splitlines()[2:]
    assert rows[0] == "| 300 (240) | clean | auto | 40.0 | 7 | 480 | 0 | 3 | 600.0 | 15.0x | - |"
    assert rows[1] == "| 300 (240) | lossy | auto | 46.0 | 7 | 610 | 130 | 3 | 600.0 | 13.0x | +15% |"
    assert rows[2].endswith("| 600.0 | 12.0x | +25% |")


def test_results_md_holds_only_the_tables_of_the_scenarios_that_ran():
    from bench.__main__ import tables

    assert tables([], [], types.SimpleNamespace(latency_ms=40)) == ""
    fleet = {"certificates": 300, "in_use": 240, "runs": []}
    assert tables([], [fleet], types.SimpleNamespace(latency_ms=40)).startswith("| EMAIL certificates (in use) |")
