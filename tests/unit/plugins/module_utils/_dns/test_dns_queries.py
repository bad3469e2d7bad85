"""DnsQueries: a timeout per try, retries with exponential backoff only where no answer came, the AIMD
window fed by every try, and a host without a resolver turned into one clear reason per lookup."""

from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._dns import dns_checks, dns_queries
from ansible_collections.certshift.acm.plugins.module_utils._dns import dns_lookup as dl
from ansible_collections.certshift.acm.plugins.module_utils._dns.dns_lookup import make_resolver
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError

from ..fake_dns import FakeResolver, fake_queries

ZONE = {"www.example.com": {"A": ["192.0.2.1"]}, "example.com": {"CAA": ['0 issue "amazon.com"']}}


def test_an_answer_is_asked_once():
    fake = FakeResolver(ZONE)
    queries = fake_queries(fake)
    reply = queries.ask("www.example.com", "A")
    assert reply.status == dl.ANSWER and [r.to_text() for r in reply.rdata] == ["192.0.2.1"]
    assert reply.tries == 1 and fake.queries[("www.example.com", "A")] == 1 and queries.slept == []


def test_a_dropped_query_is_asked_again_after_a_backoff():
    fake = FakeResolver(ZONE, drop_first=2)
    queries = fake_queries(fake, retries=2)
    reply = queries.ask("www.example.com", "A")
    assert reply.status == dl.ANSWER and reply.tries == 3
    assert queries.slept == [0.2, 0.4]  # exponential: 0.2 s, then twice that
    assert fake.queries[("www.example.com", "A")] == 3


def test_no_answer_after_every_retry_is_a_failure_naming_the_timeout():
    fake = FakeResolver(ZONE, drop_first=10)
    queries = fake_queries(fake, retries=3, timeout=1.5)
    reply = queries.ask("www.example.com", "A")
    assert reply.status == dl.FAILED and reply.tries == 4
    assert reply.error == "www.example.com A: no answer within 1.5s"
    assert queries.slept == [0.2, 0.4, 0.8] and fake.queries[("www.example.com", "A")] == 4


@pytest.mark.parametrize("name,status,asked", [
    ("www.example.com", dl.ANSWER, 1),
    ("example.com", dl.NODATA, 1),        # exists, no A records
    ("gone.example.com", dl.NXDOMAIN, 1),
    ("refused.example.com", dl.REFUSED, 1),  # the server will not answer for it: asking again is no use
    ("broken.example.com", dl.FAILED, 3),    # SERVFAIL may pass: asked again
])
def test_what_is_asked_again(name, status, asked):
    fake = FakeResolver(ZONE, refused=["refused.example.com"], servfail=["broken.example.com"])
    reply = fake_queries(fake, retries=2).ask(name, "A")
    assert reply.status == status and fake.queries[(name, "A")] == asked


def test_an_nxdomain_through_a_cname_belongs_to_the_target():
    fake = FakeResolver({"alias.example.com": {"CNAME": ["gone.example.net."]}, "example.net": {"A": ["192.0.2.9"]}})
    queries = fake_queries(fake)
    through = queries.ask("alias.example.com", "A")
    assert through.status == dl.NXDOMAIN and through.alias
    direct = queries.ask("gone.example.net", "A")
    assert direct.status == dl.NXDOMAIN and not direct.alias


def test_timeouts_shrink_the_window_and_answers_grow_it_back():
    fake = FakeResolver(ZONE, drop_first=1)
    queries = fake_queries(fake, concurrency=8, retries=1)
    queries.ask("www.example.com", "A")  # one timeout (8 -> 4), one answer (-> 5)
    assert queries.window.size == 5 and queries.window.in_flight == 0
    for _ in range(5):
        queries.ask("www.example.com", "A")  # the fake answers every later query
    assert queries.window.size == 8


def test_a_host_without_a_resolver_fails_each_lookup_with_the_fix(tmp_path):
    empty = tmp_path / "resolv.conf"
    empty.write_text("# no nameserver\n")
    built = []

    def make():
        built.append(1)
        return make_resolver(None, resolv_conf=str(empty))

    queries = dns_queries.DnsQueries(make=make)
    first, second = queries.ask("example.com", "A"), queries.ask("www.example.com", "AAAA")
    assert first.status == second.status == dl.FAILED and first.tries == 0
    assert "no DNS resolver is configured on this host (no nameservers)" in first.error
    assert "set 'nameservers'" in second.error and second.error.startswith("www.example.com AAAA: ")
    assert len(built) == 1 and "no nameservers" in queries.unusable


def test_a_missing_resolv_conf_is_named():
    with pytest.raises(CertshiftError) as e:
        make_resolver(None, resolv_conf="/nonexistent/resolv.conf")
    assert "cannot open /nonexistent/resolv.conf" in e.value.msg and "nameservers" in e.value.msg


def test_the_dns_checks_share_the_retries():
    """dns_checks.Resolver asks through the same DnsQueries: a CAA lookup survives a dropped query too."""
    fake = FakeResolver(ZONE, drop_first=1)
    resolver = dns_checks.Resolver()
    resolver.queries = fake_queries(fake)
    found = resolver.lookup("example.com", "CAA")
    assert found.status == dns_checks.OK and found.values == [(0, "issue", "amazon.com")]
    assert fake.queries[("example.com", "CAA")] == 2
    assert resolver.lookup("nothing.example.com", "CNAME").status == dns_checks.MISSING
    assert resolver.lookup("www.example.com", "CAA").status == dns_checks.MISSING


def test_a_given_nameserver_that_drops_the_first_query_is_still_reachable(monkeypatch):
    sent = []

    def udp(message, ip, timeout=None, port=53):
        sent.append((ip, port))
        if len(sent) == 1:
            raise dl.dns.exception.Timeout()
        return None

    monkeypatch.setattr(dns_checks.dns.query, "udp", udp)
    resolver = dns_checks.Resolver(["192.0.2.53:5353"])
    slept = []
    resolver.queries.sleep = slept.append
    resolver.check_reachable()
    assert sent == [("192.0.2.53", 5353)] * 2 and slept == [0.2]
