"""Keys and X.509 certificates for requested certificates: a key pool for benchmarks, Amazon-looking
certificates re-signed when their dates change."""

from __future__ import annotations

import secrets

import cryptography.x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ... import patching, settings
from ...moto_internals import CertBundle
from .state import LOCK, sandbox_state

settings.register("acm_key_pool", 0)
_key_pools = {}


def generate_key(algorithm):
    # Benchmarks: AWS makes a requested certificate's key on its own machines, off the
    # caller's clock; generating RSA keys here would put seconds of sandbox CPU per request
    # on it. With acm_key_pool = N, requests reuse N keys per algorithm (0: a fresh key each).
    pool_size = int(settings.get("acm_key_pool") or 0)
    if pool_size > 0:
        with LOCK:
            pool = _key_pools.setdefault(algorithm, [])
            if len(pool) < pool_size:
                key = _fresh_key(algorithm)
                pool.append(key)
                _pooled_pems[key_pem(key)] = key
                return key
            # Only the first N: a pool grown under a larger setting keeps its keys for later.
            return pool[secrets.randbelow(pool_size)]
    return _fresh_key(algorithm)


_pooled_pems = {}


def validate_pk(self):
    """CertBundle.validate_pk: a pooled key was checked when it was made (cryptography's RSA
    check takes ~0.1 s)."""
    key = _pooled_pems.get(self.key)
    return key if key is not None else patching.original(CertBundle, "validate_pk")(self)


def _fresh_key(algorithm):
    if algorithm.startswith("RSA_"):
        return rsa.generate_private_key(public_exponent=65537, key_size=int(algorithm[4:]))
    curve = {"EC_prime256v1": ec.SECP256R1(), "EC_secp384r1": ec.SECP384R1(), "EC_secp521r1": ec.SECP521R1()}[algorithm]
    return ec.generate_private_key(curve)


def build_x509(names, key, not_before, not_after):
    """An Amazon-issued-looking certificate for names, self-signed by key (as moto does)."""
    issuer = cryptography.x509.Name([
        cryptography.x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
        cryptography.x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Amazon"),
        cryptography.x509.NameAttribute(NameOID.COMMON_NAME, "Amazon RSA 2048 M02"),
    ])
    subject = cryptography.x509.Name([cryptography.x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    is_rsa = isinstance(key, rsa.RSAPrivateKey)
    builder = (
        cryptography.x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(cryptography.x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(cryptography.x509.SubjectAlternativeName([cryptography.x509.DNSName(n) for n in names]), critical=False)
        .add_extension(cryptography.x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=is_rsa, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(cryptography.x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    )
    cert = builder.sign(key, hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.PEM)


def key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())


def reissue(cert, not_before, not_after):
    """Re-sign the certificate with the same key and names and new validity dates, so
    GetCertificate, DescribeCertificate and the PEM agree."""
    names = sandbox_state(cert).names
    pem = build_x509(names, cert._key, not_before, not_after)
    cert.cert = pem
    cert._cert = cryptography.x509.load_pem_x509_certificate(pem)


def cert_not_after(cert):
    return cert._not_valid_after(cert._cert)


def cert_not_before(cert):
    return cert._not_valid_before(cert._cert)
