"""Corrections for moto's ACM (aws-facts.md, 'moto 5.2.x, measured against the above').

What AWS does and moto 5.2.5 does not:
- RequestCertificate honours ValidationMethod (EMAIL -> ValidationEmails, no ResourceRecord),
  KeyAlgorithm, Options, Tags and IdempotencyToken (same token and names within an hour
  return the same ARN).
- DNS validation: one CNAME per account and base name, the same for every certificate of that
  name in the account, whatever the region, key algorithm or export setting; `*.example.com`
  uses `example.com`'s (see `validation_record`).
- A request is ISSUED only once validated: EMAIL after `acm_issue_delay_seconds` (as if a
  contact approved), DNS once every CNAME is in a public sandbox Route53 zone or answered by
  a server in `acm_dns_servers`, plus `acm_issue_delay_seconds`. Unvalidated requests end
  as VALIDATION_TIMED_OUT after `acm_validation_timeout_seconds`. Evaluated lazily, whenever
  the certificate is read. A pending certificate has no serial, validity or IssuedAt.
- ListCertificates pages (MaxItems/NextToken), lists RSA_2048 only unless Includes.keyTypes
  names others, and returns summaries shaped like botocore's CertificateSummary.
- SearchCertificates and RenewCertificate exist; UpdateCertificateOptions and
  ListCertificateDomainValidations, with the in-place EMAIL -> DNS migration, are in
  acm_in_place.py (applied after this package; `State.update` holds a migration's state and
  DescribeCertificate shows it as UpdateSummary).
- RenewalSummary for AMAZON_ISSUED certificates once managed renewal has started (45 days
  before expiry) or when set through the control API.
- HTTP validation (HttpRedirect per name, ManagedBy CLOUDFRONT) for the certificates CloudFront
  requests, which acm_cloudfront.py seeds: RequestCertificate refuses HTTP, as ACM does.

One module per concern: state.py (per-certificate state, validation records), x509.py (keys,
certificates), request.py, validation.py (lazy status), describe.py, listing.py, search.py,
renewal.py (renew, export), control_api.py. What acm_in_place.py and acm_cloudfront.py use is
exported here.

Control API: POST /_sandbox/acm/certificate changes one certificate (dates, status,
renewal status; acm_in_place.py adds the migration state); GET /_sandbox/acm/certificates
lists every certificate in every account and region with its key facts.
"""

from __future__ import annotations

from ... import patching
from ...moto_internals import AWSCertificateManagerBackend, AWSCertificateManagerResponse, CertBundle
from . import control_api, describe, listing, renewal, request, search, validation, x509
from .control_api import facts, find_certificate, parse_time, set_certificate
from .describe import http_redirect, validation_options
from .errors import InvalidArgsException, InvalidParameterException, InvalidStateException
from .listing import decode_token, encode_token
from .state import LOCK, RENEWAL_WINDOW, account_of, base_name, now_utc, records_for, sandbox_state, validation_record
from .validation import check, issue, records_published
from .x509 import cert_not_after

__all__ = [
    "LOCK", "RENEWAL_WINDOW", "InvalidArgsException", "InvalidParameterException", "InvalidStateException",
    "account_of", "apply", "base_name", "cert_not_after", "check", "decode_token", "encode_token", "facts",
    "find_certificate", "http_redirect", "issue", "now_utc", "parse_time", "records_for", "records_published",
    "sandbox_state", "set_certificate", "validation_options", "validation_record",
]


def apply():
    patching.patch(CertBundle, "check", validation.check)
    patching.patch(CertBundle, "describe", describe.describe)
    patching.patch(CertBundle, "validate_pk", x509.validate_pk)
    patching.patch(AWSCertificateManagerBackend, "request_certificate", request.request_certificate)
    patching.patch(AWSCertificateManagerBackend, "export_certificate", renewal.export_certificate)
    patching.patch(AWSCertificateManagerResponse, "request_certificate", request.response_request_certificate)
    patching.patch(AWSCertificateManagerResponse, "list_certificates", listing.response_list_certificates)
    patching.patch(AWSCertificateManagerResponse, "search_certificates", search.response_search_certificates)
    patching.patch(AWSCertificateManagerResponse, "renew_certificate", renewal.response_renew_certificate)
