"""A fake dnspython resolver for unit tests: answers from a table with real dnspython messages and
exceptions, counts every query per (name, type), and can drop the first N queries of each (name,
type) or answer some with REFUSED or SERVFAIL. Names exist where they hold a record, or have one
below them (empty non-terminals answer NOERROR, as RFC 8020 requires)."""

from __future__ import annotations

import collections
import threading

import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.resolver
import dns.rrset

from ansible_collections.certshift.acm.plugins.module_utils._dns.dns_queries import DnsQueries


class FakeResolver:
    def __init__(self, records=None, drop_first=0, refused=(), servfail=()):
        # records: {"name": {"A": ["192.0.2.1"], "CNAME": ["target.example."]}}
        self.records = {name.rstrip(".").lower(): types for name, types in (records or {}).items()}
        self.drop_first = drop_first
        self.refused = set(refused)
        self.servfail = set(servfail)
        self.queries = collections.Counter()
        self.lock = threading.Lock()

    def exists(self, name):
        return any(owner == name or owner.endswith("." + name) for owner in self.records)

    def asked(self, name, rdtype=None):
        return sum(n for (owner, t), n in self.queries.items() if owner == name and rdtype in (None, t))

    def resolve(self, qname, rdtype, raise_on_no_answer=True, search=None):
        name = str(qname).rstrip(".").lower()
        with self.lock:
            self.queries[(name, rdtype)] += 1
            count = self.queries[(name, rdtype)]
        if count <= self.drop_first:
            raise dns.resolver.LifetimeTimeout(timeout=1.0, errors=[])
        query = dns.message.make_query(name + ".", rdtype)
        response = dns.message.make_response(query)
        if name in self.refused or name in self.servfail:
            response.set_rcode(dns.rcode.REFUSED if name in self.refused else dns.rcode.SERVFAIL)
            raise dns.resolver.NoNameservers(request=query, errors=[("192.0.2.53", False, 53, "x", response)])
        owner = name
        for _ in range(8):  # follow CNAMEs as a recursive resolver does
            target = (self.records.get(owner) or {}).get("CNAME")
            if not target or rdtype == "CNAME":
                break
            response.answer.append(dns.rrset.from_text_list(owner + ".", 60, "IN", "CNAME", target))
            owner = target[0].rstrip(".").lower()
        if not self.exists(owner):
            response.set_rcode(dns.rcode.NXDOMAIN)
            qname_obj = dns.name.from_text(name + ".")
            raise dns.resolver.NXDOMAIN(qnames=[qname_obj], responses={qname_obj: on_the_wire(response)})
        values = (self.records.get(owner) or {}).get(rdtype)
        if values:
            response.answer.append(dns.rrset.from_text_list(owner + ".", 60, "IN", rdtype, values))
        response = on_the_wire(response)
        return dns.resolver.Answer(dns.name.from_text(name + "."), dns.rdatatype.from_text(rdtype),
                                   dns.rdataclass.IN, response)


def on_the_wire(message):
    """The message as a resolver receives it (parsed, so its sections are indexed as dnspython's own are)."""
    return dns.message.from_wire(message.to_wire())


def fake_queries(fake, **kwargs):
    """DnsQueries over ``fake`` that never really sleeps; the sleeps it asked for are in ``.slept``."""
    slept = []
    queries = DnsQueries(make=lambda: fake, sleep=slept.append, **kwargs)
    queries.slept = slept
    return queries
