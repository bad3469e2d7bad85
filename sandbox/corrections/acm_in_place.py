"""ACM's in-place EMAIL -> DNS validation migration (aws-facts.md, ACM; AWS since 2026-08-13).

What AWS does and moto 5.2.5 does not (moto has neither UpdateCertificateOptions nor
ListCertificateDomainValidations):
- UpdateCertificateOptions(Options={"ValidationMethod": "DNS"}) on an ISSUED, public
  ACM-issued, email-validated certificate starts a migration: same ARN, nothing else changes.
  CertificateTransparencyLoggingPreference and Export may come in the same call. Errors:
  ConflictException while a migration of that certificate is pending; InvalidStateException
  for a certificate that is not ISSUED, imported or private; ValidationException for DNS ->
  EMAIL, any change to HTTP or EMAIL, or an already DNS-validated certificate;
  ResourceNotFoundException (moto's) for an unknown ARN.
- While pending, EMAIL stays active: DescribeCertificate shows the EMAIL
  DomainValidationOptions plus UpdateSummary (PENDING_DOMAIN_VALIDATION, DOMAIN_VALIDATION_METHOD,
  EMAIL -> DNS), SearchCertificates reports ValidationMethod EMAIL.
- SUCCESS once every name's CNAME (acm.validation_record: per account and name) is in a public
  sandbox Route53 zone of the account or answered by a server in `acm_dns_servers`, plus
  `acm_issue_delay_seconds`; evaluated lazily whenever the certificate is read. Then the
  certificate is DNS-validated (DomainValidationOptions with ResourceRecords, search and
  RenewalSummary say DNS). The expiry date is kept, except that a certificate inside its
  renewal window (45 days before expiry) is renewed too: 198 days from now, same ARN, new serial.
- Records not published within `acm_in_place_timeout_seconds` (AWS: 72 hours): the update is
  FAILED, the certificate stays email-validated and keeps working, and a new update is accepted.
- ListCertificateDomainValidations pages (MaxItems 1..1000, NextToken) one summary per name:
  ActiveValidationConfiguration (the method in effect) and, while a migration is pending or
  after it expired, RequestedValidationConfiguration (DNS, the CNAME to publish, PENDING_VALIDATION
  or FAILED). Imported and private certificates list their names without configurations.

Settings:
- `acm_in_place_timeout_seconds` (72 * 3600): how long a migration waits for its records.
- `acm_in_place_refused` ({"regions": [], "arns": []}): regions and certificate ARNs where ACM
  refuses the migration, so a caller's fallback (a replacement) can be tested. There
  UpdateCertificateOptions(ValidationMethod=DNS) of an otherwise eligible certificate answers
  ValidationException "The validation method update is not available for certificate <arn>
  in region <region>." and changes nothing (not even options sent in the same call).

Control API: POST /_sandbox/acm/certificate (the acm package's route) also takes "update_status":
"PENDING_DOMAIN_VALIDATION" (start a migration now, or at "update_requested_at"), "SUCCESS"
(complete it without DNS), "FAILED" (expire it) or null (forget it); GET
/_sandbox/acm/certificates shows "update_status" and "update".
"""

from __future__ import annotations

import datetime

from .. import control, patching, settings
from ..moto_internals import (ActionResult, AWSCertificateManagerResponse, AWSError, AWSValidationException, CertBundle,
                              EmptyResult)
from . import acm

TIMEOUT_SETTING = "acm_in_place_timeout_seconds"
REFUSED_SETTING = "acm_in_place_refused"
settings.register(TIMEOUT_SETTING, 72 * 3600.0)
settings.register(REFUSED_SETTING, {"regions": [], "arns": []})

PENDING, SUCCESS, FAILED = "PENDING_DOMAIN_VALIDATION", "SUCCESS", "FAILED"
MAX_ITEMS = 1000
_UNSET = object()


class ConflictException(AWSError):
    TYPE = "ConflictException"


# --------------------------------------------------------------------------------------
# UpdateCertificateOptions
# --------------------------------------------------------------------------------------
def _refused(arn, region):
    refused = settings.get(REFUSED_SETTING) or {}
    return region in (refused.get("regions") or []) or arn in (refused.get("arns") or [])


def _check_method_change(cert, method, region):
    """Raise the error ACM answers for changing ``cert``'s validation method to ``method``."""
    st = acm.sandbox_state(cert)
    arn = cert.arn
    if method not in ("DNS", "EMAIL", "HTTP"):
        raise AWSValidationException(f"ValidationMethod {method} is not valid; the only update allowed is from EMAIL to DNS")
    if method == "HTTP":
        raise AWSValidationException(
            "The validation method can only be changed from EMAIL to DNS; HTTP validation is only available "
            "for certificates managed by CloudFront")
    if cert.type == "IMPORTED":
        raise acm.InvalidStateException(f"Certificate {arn} is imported; its validation method cannot be changed")
    if cert.type == "PRIVATE" or cert.cert_authority_arn is not None:
        raise acm.InvalidStateException(
            f"Certificate {arn} is a private certificate; only public certificates issued by ACM have a validation method")
    if st.method == "DNS":
        raise AWSValidationException(
            f"Certificate {arn} already uses DNS validation; the validation method can only be changed from EMAIL to DNS")
    if method != "DNS":
        raise AWSValidationException(f"Certificate {arn} uses EMAIL validation; the only update allowed is from EMAIL to DNS")
    if st.update and st.update["status"] == PENDING and not _expired(st.update, acm.now_utc()):
        raise ConflictException(
            f"Certificate {arn} has a validation method update in progress; wait until it succeeds or expires")
    if cert.status != "ISSUED":
        raise acm.InvalidStateException(
            f"Certificate {arn} is in status {cert.status}; only an ISSUED certificate can change its validation method")
    if _refused(arn, region):
        raise AWSValidationException(f"The validation method update is not available for certificate {arn} in region {region}.")


def _start(cert, now):
    st = acm.sandbox_state(cert)
    st.records = acm.records_for(acm.account_of(cert), st.names)
    st.update = {"status": PENDING, "from": "EMAIL", "to": "DNS", "requested_at": now, "updated_at": now,
                 "validated_at": None}


def response_update_certificate_options(self):
    # Why: moto has no UpdateCertificateOptions (500). AWS sets the CT logging preference and
    # the export option and, since 2026-08, migrates an email-validated certificate to DNS.
    arn = self._get_param("CertificateArn")
    options = self._get_param("Options") or {}
    cert = self.acm_backend.get_certificate(arn)  # ResourceNotFoundException; advances a migration
    with acm.LOCK:
        if cert.type == "IMPORTED" and "CertificateTransparencyLoggingPreference" in options:
            raise acm.InvalidStateException(f"Certificate {arn} is imported; its options cannot be updated")
        if "ValidationMethod" in options:
            _check_method_change(cert, options["ValidationMethod"], arn.split(":")[3])
        for name in ("CertificateTransparencyLoggingPreference", "Export"):
            if name in options:
                cert.cert_options[name] = options[name]
        if "ValidationMethod" in options:
            _start(cert, acm.now_utc())
    return EmptyResult()


# --------------------------------------------------------------------------------------
# Lazy progress: SUCCESS once the CNAMEs exist (plus the issue delay), FAILED after the timeout
# --------------------------------------------------------------------------------------
def _timeout():
    return float(settings.get(TIMEOUT_SETTING))


def _expired(update, now):
    return update["validated_at"] is None and (now - update["requested_at"]).total_seconds() > _timeout()


def _complete(cert, now):
    """The migration succeeded: DNS is active; a certificate inside its renewal window is renewed."""
    st = acm.sandbox_state(cert)
    st.method = "DNS"
    st.update.update(status=SUCCESS, updated_at=now)
    if acm.cert_not_after(cert) - now <= acm.RENEWAL_WINDOW:
        acm.issue(cert, now)
        st.renewal_status, st.renewal_status_reason, st.renewal_updated_at = "SUCCESS", None, now


def _fail(cert):
    update = acm.sandbox_state(cert).update
    update.update(status=FAILED, updated_at=update["requested_at"] + datetime.timedelta(seconds=_timeout()))


def _advance(cert):
    """Move a pending migration on, as acm.check() does for requests."""
    st = acm.sandbox_state(cert)
    update = st.update
    if update is None or update["status"] != PENDING:
        return
    # DNS look-ups happen outside the lock: a slow DNS server must not stall every reader.
    published = (update["validated_at"] is None and cert.status == "ISSUED"
                 and not _expired(update, acm.now_utc()) and acm.records_published(cert))
    delay = float(settings.get("acm_issue_delay_seconds") or 0)
    with acm.LOCK:
        if st.update is not update or update["status"] != PENDING:
            return  # changed meanwhile
        now = acm.now_utc()
        if update["validated_at"] is None and published:
            update["validated_at"] = now
        validated_at = update["validated_at"]
        if validated_at is not None and cert.status == "ISSUED" and (now - validated_at).total_seconds() >= delay:
            _complete(cert, now)
        elif _expired(update, now):
            _fail(cert)


def check(self):
    """CertBundle.check: acm's lazy status, then a pending migration moved on."""
    acm.check(self)
    _advance(self)


# --------------------------------------------------------------------------------------
# ListCertificateDomainValidations
# --------------------------------------------------------------------------------------
def _configuration(option):
    """A ValidationConfiguration from one DescribeCertificate DomainValidationOption."""
    if option["ValidationMethod"] == "EMAIL":
        challenge = {"EmailValidationChallenge": {"ValidationEmails": option["ValidationEmails"],
                                                  "ValidationDomain": option["ValidationDomain"]}}
    else:
        challenge = {"DnsValidationChallenge": {"ResourceRecord": option["ResourceRecord"]}}
    return {"ValidationMethod": option["ValidationMethod"], "ValidationChallenge": challenge,
            "ValidationStatus": option["ValidationStatus"]}


def domain_validation_summaries(cert):
    """One DomainValidationSummary per name on the certificate."""
    st = acm.sandbox_state(cert)
    if cert.type != "AMAZON_ISSUED" or st.method is None:
        return [{"DomainName": name} for name in st.names]
    update = st.update if st.update and st.update["status"] in (PENDING, FAILED) else None
    summaries = []
    for option in acm.validation_options(cert):
        summary = {"DomainName": option["DomainName"], "ActiveValidationConfiguration": _configuration(option)}
        if update:
            name, value = st.records[acm.base_name(option["DomainName"])]
            summary["RequestedValidationConfiguration"] = {
                "ValidationMethod": update["to"],
                "ValidationChallenge": {"DnsValidationChallenge": {"ResourceRecord": {
                    "Name": name, "Type": "CNAME", "Value": value}}},
                "ValidationStatus": "FAILED" if update["status"] == FAILED else "PENDING_VALIDATION"}
        summaries.append(summary)
    return summaries


def response_list_certificate_domain_validations(self):
    # Why: moto has no ListCertificateDomainValidations (500); AWS pages it like ListCertificates.
    arn = self._get_param("CertificateArn")
    if not arn:
        raise AWSValidationException("A required parameter for the specified action is not supplied.")
    max_items = self._get_param("MaxItems")
    max_items = MAX_ITEMS if max_items is None else max_items
    if not isinstance(max_items, int) or not 1 <= max_items <= MAX_ITEMS:
        raise AWSValidationException(f"MaxItems must be between 1 and {MAX_ITEMS}")
    token = self._get_param("NextToken")
    start = 0
    if token:
        decoded = acm.decode_token(token)
        if not isinstance(decoded, dict) or decoded.get("arn") != arn or not isinstance(decoded.get("offset"), int):
            raise acm.InvalidArgsException("The NextToken is not valid.")
        start = decoded["offset"]
    cert = self.acm_backend.get_certificate(arn)
    summaries = domain_validation_summaries(cert)
    result = {"DomainValidationSummaryList": summaries[start:start + max_items]}
    if start + max_items < len(summaries):
        result["NextToken"] = acm.encode_token({"arn": arn, "offset": start + max_items})
    return ActionResult(result=result)


# --------------------------------------------------------------------------------------
# Control API: acm/control_api.py's POST acm/certificate, plus the migration state
# --------------------------------------------------------------------------------------
def _set_update(cert, status, requested_at):
    st = acm.sandbox_state(cert)
    if cert.type != "AMAZON_ISSUED" or cert.cert_authority_arn is not None:
        raise ValueError(f"{cert.arn} is not a public ACM-issued certificate: it has no validation method to update")
    now = acm.now_utc()
    if status is None:
        st.update = None
        return
    if status not in (PENDING, SUCCESS, FAILED):
        raise ValueError(f"update_status must be {PENDING}, {SUCCESS}, {FAILED} or null, not {status!r}")
    if status == PENDING or st.update is None:
        _start(cert, acm.parse_time(requested_at) if requested_at is not None else now)
    if status == SUCCESS:
        _complete(cert, now)
    elif status == FAILED:
        st.update.update(status=FAILED, updated_at=now)


def _set_certificate(payload):
    """acm/control_api.py's route; then "update_status"? ("PENDING_DOMAIN_VALIDATION" | "SUCCESS" |
    "FAILED" | null) and "update_requested_at"? (ISO 8601 or epoch seconds)."""
    payload = dict(payload)
    status = payload.pop("update_status", _UNSET)
    requested_at = payload.pop("update_requested_at", None)
    facts = acm.set_certificate(payload)
    if status is _UNSET:
        return facts
    with acm.LOCK:
        cert, account, region = acm.find_certificate(payload["arn"], payload.get("account"), payload.get("region"))
        _set_update(cert, status, requested_at)
        cert.check()
        return acm.facts(cert, account, region)


# --------------------------------------------------------------------------------------
def apply():
    patching.patch(CertBundle, "check", check)
    patching.patch(AWSCertificateManagerResponse, "update_certificate_options", response_update_certificate_options)
    patching.patch(AWSCertificateManagerResponse, "list_certificate_domain_validations",
                   response_list_certificate_domain_validations)
    control.route("POST", "acm/certificate")(_set_certificate)
