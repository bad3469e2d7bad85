"""acm_key_pool (for benchmarks): RequestCertificate reuses a few pooled keys instead of
generating an RSA key (~0.4 s of sandbox CPU) per request; certificates stay distinct,
valid and readable. Off by default."""

from __future__ import annotations

import cryptography.x509
from cryptography.hazmat.primitives import serialization


def _public_keys(sandbox, count):
    acm = sandbox.client("acm", "eu-west-1")
    keys = []
    for i in range(count):
        arn = acm.request_certificate(DomainName=f"k{i}.example.com", ValidationMethod="DNS")["CertificateArn"]
        sandbox.control("POST", "acm/certificate", {"arn": arn, "status": "ISSUED"})
        pem = acm.get_certificate(CertificateArn=arn)["Certificate"]
        cert = cryptography.x509.load_pem_x509_certificate(pem.encode())
        assert cert.subject.rfc4514_string() == f"CN=k{i}.example.com"
        keys.append(cert.public_key().public_bytes(serialization.Encoding.DER,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo))
    return keys


def test_requests_reuse_pooled_keys(sandbox):
    sandbox.settings(acm_key_pool=2)
    assert len(set(_public_keys(sandbox, 5))) <= 2


def test_without_the_pool_each_request_gets_its_own_key(sandbox):
    assert len(set(_public_keys(sandbox, 3))) == 3
