# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module result of in-place migrations: one entry per certificate in the shape acm_dns_migrate
gives a replacement (so reports and roles read both alike), the per-record actions, and the diff of
validation methods. Pure."""

from __future__ import annotations

from .in_place_plan import CONTINUE, RESTART

PUBLIC_RECORD_KEYS = ("name", "type", "value", "ttl", "domains", "zone", "zone_id", "server", "state")
RECORDS_NOTE = ("ACM lists the records once the migration starts (they are per account and name: no certificate "
                "of the account uses one of these names with DNS validation yet)")


def status(cert, check_mode):
    if cert.skipped:
        return "skipped"
    if cert.error:
        return "failed"
    if cert.refused:
        return "refused"
    if cert.migrated:
        return "migrated"
    return "would_migrate" if check_mode else "pending"


def entry(cert, provider, check_mode):
    """One certificate's entry of the module's ``certificates``."""
    res = {"old_arn": cert.arn, "names": cert.names, "strategy": "in_place", "skipped": cert.skipped,
           "status": status(cert, check_mode), "new_arn": None, "arn_kept": True, "in_place_step": cert.state,
           "update_summary": snake_update(cert.update), "validation_records": [], "actions": [],
           "failed_replacements": [], "other_replacements": [], "ignored_replacements": []}
    if cert.error:
        res.update(error=cert.error["message"], failed_step=cert.error["step"])
    if cert.refused:
        res["refusal"] = cert.refused
    if res["status"] in ("skipped", "failed", "refused"):
        return res
    res["new_arn"] = cert.arn  # the same certificate, now (or soon) DNS-validated
    if cert.state != CONTINUE and not cert.migrated or cert.started:
        res["actions"].append({"action": "start_validation_migration", "certificate_arn": cert.arn,
                               "validation_method": {"before": "EMAIL", "after": "DNS"},
                               "restart": cert.state == RESTART, "done": cert.started})
    if cert.records_unknown:
        res["validation_records_note"] = RECORDS_NOTE
    for e in cert.records:
        res["validation_records"].append({k: e[k] for k in PUBLIC_RECORD_KEYS if k in e})
        if e["state"] in ("write", "written"):
            action = {"action": "upsert_record", "provider": provider, "name": e["name"], "type": e["type"],
                      "value": e["value"], "ttl": e["ttl"], "previous_value": e.get("previous"),
                      "done": e["state"] == "written"}
            action.update({k: e[k] for k in ("zone", "zone_id", "server") if k in e})
            res["actions"].append(action)
        elif e["state"] == "manual":
            res["actions"].append({"action": "publish_record_manually", "name": e["name"], "type": e["type"],
                                   "value": e["value"], "ttl": e["ttl"]})
    return res


def snake_update(update):
    """UpdateSummary in the module's snake_case, or None."""
    if not update:
        return None
    method = update.get("DomainValidationMethodUpdateSummary") or {}
    return {"status": update.get("Status"), "type": update.get("Type"),
            "from": method.get("From"), "to": method.get("To"),
            "requested_at": _iso(update.get("RequestedAt")), "updated_at": _iso(update.get("UpdatedAt"))}


def _iso(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def changed(certs, check_mode):
    """Whether a real run changed (or check mode would change) anything."""
    for cert in certs:
        if cert.skipped or cert.error or cert.refused:
            continue
        if cert.started or (check_mode and cert.state != CONTINUE and not cert.migrated):
            return True
        if any(e["state"] in ("write", "written") for e in cert.records):
            return True
    return False


def diff(certs, check_mode):
    """{before, after}: per certificate its validation method and validation records."""
    before, after = {}, {}
    for cert in certs:
        if cert.skipped or cert.error or cert.refused:
            continue
        records = {e["name"]: e.get("previous") for e in cert.records}
        before[cert.arn] = {"validation_method": "EMAIL", "validation_records": records}
        method = "DNS" if cert.migrated or check_mode else "EMAIL (DNS migration pending)"
        after[cert.arn] = {"validation_method": method,
                           "validation_records": {e["name"]: [e["value"]] if e["state"] != "manual" else e.get("previous")
                                                  for e in cert.records}}
    return {"before": before, "after": after}
