"""`make sandbox` and the README's "Try every command against the sandbox", run as a person would:
the section's commands, taken from README.md in its order, in one bash shell, from a copy of the
repository (so the collection `make` builds and the sandbox it starts are the test's own, not those of
the tests running beside it). A README that drifts from what works fails here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from sandbox.background import alive
from tests.harness import REPO_ROOT

SECTION = "## Try every command against the sandbox"
# Not copied: what a fresh clone does not have, and what the copy makes itself.
SKIP_TOP = {".git", ".venv", "build", ".sandbox", "acm-reports", ".pytest_cache", ".ansible"}
SKIP_PATHS = {os.path.join("tests", "output"), os.path.join("bench", "out")}
PROGRESS = re.compile(r"acm-[a-z0-9-]+ \(([a-z0-9-]+)\): (\d+) certificate\(s\), (\d+) ready, (\d+) at risk, "
                      r"(\d+) will not renew")


def readme_commands():
    with open(os.path.join(REPO_ROOT, "README.md")) as f:
        text = f.read()
    assert SECTION in text, f"README.md has no section {SECTION!r}"
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    blocks = re.findall(r"```sh\n(.*?)```", text[start:end if end > 0 else None], re.S)
    assert blocks, f"no ```sh block in the README's section {SECTION!r}"
    return "".join(blocks)


def _ignore(root):
    def ignore(directory, names):
        rel = os.path.relpath(directory, root)
        skipped = {n for n in names if n == "__pycache__" or os.path.normpath(os.path.join(rel, n)) in SKIP_PATHS}
        return skipped | (SKIP_TOP & set(names) if rel == "." else set())
    return ignore


def fresh_copy(dest):
    """The working tree as a fresh clone has it, sharing this test run's virtualenv."""
    shutil.copytree(REPO_ROOT, dest, ignore=_ignore(REPO_ROOT), symlinks=True)
    installed = os.path.join(sys.prefix, ".installed")
    if not os.path.exists(installed):
        pytest.fail(f"run the tests from the virtualenv `make venv` builds ({installed} is missing)", pytrace=False)
    os.symlink(sys.prefix, os.path.join(dest, ".venv"))
    # make must take the shared virtualenv as up to date, never rebuild it from the copy.
    stamp = os.stat(installed).st_mtime - 1
    for name in ("requirements.txt", "constraints.txt"):
        os.utime(os.path.join(dest, name), (stamp, stamp))


def person_env(tmp_path):
    """A person's shell: none of this run's AWS, Ansible or make settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "ANSIBLE_", "CERTSHIFT_", "MAKE", "MFLAGS", "VIRTUAL_ENV"))}
    env["HOME"] = str(tmp_path / "home")  # Ansible's ~/.ansible, the person's own
    os.makedirs(env["HOME"])
    return env


def _stop_leftover(clone):
    """If a command failed before `make sandbox-stop`, stop the sandbox the copy started, by its PID."""
    subprocess.run([sys.executable, "-m", "sandbox", "stop", "--state-dir", os.path.join(clone, ".sandbox")],
                   cwd=clone, capture_output=True, timeout=60)


def test_readme_commands_work_as_written_against_make_sandbox(tmp_path):
    clone = str(tmp_path / "certshift")
    fresh_copy(clone)
    script = "set -e\n" + readme_commands()
    try:
        proc = subprocess.run(["bash", "-c", script], cwd=clone, env=person_env(tmp_path), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=1500)
    finally:
        _stop_leftover(clone)
    out = proc.stdout
    assert proc.returncode == 0, out[-12000:]
    assert "Traceback" not in out, out[-12000:]

    # Two sandboxes (the second a fresh fleet), each started, printed and stopped by its PID.
    pids = [int(p) for p in re.findall(r"demo fleet is started \(pid (\d+)", out)]
    assert len(pids) == 2, out[-6000:]
    assert out.count("Stopped the sandbox (pid ") == 2, out[-3000:]
    assert not any(alive(pid) for pid in pids), pids

    # Both audits (before and after the in-place migration), each over both regions: with the sandbox's
    # nameserver nothing is "at risk" (without it, after the migration every DNS-validated one was: the DNS
    # checks asked the Internet, which does not know the demo's records).
    audits = PROGRESS.findall(out)
    assert len(audits) == 4, out[-6000:]
    assert all(at_risk == "0" for _region, _total, _ready, at_risk, _wont in audits), audits
    before, after = audits[:2], audits[2:]
    assert sum(int(a[4]) for a in before) > 0 and sum(int(a[2]) for a in after) > 0, audits

    # What a person reads has no warning: no "No inventory was parsed", no CAA lookup REFUSED by the
    # sandbox's nameserver for zones it does not serve, no deprecation from our modules.
    assert "[WARNING]" not in out and "[DEPRECATION WARNING]" not in out, \
        "\n".join(line for line in out.splitlines() if "WARNING" in line)
