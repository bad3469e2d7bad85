"""Probe names resolved through DNS with negative caching (RFC 8020): the queries a fake resolver sees."""

from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._probe import probe_resolution as pr

from ..fake_dns import FakeResolver, fake_queries

ZONE = {
    "example.com": {"A": ["192.0.2.1"]},
    "www.example.com": {"AAAA": ["2001:db8::1"]},   # IPv6 only
    "shop.example.com": {"A": ["192.0.2.2"]},
    "deep.x.example.com": {"A": ["192.0.2.3"]},     # x.example.com: an empty non-terminal (it exists)
    "mail.example.com": {"MX": ["10 mx.example.com."]},  # exists, no address
}


def resolver(fake=None, overrides=None, **kwargs):
    fake = fake or FakeResolver(ZONE)
    return pr.ProbeResolver(443, overrides or {}, fake_queries(fake, **kwargs)), fake


def test_a_first_and_aaaa_only_when_a_has_no_data():
    probe, fake = resolver()
    found = probe.resolve_all(["example.com", "www.example.com", "mail.example.com", "gone.example.com"])
    assert (found["example.com"].outcome, found["example.com"].address) == (pr.FOUND, "192.0.2.1")
    assert (found["www.example.com"].outcome, found["www.example.com"].address) == (pr.FOUND, "2001:db8::1")
    assert found["mail.example.com"].outcome == pr.NO_ADDRESS
    assert found["gone.example.com"].outcome == pr.NO_SUCH_NAME
    assert all(r.resolved_by == "system" for r in found.values())
    assert fake.queries == {("example.com", "A"): 1, ("www.example.com", "A"): 1, ("www.example.com", "AAAA"): 1,
                            ("mail.example.com", "A"): 1, ("mail.example.com", "AAAA"): 1,
                            ("gone.example.com", "A"): 1}  # no AAAA after NXDOMAIN


def test_nothing_below_an_nxdomain_name_is_asked():
    probe, fake = resolver()
    found = probe.resolve_all(["www.api.gone.example.com", "api.gone.example.com", "gone.example.com"])
    assert fake.queries == {("gone.example.com", "A"): 1}  # shortest first; the two below it never asked
    for name in ("api.gone.example.com", "www.api.gone.example.com"):
        assert (found[name].outcome, found[name].resolved_by) == (pr.NO_SUCH_NAME, pr.BY_NEGATIVE_CACHE)
    assert found["gone.example.com"].resolved_by == "system"


def test_a_shared_parent_is_asked_once_first():
    """a.gone / b.gone and their www names: gone.example.com is asked once, NXDOMAIN, the four never."""
    probe, fake = resolver()
    names = ["a.gone.example.com", "www.a.gone.example.com", "b.gone.example.com", "www.b.gone.example.com"]
    found = probe.resolve_all(names)
    assert fake.queries == {("gone.example.com", "A"): 1}
    assert {found[n].resolved_by for n in names} == {pr.BY_NEGATIVE_CACHE}
    assert "gone.example.com" not in found  # a parent is asked, not reported


def test_a_shared_parent_that_exists_costs_one_query_and_skips_nothing():
    probe, fake = resolver()
    found = probe.resolve_all(["shop.example.com", "deep.x.example.com"])
    assert found["shop.example.com"].address == "192.0.2.2" and found["deep.x.example.com"].address == "192.0.2.3"
    # example.com is above both but exists; x.example.com is an empty non-terminal, not asked (one name below)
    assert fake.queries == {("example.com", "A"): 1, ("shop.example.com", "A"): 1, ("deep.x.example.com", "A"): 1}


def test_answers_are_kept_for_the_run():
    probe, fake = resolver()
    probe.resolve_all(["example.com", "gone.example.com"])
    again = probe.resolve_all(["example.com", "gone.example.com", "www.gone.example.com"])
    assert again["www.gone.example.com"].resolved_by == pr.BY_NEGATIVE_CACHE
    assert fake.queries == {("example.com", "A"): 1, ("gone.example.com", "A"): 1}


def test_overrides_come_first_and_are_never_asked():
    probe, fake = resolver(overrides={("gone.example.com", 443): "127.0.0.1", ("example.com", 8443): "192.0.2.7"})
    found = probe.resolve_all(["Gone.Example.com.", "example.com"])
    assert (found["gone.example.com"].address, found["gone.example.com"].resolved_by) == ("127.0.0.1", "resolve")
    assert found["example.com"].address == "192.0.2.1"  # the override is for another port
    assert fake.queries == {("example.com", "A"): 1}


def test_an_nxdomain_through_a_cname_does_not_hide_the_names_below_the_alias():
    fake = FakeResolver({"alias.example.com": {"CNAME": ["gone.example.net."]},
                         "www.alias.example.com": {"A": ["192.0.2.5"]}, "example.net": {"A": ["192.0.2.9"]}})
    probe, _ = resolver(fake)
    found = probe.resolve_all(["alias.example.com", "www.alias.example.com"])
    assert found["alias.example.com"].outcome == pr.NO_SUCH_NAME
    assert found["www.alias.example.com"].address == "192.0.2.5"


def test_a_lookup_that_fails_hides_nothing_and_is_not_no_such_name():
    fake = FakeResolver(ZONE, servfail=["gone.example.com"])
    probe, _ = resolver(fake, retries=1)
    found = probe.resolve_all(["gone.example.com", "www.gone.example.com"])
    assert found["gone.example.com"].outcome == pr.LOOKUP_FAILED and "gone.example.com A" in found["gone.example.com"].error
    assert found["www.gone.example.com"].outcome == pr.NO_SUCH_NAME
    assert found["www.gone.example.com"].resolved_by == "system"  # asked: a failure proves nothing below


def test_a_lossy_resolver_gives_the_same_answers_each_name_asked_twice():
    names = ["example.com", "www.example.com", "shop.example.com", "www.shop.example.com", "a.gone.example.com",
             "www.a.gone.example.com", "b.gone.example.com", "www.b.gone.example.com"]
    clean, _ = resolver()
    lossy_fake = FakeResolver(ZONE, drop_first=1)
    lossy, _ = resolver(lossy_fake)
    expected = {n: (r.outcome, r.address) for n, r in clean.resolve_all(names).items()}
    assert {n: (r.outcome, r.address) for n, r in lossy.resolve_all(names).items()} == expected
    assert set(lossy_fake.queries.values()) == {2}  # each question dropped once, answered once, never more
    assert lossy_fake.asked("gone.example.com") == 2 and lossy_fake.asked("www.shop.example.com", "AAAA") == 0
    assert not any(lossy_fake.asked(n) for n in names if ".gone." in n)


@pytest.mark.parametrize("names,parents", [
    (["a.example.com", "b.example.com"], ["example.com"]),
    (["example.com", "a.example.com", "b.example.com"], []),                 # the parent is probed itself
    (["shop.example.com", "www.shop.example.com"], []),                      # one name under example.com that counts
    (["a.x.y.example.com", "b.x.y.example.com"], ["x.y.example.com"]),       # the nearest of parents above the same names
    (["a.example.com", "a.example.net"], []),                                # only a top-level domain in common
    (["a.one.example.com", "b.one.example.com", "c.two.example.com", "d.two.example.com"],
     ["example.com", "one.example.com", "two.example.com"]),
    (["www.a.example.com", "www.b.example.com"], ["example.com"]),
])
def test_shared_parents(names, parents):
    assert pr.shared_parents(names) == parents
