"""Molecule scenarios (extensions/molecule) run as tests: each starts the sandbox in
create, converges a role through its playbook, checks idempotence, verifies, and stops
the sandbox by its PID in destroy."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.harness import DEFAULT_COLLECTIONS_PATH, REPO_ROOT

BIN = os.path.dirname(sys.executable)
SCENARIOS = sorted(d for d in os.listdir(os.path.join(REPO_ROOT, "extensions", "molecule"))
                   if os.path.exists(os.path.join(REPO_ROOT, "extensions", "molecule", d, "molecule.yml")))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_molecule_scenario(scenario, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "ANSIBLE_", "MOLECULE_"))}
    env.update({
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "CERTSHIFT_SANDBOX_PORT": str(port),
        "ANSIBLE_COLLECTIONS_PATH": os.environ.get("CERTSHIFT_COLLECTIONS_PATH", DEFAULT_COLLECTIONS_PATH),
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_HOME": str(tmp_path / "ansible-home"),
        "HOME": os.environ.get("HOME", str(tmp_path)),
    })
    proc = subprocess.run([os.path.join(BIN, "molecule"), "test", "-s", scenario], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, f"molecule test -s {scenario}:\n{proc.stdout[-15000:]}\n{proc.stderr[-6000:]}"
