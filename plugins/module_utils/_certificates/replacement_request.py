# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The RequestCertificate call for a DNS-validated twin of an old certificate (pure)."""

from __future__ import annotations

import hashlib

from ..domain_names import certificate_names
from .replacement_tags import replacement_tags

# Key algorithms RequestCertificate accepts for public certificates. DescribeCertificate
# reports them as "RSA-2048"/"EC-prime256v1" (AWS) or "RSA_2048" (moto).
REQUESTABLE_KEY_ALGORITHMS = ("RSA_2048", "EC_prime256v1", "EC_secp384r1")

# Options copied from the old certificate when set.
COPIED_OPTIONS = ("CertificateTransparencyLoggingPreference", "Export")


def normalize_key_algorithm(value):
    return (value or "RSA_2048").replace("-", "_")


def key_algorithm_problem(old):
    algorithm = normalize_key_algorithm(old.get("KeyAlgorithm"))
    if algorithm not in REQUESTABLE_KEY_ALGORITHMS:
        return (f"its key algorithm {old.get('KeyAlgorithm')} cannot be requested from ACM "
                f"(only {', '.join(REQUESTABLE_KEY_ALGORITHMS)})")
    return None


def idempotency_token(old_arn, attempt=0):
    """32 hex characters derived from the old ARN and the attempt number.

    The same run retried (or run from another machine) within ACM's one-hour
    token window gets the same certificate back; after a failed replacement the
    attempt number moves on, so a fresh certificate is requested.
    """
    return hashlib.sha256(f"{old_arn}#{attempt}".encode()).hexdigest()[:32]


def build_request(old, old_tags, attempt=0):
    """RequestCertificate keyword arguments: exactly the old names in order, the old key
    algorithm, the old certificate-transparency preference, the old tags plus the
    replacement tag, DNS validation, a token derived from the old ARN."""
    names = certificate_names(old)
    request = {"DomainName": names[0], "ValidationMethod": "DNS"}
    if len(names) > 1:
        # ACM puts DomainName first among the SANs itself; list it too so the order is explicit.
        request["SubjectAlternativeNames"] = names
    request["KeyAlgorithm"] = normalize_key_algorithm(old.get("KeyAlgorithm"))
    options = {k: v for k, v in (old.get("Options") or {}).items() if k in COPIED_OPTIONS and v}
    if options:
        request["Options"] = options
    tags = replacement_tags(old_tags, old["CertificateArn"])
    request["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
    request["IdempotencyToken"] = idempotency_token(old["CertificateArn"], attempt)
    return request
