# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Publish validation CNAMEs on a DNS server by RFC 2136 dynamic update, TSIG-signed,
with dnspython.

The zone of a name is found by asking the server itself (the owner of the SOA in
its answer or authority section). Before anything is requested, the key is tried
with an empty signed update to each zone (changes nothing; a wrong secret gives
BADSIG). A record is written with ``replace`` (a stale value goes) and confirmed by
querying the server afterwards. The secret never appears in a message.
"""

from __future__ import annotations

import socket

try:
    import dns.exception
    import dns.message
    import dns.name
    import dns.query
    import dns.rcode
    import dns.rdatatype
    import dns.tsig
    import dns.update
except ImportError:
    pass

from .._certificates.validation_records import fqdn
from ..domain_names import normalize
from ..errors import CertshiftError
from . import tsig
from .dns_lookup import require_dnspython


class Rfc2136Publisher:
    provider = "rfc2136"

    def __init__(self, server, port=53, key_name=None, key_secret=None, key_algorithm="hmac-sha256", timeout=5.0):
        require_dnspython()
        self.server_text = f"{server}:{port}"
        self.address = self._address(server)
        self.port = int(port)
        self.timeout = timeout
        self.keyring = None
        self.key_name = None
        self.key_algorithm = None
        if key_name:
            self.keyring, self.key_name, self.key_algorithm = tsig.keyring(key_name, key_secret, key_algorithm)
        self._zones = {}
        self._checked = set()

    @staticmethod
    def _address(server):
        try:
            return socket.getaddrinfo(server, None, proto=socket.IPPROTO_TCP)[0][4][0]
        except socket.gaierror as e:
            raise CertshiftError(f"rfc2136_server '{server}' cannot be resolved: {e}") from None

    # --- talking to the server --------------------------------------------
    def _exchange(self, message, what):
        try:
            return dns.query.tcp(message, self.address, port=self.port, timeout=self.timeout)
        except dns.tsig.PeerError as e:
            raise CertshiftError(
                f"{self.server_text} rejected the TSIG key '{self.key_name}' ({type(e).__name__}) on {what}: "
                "check rfc2136_key_name, rfc2136_key_secret and rfc2136_key_algorithm", rfc2136_server=self.server_text,
            ) from None
        except (dns.exception.DNSException, OSError) as e:
            raise CertshiftError(f"DNS server {self.server_text} did not answer {what}: {e}: check rfc2136_server "
                                 "and rfc2136_port, and that the server accepts TCP from here",
                                 rfc2136_server=self.server_text) from None

    def _query(self, name, rdtype):
        return self._exchange(dns.message.make_query(fqdn(name), rdtype), f"a query for {name} {rdtype}")

    def zone_for(self, name):
        """The zone (absolute, trailing dot) on the server that holds ``name``.

        Asks for the SOA of the name and then of each parent: the SOA owner in the answer
        or authority section is the zone (a CNAME at the name answers without one).
        """
        name = fqdn(name)
        if name not in self._zones:
            zone, rcode = None, None
            candidate = dns.name.from_text(name)
            while zone is None and len(candidate) > 1:
                response = self._query(candidate.to_text(), "SOA")
                rcode = response.rcode()
                if rcode not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
                    break
                for rrset in list(response.answer) + list(response.authority):
                    if rrset.rdtype == dns.rdatatype.SOA:
                        zone = rrset.name.to_text().lower()
                candidate = candidate.parent()
            if zone is None:
                raise CertshiftError(
                    f"DNS server {self.server_text} is not authoritative for any zone containing {name.rstrip('.')} "
                    f"(answer: {dns.rcode.to_text(rcode)}): point rfc2136_server at the primary for that "
                    "zone or use another dns_provider", record_name=name.rstrip("."), rfc2136_server=self.server_text,
                )
            self._zones[name] = zone
        return self._zones[name]

    def _update(self, zone):
        kwargs = {}
        if self.keyring:
            kwargs = {"keyring": self.keyring, "keyname": self.key_name, "keyalgorithm": self.key_algorithm}
        return dns.update.UpdateMessage(zone, **kwargs)

    def _send(self, update, zone, what):
        response = self._exchange(update, what)
        rcode = response.rcode()
        if rcode != dns.rcode.NOERROR:
            hint = {dns.rcode.NOTAUTH: "the key is not accepted for this zone (name, secret or algorithm)",
                    dns.rcode.REFUSED: "the server refuses updates from this key or address (update-policy / allow-update)",
                    dns.rcode.NOTZONE: "the name is outside the zone"}.get(rcode, "see the server's log")
            raise CertshiftError(f"DNS server {self.server_text} refused {what} in zone {zone.rstrip('.')}: "
                                 f"{dns.rcode.to_text(rcode)} ({hint})", rfc2136_server=self.server_text, zone=zone)
        return response

    def check_key(self, zone):
        """An empty signed update: proves the key before anything is written."""
        if zone not in self._checked:
            self._send(self._update(zone), zone, "an empty test update")
            self._checked.add(zone)

    def current(self, name, rdtype="CNAME"):
        """(values, ttl) at the server, or (None, None)."""
        response = self._query(name, rdtype)
        wanted = dns.rdatatype.from_text(rdtype)
        for rrset in response.answer:
            if rrset.rdtype == wanted and rrset.name.to_text().lower() == fqdn(name):
                return [fqdn(r.to_text()) for r in rrset], rrset.ttl
        return None, None

    # --- plan and apply ----------------------------------------------------
    def preflight(self, names):
        for name in names:
            base = normalize(name)
            self.check_key(self.zone_for(base[2:] if base.startswith("*.") else base))

    def plan(self, records, ttl):
        entries = []
        for rec in records:
            zone = self.zone_for(rec["name"])
            self.check_key(zone)
            values, current_ttl = self.current(rec["name"], rec["type"])
            state = "present" if values == [rec["value"]] and current_ttl == ttl else "write"
            entries.append({**rec, "ttl": ttl, "zone": zone, "server": self.server_text, "state": state,
                            "previous": values})
        return entries

    def apply(self, entries, timeout=None):
        for e in entries:
            if e["state"] != "write":
                continue
            update = self._update(e["zone"])
            update.replace(e["name"], e["ttl"], e["type"], e["value"])
            self._send(update, e["zone"], f"the update of {e['name']} {e['type']}")
            values, _ttl = self.current(e["name"], e["type"])
            if values != [e["value"]]:
                raise CertshiftError(
                    f"DNS server {self.server_text} accepted the update of {e['name']} {e['type']} but answers "
                    f"{values or 'nothing'} instead of {e['value']}: check that it is the zone's primary",
                    record_name=e["name"], rfc2136_server=self.server_text,
                )
            e["state"] = "written"
        return entries
