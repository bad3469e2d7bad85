# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Publish validation CNAMEs in Route53.

Zone choice for a record name:
1. public hosted zones only (private zones never answer ACM);
2. the zone whose name is the longest suffix of the record name (so a delegated
   sub-zone ``sub.example.com`` wins over ``example.com``);
3. several public zones of that name (a stale copy, a migration in flight): the
   one that is delegated wins, that is whose apex NS set equals the NS records
   that delegate the name — from the parent zone when the parent is a hosted zone
   of this account, otherwise as answered by DNS (``nameservers``);
4. still several: the one that already holds the record (an earlier run wrote it);
5. still several: an error naming the zones, before anything is requested or written.

Writes are UPSERTs, one change batch per zone (split where a batch would pass Route53's limits),
confirmed with boto3's ``resource_record_sets_changed`` waiter (INSYNC). The client (aws_clients)
keeps every call, waiter and paginator included, within Route53's 5 requests per second.
"""

from __future__ import annotations

import re

from .._aws import route53_api
from .._certificates.validation_records import fqdn
from ..domain_names import normalize
from ..errors import CertshiftError

# ListResourceRecordSets returns up to 300 record sets a page.
LIST_PAGE = 300
# A change batch holds at most 1,000 ResourceRecord elements and 32,000 characters of Value,
# and an UPSERT counts twice against both: about 245 validation CNAMEs (values of ~65
# characters) a batch, not 500.
BATCH_RECORDS = 1000
BATCH_VALUE_CHARACTERS = 32000
UPSERT_WEIGHT = 2
CHANGE_COMMENT = "certshift.acm: ACM DNS validation records"


def upsert_batches(entries):
    """``entries`` (each one CNAME ``value``) in order, split into UPSERT batches within both limits."""
    batch, records, characters = [], 0, 0
    for entry in entries:
        weight, size = UPSERT_WEIGHT, UPSERT_WEIGHT * len(entry["value"])
        if batch and (records + weight > BATCH_RECORDS or characters + size > BATCH_VALUE_CHARACTERS):
            yield batch
            batch, records, characters = [], 0, 0
        batch.append(entry)
        records += weight
        characters += size
    if batch:
        yield batch


def zone_id(raw):
    return raw.rsplit("/", 1)[-1]


ZONE_ID = re.compile(r"^[A-Z0-9]{1,32}$")


def check_zone_id(raw):
    """A hosted zone ID as Route53 writes it (``Z0123...``, with or without ``/hostedzone/``)."""
    found = zone_id(str(raw or "").strip())
    if not ZONE_ID.match(found):
        raise CertshiftError(f"route53_zone_ids entry '{raw}' is not a hosted zone ID: expected something like "
                             "Z0123456789ABCDEFGHIJ (aws route53 list-hosted-zones)", hosted_zone_id=raw)
    return found


def is_suffix(zone_name, name):
    zone_name, name = normalize(zone_name), normalize(name)
    return name == zone_name or name.endswith("." + zone_name)


def longest_suffix_zones(name, zones):
    """The zones (dicts with 'name') whose name is the longest suffix of ``name``."""
    matching = [z for z in zones if is_suffix(z["name"], name)]
    if not matching:
        return []
    best = max(len(normalize(z["name"])) for z in matching)
    return [z for z in matching if len(normalize(z["name"])) == best]


def choose_zone(name, candidates, delegated_ns=None, apex_ns=None, holders=()):
    """Pick one of same-named ``candidates`` for ``name`` by the rule in this module's doc.

    ``delegated_ns``: set of NS names delegating the zone name (None = unknown);
    ``apex_ns``: {zone id: set of NS names at the zone apex}; ``holders``: ids of zones
    already holding the record. Returns (zone, why) or raises CertshiftError.
    """
    if len(candidates) == 1:
        return candidates[0], "longest matching public zone"
    if delegated_ns:
        delegated = [z for z in candidates if (apex_ns or {}).get(z["id"]) == delegated_ns]
        if len(delegated) == 1:
            return delegated[0], "the delegated one of several zones of that name"
    holding = [z for z in candidates if z["id"] in holders]
    if len(holding) == 1:
        return holding[0], "the one of several zones of that name already holding the record"
    ids = ", ".join(z["id"] for z in candidates)
    raise CertshiftError(
        f"{len(candidates)} public Route53 zones named {normalize(candidates[0]['name'])} ({ids}) could hold "
        f"{name}, and none is recognisably the delegated one: delete the stale zone or make its NS records "
        "differ from the delegation, then run again",
        record_name=name, hosted_zone_ids=[z["id"] for z in candidates],
    )


def _ns_set(values):
    return {fqdn(v) for v in values}


class Route53Publisher:
    provider = "route53"

    def __init__(self, client, resolver=None, zone_ids=None):
        self.client = client
        self.resolver = resolver  # for delegation checks of top zones; None = skip
        # Given, only these zones are read and written (a zone-scoped IAM policy; no ListHostedZones).
        self.zone_ids = [check_zone_id(z) for z in zone_ids] if zone_ids is not None else None
        self._zones = None
        self._apex_ns = {}
        self._rrsets = {}
        self._listed = set()  # zones whose every record set is in _rrsets

    # --- discovery ---------------------------------------------------------
    def zones(self):
        if self._zones is None and self.zone_ids is not None:
            self._zones = [self._given_zone(zid) for zid in dict.fromkeys(self.zone_ids)]
        if self._zones is None:
            self._zones = [
                {"id": zone_id(z["Id"]), "name": fqdn(z["Name"]), "record_sets": z.get("ResourceRecordSetCount")}
                for z in route53_api.list_hosted_zones(self.client) if not (z.get("Config") or {}).get("PrivateZone")]
        return self._zones

    def _given_zone(self, zid):
        found = route53_api.get_hosted_zone(self.client, zid, missing_ok=True)
        if found is None:
            raise CertshiftError(f"route53_zone_ids: hosted zone {zid} does not exist in this account: check the ID "
                                 "(and the account the credentials reach)", hosted_zone_id=zid)
        if (found.get("Config") or {}).get("PrivateZone"):
            raise CertshiftError(f"route53_zone_ids: hosted zone {zid} ({found['Name']}) is private, and ACM validates "
                                 "in public DNS only: give the public zone's ID", hosted_zone_id=zid)
        return {"id": zid, "name": fqdn(found["Name"]), "record_sets": found.get("ResourceRecordSetCount")}

    def current(self, zid, name, rtype="CNAME"):
        """(values, ttl) of ``name``/``rtype`` in the zone, or (None, None)."""
        key = (zid, fqdn(name), rtype)
        if key not in self._rrsets and zid in self._listed:
            return None, None
        if key not in self._rrsets:
            found = (None, None)
            for rrset in route53_api.record_sets_from(self.client, zid, fqdn(name), rtype):
                if fqdn(rrset["Name"]) == fqdn(name) and rrset["Type"] == rtype:
                    found = ([fqdn(r["Value"]) if rtype in ("CNAME", "NS") else r["Value"]
                              for r in rrset.get("ResourceRecords", [])], rrset.get("TTL"))
            self._rrsets[key] = found
        return self._rrsets[key]

    def _apex(self, zone):
        if zone["id"] not in self._apex_ns:
            values, _ttl = self.current(zone["id"], zone["name"], "NS")
            self._apex_ns[zone["id"]] = _ns_set(values or [])
        return self._apex_ns[zone["id"]]

    def _delegation(self, zone_name):
        """NS names delegating ``zone_name``: from a parent hosted zone, else DNS; None if unknown."""
        parents = longest_suffix_zones(zone_name, [z for z in self.zones()
                                                   if normalize(z["name"]) != normalize(zone_name)])
        for parent in parents:
            values, _ttl = self.current(parent["id"], zone_name, "NS")
            if values:
                return _ns_set(values)
        if self.resolver is not None:
            from .dns_lookup import LookupFailed, query
            try:
                found = query(self.resolver, zone_name, "NS")
            except LookupFailed:
                return None
            return _ns_set(r.target.to_text() for r in found) or None
        return None

    def zone_for(self, name):
        """(zone, why) for a record name; CertshiftError when there is none or no clear one."""
        candidates = longest_suffix_zones(name, self.zones())
        if not candidates and self.zone_ids is not None:
            raise CertshiftError(
                f"none of route53_zone_ids ({', '.join(self.zone_ids)}) contains {normalize(name)}: add the ID of its "
                "public zone", record_name=normalize(name),
            )
        if not candidates:
            raise CertshiftError(
                f"no public Route53 hosted zone in this account contains {normalize(name)}: create the zone, use "
                "the account that holds it, or use dns_provider=rfc2136/manual",
                record_name=normalize(name),
            )
        if len(candidates) == 1:
            return candidates[0], "longest matching public zone"
        delegated = self._delegation(candidates[0]["name"])
        apex = {z["id"]: self._apex(z) for z in candidates} if delegated else {}
        holders = [z["id"] for z in candidates if self.current(z["id"], name)[0]]
        return choose_zone(normalize(name), candidates, delegated, apex, holders)

    def prefetch(self, names):
        """Read whole zones where that takes fewer calls than one lookup per name
        (ListResourceRecordSets pages hold 300 record sets; Route53 allows 5 calls/s)."""
        by_zone = {}
        for name in dict.fromkeys(fqdn(n) for n in names):
            zone, _why = self.zone_for(name)
            by_zone.setdefault(zone["id"], (zone, []))[1].append(name)
        for zid, (zone, wanted) in by_zone.items():
            if zid in self._listed:
                continue
            todo = [n for n in wanted if (zid, n, "CNAME") not in self._rrsets]
            count = zone.get("record_sets")
            pages = -(-int(count) // LIST_PAGE) if count is not None else None
            if pages is None or len(todo) <= pages:
                continue
            listed = {}
            for rrset in route53_api.list_record_sets(self.client, zid, LIST_PAGE):
                values = [fqdn(r["Value"]) if rrset["Type"] in ("CNAME", "NS") else r["Value"]
                          for r in rrset.get("ResourceRecords", [])]
                listed[(zid, fqdn(rrset["Name"]), rrset["Type"])] = (values, rrset.get("TTL"))
            # Lookups made before (and writes of this run) stay as they are.
            self._rrsets = {**listed, **self._rrsets}
            self._listed.add(zid)

    # --- plan and apply ----------------------------------------------------
    def preflight(self, names):
        """Resolve the zone of every certificate name before anything is written."""
        for name in names:
            base = normalize(name)
            self.zone_for(base[2:] if base.startswith("*.") else base)

    def plan(self, records, ttl):
        """Per record: zone, and state 'present' (same value and TTL) or 'write'."""
        entries = []
        for rec in records:
            zone, why = self.zone_for(rec["name"])
            values, current_ttl = self.current(zone["id"], rec["name"], rec["type"])
            state = "present" if values == [rec["value"]] and current_ttl == ttl else "write"
            entries.append({**rec, "ttl": ttl, "zone": zone["name"], "zone_id": zone["id"], "zone_choice": why,
                            "state": state, "previous": values})
        return entries

    def apply(self, entries, timeout=600):
        """UPSERT the 'write' entries, one change batch per zone; wait INSYNC."""
        by_zone = {}
        for e in entries:
            if e["state"] == "write":
                by_zone.setdefault(e["zone_id"], []).append(e)
        changes = []
        batches = [(zid, batch) for zid, writes in by_zone.items() for batch in upsert_batches(writes)]
        for zid, batch in batches:
            changes.append(route53_api.upsert_record_sets(self.client, zid, [
                {"Name": e["name"], "Type": e["type"], "TTL": e["ttl"], "ResourceRecords": [{"Value": e["value"]}]}
                for e in batch], comment=CHANGE_COMMENT))
            for e in batch:
                self._rrsets[(zid, e["name"], e["type"])] = ([e["value"]], e["ttl"])
        if timeout > 0:  # 0: do not wait for INSYNC
            for change in changes:
                route53_api.wait_insync(self.client, zone_id(change), timeout)
        for e in entries:
            if e["state"] == "write":
                e["state"] = "written"
        return entries
