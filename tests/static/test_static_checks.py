"""Static checks as tests, so `make test` ends with one pytest summary:
yamllint, ansible-lint (production profile), the changelog fragments and
ansible-test sanity (offline, see tests/sanity/run_sanity.py)."""

from __future__ import annotations

import os
import subprocess
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def run(cmd, timeout=1500, collections_path=None):
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    if collections_path:
        # ansible-lint resolves certshift.acm.* modules and roles from the installed collection.
        env["ANSIBLE_COLLECTIONS_PATH"] = collections_path
    proc = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=timeout, env=env)
    assert proc.returncode == 0, f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-12000:]}\n{proc.stderr[-6000:]}"
    return proc


def test_yamllint():
    run([os.path.join(BIN, "yamllint"), "-s", "."])


def test_ansible_lint_production_profile(collections_path):
    run([os.path.join(BIN, "ansible-lint"), "--profile", "production", "--offline", "-q"],
        collections_path=collections_path)


def test_changelog_fragments():
    run([os.path.join(BIN, "antsibull-changelog"), "lint"])


def test_ansible_test_sanity():
    run([sys.executable, os.path.join("tests", "sanity", "run_sanity.py")])
