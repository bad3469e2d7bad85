"""ListCertificates: paging, RSA_2048 unless Includes.keyTypes names others, summaries like AWS."""

from __future__ import annotations

import base64
import json

from ...moto_internals import ActionResult, CertificateNotFound
from .errors import InvalidArgsException


def encode_token(payload):
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def decode_token(token, exception=InvalidArgsException):
    try:
        return json.loads(base64.urlsafe_b64decode(token.encode()))
    except Exception:
        raise exception("The NextToken is not valid.") from None


def certificate_summary(cert):
    d = cert.describe()["Certificate"]
    names = d["SubjectAlternativeNames"]
    summary = {
        "CertificateArn": d["CertificateArn"],
        "DomainName": d["DomainName"],
        "SubjectAlternativeNameSummaries": names[:100],
        "HasAdditionalSubjectAlternativeNames": len(names) > 100,
        "Status": d["Status"],
        "Type": d["Type"],
        "KeyAlgorithm": d["KeyAlgorithm"],
        "KeyUsages": [u["Name"] for u in d.get("KeyUsages", [])],
        "ExtendedKeyUsages": [u["Name"] for u in d.get("ExtendedKeyUsages", [])],
        "ExportOption": cert.cert_options.get("Export", "DISABLED"),
        "InUse": bool(d.get("InUseBy")),
        "Exported": bool(getattr(cert, "exported", False)),
        "RenewalEligibility": d["RenewalEligibility"],
        "CertificateKeyPairOrigin": "CUSTOMER_PROVIDED" if d["Type"] == "IMPORTED" else "AWS_MANAGED",
    }
    for field in ("NotBefore", "NotAfter", "CreatedAt", "IssuedAt", "ImportedAt", "RevokedAt"):
        if d.get(field) is not None:
            summary[field] = d[field]
    return summary, d


def _list_matches(summary, statuses, includes):
    if statuses and summary["Status"] not in statuses:
        return False
    key_types = includes.get("keyTypes") or ["RSA_2048"]  # AWS: RSA_2048 only unless asked
    if summary["KeyAlgorithm"] not in key_types:
        return False
    if includes.get("exportOption") and summary["ExportOption"] != includes["exportOption"]:
        return False
    if includes.get("managedBy"):
        return False  # the sandbox has no certificates managed by CloudFront
    for field, wanted in (("ExtendedKeyUsages", includes.get("extendedKeyUsage")), ("KeyUsages", includes.get("keyUsage"))):
        if wanted and "ANY" not in wanted:
            have = set(summary[field]) or {"NONE"}
            if not have & set(wanted):
                return False
    return True


def certificates_now(backend):
    """Every certificate at this moment (through get_certificate, which also advances moto's
    issuance). One deleted by a concurrent DeleteCertificate after the ARNs were read is
    simply not listed, as in AWS, instead of failing the listing with ResourceNotFoundException."""
    certs = []
    for arn in list(backend._certificates):
        try:
            certs.append(backend.get_certificate(arn))
        except (CertificateNotFound, KeyError):  # KeyError: deleted between the two lookups
            continue
    return certs


def response_list_certificates(self):
    # Why: moto ignores MaxItems/NextToken and returns every key type.
    statuses = self._get_param("CertificateStatuses") or []
    includes = self._get_param("Includes") or {}
    max_items = self._get_param("MaxItems") or 1000
    start = decode_token(self._get_param("NextToken"))["offset"] if self._get_param("NextToken") else 0
    certs = certificates_now(self.acm_backend)
    certs.sort(key=lambda c: c.created_at, reverse=self._get_param("SortOrder") == "DESCENDING")
    matching = [s for s in (certificate_summary(c)[0] for c in certs) if _list_matches(s, statuses, includes)]
    page = matching[start:start + max_items]
    result = {"CertificateSummaryList": page}
    if start + max_items < len(matching):
        result["NextToken"] = encode_token({"offset": start + max_items})
    return ActionResult(result=result)
