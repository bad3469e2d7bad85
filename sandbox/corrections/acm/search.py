"""SearchCertificates (botocore model: FilterStatement, MaxResults <= 500, SortBy); moto has none."""

from __future__ import annotations

import datetime

from cryptography.x509.oid import NameOID

from ...moto_internals import ActionResult, AWSValidationException
from .listing import certificate_summary, certificates_now, decode_token, encode_token
from .state import epoch, norm_name, sandbox_state


def _search_record(cert):
    """The CertificateSearchResult for a certificate plus the values filters compare."""
    _, d = certificate_summary(cert)
    st = sandbox_state(cert)
    x509 = cert._cert
    issued = "NotAfter" in d

    def dn(name):
        out = {}
        for oid, key in ((NameOID.COMMON_NAME, "CommonName"), (NameOID.COUNTRY_NAME, "Country"),
                         (NameOID.ORGANIZATION_NAME, "Organization"), (NameOID.ORGANIZATIONAL_UNIT_NAME, "OrganizationalUnit"),
                         (NameOID.LOCALITY_NAME, "Locality"), (NameOID.STATE_OR_PROVINCE_NAME, "State")):
            attrs = name.get_attributes_for_oid(oid)
            if attrs:
                out[key] = str(attrs[0].value)
        return out

    x509_attrs = {
        "Subject": {"CommonName": d["DomainName"]} if cert.type == "AMAZON_ISSUED" else dn(x509.subject),
        "SubjectAlternativeNames": [{"DnsName": n} for n in d["SubjectAlternativeNames"]],
        "KeyAlgorithm": d["KeyAlgorithm"],
        "KeyUsages": [u["Name"] for u in d["KeyUsages"]],
        "ExtendedKeyUsages": [u["Name"] for u in d["ExtendedKeyUsages"]],
    }
    if issued:
        x509_attrs["Issuer"] = dn(x509.issuer)
        x509_attrs["SerialNumber"] = d["Serial"]
        x509_attrs["NotAfter"] = d["NotAfter"]
        x509_attrs["NotBefore"] = d["NotBefore"]
    meta = {
        "Status": d["Status"],
        "Type": d["Type"],
        "InUse": bool(d.get("InUseBy")),
        "Exported": bool(getattr(cert, "exported", False)),
        "ExportOption": cert.cert_options.get("Export", "DISABLED"),
        "RenewalEligibility": d["RenewalEligibility"],
        "CertificateKeyPairOrigin": "CUSTOMER_PROVIDED" if d["Type"] == "IMPORTED" else "AWS_MANAGED",
    }
    if st.method:
        meta["ValidationMethod"] = st.method
    if st.managed_by:
        meta["ManagedBy"] = st.managed_by
    if d.get("RenewalSummary"):
        meta["RenewalStatus"] = d["RenewalSummary"]["RenewalStatus"]
    for field in ("CreatedAt", "IssuedAt", "ImportedAt", "RevokedAt"):
        if d.get(field) is not None:
            meta[field] = d[field]
    return {"CertificateArn": cert.arn, "X509Attributes": x509_attrs,
            "CertificateMetadata": {"AcmCertificateMetadata": meta}}


def _ts(value):
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, datetime.datetime):
        return epoch(value.astimezone(datetime.timezone.utc).replace(tzinfo=None) if value.tzinfo else value)
    return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def _string_match(value, flt):
    want = flt["Value"].lower()
    have = (value or "").lower()
    return want in have if flt["ComparisonOperator"] == "CONTAINS" else want == have


def _range_match(value, rng):
    if value is None:
        return False
    start, end = _ts(rng.get("Start")), _ts(rng.get("End"))
    return (start is None or value >= start) and (end is None or value <= end)


def _filter_match(record, flt):
    """One CertificateFilter: every attribute given must match (they are alternatives in
    the model's union; we AND whatever is present)."""
    x = record["X509Attributes"]
    meta = record["CertificateMetadata"]["AcmCertificateMetadata"]
    if "CertificateArn" in flt and flt["CertificateArn"] != record["CertificateArn"]:
        return False
    for key, xf in (flt.get("X509AttributeFilter") or {}).items():
        if key == "Subject":
            if "CommonName" in xf and not _string_match(x["Subject"].get("CommonName"), xf["CommonName"]):
                return False
        elif key == "SubjectAlternativeName":
            if "DnsName" in xf and not any(_string_match(s.get("DnsName"), xf["DnsName"]) for s in x["SubjectAlternativeNames"]):
                return False
        elif key == "ExtendedKeyUsage":
            if xf != "ANY" and xf not in (x["ExtendedKeyUsages"] or ["NONE"]):
                return False
        elif key == "KeyUsage":
            if xf != "ANY" and xf not in x["KeyUsages"]:
                return False
        elif key == "KeyAlgorithm":
            if x["KeyAlgorithm"] != xf:
                return False
        elif key == "SerialNumber":
            if norm_name(x.get("SerialNumber", "")).replace(":", "") != xf.lower().replace(":", ""):
                return False
        elif key in ("NotAfter", "NotBefore"):
            if not _range_match(x.get(key), xf):
                return False
    for key, mf in (flt.get("AcmCertificateMetadataFilter") or {}).items():
        if meta.get(key) != mf and not (key in ("InUse", "Exported") and bool(meta.get(key)) == mf):
            return False
    return True


def _statement_match(record, statement):
    if "And" in statement:
        return all(_statement_match(record, s) for s in statement["And"])
    if "Or" in statement:
        return any(_statement_match(record, s) for s in statement["Or"])
    if "Not" in statement:
        return not _statement_match(record, statement["Not"])
    if "Filter" in statement:
        return _filter_match(record, statement["Filter"])
    raise AWSValidationException("FilterStatement must contain one of And, Or, Not or Filter")


_SORT_KEYS = {
    "CREATED_AT": lambda r: r["m"].get("CreatedAt") or r["m"].get("ImportedAt"),
    "NOT_AFTER": lambda r: r["x"].get("NotAfter"), "NOT_BEFORE": lambda r: r["x"].get("NotBefore"),
    "STATUS": lambda r: r["m"].get("Status"), "RENEWAL_STATUS": lambda r: r["m"].get("RenewalStatus"),
    "EXPORTED": lambda r: r["m"].get("Exported"), "IN_USE": lambda r: r["m"].get("InUse"),
    "KEY_ALGORITHM": lambda r: r["x"].get("KeyAlgorithm"), "TYPE": lambda r: r["m"].get("Type"),
    "CERTIFICATE_ARN": lambda r: r["arn"], "COMMON_NAME": lambda r: r["x"]["Subject"].get("CommonName"),
    "REVOKED_AT": lambda r: r["m"].get("RevokedAt"), "RENEWAL_ELIGIBILITY": lambda r: r["m"].get("RenewalEligibility"),
    "ISSUED_AT": lambda r: r["m"].get("IssuedAt"), "MANAGED_BY": lambda r: r["m"].get("ManagedBy"),
    "EXPORT_OPTION": lambda r: r["m"].get("ExportOption"), "VALIDATION_METHOD": lambda r: r["m"].get("ValidationMethod"),
    "IMPORTED_AT": lambda r: r["m"].get("ImportedAt"), "ACME_ENDPOINT_ARN": lambda r: r["m"].get("AcmeEndpointArn"),
    "ACME_ACCOUNT_ID": lambda r: r["m"].get("AcmeAccountId"),
    "CERTIFICATE_KEY_PAIR_ORIGIN": lambda r: r["m"].get("CertificateKeyPairOrigin"),
}


def response_search_certificates(self):
    # Why: moto has no SearchCertificates (500); AWS filters server-side, 500 a page.
    statement = self._get_param("FilterStatement")
    max_results = self._get_param("MaxResults") or 100
    if not 1 <= max_results <= 500:
        raise AWSValidationException("MaxResults must be between 1 and 500")
    sort_by = self._get_param("SortBy") or "CREATED_AT"
    if sort_by not in _SORT_KEYS:
        raise AWSValidationException(f"SortBy {sort_by} is not valid")
    descending = self._get_param("SortOrder") == "DESCENDING"
    token = self._get_param("NextToken")
    start = decode_token(token, AWSValidationException)["offset"] if token else 0
    records = []
    for cert in certificates_now(self.acm_backend):
        record = _search_record(cert)
        if statement is None or _statement_match(record, statement):
            records.append(record)
    key = _SORT_KEYS[sort_by]

    def sort_key(rec):
        value = key({"m": rec["CertificateMetadata"]["AcmCertificateMetadata"], "x": rec["X509Attributes"], "arn": rec["CertificateArn"]})
        return (value is None, value if value is not None else 0, rec["CertificateArn"])

    present = sorted([r for r in records if sort_key(r)[0] is False], key=sort_key, reverse=descending)
    absent = [r for r in records if sort_key(r)[0] is True]
    records = present + absent  # certificates without the sort attribute come last
    page = records[start:start + max_results]
    result = {"Results": page}
    if start + max_results < len(records):
        result["NextToken"] = encode_token({"offset": start + max_results})
    return ActionResult(result=result)
