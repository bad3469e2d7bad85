"""Shared fixtures: one sandbox per test session (per xdist worker), reset per test,
and ansible-playbook runs against it with the collection installed."""

from __future__ import annotations

import os
import sys

import pytest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

from sandbox.client import Sandbox  # noqa: E402
from tests import harness  # noqa: E402

pytest_plugins = ["tests.fixtures_dns"]


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory):
    endpoint_file = str(tmp_path_factory.mktemp("sandbox") / "endpoint.json")
    server = Sandbox.start(endpoint_file)
    yield server
    server.stop()


@pytest.fixture
def sandbox(sandbox_server):
    """The sandbox with moto's and the sandbox's state wiped before the test."""
    sandbox_server.reset()
    return sandbox_server


@pytest.fixture(scope="session")
def collections_path(tmp_path_factory):
    # `make test` builds once before pytest; a bare pytest run builds its own copy.
    prebuilt = os.environ.get("CERTSHIFT_COLLECTIONS_PATH")
    if prebuilt:
        return prebuilt
    return harness.build_and_install(str(tmp_path_factory.mktemp("collections")))


@pytest.fixture
def ansible(sandbox, collections_path, tmp_path):
    return harness.Ansible(sandbox, collections_path, str(tmp_path))
