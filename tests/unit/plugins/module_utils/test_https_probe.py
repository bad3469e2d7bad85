from __future__ import annotations

import socket
import ssl

import pytest

from ansible_collections.certshift.acm.plugins.module_utils import https_probe as hp
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError

from .tls_sites import TLSSites, make_cert


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


def no_dns(name, port, type=None):
    raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")


def prober(port, names, **kw):
    overrides = {(n, port): "127.0.0.1" for n in names}
    return hp.Prober(port=port, timeout=kw.pop("timeout", 2), overrides=overrides, getaddrinfo=no_dns, **kw)


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
    p.probe = lambda name: calls.append(name) or real(name)
    results = p.probe_all(["example.com", "EXAMPLE.com", "www.example.com"], concurrency=4)
    assert sorted(calls) == ["example.com", "www.example.com"]
    assert set(results) == {"example.com", "www.example.com"}


def test_nameserver_resolver_is_used_when_given(sites):
    class FakeResolver:
        def addresses(self, name):
            return ["127.0.0.1"] if name == "example.com" else []

    p = hp.Prober(port=sites.port, timeout=2, resolver=FakeResolver(), getaddrinfo=no_dns)
    assert p.probe("example.com")["resolved_by"] == "nameservers"
    assert p.probe("www.example.com")["reason"] == hp.DOES_NOT_RESOLVE


@pytest.mark.parametrize("error,reason", [
    (socket.gaierror(-2, "x"), hp.DOES_NOT_RESOLVE),
    (ConnectionRefusedError(), hp.CONNECTION_REFUSED),
    (socket.timeout(), hp.TIMEOUT),
    (ssl.SSLError(1, "wrong version number"), hp.TLS_ERROR),
    (ConnectionResetError(), hp.TLS_ERROR),
    (OSError(113, "No route to host"), hp.CONNECTION_ERROR),
])
def test_classify(error, reason):
    assert hp.classify(error) == reason
