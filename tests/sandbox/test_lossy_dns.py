"""The sandbox's lossy resolver mode: its DNS server drops a share of queries (reproducibly, by
seed), the first queries of every name, and answers bursts late or not at all. Real UDP queries
with dnspython; every assertion is on the server's counters or on which queries got an answer,
never on elapsed time."""

import random
import socket
import time

import dns.exception
import dns.message
import dns.query
import dns.rdatatype
import pytest

from tests.sandbox.test_route53_dns import upsert, zone

# Generous bounds for a reply that is coming (or a query the server has yet to read) on a busy
# machine; a reply the server dropped is never waited for: its counters say how many come.
PATIENCE_SECONDS = 20
HOUR_MS = 3_600_000


def dns_state(sandbox):
    return sandbox.control("GET", "dns")


def fire(sandbox, names, rtype=dns.rdatatype.A):
    """Send one query per name at once, in order, from one socket; once the server has read them
    all, collect the replies it counted as answered. Returns the names that got an answer."""
    where = dns_state(sandbox)
    before = where["queries"]
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for number, name in enumerate(names):
            query = dns.message.make_query(name, rtype)
            query.id = number
            sock.sendto(query.to_wire(), (where["address"], where["port"]))
        deadline = time.monotonic() + PATIENCE_SECONDS
        while dns_state(sandbox)["queries"] < before + len(names):
            assert time.monotonic() < deadline, "the sandbox's DNS server did not read every query"
            time.sleep(0.05)
        expected = dns_state(sandbox)["answered"] - where["answered"]
        answered = set()
        for _ in range(expected):
            reply = dns.query.receive_udp(sock, expiration=time.time() + PATIENCE_SECONDS)[0]
            answered.add(names[reply.id])
    return answered


def names(count):
    return [f"host{number}.example.com" for number in range(count)]


def test_default_settings_answer_every_query_at_once(sandbox):
    zone(sandbox, "example.com")
    assert fire(sandbox, names(40)) == set(names(40))
    state = dns_state(sandbox)
    assert (state["queries"], state["answered"], state["dropped"], state["delayed"]) == (40, 40, 0, 0)
    assert state["per_name"] == {f"{name}. A": 1 for name in names(40)}


def test_drop_first_loses_every_names_first_query_and_a_retry_gets_the_answer(sandbox):
    zid = zone(sandbox, "example.com")
    upsert(sandbox, zid, "_abc.example.com", "CNAME", "_def.acm-validations.aws.")
    sandbox.settings(dns_drop_first=1)
    where = dns_state(sandbox)
    query = dns.message.make_query("_abc.example.com", dns.rdatatype.CNAME)
    with pytest.raises(dns.exception.Timeout):
        dns.query.udp(query, where["address"], port=where["port"], timeout=0.5)
    reply = dns.query.udp(query, where["address"], port=where["port"], timeout=PATIENCE_SECONDS)
    assert [r.target.to_text() for r in reply.answer[0]] == ["_def.acm-validations.aws."]
    # Counted per name and type: the same name's CAA has its own first query, lost too.
    assert fire(sandbox, ["_abc.example.com"], dns.rdatatype.CAA) == set()
    state = dns_state(sandbox)
    assert state["per_name"] == {"_abc.example.com. CNAME": 2, "_abc.example.com. CAA": 1}
    assert (state["queries"], state["answered"], state["dropped"]) == (3, 1, 2)


def test_drop_share_follows_the_seed_in_the_order_queries_arrive(sandbox):
    zone(sandbox, "example.com")
    sandbox.settings(dns_drop_share=0.5, dns_seed=7)
    first = fire(sandbox, names(30))
    # The contract: one draw of random.Random(dns_seed) per query, in arrival order.
    draws = random.Random(7)
    assert first == {name for name in names(30) if draws.random() >= 0.5}
    assert 0 < len(first) < 30
    counters = dns_state(sandbox)
    sandbox.control("POST", "dns/reset-counters")  # starts the random stream over
    assert fire(sandbox, names(30)) == first
    assert dns_state(sandbox) == counters
    sandbox.control("POST", "dns/reset-counters")
    sandbox.settings(dns_seed=8)
    assert fire(sandbox, names(30)) != first


def test_a_burst_is_answered_late(sandbox):
    zone(sandbox, "example.com")
    # A window of an hour: the burst is decided by the count of queries alone, never by timing.
    sandbox.settings(dns_burst_size=4, dns_burst_window_ms=HOUR_MS, dns_burst_delay_ms=50)
    assert fire(sandbox, names(40)) == set(names(40))
    state = dns_state(sandbox)
    assert (state["queries"], state["answered"], state["dropped"]) == (40, 40, 0)
    # The first 4 queries cannot be in a burst of more than 4; every later one is.
    assert state["delayed"] == 36


def test_a_burst_loses_its_burst_drop_share(sandbox):
    zone(sandbox, "example.com")
    sandbox.settings(dns_burst_size=4, dns_burst_window_ms=HOUR_MS, dns_burst_drop_share=1.0)
    answered = fire(sandbox, names(40))
    state = dns_state(sandbox)
    assert answered == set(names(4)), "only the 4 queries before the burst are answered"
    assert state["dropped"] == 36
    assert state["delayed"] == 0  # no dns_burst_delay_ms


def test_lossy_preset_and_explicit_settings_win(sandbox):
    zone(sandbox, "example.com")
    sandbox.settings(dns_lossy=True, dns_seed=3)
    draws = random.Random(3)  # 10 queries: no burst of more than 16, only the 20% share
    assert fire(sandbox, names(10)) == {name for name in names(10) if draws.random() >= 0.2}
    sandbox.control("POST", "dns/reset-counters")
    sandbox.settings(dns_drop_share=1.0)
    assert fire(sandbox, names(5)) == set()


@pytest.mark.parametrize("name, value", [
    ("dns_drop_share", 1.5), ("dns_drop_share", -0.1), ("dns_burst_drop_share", "half"),
    ("dns_drop_first", -1), ("dns_burst_size", 2.5), ("dns_burst_delay_ms", -5), ("dns_burst_size", True),
    ("dns_seed", None), ("dns_lossy", "yes"),
])
def test_bad_settings_are_refused_and_change_nothing(sandbox, name, value):
    before = sandbox.settings()
    good = {"dns_burst_size": 3} if name == "dns_drop_first" else {"dns_drop_first": 1}
    with pytest.raises(RuntimeError, match=rf"400 .*sandbox setting {name}=.*nothing changed"):
        sandbox.settings(**good, **{name: value})
    assert sandbox.settings() == before


def test_reset_restores_a_clean_resolver(sandbox):
    zone(sandbox, "example.com")
    sandbox.settings(dns_drop_first=1)
    assert fire(sandbox, names(3)) == set()
    sandbox.control("POST", "dns/reset-counters")  # keeps the settings, forgets the names
    assert fire(sandbox, names(3)) == set()
    assert dns_state(sandbox)["per_name"] == {f"{name}. A": 1 for name in names(3)}
    sandbox.reset()
    state = dns_state(sandbox)
    assert (state["queries"], state["answered"], state["dropped"], state["delayed"], state["per_name"]) == \
        (0, 0, 0, 0, {})
    zone(sandbox, "example.com")
    assert fire(sandbox, names(3)) == set(names(3))
