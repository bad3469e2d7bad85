# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_dns_migrate's module result from its CertificatePlans: the edge where typed state becomes the
``certificates`` entries, the diff and the failure messages (their shape is the module's RETURN)."""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from .certificate_plan import CertificatePlan

Result = Dict[str, Any]
RECORD_KEYS = ("name", "type", "value", "ttl", "domains", "zone", "zone_id", "server", "state")


def public_request(request: Dict[str, Any]) -> Dict[str, Any]:
    """The RequestCertificate arguments as reported (snake_case keys, tags as a dict)."""
    return {
        "domain_name": request["DomainName"],
        "subject_alternative_names": request.get("SubjectAlternativeNames", [request["DomainName"]]),
        "validation_method": request["ValidationMethod"],
        "key_algorithm": request.get("KeyAlgorithm"),
        "options": {"certificate_transparency_logging_preference" if k == "CertificateTransparencyLoggingPreference"
                    else k.lower(): v for k, v in (request.get("Options") or {}).items()},
        "tags": {t["Key"]: t["Value"] for t in request.get("Tags", [])},
        "idempotency_token": request["IdempotencyToken"],
    }


def _public_record(entry):
    return {k: entry[k] for k in RECORD_KEYS if k in entry}


def certificate_result(p: CertificatePlan, provider: str, check_mode: bool) -> Result:
    """One ``certificates`` entry."""
    res: Result = {"old_arn": p.old_arn, "names": p.names, "skipped": p.skipped, "new_arn": None,
                   "status": None, "validation_records": [], "actions": [],
                   "failed_replacements": p.failed_replacements, "other_replacements": p.other_replacements,
                   "ignored_replacements": p.ignored_replacements}
    if p.skipped:
        res["status"] = "held" if p.held else "skipped"
        return res
    if p.error:
        res["error"] = p.error["message"]
        res["failed_step"] = p.error["step"]
    replacement = p.replacement
    if p.request and p.new_arn is None:
        if p.error:  # it failed before its request was made
            res["status"] = "failed"
            return res
        if not check_mode:  # a real run that stopped before this certificate's request
            res["status"] = "not_requested"
            return res
        res["status"] = "would_request"
        res["actions"].append({"action": "request_certificate", "certificate_arn": None,
                               "request": public_request(p.request)})
        res["validation_records_note"] = ("ACM generates the validation records when the certificate is "
                                          "requested; a real run writes one CNAME per name")
        return res
    if p.request:
        res["actions"].append({"action": "request_certificate", "certificate_arn": p.new_arn,
                               "request": public_request(p.request)})
    else:
        res["actions"].append({"action": "reuse_replacement", "certificate_arn": p.replacement_arn,
                               "status": p.replacement_status})
    if replacement is None:  # requested; its records were not read (the next run reads them)
        res["new_arn"] = p.new_arn
        res["status"] = "PENDING_VALIDATION"
        return res
    res["new_arn"] = replacement["CertificateArn"]
    res["status"] = replacement.get("Status")
    if p.failure:
        res["failure_reasons"] = p.failure["reasons"]
    res["validation_records"] = [_public_record(e) for e in p.records]
    res["actions"] += [a for a in (_record_action(e, provider) for e in p.records) if a is not None]
    return res


def _record_action(e, provider):
    if e["state"] in ("write", "written"):
        action = {"action": "upsert_record", "provider": provider, "name": e["name"], "type": e["type"],
                  "value": e["value"], "ttl": e["ttl"], "previous_value": e.get("previous"),
                  "done": e["state"] == "written"}
        for key in ("zone", "zone_id", "server"):
            if key in e:
                action[key] = e[key]
        return action
    if e["state"] == "manual":
        return {"action": "publish_record_manually", "name": e["name"], "type": e["type"],
                "value": e["value"], "ttl": e["ttl"]}
    return None


def diff(plans: List[CertificatePlan], check_mode: bool) -> Dict[str, Dict[str, Any]]:
    before: Dict[str, Any] = {}
    after: Dict[str, Any] = {}
    for p in plans:
        if p.skipped:
            continue
        existing = None if p.request else p.replacement_arn
        requested = p.new_arn or ("(requested)" if check_mode and p.request else None)
        before[p.old_arn] = {"replacement_arn": existing,
                             "validation_records": {e["name"]: e.get("previous") for e in p.records}}
        after[p.old_arn] = {"replacement_arn": requested or existing,
                            "validation_records": {e["name"]: [e["value"]] if e["state"] != "manual"
                                                   else e.get("previous") for e in p.records}}
    return {"before": before, "after": after}


def summary(plans: List[CertificatePlan], provider: str, check_mode: bool) -> Result:
    """The module's result for ``plans``, as far as they got (a real run: only what was done)."""
    requested = any(p.request and (check_mode or p.new_arn) for p in plans)
    changed = requested or any(e["state"] in ("write", "written") for p in plans for e in p.records)
    return {"changed": changed, "certificates": [certificate_result(p, provider, check_mode) for p in plans],
            "diff": diff(plans, check_mode)}


def failed_certificates(plans: List[CertificatePlan]) -> List[Tuple[str, str, str]]:
    """[(old ARN, step, message)] of the certificates a call failed for (the others went on)."""
    return [(p.old_arn, p.error["step"], p.error["message"]) for p in plans if p.error]


def failed_message(failed: Dict[str, Dict[str, Any]]) -> str:
    lines = " | ".join(f"{arn} ({info['status']}): {'; '.join(info['reasons'])}" for arn, info in failed.items())
    return (f"{len(failed)} replacement(s) did not validate: {lines}. Fix the validation records or CAA, then run "
            "again: a fresh replacement is requested for each failed one")
