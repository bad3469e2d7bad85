"""Corrections for moto's Route53 (aws-facts.md, 'moto 5.2.x, measured against the above').

What AWS does and moto 5.2.5 does not:
- ChangeResourceRecordSets is atomic and checks every change against the zone: CREATE of
  an existing record set (same name, type and SetIdentifier) and DELETE of a missing one
  (or with other values) fail the whole batch with InvalidChangeBatch; UPSERT replaces.
  moto adds a duplicate on CREATE and judges DELETE by its change journal.
- ListHostedZonesByName lists zones in order (labels reversed) starting at DNSName /
  HostedZoneId, pages with MaxItems and reports IsTruncated, MaxItems, NextDNSName and
  NextHostedZoneId. moto returns exact matches only and no paging fields.
- Each change has its own ChangeInfo Id; GetChange reports PENDING for
  `route53_change_sync_seconds` (default 0), then INSYNC; an unknown Id is NoSuchChange.
- A change batch holds at most 32,000 characters of Value, an UPSERT counting twice
  (Route53 quotas); moto enforces only the 1,000-record limit, so a batch of 300 validation
  CNAME UPSERTs that AWS refuses passed here.
- Change batches are transactions: concurrent batches to one zone (parallel migrations in
  several regions sharing a public zone) each see the zone whole and never lose each other's
  records. The server serves requests on threads, so batches are applied under a lock.
"""

from __future__ import annotations

import copy
import threading

from .. import hooks, patching, settings
from ..moto_internals import (ActionResult, DnsNameInvalidForZone, InvalidActionValue, InvalidInput, RecordSet,
                              Route53Backend, Route53ClientError, Route53Response, mock_random, utcnow,
                              validate_domain_name)

settings.register("route53_change_sync_seconds", 0.0)

_lock = threading.Lock()
_changes = {}  # change id -> submitted datetime
# Serialises ChangeResourceRecordSets: each batch checks and rewrites `zone.rrsets` as a
# whole, so two batches applied at once on server threads lost one another's records.
_batch_lock = threading.Lock()


class InvalidChangeBatch(Route53ClientError):
    def __init__(self, messages):
        super().__init__("InvalidChangeBatch", "[" + ", ".join(messages) + "]")


class NoSuchChange(Route53ClientError):
    def __init__(self, change_id):
        super().__init__("NoSuchChange", f"A change with the specified change ID does not exist: {change_id}")


def _name(name):
    return name.rstrip(".").lower() + "."


def _key(rrset):
    return (_name(rrset["Name"]), rrset.get("Type"), rrset.get("SetIdentifier"))


def _existing(zone):
    """The zone's record sets as the request's dictionaries, keyed by name/type/set id."""
    out = {}
    for r in zone.rrsets:
        d = {"Name": r.name, "Type": r.type, "SetIdentifier": r.set_identifier}
        if r.ttl is not None:
            d["TTL"] = int(r.ttl)
        if r.records:
            d["ResourceRecords"] = sorted(r.records)
        if r.alias_target:
            d["AliasTarget"] = r.alias_target
        out[_key(d)] = d
    return out


def _same_values(current, requested):
    values = sorted(v["Value"] if isinstance(v, dict) else v for v in requested.get("ResourceRecords") or [])
    if requested.get("AliasTarget") or current.get("AliasTarget"):
        a, b = requested.get("AliasTarget") or {}, current.get("AliasTarget") or {}
        return _name(a.get("DNSName", "")) == _name(b.get("DNSName", "")) and a.get("HostedZoneId") == b.get("HostedZoneId")
    ttl = requested.get("TTL")
    return values == current.get("ResourceRecords", []) and (ttl is None or int(ttl) == current.get("TTL"))


def _describe(rrset):
    return f"resource record set [name='{_name(rrset['Name'])}', type='{rrset.get('Type')}'"\
        + (f", set-identifier='{rrset['SetIdentifier']}'" if rrset.get("SetIdentifier") else "") + "]"


def change_resource_record_sets(self, zoneid, change_list):
    # Why: AWS applies a batch as one transaction (no other batch interleaves, so none of
    # their records is lost; CREATE conflicts are judged against the zone as it is).
    with _batch_lock:
        _change_resource_record_sets(self, zoneid, change_list)


BATCH_VALUE_CHARACTERS = 32000


def _value_characters(change_list):
    """Characters of every Value in the batch, an UPSERT's counted twice (as Route53 counts them)."""
    total = 0
    for change in change_list:
        values = change["ResourceRecordSet"].get("ResourceRecords") or []
        size = sum(len(v["Value"] if isinstance(v, dict) else v) for v in values)
        total += size * (2 if change["Action"] == "UPSERT" else 1)
    return total


def _change_resource_record_sets(self, zoneid, change_list):
    # Why: AWS validates the whole batch against the zone before applying any of it;
    # moto appends duplicates on CREATE and checks DELETE against its change journal.
    characters = _value_characters(change_list)
    if characters > BATCH_VALUE_CHARACTERS:
        raise InvalidChangeBatch([f"Number of characters in the Value elements ({characters}, an UPSERT counted "
                                  f"twice) exceeds the limit of {BATCH_VALUE_CHARACTERS}"])
    zone = self.get_hosted_zone(zoneid)
    state = _existing(zone)
    errors = []
    for change in change_list:
        action, rrset = change["Action"], change["ResourceRecordSet"]
        if action not in ("CREATE", "UPSERT", "DELETE"):
            raise InvalidActionValue(action)
        validate_domain_name(rrset["Name"], code="InvalidChangeBatch")
        zone_name = zone.name.rstrip(".").lower()
        if not (_name(rrset["Name"]) == zone_name + "." or _name(rrset["Name"]).endswith("." + zone_name + ".")):
            raise DnsNameInvalidForZone(name=rrset["Name"], zone_name=zone.name)
        key = _key(rrset)
        if action == "CREATE":
            if key in state:
                errors.append(f"Tried to create {_describe(rrset)} but it already exists")
            state[key] = rrset
        elif action == "UPSERT":
            state[key] = rrset
        elif key not in state:
            errors.append(f"Tried to delete {_describe(rrset)} but it was not found")
        elif not _same_values(state[key], rrset):
            errors.append(f"Tried to delete {_describe(rrset)} but the values provided do not match the current values")
        else:
            del state[key]
    if errors:
        raise InvalidChangeBatch(errors)

    # Apply: drop every record set the batch touches, then add the batch's results in order
    # (the last change to a key wins, as it did in the check above). One new list, bound once.
    touched = {_key(change["ResourceRecordSet"]) for change in change_list}
    kept = [r for r in zone.rrsets
            if _key({"Name": r.name, "Type": r.type, "SetIdentifier": r.set_identifier}) not in touched]
    added = {}
    for change in change_list:
        zone.rr_changes.append(copy.deepcopy(change))
        rrset = dict(change["ResourceRecordSet"])
        if not rrset["Name"].endswith("."):
            rrset["Name"] += "."
        key = _key(rrset)
        added.pop(key, None)
        if change["Action"] in ("CREATE", "UPSERT"):
            if "ResourceRecords" in rrset:
                rrset["ResourceRecords"] = [v["Value"] if isinstance(v, dict) else v for v in rrset["ResourceRecords"]]
            added[key] = RecordSet(rrset)
    zone.rrsets = kept + list(added.values())


def response_list_hosted_zones_by_name(self):
    # Why: AWS lists every zone from DNSName on (labels reversed), paged; moto matches
    # exact names only and leaves out IsTruncated/MaxItems/NextDNSName.
    dnsname = self._get_param("DNSName")
    zone_id = self._get_param("HostedZoneId")
    max_items = int(self._get_param("MaxItems") or 100)
    if zone_id and not dnsname:
        raise InvalidInput("HostedZoneId is only allowed together with DNSName")

    def order(zone):
        return (_reverse(zone.name), zone.resource_id)

    zones = sorted(self.backend.zones.values(), key=order)
    if dnsname:
        start = (_reverse(dnsname), (zone_id or "").replace("/hostedzone/", ""))
        zones = [z for z in zones if order(z) >= start]
    page, rest = zones[:max_items], zones[max_items:]
    result = {"HostedZones": page, "IsTruncated": bool(rest), "MaxItems": max_items}
    if dnsname:
        result["DNSName"] = dnsname if dnsname.endswith(".") else dnsname + "."
    if zone_id:
        result["HostedZoneId"] = zone_id
    if rest:
        result["NextDNSName"] = rest[0].name
        result["NextHostedZoneId"] = rest[0].resource_id
    return ActionResult(result)


def _reverse(name):
    labels = name.rstrip(".").lower().split(".")
    return ".".join(reversed(labels))


def _with_change_id(name):
    # Why: moto answers every change with the same constant Id, so GetChange cannot tell
    # changes apart; AWS gives each change its own Id.
    def wrapper(self):
        result = patching.original(Route53Response, name)(self)
        info = isinstance(result, ActionResult) and isinstance(result.result, dict) and result.result.get("ChangeInfo")
        if info:
            change_id = "/change/C" + "".join(mock_random.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(20))
            submitted = utcnow()
            with _lock:
                _changes[change_id] = submitted
            info.update({"Id": change_id, "SubmittedAt": submitted, "Status": _status(submitted)})
        return result

    return wrapper


def _status(submitted):
    pending = float(settings.get("route53_change_sync_seconds") or 0)
    return "PENDING" if (utcnow() - submitted).total_seconds() < pending else "INSYNC"


def response_get_change(self):
    # Why: report the change's real state: PENDING, then INSYNC once it has propagated.
    change_id = self._get_param("Id")
    full = change_id if change_id.startswith("/change/") else f"/change/{change_id}"
    with _lock:
        submitted = _changes.get(full)
    if submitted is None:
        raise NoSuchChange(change_id)
    return ActionResult({"ChangeInfo": {"Id": full, "Status": _status(submitted), "SubmittedAt": submitted}})


def _forget_changes():
    with _lock:
        _changes.clear()


def apply():
    patching.patch(Route53Backend, "change_resource_record_sets", change_resource_record_sets)
    patching.patch(Route53Response, "list_hosted_zones_by_name", response_list_hosted_zones_by_name)
    patching.patch(Route53Response, "get_change", response_get_change)
    for name in ("create_hosted_zone", "change_resource_record_sets", "delete_hosted_zone",
                 "associate_vpc_with_hosted_zone", "disassociate_vpc_from_hosted_zone"):
        patching.patch(Route53Response, name, _with_change_id(name))
    if _forget_changes not in hooks.RESET_HOOKS:
        hooks.RESET_HOOKS.append(_forget_changes)
