"""Control API: POST /_sandbox/acm/certificate changes one certificate (dates, status, renewal
status; acm_in_place.py adds the migration state); GET /_sandbox/acm/certificates lists every
certificate in every account and region with its key facts."""

from __future__ import annotations

import datetime

from ... import control
from ...moto_internals import acm_backends
from .listing import certificates_now
from .state import LOCK, epoch, now_utc, sandbox_state
from .validation import issue
from .x509 import cert_not_after, cert_not_before, reissue


def parse_time(value):
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc).replace(tzinfo=None)
    dt = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return dt.astimezone(datetime.timezone.utc).replace(tzinfo=None) if dt.tzinfo else dt


def find_certificate(arn, account=None, region=None):
    parts = arn.split(":")
    region = region or parts[3]
    account = account or parts[4]
    backend = acm_backends[account][region]
    if arn not in backend._certificates:
        raise KeyError(f"no certificate {arn} in account {account} region {region}")
    return backend._certificates[arn], account, region


@control.route("POST", "acm/certificate")
def set_certificate(payload):
    """Change a certificate: {"arn", "account"?, "region"?, "not_before"?, "not_after"?,
    "status"?, "failure_reason"?, "renewal_status"?, "renewal_status_reason"?}.
    Dates are ISO 8601 or epoch seconds; "status" freezes lazy evaluation. acm_in_place.py
    serves this route, adding "update_status"? and "update_requested_at"?."""
    with LOCK:
        cert, account, region = find_certificate(payload["arn"], payload.get("account"), payload.get("region"))
        st = sandbox_state(cert)
        now = now_utc()
        if "status" in payload:
            status = payload["status"]
            if status == "ISSUED" and cert.status != "ISSUED":
                issue(cert, now)
            cert.status = status
            st.frozen = status != "PENDING_VALIDATION"
            if status == "REVOKED":
                st.revoked_at = now
            if status == "FAILED":
                st.failure_reason = payload.get("failure_reason", st.failure_reason or "OTHER")
        if "not_before" in payload or "not_after" in payload:
            nb = parse_time(payload["not_before"]) if payload.get("not_before") is not None else cert_not_before(cert)
            na = parse_time(payload["not_after"]) if payload.get("not_after") is not None else cert_not_after(cert)
            reissue(cert, nb, na)
            if cert.status == "EXPIRED" and na > now:
                cert.status = "ISSUED"
        if "renewal_status" in payload:
            st.renewal_status = payload["renewal_status"]
            st.renewal_updated_at = now
            st.renewal_status_reason = None
        if "renewal_status_reason" in payload:
            st.renewal_status_reason = payload["renewal_status_reason"]
        cert.check()
        return facts(cert, account, region)


def facts(cert, account, region):
    d = cert.describe()["Certificate"]
    st = sandbox_state(cert)
    return {
        "arn": cert.arn, "account": account, "region": region,
        "domain_name": d["DomainName"], "names": d["SubjectAlternativeNames"],
        "status": d["Status"], "type": d["Type"],
        "validation_method": st.method,  # the active one: EMAIL until a migration to DNS succeeds
        "update_status": (st.update or {}).get("status"),
        "update": _update_facts(st.update),
        "key_algorithm": d["KeyAlgorithm"], "in_use_by": d.get("InUseBy", []),
        "not_before": d.get("NotBefore"), "not_after": d.get("NotAfter"),
        "renewal_status": (d.get("RenewalSummary") or {}).get("RenewalStatus"),
        "renewal_status_reason": (d.get("RenewalSummary") or {}).get("RenewalStatusReason"),
        "validation_records": [{"name": n, "value": v} for n, v in st.records.values()],
        "tags": {k: v for k, v in cert.tags.items()},
    }


def _update_facts(update):
    if not update:
        return None
    return {"status": update["status"], "from": update["from"], "to": update["to"],
            "requested_at": epoch(update["requested_at"]), "updated_at": epoch(update["updated_at"])}


@control.route("GET", "acm/certificates")
def _list_all(_payload):
    """Every certificate in every account and region with its key facts."""
    out = []
    with LOCK:
        for account, regions in list(acm_backends.items()):
            for region, backend in list(regions.items()):
                for cert in certificates_now(backend):
                    out.append(facts(cert, account, region))
    return {"certificates": out}
