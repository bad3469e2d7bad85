"""Local HTTPS sites: the sandbox serves ACM certificates by SNI on loopback, and
offers the failure modes the renewal rule's probes must tell apart."""

from __future__ import annotations

import datetime
import socket
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID


def _client_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the probes compare certificates, they do not verify chains
    return ctx


def _served_leaf(address, port, server_name, timeout=3):
    """DER of the leaf certificate served for ``server_name`` (raises on TLS errors)."""
    with socket.create_connection((address, port), timeout=timeout) as sock:
        with _client_context().wrap_socket(sock, server_hostname=server_name) as tls:
            return tls.getpeercert(binary_form=True)


def _der(pem):
    return x509.load_pem_x509_certificate(pem.encode()).public_bytes(Encoding.DER)


def _request(acm, domain, sans=()):
    return acm.request_certificate(DomainName=domain, SubjectAlternativeNames=[domain, *sans])["CertificateArn"]


@pytest.fixture
def acm(sandbox):
    return sandbox.client("acm", "eu-west-1")


def _imported_pem(name):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=90))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(Encoding.PEM),
            key.private_bytes(Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()))


def test_sni_selects_the_acm_certificate(sandbox, acm):
    apex = _request(acm, "example.com", ["www.example.com"])
    wildcard = _request(acm, "*.example.com")
    site = sandbox.control("POST", "sites", {"sites": {"example.com": apex, "www.example.com": apex,
                                                       "sub.example.com": wildcard}})
    assert site["address"] == "127.0.0.1" and site["port"] > 0
    assert sorted(site["resolve"]) == sorted(f"{h}:{site['port']}:127.0.0.1"
                                             for h in ("example.com", "www.example.com", "sub.example.com"))
    apex_leaf = _der(acm.get_certificate(CertificateArn=apex)["Certificate"])
    wildcard_leaf = _der(acm.get_certificate(CertificateArn=wildcard)["Certificate"])
    assert apex_leaf != wildcard_leaf
    assert _served_leaf("127.0.0.1", site["port"], "example.com") == apex_leaf
    assert _served_leaf("127.0.0.1", site["port"], "www.example.com") == apex_leaf
    assert _served_leaf("127.0.0.1", site["port"], "sub.example.com") == wildcard_leaf


def test_imported_certificate_is_served(sandbox, acm):
    cert, key = _imported_pem("imported.example.net")
    arn = acm.import_certificate(Certificate=cert, PrivateKey=key)["CertificateArn"]
    site = sandbox.control("POST", "sites", {"sites": {"imported.example.net": arn}})
    assert _served_leaf("127.0.0.1", site["port"], "imported.example.net") == _der(cert.decode())


def test_wildcard_site_answers_one_label_below(sandbox, acm):
    wildcard = _request(acm, "*.example.org")
    site = sandbox.control("POST", "sites", {"sites": {"*.example.org": wildcard}})
    leaf = _der(acm.get_certificate(CertificateArn=wildcard)["Certificate"])
    assert _served_leaf("127.0.0.1", site["port"], "a.example.org") == leaf
    with pytest.raises(ssl.SSLError):
        _served_leaf("127.0.0.1", site["port"], "a.b.example.org")
    with pytest.raises(ssl.SSLError):
        _served_leaf("127.0.0.1", site["port"], "example.org")


def test_unknown_sni_name_fails_the_handshake(sandbox, acm):
    arn = _request(acm, "example.com")
    site = sandbox.control("POST", "sites", {"sites": {"example.com": arn}})
    with pytest.raises(ssl.SSLError) as err:
        _served_leaf("127.0.0.1", site["port"], "www.example.com")
    assert "HANDSHAKE_FAILURE" in str(err.value).upper()


def test_reconfigure_keeps_the_port_and_changes_the_certificate(sandbox, acm):
    first = _request(acm, "example.com")
    second = _request(acm, "example.com")
    site = sandbox.control("POST", "sites", {"sites": {"example.com": first}})
    again = sandbox.control("POST", "sites", {"sites": {"example.com": second}})
    assert again["port"] == site["port"]
    assert _served_leaf("127.0.0.1", site["port"], "example.com") == \
        _der(acm.get_certificate(CertificateArn=second)["Certificate"])


def test_refused_endpoint_refuses(sandbox, acm):
    site = sandbox.control("POST", "sites", {"sites": {"example.com": _request(acm, "example.com")}})
    refused = site["refused"]
    assert refused["port"] == site["port"] and refused["address"] != site["address"]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((refused["address"], refused["port"]), timeout=2)


def test_tarpit_accepts_and_times_out(sandbox, acm):
    site = sandbox.control("POST", "sites", {"sites": {"example.com": _request(acm, "example.com")}})
    tarpit = site["tarpit"]
    assert tarpit["port"] == site["port"]
    with socket.create_connection((tarpit["address"], tarpit["port"]), timeout=1) as sock:  # TCP connects
        with pytest.raises((TimeoutError, socket.timeout)):  # the TLS handshake never finishes
            _client_context().wrap_socket(sock, server_hostname="example.com")


def test_garbage_is_a_tls_error(sandbox, acm):
    site = sandbox.control("POST", "sites", {"sites": {"example.com": _request(acm, "example.com")}})
    garbage = site["garbage"]
    assert garbage["port"] == site["port"]
    with pytest.raises(ssl.SSLError) as err:
        _served_leaf(garbage["address"], garbage["port"], "example.com")
    assert "WRONG_VERSION_NUMBER" in str(err.value).upper() or "PACKET_LENGTH" in str(err.value).upper()


def test_unknown_arn_is_an_error(sandbox):
    with pytest.raises(RuntimeError, match="no such certificate"):
        sandbox.control("POST", "sites", {"sites": {
            "example.com": "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"}})
    assert sandbox.control("GET", "sites") == {"groups": {}}


def test_stop_and_reset_close_the_sites(sandbox, acm):
    arn = _request(acm, "example.com")
    site = sandbox.control("POST", "sites", {"sites": {"example.com": arn}})
    other = sandbox.control("POST", "sites", {"name": "other", "sites": {"example.com": arn}})
    assert other["port"] != site["port"]
    assert sandbox.control("POST", "sites/stop", {"name": "other"}) == {"stopped": ["other"]}
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", other["port"]), timeout=2)
    assert _served_leaf("127.0.0.1", site["port"], "example.com")
    sandbox.reset()
    assert sandbox.control("GET", "sites") == {"groups": {}}
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", site["port"]), timeout=2)


def test_served_certificate_follows_acm_after_a_change(sandbox, acm):
    arn = _request(acm, "example.com")
    site = sandbox.control("POST", "sites", {"sites": {"example.com": arn}})
    before = _served_leaf("127.0.0.1", site["port"], "example.com")
    # the sandbox re-signs a certificate whose dates change; the site serves it as ACM has it now
    sandbox.control("POST", "acm/certificate", {"arn": arn, "not_after": "2030-01-01T00:00:00Z"})
    after = _served_leaf("127.0.0.1", site["port"], "example.com")
    assert after != before
    assert after == _der(acm.get_certificate(CertificateArn=arn)["Certificate"])
