"""Route53 in the sandbox behaves as AWS documents; each test also shows plain moto does not.

Sources: Route 53 API reference (ChangeResourceRecordSets, ListHostedZonesByName,
GetChange) and botocore's route53 service model.
"""

from __future__ import annotations

import time

import botocore.exceptions
import pytest

REGION = "us-east-1"


def _zone(r53, name):
    return r53.create_hosted_zone(Name=name, CallerReference=f"{name}-{time.time()}")["HostedZone"]["Id"]


def _change(r53, zone_id, action, name, value, ttl=300, rtype="CNAME"):
    return r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": action, "ResourceRecordSet": {"Name": name, "Type": rtype, "TTL": ttl,
                                                 "ResourceRecords": [{"Value": value}]}}]})


def _records(r53, zone_id, name):
    return [r for r in r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]
            if r["Name"] == name]


def test_create_of_an_existing_record_fails_with_invalid_change_batch(sandbox, plain_moto):
    """AWS: CREATE of a record set that exists (same name and type) fails the batch with
    InvalidChangeBatch; UPSERT replaces it."""
    r53 = sandbox.client("route53", REGION)
    zone_id = _zone(r53, "example.com")
    _change(r53, zone_id, "CREATE", "_a.example.com", "_one.acm-validations.aws.")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        _change(r53, zone_id, "CREATE", "_a.example.com.", "_two.acm-validations.aws.")
    assert e.value.response["Error"]["Code"] == "InvalidChangeBatch"
    assert "already exists" in e.value.response["Error"]["Message"]
    assert [r["ResourceRecords"] for r in _records(r53, zone_id, "_a.example.com.")] == [[{"Value": "_one.acm-validations.aws."}]]
    _change(r53, zone_id, "UPSERT", "_a.example.com", "_two.acm-validations.aws.")
    assert [r["ResourceRecords"] for r in _records(r53, zone_id, "_a.example.com.")] == [[{"Value": "_two.acm-validations.aws."}]]

    plain = plain_moto("route53", REGION)
    plain_zone = _zone(plain, "example.com")
    _change(plain, plain_zone, "CREATE", "_a.example.com", "_one.acm-validations.aws.")
    _change(plain, plain_zone, "CREATE", "_a.example.com", "_two.acm-validations.aws.")
    assert len(_records(plain, plain_zone, "_a.example.com.")) == 2  # a duplicate


def test_batch_is_atomic_and_delete_needs_the_current_record(sandbox):
    """AWS: a batch applies all or nothing; DELETE of a missing record set, or with values
    that differ from the current ones, fails with InvalidChangeBatch."""
    r53 = sandbox.client("route53", REGION)
    zone_id = _zone(r53, "example.com")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
            {"Action": "CREATE", "ResourceRecordSet": {"Name": "new.example.com", "Type": "CNAME", "TTL": 60,
                                                       "ResourceRecords": [{"Value": "x.example.net"}]}},
            {"Action": "DELETE", "ResourceRecordSet": {"Name": "missing.example.com", "Type": "CNAME", "TTL": 60,
                                                       "ResourceRecords": [{"Value": "y.example.net"}]}}]})
    assert e.value.response["Error"]["Code"] == "InvalidChangeBatch"
    assert "not found" in e.value.response["Error"]["Message"]
    assert _records(r53, zone_id, "new.example.com.") == []  # nothing applied
    _change(r53, zone_id, "CREATE", "old.example.com", "a.example.net", ttl=60)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        _change(r53, zone_id, "DELETE", "old.example.com", "b.example.net", ttl=60)
    assert "do not match" in e.value.response["Error"]["Message"]
    _change(r53, zone_id, "DELETE", "old.example.com", "a.example.net", ttl=60)
    assert _records(r53, zone_id, "old.example.com.") == []


def test_list_hosted_zones_by_name_starts_at_dns_name_and_pages(sandbox, plain_moto):
    """AWS: ListHostedZonesByName lists zones sorted by name with labels reversed,
    starting at DNSName (not only exact matches), with IsTruncated, MaxItems,
    NextDNSName and NextHostedZoneId for the next page."""
    r53 = sandbox.client("route53", REGION)
    for name in ("example.org", "b.example.com", "example.com", "example.net", "a.example.com"):
        _zone(r53, name)
    everything = r53.list_hosted_zones_by_name()
    assert [z["Name"] for z in everything["HostedZones"]] == [
        "example.com.", "a.example.com.", "b.example.com.", "example.net.", "example.org."]
    assert everything["IsTruncated"] is False
    page = r53.list_hosted_zones_by_name(DNSName="a.example.com", MaxItems="2")
    assert [z["Name"] for z in page["HostedZones"]] == ["a.example.com.", "b.example.com."]
    assert page["IsTruncated"] is True and page["NextDNSName"] == "example.net."
    nxt = r53.list_hosted_zones_by_name(DNSName=page["NextDNSName"], HostedZoneId=page["NextHostedZoneId"], MaxItems="2")
    assert [z["Name"] for z in nxt["HostedZones"]] == ["example.net.", "example.org."]
    assert nxt["IsTruncated"] is False and "NextDNSName" not in nxt
    # a name between zones starts at the next zone
    assert r53.list_hosted_zones_by_name(DNSName="c.example.com")["HostedZones"][0]["Name"] == "example.net."

    plain = plain_moto("route53", REGION)
    for name in ("example.com", "example.net"):
        _zone(plain, name)
    answer = plain.list_hosted_zones_by_name(DNSName="example.com", MaxItems="1")
    assert "IsTruncated" not in answer or answer["IsTruncated"] is False
    assert [z["Name"] for z in plain.list_hosted_zones_by_name(DNSName="c.example.com")["HostedZones"]] == []


def test_get_change_follows_each_change_to_insync(sandbox, plain_moto):
    """AWS: every change gets its own Id; GetChange reports PENDING until the change has
    propagated, then INSYNC; an unknown Id is NoSuchChange."""
    sandbox.settings(route53_change_sync_seconds=0.5)
    r53 = sandbox.client("route53", REGION)
    zone_id = _zone(r53, "example.com")
    first = _change(r53, zone_id, "CREATE", "a.example.com", "x.example.net")["ChangeInfo"]
    second = _change(r53, zone_id, "CREATE", "b.example.com", "x.example.net")["ChangeInfo"]
    assert first["Id"] != second["Id"] and first["Status"] == "PENDING"
    assert r53.get_change(Id=first["Id"])["ChangeInfo"]["Status"] == "PENDING"
    time.sleep(0.6)
    assert r53.get_change(Id=first["Id"])["ChangeInfo"]["Status"] == "INSYNC"
    r53.get_waiter("resource_record_sets_changed").wait(Id=second["Id"], WaiterConfig={"Delay": 1})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        r53.get_change(Id="/change/CNOSUCHCHANGE")
    assert e.value.response["Error"]["Code"] == "NoSuchChange"

    plain = plain_moto("route53", REGION)
    plain_zone = _zone(plain, "example.com")
    a = _change(plain, plain_zone, "CREATE", "a.example.com", "x.example.net")["ChangeInfo"]
    b = _change(plain, plain_zone, "CREATE", "b.example.com", "x.example.net")["ChangeInfo"]
    assert a["Id"] == b["Id"]  # plain moto: one constant change Id


def _validation_upserts(count, zone="example.com"):
    # ACM's validation values are about 65 characters: _<32 hex>.<10>.acm-validations.aws.
    return [{"Action": "UPSERT", "ResourceRecordSet": {
        "Name": f"_{i:032x}.app{i}.{zone}.", "Type": "CNAME", "TTL": 300,
        "ResourceRecords": [{"Value": f"_{i:032x}.abcdefghij.acm-validations.aws."}]}} for i in range(count)]


def test_a_batch_holds_32000_value_characters_an_upsert_counting_twice(sandbox, plain_moto):
    """AWS (Route53 quotas): at most 32,000 characters of Value per ChangeResourceRecordSets,
    an UPSERT counted twice: 300 validation CNAME UPSERTs (~39,000) are refused, 240 pass.
    Plain moto checks only the 1,000-record limit and takes all 300."""
    r53 = sandbox.client("route53", REGION)
    zone_id = _zone(r53, "example.com")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": _validation_upserts(300)})
    assert e.value.response["Error"]["Code"] == "InvalidChangeBatch"
    assert "32000" in e.value.response["Error"]["Message"]
    assert len(r53.list_resource_record_sets(HostedZoneId=zone_id)["ResourceRecordSets"]) == 2  # SOA, NS: nothing
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": _validation_upserts(240)})

    moto = plain_moto("route53", REGION)
    plain_zone = _zone(moto, "example.com")
    moto.change_resource_record_sets(HostedZoneId=plain_zone, ChangeBatch={"Changes": _validation_upserts(300)})
