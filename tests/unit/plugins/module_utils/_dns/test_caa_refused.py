"""CAA through nameservers that serve only some zones (acm_nameservers = an authoritative-only server,
such as the sandbox's or a company's primary): a REFUSED answer for a zone above theirs ends the tree
climb (nothing above is theirs to tell), where the migration used to warn "CAA could not be checked"
for every name; a REFUSED answer for the name itself still fails the lookup, as it always did."""

from __future__ import annotations

import dns.flags
import dns.message
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import pytest

from ansible_collections.certshift.acm.plugins.module_utils._dns import caa
from ansible_collections.certshift.acm.plugins.module_utils._dns.dns_lookup import (LookupFailed, LookupRefused,
                                                                                    make_resolver)
from tests.udp_dns import UdpDnsServer


def authoritative_only(zone, caa_records):
    """answer() of a nameserver authoritative for ``zone`` only: REFUSED for every other name."""
    zone = zone.rstrip(".") + "."

    def answer(query):
        response = dns.message.make_response(query)
        question = query.question[0]
        qname = question.name.to_text().lower()
        if not (qname == zone or qname.endswith("." + zone)):
            response.set_rcode(dns.rcode.REFUSED)
            return response
        response.flags |= dns.flags.AA
        value = caa_records.get(qname.rstrip("."))
        if value and question.rdtype == dns.rdatatype.CAA:
            rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.CAA, value)
            response.answer.append(dns.rrset.from_rdata_list(question.name, 60, [rdata]))
        return response

    return answer


@pytest.fixture
def example_com():
    server = UdpDnsServer(authoritative_only("example.com", {"locked.example.com": '0 issue "letsencrypt.org"'}))
    yield server
    server.close()


def check(server, name):
    return caa.check(name, caa.dns_lookup(make_resolver([server.nameserver], timeout=2)))


def test_refused_above_the_served_zone_ends_the_climb(example_com):
    verdict = check(example_com, "www.shop.example.com")
    assert verdict["allowed"] is True and verdict["owner"] is None, verdict


def test_caa_inside_the_served_zone_still_decides(example_com):
    verdict = check(example_com, "www.locked.example.com")
    assert verdict["allowed"] is False and verdict["owner"] == "locked.example.com", verdict


def test_refused_for_the_name_itself_still_fails_the_lookup(example_com):
    with pytest.raises(LookupRefused) as raised:
        check(example_com, "www.example.org")
    assert "REFUSED" in str(raised.value) and isinstance(raised.value, LookupFailed)


@pytest.mark.parametrize("failing_at, raises", [(0, True), (1, False), (3, False)])
def test_tree_climbing_stops_at_a_refused_ancestor(failing_at, raises):
    owners = ["a.b.example.com", "b.example.com", "example.com", "com"]

    def lookup(owner):
        if owners.index(owner) >= failing_at:
            raise LookupRefused(f"{owner} CAA: REFUSED")
        return []

    if raises:
        with pytest.raises(LookupRefused):
            caa.relevant_rrset("a.b.example.com", lookup)
    else:
        assert caa.relevant_rrset("a.b.example.com", lookup) == (None, [])


def test_a_lookup_failure_other_than_refused_still_fails_the_climb():
    def lookup(owner):
        if owner == "com":
            raise LookupFailed("com CAA: timed out", kind="LifetimeTimeout")
        return []

    with pytest.raises(LookupFailed):
        caa.relevant_rrset("www.example.com", lookup)
