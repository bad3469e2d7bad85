"""Validation and lazy status: a request is ISSUED only once validated (EMAIL at once, DNS once its
CNAMEs are published), else VALIDATION_TIMED_OUT; an issued certificate past its NotAfter is EXPIRED."""

from __future__ import annotations

from ... import hooks, settings
from ...moto_internals import get_partition, route53_backends
from .state import ISSUED_VALIDITY, LOCK, norm_name, now_utc, sandbox_state
from .x509 import cert_not_after, reissue

settings.register("acm_validation_timeout_seconds", 72 * 3600.0)


def _in_route53(account_id, region, name, value):
    """Is there a CNAME name -> value in a public sandbox Route53 zone of the account?"""
    key = ("route53 cnames", account_id, get_partition(region))
    cache = hooks.request_cache()
    if cache is None:  # outside an AWS request (a control route): no cache to keep fresh
        cnames = _public_cnames(*key[1:])
    else:
        cnames = cache.get(key)
        if cnames is None:
            cnames = cache[key] = _public_cnames(*key[1:])
    return norm_name(value) in cnames.get(norm_name(name), ())


def _public_cnames(account_id, partition):
    """{name: {values}} of the CNAMEs in the account's public zones (each within its zone).
    Read once per AWS request: a SearchCertificates checks every pending certificate, and
    walking the zones for each of their records was a tenth of the sandbox's CPU at 10 x 100."""
    try:
        backend = route53_backends[account_id][partition]
    except KeyError:
        return {}
    cnames = {}
    for zone in list(backend.zones.values()):
        if zone.private_zone:
            continue
        zone_name = norm_name(zone.name)
        for rrset in list(zone.rrsets):
            name = norm_name(rrset.name)
            if rrset.type == "CNAME" and (name == zone_name or name.endswith("." + zone_name)):
                cnames.setdefault(name, set()).update(norm_name(v) for v in rrset.records or [])
    return cnames


def _in_dns_servers(name, value):
    """Does one of the configured DNS servers answer the CNAME name -> value?"""
    servers = settings.get("acm_dns_servers")
    if not servers:
        return False
    import dns.exception
    import dns.message
    import dns.query
    import dns.rdatatype

    for server in servers:
        host, _, port = str(server).rpartition(":") if ":" in str(server) else (str(server), "", "53")
        try:
            answer = dns.query.udp(dns.message.make_query(name, dns.rdatatype.CNAME), host, port=int(port), timeout=1.0)
        except (dns.exception.DNSException, OSError, ValueError):
            continue
        for rrset in answer.answer:
            if rrset.rdtype == dns.rdatatype.CNAME and norm_name(rrset.name.to_text()) == norm_name(name):
                if any(norm_name(r.target.to_text()) == norm_name(value) for r in rrset):
                    return True
    return False


def _cname_published(cert, name, value):
    region = cert.arn.split(":")[3]
    account = cert.arn.split(":")[4]
    return _in_route53(account, region, name, value) or _in_dns_servers(name, value)


def records_published(cert):
    return all(_cname_published(cert, n, v) for n, v in sandbox_state(cert).records.values())


def issue(cert, now):
    st = sandbox_state(cert)
    reissue(cert, now, now + ISSUED_VALIDITY)
    cert.status = "ISSUED"
    st.issued_at = now


def check(self):
    # Why: moto issues every request after MOTO_ACM_VALIDATION_WAIT whether or not it was
    # validated; AWS issues only validated requests and times the rest out.
    st = sandbox_state(self)
    timeout = float(settings.get("acm_validation_timeout_seconds"))
    delay = float(settings.get("acm_issue_delay_seconds") or 0)
    # DNS look-ups happen outside the lock: a slow DNS server must not stall every reader.
    published = (st.method == "DNS" and not st.frozen and self.status == "PENDING_VALIDATION"
                 and st.validated_at is None and (now_utc() - self.created_at).total_seconds() <= timeout
                 and records_published(self))
    with LOCK:
        now = now_utc()
        if self.status == "ISSUED" and cert_not_after(self) <= now:
            self.status = "EXPIRED"
            return
        if st.frozen or self.type != "AMAZON_ISSUED" or self.status != "PENDING_VALIDATION":
            return
        waited = (now - self.created_at).total_seconds()
        if st.method == "EMAIL":
            validated_at = self.created_at  # as if a contact approved the mail at once
        else:
            if st.validated_at is None and published:
                st.validated_at = now
            validated_at = st.validated_at
        if validated_at is not None and (now - validated_at).total_seconds() >= delay:
            issue(self, now)
        elif waited > timeout:
            self.status = "VALIDATION_TIMED_OUT"
