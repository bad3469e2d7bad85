"""The sandbox for a person: `make sandbox` starts it in the background with the demo fleet and
prints how to point the playbooks at it; `make sandbox-stop` stops it by the PID it recorded.

Its state lives in one directory (default ``.sandbox``): ``endpoint.json`` (written by the server
once it listens), ``sandbox.pid`` and ``sandbox.log``. The shell lines go to stdout and the notes
for the person to stderr, so ``eval "$(make -s sandbox)"`` sets the environment and still shows them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

from .client import FAKE_CREDENTIALS, REPO_ROOT, Sandbox

PID_FILE, ENDPOINT_FILE, LOG_FILE = "sandbox.pid", "endpoint.json", "sandbox.log"


def _paths(state_dir):
    state_dir = os.path.abspath(state_dir)
    return {name: os.path.join(state_dir, name) for name in (PID_FILE, ENDPOINT_FILE, LOG_FILE)}


def alive(pid):
    """True while ``pid`` runs (a zombie, which nobody may reap for us, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _ours(pid, endpoint_file):
    """The process ``pid`` is the sandbox started for this state directory (not a reused PID)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return endpoint_file.encode() in f.read().split(b"\0")
    except OSError:
        return alive(pid)


def running(state_dir):
    """The Sandbox recorded in ``state_dir`` if it still answers, else None."""
    paths = _paths(state_dir)
    try:
        with open(paths[PID_FILE]) as f:
            pid = int(f.read().strip())
        sandbox = Sandbox.attach(paths[ENDPOINT_FILE])
        with urllib.request.urlopen(f"{sandbox.endpoint}/_sandbox/health", timeout=5) as resp:
            healthy = json.load(resp).get("pid") == pid
    except (OSError, ValueError, KeyError):
        return None
    return sandbox if healthy and sandbox.pid == pid else None


def start(state_dir, fleets=("demo",), timeout=120):
    """Start the sandbox detached from this process (its output in the log), or find it running.
    Returns (sandbox, started)."""
    found = running(state_dir)
    if found:
        return found, False
    paths = _paths(state_dir)
    os.makedirs(os.path.dirname(paths[PID_FILE]), exist_ok=True)
    for stale in (paths[PID_FILE], paths[ENDPOINT_FILE]):
        if os.path.exists(stale):
            os.unlink(stale)
    cmd = [sys.executable, "-m", "sandbox", "serve", "--endpoint-file", paths[ENDPOINT_FILE]]
    for fleet in fleets:
        cmd += ["--fleet", fleet]
    # Its own session and no inherited stdout: `eval "$(make -s sandbox)"` would otherwise wait for it to exit.
    # The caller's AWS settings (a profile, the endpoint of an earlier sandbox) are not the sandbox's.
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    with open(paths[LOG_FILE], "ab") as log:
        process = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    with open(paths[PID_FILE], "w") as f:
        f.write(f"{process.pid}\n")
    deadline = time.monotonic() + timeout
    while not os.path.exists(paths[ENDPOINT_FILE]):
        if process.poll() is not None:
            os.unlink(paths[PID_FILE])
            raise RuntimeError(f"the sandbox exited with {process.returncode}; see {paths[LOG_FILE]}")
        if time.monotonic() > deadline:
            process.kill()
            os.unlink(paths[PID_FILE])
            raise RuntimeError(f"the sandbox did not start within {timeout} s; see {paths[LOG_FILE]}")
        time.sleep(0.2)
    return Sandbox.attach(paths[ENDPOINT_FILE]), True


def stop(state_dir, timeout=20):
    """Stop the sandbox by the PID in ``state_dir`` (never by name). Returns the PID, or None if none ran."""
    paths = _paths(state_dir)
    try:
        with open(paths[PID_FILE]) as f:
            pid = int(f.read().strip())
    except (OSError, ValueError):
        return None
    stopped = None
    if alive(pid) and _ours(pid, paths[ENDPOINT_FILE]):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if alive(pid):
            os.kill(pid, signal.SIGKILL)
        stopped = pid
    for name in (PID_FILE, ENDPOINT_FILE):
        if os.path.exists(paths[name]):
            os.unlink(paths[name])
    return stopped


def shell_lines(sandbox, nameserver):
    """What to paste (or eval): the AWS environment of the sandbox and its nameserver."""
    return "\n".join([
        f"export AWS_ENDPOINT_URL={sandbox.endpoint}",
        f"export AWS_ACCESS_KEY_ID={FAKE_CREDENTIALS['AWS_ACCESS_KEY_ID']}",
        f"export AWS_SECRET_ACCESS_KEY={FAKE_CREDENTIALS['AWS_SECRET_ACCESS_KEY']}",
        "# The demo fleet is in eu-west-1 and us-east-1: -e '{\"acm_regions\": [\"eu-west-1\", \"us-east-1\"]}'",
        "# The sandbox answers DNS for its Route53 zones here. Pass it to every playbook",
        "# (-e acm_nameservers=$SANDBOX_NAMESERVER): without it the DNS checks ask the Internet,",
        "# which does not know the demo's names, and the audit reports certificates at risk that are not.",
        f"SANDBOX_NAMESERVER={nameserver}",
    ])


def notes(sandbox, started, state_dir):
    paths = _paths(state_dir)
    state = "started" if started else "already running"
    return (f"The local AWS sandbox with the demo fleet is {state} (pid {sandbox.pid}, log {paths[LOG_FILE]}).\n"
            "Set its environment with: eval \"$(make sandbox)\"  (or paste the lines below)\n"
            "Stop it with: make sandbox-stop")


def main_start(state_dir, fleets):
    try:
        sandbox, started = start(state_dir, fleets)
    except RuntimeError as e:
        print(f"make sandbox: {e}", file=sys.stderr)
        return 1
    nameserver = sandbox.control("GET", "dns")["nameserver"]
    print(notes(sandbox, started, state_dir), file=sys.stderr, flush=True)
    print(shell_lines(sandbox, nameserver), flush=True)
    return 0


def main_stop(state_dir):
    pid = stop(state_dir)
    print(f"Stopped the sandbox (pid {pid})." if pid else "No sandbox was running.", file=sys.stderr)
    return 0
