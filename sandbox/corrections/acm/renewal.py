"""RenewCertificate (private certificates only) and ExportCertificate marking a certificate exported,
which makes it eligible for managed renewal (UpdateCertificateOptions: acm_in_place.py)."""

from __future__ import annotations

from ... import patching
from ...moto_internals import AWSCertificateManagerBackend, AWSValidationException, EmptyResult
from .state import LOCK, now_utc, sandbox_state
from .x509 import cert_not_after, cert_not_before, reissue


def response_renew_certificate(self):
    # Why: moto has no RenewCertificate (500). AWS renews only eligible PRIVATE certificates.
    arn = self._get_param("CertificateArn")
    cert = self.acm_backend.get_certificate(arn)
    if cert.type != "PRIVATE":
        raise AWSValidationException(
            f"Certificate {arn} is not a private certificate; RenewCertificate only renews private certificates")
    with LOCK:
        now = now_utc()
        reissue(cert, now, now + (cert_not_after(cert) - cert_not_before(cert)))
        st = sandbox_state(cert)
        st.issued_at = now
        st.renewal_status, st.renewal_updated_at = "SUCCESS", now
    return EmptyResult()


def export_certificate(self, certificate_arn, passphrase):
    # Why: AWS reports Exported=true (and renewal eligibility) once a certificate was exported.
    result = patching.original(AWSCertificateManagerBackend, "export_certificate")(self, certificate_arn, passphrase)
    self._certificates[certificate_arn].exported = True
    return result
