"""Serve the sandbox's public Route53 zones over DNS, as Route53's name servers do.

moto keeps hosted zones but answers no DNS queries. This UDP server on a loopback port
answers from every account's public zones (the longest matching zone wins), so DNS
checks (validation CNAMEs, CAA) see what a migration published. Started with the
sandbox; `GET /_sandbox/dns` tells its address and port, and how many queries it answered,
dropped and delayed in its opt-in lossy mode (lossy_dns.py).
"""

from __future__ import annotations

import socket
import threading

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

from . import control, lossy_dns

_state = {"server": None}


def _zones():
    from .moto_internals import route53_backends

    for account in list(route53_backends.keys()):
        for backend in list(route53_backends[account].values()):
            for zone in list(backend.zones.values()):
                if not zone.private_zone:
                    yield zone


def _norm(name):
    return name.rstrip(".").lower() + "."


def answer(query):
    """The response to one query message (pure apart from reading moto's zones)."""
    response = dns.message.make_response(query)
    response.flags |= dns.flags.AA
    question = query.question[0]
    qname, qtype = _norm(question.name.to_text()), question.rdtype
    zones = [z for z in _zones() if qname == _norm(z.name) or qname.endswith("." + _norm(z.name))]
    if not zones:
        response.set_rcode(dns.rcode.REFUSED)
        response.flags &= ~dns.flags.AA
        return response
    zone = max(zones, key=lambda z: len(_norm(z.name)))
    rrsets = list(zone.rrsets)
    matches = [r for r in rrsets if _norm(r.name) == qname]
    if not matches:
        # A name with records below it exists (an empty non-terminal): NOERROR without data, as Route53
        # answers; NXDOMAIN would say nothing below exists (RFC 8020), and resolvers that trust it stop there.
        if not any(_norm(r.name).endswith("." + qname) for r in rrsets):
            response.set_rcode(dns.rcode.NXDOMAIN)
        return response
    for rrset in matches:
        rtype = dns.rdatatype.from_text(rrset.type)
        if rtype != qtype and rtype != dns.rdatatype.CNAME:
            continue
        rdatas = [dns.rdata.from_text(dns.rdataclass.IN, rtype, value) for value in rrset.records or []]
        response.answer.append(dns.rrset.from_rdata_list(question.name, int(rrset.ttl or 300), rdatas))
    return response


def _serve(sock):
    while True:
        try:
            data, peer = sock.recvfrom(4096)
        except OSError:
            return
        try:
            query = dns.message.from_wire(data)
            delay = lossy_dns.admit(query)
            if delay is None:
                continue  # dropped by the lossy mode: no answer at all
            reply = answer(query).to_wire()
        except Exception:  # noqa: BLE001 - a bad packet must not stop the server
            continue
        lossy_dns.send(sock, reply, peer, delay)


def start(host="127.0.0.1", port=0):
    if _state["server"] is None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind((host, port))
        threading.Thread(target=_serve, args=(sock,), daemon=True, name="route53-dns").start()
        _state["server"] = sock
    return _state["server"].getsockname()


@control.route("GET", "dns")
def _where(_payload):
    host, port = start()
    return {"address": host, "port": port, "nameserver": f"{host}:{port}", **lossy_dns.counters()}
