from __future__ import annotations

import socket
import ssl

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._probe import https_probe as hp
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError
from ansible_collections.certshift.acm.plugins.module_utils._probe.probe_resolution import ProbeResolver

from ..fake_dns import FakeResolver, fake_queries
from ..tls_sites import TLSSites, make_cert


@pytest.fixture(scope="module")
def certs():
    return {
        "apex": make_cert(["example.com", "www.example.com"]),
        "wild": make_cert(["*.example.com"]),
        "default": make_cert(["default.invalid"]),
    }


@pytest.fixture(scope="module")
def sites(certs):
    server = TLSSites({"example.com": certs["apex"], "www.example.com": certs["apex"],
                       "sub.example.com": certs["wild"]}, certs["default"])
    yield server
    server.close()


def fp(pem):
    return hp.fingerprint(hp.pem_to_der(pem))


def prober(port, names, timeout=2, dns=None):
    """Names in ``names`` resolve through ``resolve`` overrides; the others ask ``dns`` (a FakeResolver,
    by default one where nothing exists): never the host's resolver."""
    overrides = {(n, port): "127.0.0.1" for n in names}
    queries = fake_queries(dns or FakeResolver())
    return hp.Prober(port=port, timeout=timeout, addresses=ProbeResolver(port, overrides, queries))


@pytest.mark.parametrize("entry,expected", [
    ("example.com:443:192.0.2.1", {("example.com", 443): "192.0.2.1"}),
    ("WWW.Example.com.:8443:[2001:db8::1]", {("www.example.com", 8443): "2001:db8::1"}),
    ("example.com:443:2001:db8::2", {("example.com", 443): "2001:db8::2"}),
    ("example.com:443:192.0.2.1,192.0.2.2", {("example.com", 443): "192.0.2.1"}),
])
def test_parse_resolve_accepts_curl_entries(entry, expected):
    assert hp.parse_resolve([entry]) == expected


@pytest.mark.parametrize("entry", ["example.com", "example.com:443", "example.com:https:192.0.2.1",
                                   "example.com:0:192.0.2.1", "example.com:443:not-an-ip", ":443:192.0.2.1"])
def test_parse_resolve_rejects_malformed_entries(entry):
    with pytest.raises(CertshiftError) as e:
        hp.parse_resolve([entry])
    assert entry in e.value.msg and "host:port:address" in e.value.msg


def test_probe_reads_the_certificate_served_for_the_sni_name(sites, certs):
    p = prober(sites.port, ["example.com", "sub.example.com"])
    apex, sub = p.probe("example.com"), p.probe("sub.example.com")
    assert apex["reachable"] and apex["address"] == "127.0.0.1" and apex["resolved_by"] == "resolve"
    assert apex["served"]["fingerprint_sha256"] == fp(certs["apex"][0])
    assert apex["served"]["names"] == ["example.com", "www.example.com"]
    assert sub["served"]["fingerprint_sha256"] == fp(certs["wild"][0])
    assert sub["served"]["subject_cn"] == "*.example.com"


def test_compare_matches_and_names_a_different_certificate(sites, certs):
    p = prober(sites.port, ["example.com"])
    probe = p.probe("example.com")
    same = hp.compare(probe, fp(certs["apex"][0]))
    assert same["certificate_matches"] and same["reason"] is None and not same["no_site"]
    other = hp.compare(probe, fp(certs["wild"][0]), known={fp(certs["apex"][0]): "arn:apex"})
    assert not other["certificate_matches"]
    assert other["reason"] == hp.DIFFERENT_CERTIFICATE
    assert other["served"]["certificate_arn"] == "arn:apex"
    assert "different certificate" in other["message"] and "arn:apex" in other["message"]


def test_unresolvable_name_is_no_site(sites):
    p = prober(sites.port, [])
    finding = hp.compare(p.probe("www.example.com"), "AA")
    assert finding["reason"] == hp.DOES_NOT_RESOLVE and finding["no_site"] and not finding["resolved"]
    assert finding["message"].startswith("no HTTPS site on www.example.com")
    assert finding["resolved_by"] == "system"


def test_a_name_dns_cannot_answer_is_uncertain_not_no_site(sites):
    silent = FakeResolver({"www.example.com": {"A": ["127.0.0.1"]}}, drop_first=99)
    p = prober(sites.port, [], dns=silent)
    finding = hp.compare(p.probe("www.example.com"), "AA", timeout=2)
    assert finding["reason"] == hp.LOOKUP_FAILED and not finding["no_site"] and not finding["resolved"]
    assert finding["reason"] in hp.UNCERTAIN_REASONS
    assert "could not be looked up in DNS" in finding["message"] and "no answer within 2s" in finding["message"]
    assert silent.asked("www.example.com", "A") == 3  # the first try and dns_retries (2) more


def test_refused_connection_is_no_site(sites):
    p = prober(sites.refused_port, ["example.com"])
    finding = hp.compare(p.probe("example.com"), "AA")
    assert finding["reason"] == hp.CONNECTION_REFUSED and finding["no_site"] and finding["resolved"]


def test_stalled_handshake_times_out(sites):
    p = prober(sites.tarpit_port, ["example.com"], timeout=0.3)
    finding = hp.compare(p.probe("example.com"), "AA", timeout=0.3)
    assert finding["reason"] == hp.TIMEOUT and not finding["no_site"]
    assert "0.3s" in finding["message"]


def test_plain_text_server_is_a_tls_error(sites):
    p = prober(sites.garbage_port, ["example.com"])
    finding = hp.compare(p.probe("example.com"), "AA")
    assert finding["reason"] == hp.TLS_ERROR


def test_probe_all_probes_each_name_once_concurrently(sites, certs):
    calls = []
    p = prober(sites.port, ["example.com", "www.example.com"])
    real = p.probe
    p.probe = lambda name, resolved=None: calls.append(name) or real(name, resolved)
    results = p.probe_all(["example.com", "EXAMPLE.com", "www.example.com"], concurrency=4)
    assert sorted(calls) == ["example.com", "www.example.com"]
    assert set(results) == {"example.com", "www.example.com"}


def test_nameserver_resolver_is_used_when_given(sites):
    fake = FakeResolver({"example.com": {"A": ["127.0.0.1"]}})
    queries = fake_queries(fake, nameservers=["192.0.2.53"])
    p = hp.Prober(port=sites.port, timeout=2, addresses=ProbeResolver(sites.port, {}, queries))
    found = p.probe("example.com")
    assert found["resolved_by"] == "nameservers" and found["address"] == "127.0.0.1" and found["reachable"]
    missing = p.probe("www.example.com")
    assert missing["reason"] == hp.DOES_NOT_RESOLVE and missing["resolved_by"] == "nameservers"
    # example.com has an A record: AAAA is never asked; www.example.com is NXDOMAIN: asked once, A only
    assert fake.queries == {("example.com", "A"): 1, ("www.example.com", "A"): 1}


def test_the_default_prober_never_calls_getaddrinfo(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("getaddrinfo was called")

    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    p = hp.Prober(port=443, overrides={("example.com", 443): "127.0.0.1"})
    p.addresses.queries._make = lambda: FakeResolver()  # the system's resolv.conf, faked
    assert p.resolve("example.com") == ("127.0.0.1", "resolve")
    assert p.probe("nothing.example.com")["reason"] == hp.DOES_NOT_RESOLVE


@pytest.mark.parametrize("error,reason", [
    (hp._NotResolved("x"), hp.DOES_NOT_RESOLVE),
    (hp._LookupFailed("x"), hp.LOOKUP_FAILED),
    (ConnectionRefusedError(), hp.CONNECTION_REFUSED),
    (socket.timeout(), hp.TIMEOUT),
    (ssl.SSLError(1, "wrong version number"), hp.TLS_ERROR),
    (ConnectionResetError(), hp.TLS_ERROR),
    (OSError(113, "No route to host"), hp.CONNECTION_ERROR),
])
def test_classify(error, reason):
    assert hp.classify(error) == reason
