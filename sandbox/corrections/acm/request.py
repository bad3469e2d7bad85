"""RequestCertificate honours ValidationMethod, KeyAlgorithm, Options, Tags and IdempotencyToken."""

from __future__ import annotations

import datetime

from ...moto_internals import ActionResult, AWSError, CertBundle
from .errors import InvalidParameterException
from .state import EMAIL_LOCAL_PARTS, ISSUED_VALIDITY, LOCK, REQUESTABLE_KEY_ALGORITHMS, State, now_utc, records_for
from .x509 import build_x509, generate_key, key_pem


def request_certificate(self, domain_name, idempotency_token, subject_alt_names, tags,
                        cert_authority_arn=None, cert_options=None, validation_method=None,
                        key_algorithm=None, domain_validation_options=None):
    # Why: moto ignores ValidationMethod and KeyAlgorithm and keys idempotency on tags.
    names = [domain_name] + [n for n in dict.fromkeys(subject_alt_names or []) if n != domain_name]
    key_algorithm = key_algorithm or "RSA_2048"
    if key_algorithm not in REQUESTABLE_KEY_ALGORITHMS:
        raise InvalidParameterException(
            f"KeyAlgorithm {key_algorithm} is not supported for requested certificates; "
            f"use one of {', '.join(REQUESTABLE_KEY_ALGORITHMS)}")
    if cert_authority_arn is None:
        # AWS's default for a public certificate request without ValidationMethod is EMAIL.
        method = validation_method or "EMAIL"
        if method not in ("DNS", "EMAIL"):
            raise InvalidParameterException(f"ValidationMethod {method} is only available for certificates managed by CloudFront")
    else:
        method = None
    with LOCK:
        if idempotency_token is not None:
            previous = self._idempotency_tokens.get(idempotency_token)
            if previous and previous["expires"] >= now_utc() and previous.get("names") == names \
                    and previous["arn"] in self._certificates:
                return previous["arn"]

        now = now_utc()
        key = generate_key(key_algorithm)
        pem = build_x509(names, key, now, now + ISSUED_VALIDITY)
        cert = CertBundle(
            self.account_id, pem, key_pem(key), region=self.region_name,
            cert_type="PRIVATE" if cert_authority_arn else "AMAZON_ISSUED",
            cert_status="ISSUED" if cert_authority_arn else "PENDING_VALIDATION",
            cert_authority_arn=cert_authority_arn,
        )
        validation_domains = {n: n for n in names}
        for option in domain_validation_options or []:
            if option.get("DomainName") in validation_domains:
                validation_domains[option["DomainName"]] = option["ValidationDomain"]
        st = State(names, method, records_for(self.account_id, names) if method == "DNS" else None,
                    validation_domains)
        if cert_authority_arn:
            st.issued_at = now
        cert.sandbox = st
        cert.cert_options = {"CertificateTransparencyLoggingPreference": "ENABLED", "Export": "DISABLED"}
        cert.cert_options.update({k: v for k, v in (cert_options or {}).items() if k in cert.cert_options})
        if tags:
            cert.tags.add(tags)
        self._certificates[cert.arn] = cert
        if idempotency_token is not None:
            self._idempotency_tokens[idempotency_token] = {
                "arn": cert.arn, "names": names, "expires": now + datetime.timedelta(hours=1)}
        return cert.arn


def response_request_certificate(self):
    # Why: moto's handler drops ValidationMethod, KeyAlgorithm and DomainValidationOptions.
    sans = self._get_param("SubjectAlternativeNames")
    if sans is not None and len(sans) > 10:
        raise AWSError("An ACM limit has been exceeded. Need to request SAN limit to be raised",
                       exception_type="LimitExceededException")
    arn = self.acm_backend.request_certificate(
        self._get_param("DomainName"), self._get_param("IdempotencyToken"), sans,
        self._get_param("Tags"), self._get_param("CertificateAuthorityArn"), self._get_param("Options"),
        validation_method=self._get_param("ValidationMethod"),
        key_algorithm=self._get_param("KeyAlgorithm"),
        domain_validation_options=self._get_param("DomainValidationOptions"),
    )
    return ActionResult(result={"CertificateArn": arn})
