"""pytest fixtures for a real DNS server (BIND9 ``named``) on a loopback port.

- ``dns_server`` (session; one per xdist worker): a running ``tests.dns_server.DnsServer``
  authoritative for ``example.com``, ``example.net`` and ``sub.example.org``, accepting
  dynamic updates signed with its hmac-sha256 TSIG key (``key_name``, ``key_secret``,
  ``key_algorithm``; ``wrong_secret`` for refusal tests). ``nameserver`` is
  ``"127.0.0.1:<port>"``.
- ``dns`` (function): the same server with every zone reset to SOA/NS only before the test.

Helpers on the server: ``add_record(name, rtype, value, ttl=60, replace=True)``,
``delete_record(name, rtype=None, value=None)``, ``set_caa(name, *records)``,
``query(name, rtype)``, ``records(zone)``, ``new_update(zone, secret=None)`` + ``send(update)``.

Registered in tests/conftest.py with ``pytest_plugins = ["tests.fixtures_dns"]``.
"""

from __future__ import annotations

import pytest

from tests.dns_server import INSTALL_HINT, DnsServer, find_named


@pytest.fixture(scope="session")
def dns_server(tmp_path_factory):
    if find_named() is None:
        pytest.fail(INSTALL_HINT, pytrace=False)
    server = DnsServer.start(str(tmp_path_factory.mktemp("named")))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dns(dns_server):
    """The DNS server with its zones emptied (SOA and NS kept) before the test."""
    dns_server.reset()
    return dns_server
