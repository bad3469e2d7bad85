"""Route53 applies each ChangeResourceRecordSets batch atomically, so concurrent batches to
one hosted zone (parallel migrations in several regions sharing one public zone) never lose
each other's records, and concurrent CREATEs of one name cannot both succeed.

Source: Route 53 API reference, ChangeResourceRecordSets ("Change batches are considered
transactional changes ... either all of the changes in a batch are made or none are").
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import botocore.exceptions

REGIONS = ("us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1",
           "eu-west-2", "eu-central-1", "ap-south-1", "ap-northeast-1", "sa-east-1")
BATCHES = 5
PER_BATCH = 40


def _name(region, batch, i):
    return f"_{region}-{batch}-{i}.shared.example.com."


def _value(region, batch, i):
    return f"_{region}-{batch}-{i}.acm-validations.aws."


def _publish_all(client_for, zone_id):
    """One writer per region, each sending BATCHES UPSERT batches, all started together."""
    start = threading.Barrier(len(REGIONS))

    def writer(region):
        r53 = client_for(region)
        start.wait()
        for batch in range(BATCHES):
            r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
                {"Action": "UPSERT", "ResourceRecordSet": {
                    "Name": _name(region, batch, i), "Type": "CNAME", "TTL": 300,
                    "ResourceRecords": [{"Value": _value(region, batch, i)}]}}
                for i in range(PER_BATCH)]})

    with ThreadPoolExecutor(len(REGIONS)) as pool:
        list(pool.map(writer, REGIONS))


def _cnames(r53, zone_id):
    out = {}
    for page in r53.get_paginator("list_resource_record_sets").paginate(HostedZoneId=zone_id):
        for r in page["ResourceRecordSets"]:
            if r["Type"] == "CNAME":
                out.setdefault(r["Name"], []).append([v["Value"] for v in r["ResourceRecords"]])
    return out


def _expected():
    return {_name(r, b, i): [[_value(r, b, i)]]
            for r in REGIONS for b in range(BATCHES) for i in range(PER_BATCH)}


def test_concurrent_upsert_batches_to_one_zone_lose_no_record(sandbox, plain_moto):
    r53 = sandbox.client("route53", "us-east-1")
    zone_id = r53.create_hosted_zone(Name="shared.example.com", CallerReference=f"shared-{time.time()}")["HostedZone"]["Id"]
    _publish_all(lambda region: sandbox.client("route53", region), zone_id)
    found = _cnames(r53, zone_id)
    expected = _expected()
    missing = sorted(set(expected) - set(found))
    assert not missing, f"{len(missing)} of {len(expected)} records lost, e.g. {missing[:3]}"
    assert found == expected

    # Plain moto keeps them too: the loss was the sandbox's own (its batch correction).
    plain = plain_moto("route53", "us-east-1")
    plain_zone = plain.create_hosted_zone(Name="shared.example.com", CallerReference="shared")["HostedZone"]["Id"]
    _publish_all(lambda region: plain_moto("route53", region), plain_zone)
    assert _cnames(plain, plain_zone) == expected


def test_concurrent_creates_of_one_name_let_exactly_one_win(sandbox):
    r53 = sandbox.client("route53", "us-east-1")
    zone_id = r53.create_hosted_zone(Name="shared.example.com", CallerReference=f"race-{time.time()}")["HostedZone"]["Id"]
    # A large zone makes each batch's check-then-apply slow enough for writers to overlap.
    for batch in range(40):
        r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
            {"Action": "UPSERT", "ResourceRecordSet": {"Name": f"_pad-{batch}-{i}.shared.example.com", "Type": "CNAME",
                                                       "TTL": 300, "ResourceRecords": [{"Value": "_pad.acm-validations.aws."}]}}
            for i in range(100)]})
    writers = 10
    start = threading.Barrier(writers)

    def create(n):
        client = sandbox.client("route53", REGIONS[n])
        start.wait()
        try:
            client.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
                {"Action": "CREATE", "ResourceRecordSet": {"Name": f"_race-{k}.shared.example.com", "Type": "CNAME", "TTL": 300,
                                                           "ResourceRecords": [{"Value": f"_writer{n}.acm-validations.aws."}]}}
                for k in range(20)]})
            return "ok"
        except botocore.exceptions.ClientError as e:
            return e.response["Error"]["Code"]

    with ThreadPoolExecutor(writers) as pool:
        outcomes = list(pool.map(create, range(writers)))
    assert sorted(outcomes) == ["InvalidChangeBatch"] * (writers - 1) + ["ok"]
    found = _cnames(r53, zone_id)
    races = {name: values for name, values in found.items() if name.startswith("_race-")}
    assert len(races) == 20 and all(len(v) == 1 for v in races.values())
    # Every record comes from the one writer that won.
    assert len({v[0][0] for v in races.values()}) == 1
