"""Certificates CloudFront requests for itself (aws-facts.md: HTTP validation, `ManagedBy:
CLOUDFRONT`, `DomainValidationOptions[].HttpRedirect`).

AWS issues them through CloudFront (a distribution tenant's managed certificate request), never
through ACM's RequestCertificate, which refuses ValidationMethod HTTP; moto has neither. The
sandbox makes one, already issued, over its control API so the audit can meet one:

    POST /_sandbox/acm/cloudfront_managed {"names": [...], "account"?: id, "region"?: "us-east-1"}

DescribeCertificate then shows `ManagedBy: CLOUDFRONT` and, per name, ValidationMethod HTTP with
its HttpRedirect (acm/describe.py); SearchCertificates shows ValidationMethod HTTP and ManagedBy. Managed
renewal goes on while a CloudFront distribution uses it (it serves the redirect).
"""

from __future__ import annotations

from .. import control
from ..moto_internals import DEFAULT_ACCOUNT_ID, acm_backends
from . import acm

CLOUDFRONT_REGION = "us-east-1"  # CloudFront takes ACM certificates from us-east-1 only


def _create(payload):
    names = [str(n).strip().lower() for n in payload.get("names") or [] if str(n).strip()]
    if not names:
        raise control.BadRequest("names: give the certificate's names, for example [\"shop.example.com\"]")
    account = str(payload.get("account") or DEFAULT_ACCOUNT_ID)
    region = payload.get("region") or CLOUDFRONT_REGION
    backend = acm_backends[account][region]
    arn = backend.request_certificate(names[0], None, names, None, validation_method="DNS")
    with acm.LOCK:
        cert = backend._certificates[arn]
        st = acm.sandbox_state(cert)
        st.method, st.records, st.managed_by = "HTTP", {}, "CLOUDFRONT"
        acm.issue(cert, acm.now_utc())
        return acm.facts(cert, account, region)


def apply():
    control.route("POST", "acm/cloudfront_managed")(_create)
