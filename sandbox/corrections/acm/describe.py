"""DescribeCertificate shaped like AWS: validation options per method, RenewalSummary once managed
renewal has started, UpdateSummary of an in-place migration (acm_in_place.py)."""

from __future__ import annotations

import hashlib

import cryptography.x509
from cryptography.hazmat.primitives.asymmetric import ec

from .state import ISSUED_LIKE, EMAIL_LOCAL_PARTS, RENEWAL_WINDOW, account_of, base_name, epoch, now_utc, sandbox_state
from .validation import records_published
from .x509 import cert_not_after, cert_not_before

_EKU_NAMES = {
    "1.3.6.1.5.5.7.3.1": "TLS_WEB_SERVER_AUTHENTICATION", "1.3.6.1.5.5.7.3.2": "TLS_WEB_CLIENT_AUTHENTICATION",
    "1.3.6.1.5.5.7.3.3": "CODE_SIGNING", "1.3.6.1.5.5.7.3.4": "EMAIL_PROTECTION",
    "1.3.6.1.5.5.7.3.5": "IPSEC_END_SYSTEM", "1.3.6.1.5.5.7.3.6": "IPSEC_TUNNEL", "1.3.6.1.5.5.7.3.7": "IPSEC_USER",
    "1.3.6.1.5.5.7.3.8": "TIME_STAMPING", "1.3.6.1.5.5.7.3.9": "OCSP_SIGNING", "2.5.29.37.0": "ANY",
}
_KU_NAMES = (("digital_signature", "DIGITAL_SIGNATURE"), ("content_commitment", "NON_REPUDIATION"),
             ("key_encipherment", "KEY_ENCIPHERMENT"), ("data_encipherment", "DATA_ENCIPHERMENT"),
             ("key_agreement", "KEY_AGREEMENT"), ("key_cert_sign", "CERTIFICATE_SIGNING"), ("crl_sign", "CRL_SIGNING"))


def _usages(cert):
    """(KeyUsages, ExtendedKeyUsages) read from the X.509 certificate."""
    x509 = cert._cert
    try:
        ku = x509.extensions.get_extension_for_class(cryptography.x509.KeyUsage).value
        key_usages = [{"Name": name} for attr, name in _KU_NAMES if getattr(ku, attr)]
    except cryptography.x509.ExtensionNotFound:
        key_usages = []
    try:
        eku = x509.extensions.get_extension_for_class(cryptography.x509.ExtendedKeyUsage).value
        ext = [{"Name": _EKU_NAMES.get(o.dotted_string, "CUSTOM"), "OID": o.dotted_string} for o in eku]
    except cryptography.x509.ExtensionNotFound:
        ext = []
    return key_usages, ext


def validation_options(cert, for_renewal=False):
    st = sandbox_state(cert)
    if cert.status == "ISSUED" and not for_renewal:
        status = "SUCCESS"
    elif cert.status in ("VALIDATION_TIMED_OUT", "FAILED"):
        status = "FAILED"
    elif cert.status == "PENDING_VALIDATION" or for_renewal:
        status = "PENDING_VALIDATION"
    else:
        status = "SUCCESS"
    options = []
    for name in st.names:
        option = {"DomainName": name, "ValidationStatus": status, "ValidationMethod": st.method}
        if st.method == "EMAIL":
            domain = base_name(st.validation_domains.get(name, name))
            option["ValidationDomain"] = domain
            option["ValidationEmails"] = [f"{local}@{domain}" for local in EMAIL_LOCAL_PARTS]
        elif st.method == "HTTP":
            option["ValidationDomain"] = name
            option["HttpRedirect"] = http_redirect(cert, name)
        else:
            option["ValidationDomain"] = name
            rr_name, rr_value = st.records[base_name(name)]
            option["ResourceRecord"] = {"Name": rr_name, "Type": "CNAME", "Value": rr_value}
        options.append(option)
    return options


def http_redirect(cert, name):
    """The HttpRedirect of an HTTP-validated name: the URL the CA fetches and where it must lead
    (the token is derived from the certificate and name, so it is stable)."""
    token = hashlib.sha256(f"{cert.arn} {name}".encode()).hexdigest()[:32]
    path = f"/.well-known/pki-validation/{token}.txt"
    return {"RedirectFrom": f"http://{base_name(name)}{path}",
            "RedirectTo": f"https://validation.{cert.arn.split(':')[3]}.acm-validations.aws/{account_of(cert)}{path}"}


def _on_distribution(cert):
    """An HTTP-validated certificate renews while a CloudFront distribution serves its redirect."""
    return any(":distribution/" in str(user) for user in cert.in_use_by)


def _renewal_summary(cert):
    """RenewalSummary: set through the control API, or computed once managed renewal has
    started (45 days before expiry) for an issued AMAZON_ISSUED certificate."""
    st = sandbox_state(cert)
    if cert.type != "AMAZON_ISSUED":
        return None
    status, reason = st.renewal_status, st.renewal_status_reason
    if status is None:
        # ACM renews only eligible certificates (in use or exported), from 45 days before expiry.
        if renewal_eligibility(cert) != "ELIGIBLE" or cert_not_after(cert) - now_utc() > RENEWAL_WINDOW:
            return None
        if (st.method == "DNS" and records_published(cert)) or (st.method == "HTTP" and _on_distribution(cert)):
            status = "PENDING_AUTO_RENEWAL"
        else:
            status = "PENDING_VALIDATION"  # email contacts must approve / CNAME missing
    summary = {"RenewalStatus": status, "DomainValidationOptions": validation_options(cert, for_renewal=status != "SUCCESS"),
               "UpdatedAt": epoch(st.renewal_updated_at or cert_not_after(cert) - RENEWAL_WINDOW)}
    if reason:
        summary["RenewalStatusReason"] = reason
    return summary


def _update_summary(update):
    """UpdateSummary of a validation-method update (acm_in_place.py keeps it current)."""
    return {"Status": update["status"], "Type": "DOMAIN_VALIDATION_METHOD",
            "DomainValidationMethodUpdateSummary": {"From": update["from"], "To": update["to"]},
            "RequestedAt": epoch(update["requested_at"]), "UpdatedAt": epoch(update["updated_at"])}


def describe(self):
    # Why: moto reports DNS validation with one constant CNAME for every certificate, and
    # serial/validity/IssuedAt even while pending.
    st = sandbox_state(self)
    key_usages, ext_key_usages = _usages(self)
    issued = self.status in ISSUED_LIKE
    cert = {
        "CertificateArn": self.arn,
        "DomainName": st.names[0] if st.names else self.common_name,
        "SubjectAlternativeNames": list(st.names),
        "Subject": f"CN={st.names[0] if st.names else self.common_name}",
        "Issuer": "Amazon" if self.type == "AMAZON_ISSUED" else self.issuer_common_name,
        "Status": self.status,
        "Type": self.type,
        "KeyAlgorithm": _key_algorithm(self),
        "SignatureAlgorithm": self._cert.signature_algorithm_oid._name.upper().replace("ENCRYPTION", ""),
        "InUseBy": list(self.in_use_by),
        "KeyUsages": key_usages if issued or self.type != "AMAZON_ISSUED" else [],
        "ExtendedKeyUsages": ext_key_usages if issued or self.type != "AMAZON_ISSUED" else [],
        "RenewalEligibility": renewal_eligibility(self),
        "Options": dict(self.cert_options),
    }
    if st.managed_by:
        cert["ManagedBy"] = st.managed_by
    if issued or self.type != "AMAZON_ISSUED":
        cert["Serial"] = ":".join(f"{b:02x}" for b in self._cert.serial_number.to_bytes(
            (self._cert.serial_number.bit_length() + 7) // 8 or 1, "big"))
        cert["NotBefore"] = epoch(cert_not_before(self))
        cert["NotAfter"] = epoch(cert_not_after(self))
    if self.type == "IMPORTED":
        cert["ImportedAt"] = epoch(self.created_at)
    else:
        cert["CreatedAt"] = epoch(self.created_at)
        if st.issued_at and issued:
            cert["IssuedAt"] = epoch(st.issued_at)
    if self.type == "AMAZON_ISSUED":
        cert["DomainValidationOptions"] = validation_options(self)
        renewal = _renewal_summary(self)
        if renewal:
            cert["RenewalSummary"] = renewal
        if st.update:
            cert["UpdateSummary"] = _update_summary(st.update)
    if self.cert_authority_arn is not None:
        cert["CertificateAuthorityArn"] = self.cert_authority_arn
    if self.status == "FAILED":
        cert["FailureReason"] = st.failure_reason or "OTHER"
    if self.status == "REVOKED" and st.revoked_at:
        cert["RevokedAt"] = epoch(st.revoked_at)
        cert["RevocationReason"] = "UNSPECIFIED"
    return {"Certificate": cert}


def _key_algorithm(cert):
    key = cert._key
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return {"secp256r1": "EC_prime256v1", "secp384r1": "EC_secp384r1", "secp521r1": "EC_secp521r1"}.get(
            key.curve.name, f"EC_{key.curve.name}")
    return f"RSA_{key.key_size}"


def renewal_eligibility(cert):
    # ELIGIBLE: an issued Amazon-issued certificate that is in use or exported, or a private one.
    if cert.status != "ISSUED":
        return "INELIGIBLE"
    if cert.type == "PRIVATE":
        return "ELIGIBLE"
    if cert.type == "AMAZON_ISSUED" and (cert.in_use_by or getattr(cert, "exported", False)):
        return "ELIGIBLE"
    return "INELIGIBLE"
