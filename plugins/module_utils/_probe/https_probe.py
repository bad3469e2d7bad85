# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS handshakes with SNI, the way ACM's historical HTTPS renewal check saw a site.

A probe takes the name's address from probe_resolution (curl-style ``host:port:address``
overrides first, then DNS through dnspython: the given nameservers or the system's resolv.conf,
with timeouts, retries and negative caching; never getaddrinfo), opens TCP, completes a TLS
handshake with the name as SNI and reads the served leaf certificate. No request data is sent.
Results are plain dicts; ``classify`` turns an exception into a reason code.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket
import ssl

from ..concurrency import map_concurrently
from ..errors import CertshiftError
from . import probe_resolution

try:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID
    HAS_CRYPTOGRAPHY = True
except ImportError:  # reported by the module
    HAS_CRYPTOGRAPHY = False

# Reason codes for a name that does not serve the certificate.
DOES_NOT_RESOLVE = "does_not_resolve"
CONNECTION_REFUSED = "connection_refused"
TIMEOUT = "timeout"
TLS_ERROR = "tls_error"
CONNECTION_ERROR = "connection_error"
DIFFERENT_CERTIFICATE = "different_certificate"
LOOKUP_FAILED = "lookup_failed"

# Reasons that prove there is no HTTPS site on the name (not a passing glitch).
NO_SITE_REASONS = (DOES_NOT_RESOLVE, CONNECTION_REFUSED)
# Reasons that may be transient: the outcome of a renewal check cannot be predicted.
UNCERTAIN_REASONS = (TIMEOUT, TLS_ERROR, CONNECTION_ERROR, LOOKUP_FAILED)

REASON_TEXT = {
    DOES_NOT_RESOLVE: "the name does not resolve",
    CONNECTION_REFUSED: "connection refused on port {port}",
    TIMEOUT: "no TLS handshake within {timeout:g}s on port {port}",
    TLS_ERROR: "TLS handshake failed on port {port}",
    CONNECTION_ERROR: "cannot connect on port {port}",
    DIFFERENT_CERTIFICATE: "serves a different certificate",
    LOOKUP_FAILED: "its address could not be looked up in DNS",
}


class _NotResolved(Exception):
    """DNS says the name has no address (NXDOMAIN, or no A or AAAA records)."""


class _LookupFailed(Exception):
    """DNS gave no usable answer (timeouts after every retry, SERVFAIL, REFUSED, no resolver)."""


def parse_resolve(entries):
    """``{(host, port): address}`` from curl-style ``host:port:address`` entries.

    ``address`` may be IPv4, IPv6 (optionally in brackets) or a comma-separated
    list (the first one is used, as a single probe). Raises CertshiftError naming
    the bad entry.
    """
    table = {}
    for entry in entries or []:
        text = str(entry).strip()
        parts = text.split(":", 2)
        if len(parts) != 3 or not parts[0] or not parts[1] or not parts[2]:
            raise CertshiftError(
                f"resolve entry '{entry}' is malformed: expected host:port:address, "
                "for example www.example.com:443:192.0.2.10",
                resolve_entry=entry,
            )
        host, port, addresses = parts
        # ASCII digits only: str.isdigit() also takes '²', which int() refuses.
        if not re.fullmatch(r"[0-9]+", port) or not 0 < int(port) < 65536:
            raise CertshiftError(
                f"resolve entry '{entry}' has port '{port}': expected a number from 1 to 65535 "
                "(host:port:address)",
                resolve_entry=entry,
            )
        address = addresses.split(",")[0].strip()
        if address.startswith("[") and address.endswith("]"):
            address = address[1:-1]
        try:
            ipaddress.ip_address(address)
        except ValueError:
            raise CertshiftError(
                f"resolve entry '{entry}' has address '{address}', which is not an IP address "
                "(host:port:address, for example www.example.com:443:192.0.2.10)",
                resolve_entry=entry,
            ) from None
        table[(host.strip().rstrip(".").lower(), int(port))] = address
    return table


def fingerprint(der):
    """SHA-256 of a DER certificate as upper-case hex pairs (AA:BB:...)."""
    digest = hashlib.sha256(der).hexdigest().upper()
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def pem_to_der(pem):
    return ssl.PEM_cert_to_DER_cert(pem.strip() + "\n")


def describe_der(der):
    """Subject CN, names and validity of a DER certificate, for the report."""
    info = {"fingerprint_sha256": fingerprint(der)}
    if not HAS_CRYPTOGRAPHY:
        return info
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return info
    cns = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    info["subject_cn"] = cns[0].value if cns else None
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        info["names"] = san.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        info["names"] = [info["subject_cn"]] if info["subject_cn"] else []
    info["serial"] = format(cert.serial_number, "x")
    info["not_after"] = cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    info["sha1"] = cert.fingerprint(hashes.SHA1()).hex()
    return info


def classify(error):
    """Reason code for an exception raised while probing."""
    if isinstance(error, _NotResolved):
        return DOES_NOT_RESOLVE
    if isinstance(error, _LookupFailed):
        return LOOKUP_FAILED
    if isinstance(error, ConnectionRefusedError):
        return CONNECTION_REFUSED
    if isinstance(error, (socket.timeout, TimeoutError)):
        return TIMEOUT
    if isinstance(error, (ssl.SSLError, ssl.CertificateError)):
        return TLS_ERROR
    if isinstance(error, (ConnectionResetError, BrokenPipeError, EOFError)):
        # A peer that closes during the handshake speaks something, not TLS.
        return TLS_ERROR
    return CONNECTION_ERROR


def reason_message(reason, name, port, timeout):
    if reason is None:
        return None
    return f"{name}: " + REASON_TEXT[reason].format(port=port, timeout=timeout)


class Prober:
    """Probe names over TLS; one instance per module run.

    ``addresses``: a probe_resolution.ProbeResolver (its overrides, nameservers or the system's
    resolv.conf); by default one with ``overrides`` and the system's resolv.conf.
    """

    def __init__(self, port=443, timeout=5.0, overrides=None, addresses=None):
        self.port = port
        self.timeout = timeout
        self.addresses = addresses or probe_resolution.ProbeResolver(port=port, overrides=overrides)

    def resolve(self, name, resolved=None):
        """(address, resolved_by), or _NotResolved / _LookupFailed with ``resolved_by`` set."""
        resolved = resolved or self.addresses.resolve(name)
        if resolved.outcome == probe_resolution.FOUND:
            return resolved.address, resolved.resolved_by
        if resolved.outcome == probe_resolution.LOOKUP_FAILED:
            error = _LookupFailed(resolved.error or name)
        elif resolved.outcome == probe_resolution.NO_ADDRESS:
            error = _NotResolved(f"{name} has no A or AAAA records")
        else:
            error = _NotResolved(f"{name} does not exist" + (
                " (nothing exists at a name above it)" if resolved.resolved_by == probe_resolution.BY_NEGATIVE_CACHE
                else ""))
        error.resolved_by = resolved.resolved_by
        raise error

    def handshake(self, address, name):
        """DER of the leaf certificate ``address`` serves for SNI ``name``."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        # We want to see whatever is served, valid or not, and compare it ourselves.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as raw:
            raw.settimeout(self.timeout)
            raw.connect((address, self.port))
            with context.wrap_socket(raw, server_hostname=name, do_handshake_on_connect=True) as tls:
                der = tls.getpeercert(binary_form=True)
        if not der:
            raise ssl.SSLError("no certificate served")
        return der

    def probe(self, name, resolved=None):
        """One name: address, reachable, served certificate (or a reason code). ``resolved``: its
        probe_resolution.Resolved when already looked up."""
        result = {"name": name, "port": self.port, "address": None, "resolved_by": None, "resolved": False,
                  "reachable": False, "served": None, "reason": None, "error": None}
        try:
            result["address"], result["resolved_by"] = self.resolve(name, resolved)
            result["resolved"] = True
            der = self.handshake(result["address"], name)
        except Exception as e:  # noqa: BLE001 - every failure is a finding, not a crash
            result["resolved_by"] = result["resolved_by"] or getattr(e, "resolved_by", None)
            result["reason"] = classify(e)
            result["error"] = str(e) or type(e).__name__
            return result
        result["reachable"] = True
        result["served"] = describe_der(der)
        return result

    def probe_all(self, names, concurrency=20):
        """``{name: probe result}`` for unique names: every address first (shortest names first, so
        one NXDOMAIN spares the names below it), then the handshakes, concurrently."""
        unique = list(dict.fromkeys(probe_resolution.normalize(n) for n in names))
        resolved = self.addresses.resolve_all(unique)
        results = map_concurrently(lambda n: self.probe(n, resolved[n]), unique, max_workers=concurrency)
        return dict(zip(unique, results))


def serial_key(serial):
    """A certificate serial number as ACM ("0a:1b:...") or a probe ("a1b...") reports it, normalised."""
    try:
        return "serial:" + format(int(str(serial).replace(":", ""), 16), "x")
    except (TypeError, ValueError):
        return None


def served_key(served, by="fingerprint"):
    """What identifies the served certificate: its SHA-256 fingerprint, or (``by="serial"``) its
    serial number, which SearchCertificates reports without a GetCertificate call per certificate."""
    if not served:
        return None
    if by == "serial":
        return serial_key(served.get("serial")) if served.get("serial") else None
    return served.get("fingerprint_sha256")


def compare(probe, expected_fingerprint, known=None, timeout=5.0, by="fingerprint"):
    """A probe result judged against the ACM certificate's fingerprint (or, ``by="serial"``,
    its ``serial_key``).

    ``known`` maps fingerprints (serial keys) of other ACM certificates to their ARNs, so a
    'different certificate' finding can name the one actually served.
    """
    finding = {k: v for k, v in probe.items() if k != "error"}
    served = probe.get("served")
    finding["certificate_matches"] = bool(served) and served_key(served, by) == expected_fingerprint
    if served and not finding["certificate_matches"]:
        finding["reason"] = DIFFERENT_CERTIFICATE
        if known:
            finding["served"] = dict(served, certificate_arn=known.get(served_key(served, by)))
    finding["no_site"] = finding["reason"] in NO_SITE_REASONS
    message = reason_message(finding["reason"], probe["name"], probe["port"], timeout)
    if finding["reason"] == DIFFERENT_CERTIFICATE and served:
        other = (finding["served"] or {}).get("certificate_arn")
        if other:
            message += f" ({other})"
        elif served.get("subject_cn"):
            message += f" (CN={served['subject_cn']})"
    elif finding["no_site"]:
        message = f"no HTTPS site on {probe['name']} ({REASON_TEXT[finding['reason']].format(port=probe['port'], timeout=timeout)})"
    if probe.get("error") and finding["reason"] in UNCERTAIN_REASONS:
        message += f": {probe['error']}"
    finding["message"] = message
    return finding
