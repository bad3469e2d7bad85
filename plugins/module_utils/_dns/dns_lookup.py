# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""dnspython resolvers for DNS checks: the system's, or the ``nameservers`` given
(``ip`` or ``ip:port``, IPv6 as ``[addr]:port``), and one try of a question (``ask_once``: a
Reply, whatever the network did), which ``query`` and dns_queries.DnsQueries build on."""

from __future__ import annotations

from dataclasses import dataclass, field

try:
    import dns.exception
    import dns.name
    import dns.nameserver
    import dns.rcode
    import dns.rdatatype
    import dns.resolver
    HAS_DNSPYTHON = True
except ImportError:
    HAS_DNSPYTHON = False

from ..errors import CertshiftError


class LookupFailed(Exception):
    """The DNS answer could not be obtained (timeout, SERVFAIL, REFUSED). ``kind``: dnspython's
    exception class name, the same for every name a refusing or silent nameserver fails."""

    def __init__(self, message, kind=None):
        super().__init__(message)
        self.kind = kind or "LookupFailed"


class LookupRefused(LookupFailed):
    """Every nameserver answered REFUSED: they do not serve that name (an authoritative-only server
    asked about a zone above its own)."""


def all_refused(error):
    """Whether dnspython's NoNameservers ``error`` holds only REFUSED answers."""
    errors = error.kwargs.get("errors") or []
    for entry in errors:
        response = entry[-1] if isinstance(entry, tuple) else None
        if response is None or not hasattr(response, "rcode") or response.rcode() != dns.rcode.REFUSED:
            return False
    return bool(errors)


def require_dnspython():
    if not HAS_DNSPYTHON:
        raise CertshiftError("this needs the Python library dnspython on the host running the module: pip install dnspython")


def parse_nameserver(text):
    """('ip', port) from 'ip', 'ip:port', '[v6]:port' or a bare IPv6 address."""
    text = str(text).strip()
    if text.startswith("["):
        host, _sep, rest = text[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif text.count(":") == 1:
        host, port = text.split(":")
    else:
        host, port = text, ""
    if not host or (port and not port.isdigit()):
        raise CertshiftError(f"nameserver '{text}' is not 'ip' or 'ip:port'")
    return host, int(port) if port else 53


def make_resolver(nameservers=None, timeout=3.0, cache=False, resolv_conf="/etc/resolv.conf"):
    """A dnspython resolver for ``nameservers``, or the system's (``resolv_conf``). One call asks each
    nameserver once at most, for ``timeout`` seconds each. ``cache``: keep answers, NXDOMAIN included,
    for the resolver's life (one module run); off where a caller polls for a change (wait_cnames)."""
    require_dnspython()
    if nameservers:
        resolver = dns.resolver.Resolver(configure=False)
        resolver.nameservers = [dns.nameserver.Do53Nameserver(*parse_nameserver(ns)) for ns in nameservers]
    else:
        try:
            resolver = dns.resolver.Resolver(filename=resolv_conf)
        except dns.resolver.NoResolverConfiguration as e:
            raise CertshiftError(f"no DNS resolver is configured on this host ({e}): set 'nameservers' "
                                 "(acm_nameservers) to a DNS server") from None
    resolver.timeout = timeout
    resolver.lifetime = timeout * max(1, len(resolver.nameservers))
    resolver.cache = dns.resolver.LRUCache() if cache else None
    return resolver


# What one question got (Reply.status).
ANSWER = "answer"        # records of the type asked for
NODATA = "nodata"        # the name exists, without records of that type
NXDOMAIN = "nxdomain"    # the name does not exist (RFC 8020: nor anything below it, unless ``alias``)
REFUSED = "refused"      # every server refused: it does not serve that name
FAILED = "failed"        # no usable answer (a timeout, SERVFAIL, a malformed name) or no resolver at all


@dataclass(repr=False)
class Reply:
    """The outcome of a question. ``rdata``: the records of the type asked for (ANSWER); ``alias``: the
    name is a CNAME, so an NXDOMAIN is its target's, not its own; ``again``: no answer came (a timeout,
    SERVFAIL), asking again may help; ``timed_out``: nothing came back at all; ``kind``: dnspython's
    exception class name; ``tries``: queries sent (set by dns_queries)."""

    status: str
    rdata: list = field(default_factory=list)
    alias: bool = False
    error: str | None = None
    again: bool = False
    timed_out: bool = False
    kind: str | None = None
    tries: int = 1

    def __post_init__(self):
        self.rdata = list(self.rdata)

    def __repr__(self):
        return f"Reply({self.status!r}, {len(self.rdata)} records, tries={self.tries})"


def ask_once(resolver, name, rdtype, timeout=None):
    """One try of ``name``/``rdtype`` through a dnspython ``resolver``, as a Reply (never raises a DNS error)."""
    try:
        answer = resolver.resolve(name, rdtype, raise_on_no_answer=False, search=False)
    except dns.resolver.NXDOMAIN as e:
        return Reply(NXDOMAIN, alias=_is_alias(e, name))
    except dns.exception.Timeout as e:
        why = f"no answer within {timeout:g}s" if timeout else str(e)
        return Reply(FAILED, error=f"{name} {rdtype}: {why}", again=True, timed_out=True, kind=type(e).__name__)
    except dns.resolver.NoNameservers as e:
        if all_refused(e):
            return Reply(REFUSED, error=f"{name} {rdtype}: {e}", kind=type(e).__name__)
        # SERVFAIL, an unreachable server: may pass
        return Reply(FAILED, error=f"{name} {rdtype}: {e}", again=True, kind=type(e).__name__)
    except dns.exception.DNSException as e:
        return Reply(FAILED, error=f"{name} {rdtype}: {e}", kind=type(e).__name__)
    # A CNAME chain ends at the type asked for; only that type counts.
    wanted = dns.rdatatype.from_text(rdtype)
    found = [r for rrset in answer.response.answer if rrset.rdtype == wanted for r in rrset]
    return Reply(ANSWER, found) if found else Reply(NODATA)


def _is_alias(error, name):
    """Whether an NXDOMAIN came at the end of a CNAME chain (the name itself exists)."""
    try:
        return error.canonical_name != dns.name.from_text(name)
    except (TypeError, KeyError, dns.exception.DNSException):
        return False


def query(resolver, name, rdtype):
    """Answer rdata for ``name``/``rdtype``: a list ([] for NXDOMAIN or no data), or LookupFailed."""
    reply = ask_once(resolver, name, rdtype)
    if reply.status in (REFUSED, FAILED):
        raise (LookupRefused if reply.status == REFUSED else LookupFailed)(reply.error, kind=reply.kind)
    return reply.rdata


def cname_target(resolver, name):
    """The CNAME target of ``name`` (absolute, lower case, trailing dot), or None."""
    found = query(resolver, name, "CNAME")
    return found[0].target.to_text().lower() if found else None


def wait_cnames(resolver, records, timeout, sleep=None, clock=None, interval=2.0):
    """Poll until every record's CNAME resolves to its value; return the names that do not
    (empty when all do) once ``timeout`` seconds have passed. Lookup failures count as not yet."""
    import time

    sleep = sleep or time.sleep
    clock = clock or time.monotonic
    deadline = clock() + timeout
    pending = list(records)
    while True:
        still = []
        for rec in pending:
            try:
                target = cname_target(resolver, rec["name"])
            except LookupFailed:
                target = None
            if target != rec["value"]:
                still.append(rec)
        pending = still
        if not pending or clock() >= deadline:
            return [r["name"] for r in pending]
        sleep(min(interval, max(0.0, deadline - clock())))
        interval = min(interval * 1.5, 15.0)
