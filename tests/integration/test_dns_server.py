"""The test harness's real DNS server (BIND9 on loopback): TSIG-signed dynamic updates,
queries, CAA records, refusal of a wrong secret, and per-test reset."""

from __future__ import annotations

import pytest
from dns import flags as dns_flags
from dns import message as dns_message
from dns import query as dns_query
from dns import rcode as dns_rcode
from dns import resolver as dns_resolver
from dns import update as dns_update

from tests.dns_server import DnsServerError, UpdateRefused

CNAME_NAME = "_3f2a1b.example.com"
CNAME_VALUE = "_9c8d7e.abcdefghij.acm-validations.aws."


def _resolver(server):
    resolver = dns_resolver.Resolver(configure=False)
    resolver.nameservers = [server.address]
    resolver.port = server.port
    resolver.lifetime = 3
    return resolver


def _ask(server, name, rtype):
    return dns_query.udp(dns_message.make_query(name, rtype), server.address, port=server.port, timeout=3)


def test_server_is_authoritative_on_loopback(dns):
    assert dns.address == "127.0.0.1" and dns.nameserver == f"127.0.0.1:{dns.port}"
    assert dns.pid > 0
    for zone in ("example.com", "example.net", "sub.example.org"):
        response = _ask(dns, zone, "SOA")
        assert response.rcode() == dns_rcode.NOERROR
        assert response.flags & dns_flags.AA, f"{zone}: answer is not authoritative"
    assert _ask(dns, "example.org", "SOA").rcode() == dns_rcode.REFUSED  # no recursion, not ours


def test_dynamic_update_then_query(dns):
    dns.add_record(CNAME_NAME, "CNAME", CNAME_VALUE)
    assert dns.query(CNAME_NAME, "CNAME") == [CNAME_VALUE]
    answer = _resolver(dns).resolve(CNAME_NAME, "CNAME")
    assert [r.target.to_text() for r in answer] == [CNAME_VALUE]

    # replace=True swaps the value, as a stale validation record would be fixed
    dns.add_record(CNAME_NAME, "CNAME", "_other.acm-validations.aws.")
    assert dns.query(CNAME_NAME, "CNAME") == ["_other.acm-validations.aws."]

    dns.delete_record(CNAME_NAME, "CNAME")
    assert dns.query(CNAME_NAME, "CNAME") == []
    with pytest.raises(dns_resolver.NXDOMAIN):
        _resolver(dns).resolve(CNAME_NAME, "CNAME")


def test_records_in_nested_zone_go_to_that_zone(dns):
    dns.add_record("www.sub.example.org", "A", "192.0.2.10")
    assert dns.query("www.sub.example.org", "A") == ["192.0.2.10"]
    assert ("www.sub.example.org.", "A", 60, "192.0.2.10") in dns.records("sub.example.org")
    with pytest.raises(DnsServerError, match="none of the served zones"):
        dns.add_record("www.example.org", "A", "192.0.2.10")


def test_caa_records(dns):
    dns.set_caa("example.net", '0 issue "letsencrypt.org"')
    assert dns.query("example.net", "CAA") == ['0 issue "letsencrypt.org"']
    dns.set_caa("example.net", '0 issue "amazon.com"', '0 issuewild ";"')
    assert dns.query("example.net", "CAA") == ['0 issue "amazon.com"', '0 issuewild ";"']
    answer = _resolver(dns).resolve("example.net", "CAA")
    assert sorted((r.flags, r.tag.decode(), r.value.decode()) for r in answer) == [
        (0, "issue", "amazon.com"), (0, "issuewild", ";")]
    dns.set_caa("example.net")
    assert dns.query("example.net", "CAA") == []


def test_wrong_tsig_secret_is_refused_and_changes_nothing(dns):
    assert dns.wrong_secret != dns.key_secret
    with pytest.raises(UpdateRefused) as err:
        dns.add_record(CNAME_NAME, "CNAME", CNAME_VALUE, secret=dns.wrong_secret)
    assert err.value.rcode == dns_rcode.NOTAUTH
    assert dns.query(CNAME_NAME, "CNAME") == []


def test_unsigned_update_is_refused(dns):
    update = dns_update.UpdateMessage("example.com.")
    update.add(f"{CNAME_NAME}.", 60, "CNAME", CNAME_VALUE)
    response = dns_query.tcp(update, dns.address, port=dns.port, timeout=3)
    assert response.rcode() == dns_rcode.REFUSED
    assert dns.query(CNAME_NAME, "CNAME") == []


def test_reset_keeps_only_soa_and_ns(dns):
    dns.add_record(CNAME_NAME, "CNAME", CNAME_VALUE)
    dns.add_record("example.com", "TXT", '"hello"')
    dns.set_caa("example.com", '0 issue "amazon.com"')
    dns.reset()
    kinds = sorted((name, rtype) for name, rtype, _ttl, _value in dns.records("example.com"))
    assert kinds == [("example.com.", "NS"), ("example.com.", "SOA"), ("ns1.example.com.", "A")]


def test_each_test_starts_from_empty_zones(dns):
    # runs after the tests above left records behind; the `dns` fixture reset them
    assert dns.query(CNAME_NAME, "CNAME") == []
    assert dns.query("www.sub.example.org", "A") == []


def test_missing_named_fails_with_the_fix(monkeypatch, tmp_path):
    from tests import dns_server

    monkeypatch.setattr(dns_server, "NAMED_CANDIDATES", (str(tmp_path / "no-named"),))
    assert dns_server.find_named() is None
    with pytest.raises(DnsServerError, match="make test"):
        dns_server.DnsServer.start(str(tmp_path / "work"))
