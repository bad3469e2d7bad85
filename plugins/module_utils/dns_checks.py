# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DNS checks for DNS-validated certificates: do the validation CNAMEs still hold
the value ACM expects, and do CAA records (RFC 8659) let Amazon issue?

``Resolver`` wraps dnspython (given nameservers, ``ip`` or ``ip:port``, or the
system resolver). The checks themselves are pure functions over lookup results,
so they are unit-tested without DNS.
"""

from __future__ import annotations

import ipaddress

from .errors import CertshiftError

try:
    import dns.exception
    import dns.message
    import dns.nameserver
    import dns.query
    import dns.rdatatype
    import dns.resolver
    HAS_DNSPYTHON = True
except ImportError:  # reported by the module
    HAS_DNSPYTHON = False

# CAA issuer domain names that let ACM issue (aws-facts.md).
AMAZON_CAA_ISSUERS = ("amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com")
# Property tags a CA understands; an unknown one with the critical flag forbids issuance.
KNOWN_CAA_TAGS = ("issue", "issuewild", "iodef", "contactemail", "contactphone", "issuemail", "issuevmc")
CAA_CRITICAL = 128

# Lookup outcomes.
OK = "ok"
NXDOMAIN = "nxdomain"
NODATA = "nodata"
FAILED = "failed"


def _norm(name):
    return str(name or "").strip().rstrip(".").lower()


def parse_nameservers(entries):
    """[(ip, port)] from ``ip`` or ``ip:port`` (IPv6 as ``[ip]:port`` or bare)."""
    servers = []
    for entry in entries or []:
        text = str(entry).strip()
        host, port = text, 53
        if text.startswith("["):
            host, _, rest = text[1:].partition("]")
            if rest:
                port = rest[1:] if rest.startswith(":") else None
        elif text.count(":") == 1:
            host, port = text.split(":")
        try:
            ipaddress.ip_address(host)
            port = int(port)
            if not 0 < port < 65536:
                raise ValueError(port)
        except (TypeError, ValueError):
            raise CertshiftError(
                f"nameserver '{entry}' is not an IP address with an optional port: use 'ip' or 'ip:port', "
                "for example 192.0.2.53 or 127.0.0.1:5353",
                nameserver=entry,
            ) from None
        servers.append((host, port))
    return servers


class Lookup:
    """Outcome of one DNS query: status (ok, nxdomain, nodata, failed) and values."""

    def __init__(self, status, values=(), error=None):
        self.status = status
        self.values = list(values)
        self.error = error

    def __repr__(self):
        return f"Lookup({self.status!r}, {self.values!r})"


class Resolver:
    """dnspython resolver for the given nameservers, or the system's."""

    def __init__(self, nameservers=None, timeout=5.0):
        if not HAS_DNSPYTHON:
            raise CertshiftError("DNS checks need the Python library dnspython: pip install dnspython")
        self.servers = parse_nameservers(nameservers)
        self.timeout = timeout
        if self.servers:
            self._resolver = dns.resolver.Resolver(configure=False)
            self._resolver.nameservers = [dns.nameserver.Do53Nameserver(ip, port) for ip, port in self.servers]
        else:
            try:
                self._resolver = dns.resolver.Resolver()
            except dns.resolver.NoResolverConfiguration:
                raise CertshiftError(
                    "no system DNS resolver is configured: give nameservers (ip or ip:port) for the DNS checks"
                ) from None
        self._resolver.timeout = timeout
        self._resolver.lifetime = timeout
        self._resolver.cache = None

    def check_reachable(self):
        """Every given nameserver must answer (any answer, even REFUSED); else one clear error."""
        for ip, port in self.servers:
            query = dns.message.make_query(".", dns.rdatatype.SOA)
            try:
                dns.query.udp(query, ip, timeout=self.timeout, port=port)
            except (dns.exception.Timeout, OSError, dns.exception.DNSException) as e:
                reason = f"no answer within {self.timeout:g}s" if isinstance(e, dns.exception.Timeout) else str(e)
                raise CertshiftError(
                    f"nameserver {ip}:{port} does not answer DNS queries ({reason}): fix 'nameservers' "
                    "(acm_nameservers) or leave it empty to use the system resolver",
                    nameserver=f"{ip}:{port}",
                ) from None

    def lookup(self, name, rdtype):
        try:
            answer = self._resolver.resolve(name, rdtype, raise_on_no_answer=False, search=False)
        except dns.resolver.NXDOMAIN:
            return Lookup(NXDOMAIN)
        except (dns.resolver.NoNameservers, dns.exception.Timeout, dns.resolver.NoAnswer) as e:
            return Lookup(FAILED, error=str(e))
        except dns.exception.DNSException as e:
            return Lookup(FAILED, error=str(e))
        if answer.rrset is None:
            return Lookup(NODATA)
        return Lookup(OK, [_rdata_value(rdata) for rdata in answer.rrset])

    def addresses(self, name):
        found = []
        for rdtype in ("A", "AAAA"):
            result = self.lookup(name, rdtype)
            if result.status == OK:
                found.extend(result.values)
        return found


def _rdata_value(rdata):
    if rdata.rdtype == dns.rdatatype.CAA:
        return (int(rdata.flags), rdata.tag.decode("ascii", "replace").lower(),
                rdata.value.decode("utf-8", "replace"))
    if rdata.rdtype == dns.rdatatype.CNAME:
        return rdata.target.to_text()
    return rdata.to_text()


# --- validation CNAMEs ------------------------------------------------------------

def validation_records(detail):
    """The DNS validation records ACM expects, one per record name (a wildcard and its
    apex share one), each with the certificate names it validates."""
    records = {}
    for option in detail.get("DomainValidationOptions") or []:
        record = option.get("ResourceRecord")
        if not record or option.get("ValidationMethod", detail.get("ValidationMethod")) != "DNS":
            continue
        key = _norm(record["Name"])
        entry = records.setdefault(key, {
            "name": record["Name"], "type": record.get("Type", "CNAME"), "value": record["Value"], "domains": []})
        entry["domains"].append(option["DomainName"])
    return list(records.values())


def check_cname(record, lookup):
    """Judge one validation record against what DNS returned for it."""
    found = [v for v in lookup.values] if lookup.status == OK else []
    result = {
        "name": record["name"], "type": record["type"], "expected": record["value"], "found": found,
        "domains": record["domains"], "ok": False, "reason": None, "fix": None,
    }
    fix = f"{_fqdn(record['name'])} CNAME {_fqdn(record['value'])}"
    if lookup.status == OK and any(_norm(v) == _norm(record["value"]) for v in found):
        result["ok"] = True
        return result
    if lookup.status in (NXDOMAIN, NODATA):
        result["reason"] = "missing"
        result["message"] = f"validation record {_fqdn(record['name'])} is missing; restore: {fix}"
    elif lookup.status == OK:
        result["reason"] = "wrong_value"
        result["message"] = (f"validation record {_fqdn(record['name'])} points to {', '.join(found)} instead of "
                             f"{_fqdn(record['value'])}; restore: {fix}")
    else:
        result["reason"] = "lookup_failed"
        result["message"] = f"validation record {_fqdn(record['name'])} could not be looked up ({lookup.error})"
    result["fix"] = fix
    return result


def _fqdn(name):
    return _norm(name) + "."


# --- CAA (RFC 8659) ----------------------------------------------------------------

def relevant_caa(lookup, name):
    """Climb from ``name`` towards the root; the first name with CAA records wins.

    ``lookup(name)`` returns a Lookup of CAA values ``(flags, tag, value)``.
    Returns ``(owner, records, failed_lookup)``; ``owner`` is None when no name
    up to the top-level domain has CAA records (any CA may issue).
    """
    labels = _norm(name).split(".")
    for i in range(len(labels)):
        candidate = ".".join(labels[i:])
        result = lookup(candidate)
        if result.status == FAILED:
            return candidate, [], result
        if result.status == OK and result.values:
            return candidate, result.values, None
    return None, [], None


def issuer_domain(value):
    """The issuer-domain-name of an issue/issuewild value ('' means no CA)."""
    return _norm(value.split(";", 1)[0])


def caa_allows_amazon(records, wildcard=False):
    """(allowed, reason) for a relevant CAA RRset per RFC 8659 section 4."""
    for flags, tag, _value in records:
        if flags & CAA_CRITICAL and tag not in KNOWN_CAA_TAGS:
            return False, f"critical CAA property '{tag}' that no CA understands forbids issuance"
    tags = ("issuewild",) if wildcard and any(t == "issuewild" for _f, t, _v in records) else ("issue",)
    properties = [value for _flags, tag, value in records if tag in tags]
    if not properties:
        return True, None
    issuers = [issuer_domain(v) for v in properties]
    if any(i in AMAZON_CAA_ISSUERS for i in issuers):
        return True, None
    named = ", ".join(sorted({i or '";" (no CA)' for i in issuers}))
    return False, f"CAA {tags[0]} allows only {named}"


def check_caa(lookup, cert_name):
    """CAA finding for one certificate name (``*.example.com`` checks example.com as a wildcard)."""
    name = _norm(cert_name)
    wildcard = name.startswith("*.")
    base = name[2:] if wildcard else name
    owner, records, failed = relevant_caa(lookup, base)
    result = {"name": cert_name, "wildcard": wildcard, "owner": owner,
              "records": [{"flags": f, "tag": t, "value": v} for f, t, v in records],
              "allowed": True, "reason": None, "fix": None}
    if failed is not None:
        result.update(allowed=False, reason="lookup_failed",
                      message=f"CAA lookup for {owner} failed ({failed.error}); a CA must then refuse to issue")
        return result
    allowed, why = caa_allows_amazon(records, wildcard)
    if not allowed:
        tag = "issuewild" if wildcard and any(r[1] == "issuewild" for r in records) else "issue"
        fix = f'{owner}. CAA 0 {tag} "amazon.com"'
        result.update(allowed=False, reason="caa_forbids_amazon", fix=fix,
                      message=f"CAA at {owner} forbids Amazon to issue for {cert_name} ({why}); add: {fix}")
    return result
