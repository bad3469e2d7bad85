"""Run one playbook against a sandbox and measure it: wall seconds, API calls by
action, module invocations, peak memory of any process, throttles the sandbox answered,
and CPU seconds: the playbook's (ansible-playbook, its workers and modules) and the
sandbox's (the emulated AWS, which shares this machine's cores during a benchmark)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)

# Runs ansible-playbook as its child and reports the peak RSS of every process it waited for.
_RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.call(sys.argv[1:])\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print('PEAK_RSS_KB', usage.ru_maxrss, file=sys.stderr)\n"
    "print('CPU_S', usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)


def process_cpu_seconds(pid):
    """User + system CPU seconds of a running process (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def playbook_env(sandbox, region="eu-west-1"):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "ANSIBLE_"))}
    env.update(sandbox.env(region))
    env.update({
        # A prebuilt collection elsewhere (as for the tests) keeps a long run independent of rebuilds.
        "ANSIBLE_COLLECTIONS_PATH": os.environ.get("CERTSHIFT_COLLECTIONS_PATH")
        or os.path.join(REPO_ROOT, "build", "collections"),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        # The stdout callback stays the default one, which users run.
        "ANSIBLE_FORKS": "10",
    })
    return env


def counting_env(runs_file):
    """Environment for ansible-playbook to count its module runs into ``runs_file``
    (bench/callback_plugins/module_runs.py; it keeps only counts, not results)."""
    return {"ANSIBLE_CALLBACK_PLUGINS": os.path.join(REPO_ROOT, "bench", "callback_plugins"),
            "ANSIBLE_CALLBACKS_ENABLED": "module_runs", "CERTSHIFT_BENCH_MODULE_RUNS": runs_file}


def read_module_runs(runs_file, prefixes):
    """How many module runs of modules named ``prefixes*`` ``runs_file`` counted (None if it is
    missing: the playbook did not get to its end). Removes the file."""
    try:
        with open(runs_file) as f:
            runs = json.load(f)
    except (OSError, ValueError):
        return None
    finally:
        if os.path.exists(runs_file):
            os.unlink(runs_file)
    return sum(count for action, count in runs.items() if action.startswith(tuple(prefixes)))


def run(sandbox, playbook, extra_vars, module_prefixes, timeout=7200, inventory=None):
    sandbox.reset_calls()
    sandbox.control("POST", "behaviour/stats/reset")
    sandbox_pid = sandbox.control("GET", "health")["pid"]
    sandbox_cpu = process_cpu_seconds(sandbox_pid)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(extra_vars, f)
    runs_file = f"{f.name}.runs"
    cmd = [sys.executable, "-c", _RUSAGE_WRAPPER, os.path.join(BIN, "ansible-playbook"), playbook, "-e", f"@{f.name}"]
    if inventory:
        cmd += ["-i", inventory]
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=REPO_ROOT, env={**playbook_env(sandbox), **counting_env(runs_file)},
                          capture_output=True, text=True, timeout=timeout)
    wall = time.monotonic() - started
    sandbox_cpu_after = process_cpu_seconds(sandbox_pid)
    os.unlink(f.name)
    module_invocations = read_module_runs(runs_file, module_prefixes)
    peak_kb = next((int(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("PEAK_RSS_KB")), 0)
    cpu = next((float(line.split()[1]) for line in proc.stderr.splitlines() if line.startswith("CPU_S")), None)
    calls = sandbox.calls()
    stats = sandbox.control("GET", "behaviour/stats")
    return {
        "ok": proc.returncode == 0,
        "rc": proc.returncode,
        "wall_seconds": round(wall, 2),
        "api_calls": calls["total"],
        "api_calls_by_action": calls["by_action"],
        "module_invocations": module_invocations,
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "cpu_seconds": None if cpu is None else round(cpu, 1),
        "sandbox_cpu_seconds": None if None in (sandbox_cpu, sandbox_cpu_after)
        else round(sandbox_cpu_after - sandbox_cpu, 1),
        "throttles": sum(v for k, v in stats.items() if k.startswith("throttled:")),
        "stderr_tail": proc.stderr[-2000:] if proc.returncode else "",
        "stdout_tail": proc.stdout[-3000:] if proc.returncode else "",
    }
