# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DNS checks for DNS-validated certificates: do the validation CNAMEs still hold
the value ACM expects, and do CAA records (RFC 8659, see caa.py) let Amazon issue?

``Resolver`` asks through dns_queries (given nameservers, ``ip`` or ``ip:port``, or the
system resolver; retries, backoff) and checks up front that given nameservers answer at all. The
judgements are pure functions over lookup results, unit-tested without DNS.
"""

from __future__ import annotations

import ipaddress

from .._certificates.validation_records import fqdn, records_from_detail
from ..errors import CertshiftError
from . import caa
from .dns_lookup import ANSWER, NODATA, NXDOMAIN, LookupFailed, parse_nameserver
from .dns_lookup import REFUSED as DNS_REFUSED
from .dns_queries import DnsQueries, retrying

try:
    import dns.exception
    import dns.message
    import dns.query
    import dns.rdatatype
except ImportError:  # dns_lookup.require_dnspython reports it
    pass

OK = "ok"
MISSING = "missing"
FAILED = "failed"
# Every server answered REFUSED: it does not serve that name (an authoritative-only
# server asked about a parent zone). CAA tree climbing treats it as "no CAA here".
REFUSED = "refused"


def parse_nameservers(entries):
    """[(ip, port)] from ``ip`` or ``ip:port``; anything else is a CertshiftError naming the entry."""
    servers = []
    for entry in entries or []:
        try:
            host, port = parse_nameserver(entry)
            ipaddress.ip_address(host)
            if not 0 < port < 65536:
                raise ValueError(port)
        except (CertshiftError, ValueError):
            raise CertshiftError(
                f"nameserver '{entry}' is not an IP address with an optional port: use 'ip' or 'ip:port', "
                "for example 192.0.2.53 or 127.0.0.1:5353",
                nameserver=entry,
            ) from None
        servers.append((host, port))
    return servers


class Lookup:
    """Outcome of one DNS query: status (ok, missing, failed) and values."""

    def __init__(self, status, values=(), error=None):
        self.status = status
        self.values = list(values)
        self.error = error

    def __repr__(self):
        return f"Lookup({self.status!r}, {self.values!r})"


class Resolver:
    """The given nameservers, or the system resolver, for the renewal checks. Every lookup goes
    through ``queries`` (dns_queries.DnsQueries: timeout per try, retries with backoff, an AIMD
    window), shared with the HTTPS probes' address lookups."""

    def __init__(self, nameservers=None, timeout=2.0, retries=2, concurrency=16):
        self.servers = parse_nameservers(nameservers)
        self.queries = DnsQueries([f"[{ip}]:{port}" for ip, port in self.servers], timeout=timeout,
                                  retries=retries, concurrency=concurrency)

    def check_reachable(self):
        """Every given nameserver must answer (any answer, even REFUSED), or one clear error."""
        timeout = self.queries.timeout
        for ip, port in self.servers:
            def attempt():
                try:
                    dns.query.udp(dns.message.make_query(".", dns.rdatatype.SOA), ip, timeout=timeout, port=port)
                except dns.exception.Timeout:
                    return f"no answer within {timeout:g}s", True
                except (OSError, dns.exception.DNSException) as e:
                    return str(e), False
                return None, False

            problem, tries = retrying(attempt, self.queries.retries, sleep=self.queries.sleep)
            if problem:
                raise CertshiftError(
                    f"nameserver {ip}:{port} does not answer DNS queries ({problem}, {tries} tries): fix "
                    "'nameservers' (acm_nameservers) or leave it empty to use the system resolver",
                    nameserver=f"{ip}:{port}",
                )

    def lookup(self, name, rdtype):
        reply = self.queries.ask(name, rdtype)
        if reply.status == ANSWER:
            return Lookup(OK, [_value(r) for r in reply.rdata])
        if reply.status in (NODATA, NXDOMAIN):
            return Lookup(MISSING)
        return Lookup(REFUSED if reply.status == DNS_REFUSED else FAILED, error=reply.error)


def _value(rdata):
    if rdata.rdtype == dns.rdatatype.CAA:
        tag = rdata.tag.decode("ascii", "replace") if isinstance(rdata.tag, bytes) else rdata.tag
        value = rdata.value.decode("utf-8", "replace") if isinstance(rdata.value, bytes) else rdata.value
        return (int(rdata.flags), tag.lower(), value)
    if rdata.rdtype == dns.rdatatype.CNAME:
        return rdata.target.to_text().lower()
    return rdata.to_text()


# --- validation CNAMEs ------------------------------------------------------------

def validation_records(detail):
    """The DNS validation records ACM expects (a wildcard and its apex share one)."""
    return records_from_detail(detail)[0]


def check_cname(record, lookup):
    """Judge one validation record against what DNS returned for its name. The message says what is wrong;
    the record to publish is ``fix`` alone (the recommendation lists it once)."""
    found = list(lookup.values) if lookup.status == OK else []
    name, value = fqdn(record["name"]), fqdn(record["value"])
    fix = f"{name} CNAME {value}"
    result = {"name": name, "type": record.get("type", "CNAME"), "expected": value, "found": found,
              "domains": record.get("domains", []), "ok": False, "reason": None, "fix": None, "message": None}
    if lookup.status == OK and any(fqdn(v) == value for v in found):
        result["ok"] = True
        return result
    result["fix"] = fix
    if lookup.status == MISSING:
        result["reason"] = "missing"
        result["message"] = f"validation record {name} is missing"
    elif lookup.status == OK:
        result["reason"] = "wrong_value"
        result["message"] = f"validation record {name} points to {', '.join(found)} instead of {value}"
    else:
        result["reason"] = "lookup_failed"
        result["message"] = f"validation record {name} could not be looked up ({lookup.error})"
    return result


# --- CAA -------------------------------------------------------------------------------

def check_caa(lookup, cert_name):
    """CAA finding for one certificate name; ``lookup(name)`` returns a Lookup of CAA values."""

    def caa_lookup(owner):
        result = lookup(owner)
        if result.status == FAILED:
            raise LookupFailed(result.error)
        return result.values if result.status == OK else []

    wildcard = cert_name.strip().startswith("*.")
    finding = {"name": cert_name, "wildcard": wildcard, "owner": None, "records": [], "allowed": True,
               "reason": None, "fix": None, "message": None}
    try:
        owner, properties = caa.relevant_rrset(cert_name, caa_lookup)
    except LookupFailed as e:
        finding.update(allowed=False, reason="lookup_failed",
                       message=f"CAA lookup for {cert_name} failed ({e}); a CA refuses to issue when it cannot read CAA")
        return finding
    allowed, why = caa.evaluate(cert_name, properties)
    finding.update(owner=owner, records=[{"flags": f, "tag": t, "value": v} for f, t, v in properties],
                   allowed=allowed, detail=why)
    if not allowed:
        tag = "issuewild" if wildcard and any(t == "issuewild" for _f, t, _v in properties) else "issue"
        fix = f'{owner}. CAA 0 {tag} "amazon.com"'
        finding.update(reason="caa_forbids_amazon", fix=fix,
                       message=f"CAA at {owner} forbids Amazon to issue for {cert_name} ({why})")
    return finding
