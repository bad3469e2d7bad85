"""Whole-fleet call patterns: rate limits on every client call, batched polling by
SearchCertificates, batched SNI swaps, search-confirmed retirement, whole-zone reads."""

import datetime

import botocore.exceptions
import pytest

from ansible_collections.certshift.acm.plugins.module_utils._dns import dns_publish_route53 as r53
from ansible_collections.certshift.acm.plugins.module_utils._certificates import certificate_inventory
from ansible_collections.certshift.acm.plugins.module_utils._aws import tagging_api
from ansible_collections.certshift.acm.plugins.module_utils.concurrency import (ALL_ACTIONS, HEADROOM, RateLimiter,
                                                                                TokenBucket, limit_client)
from ansible_collections.certshift.acm.plugins.module_utils._consumers.consumer_index import ConsumerIndex
from ansible_collections.certshift.acm.plugins.module_utils._replace.issuance_wait import wait_issued
from ansible_collections.certshift.acm.plugins.module_utils._certificates.replacement_lookup import find_replacements
from ansible_collections.certshift.acm.plugins.module_utils._swap.retire import Retirer
from ansible_collections.certshift.acm.plugins.module_utils._swap.swap_apply import Applier

from . import fake_aws

T0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def client_error(code):
    return botocore.exceptions.ClientError({"Error": {"Code": code, "Message": code}}, "Op")


# --- rate limits -----------------------------------------------------------------------------
def test_star_quota_gives_every_action_its_own_bucket():
    limiter = RateLimiter({"*": 2, "C": 1})
    for action in ("A", "B", "A", "C"):
        limiter.wait(action)
    assert set(limiter._buckets) == {"A", "B", "C"}
    # a little under the quota, without a burst: jitter must not bunch requests into a throttle
    assert limiter._buckets["A"].rate == pytest.approx(2 * HEADROOM) and limiter._buckets["C"].rate == HEADROOM
    assert limiter._buckets["A"].capacity == 1
    clock = FakeClock()
    bucket = TokenBucket(2, clock=clock, sleep=clock.sleep)
    for _ in range(4):
        bucket.acquire()
    assert clock.now == pytest.approx(1.0)  # a burst of 2, then 2 more at 2/s


def test_all_actions_quota_is_one_bucket_every_action_waits_for():
    limiter = RateLimiter({ALL_ACTIONS: 5})
    clock = FakeClock()
    limiter._shared = TokenBucket(5, burst=1, clock=clock, sleep=clock.sleep)
    for action in ("ListHostedZones", "ChangeResourceRecordSets", "GetChange", "ListHostedZones"):
        limiter.wait(action)
    assert limiter._buckets == {}
    assert clock.now == pytest.approx(3 / 5)  # one request, then three more at 5/s, whatever their action


def test_limit_client_makes_every_call_wait_for_its_action():
    import boto3

    client = boto3.client("acm", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="y")
    seen = []

    class Recorder:
        def wait(self, action):
            seen.append(action)
            raise RuntimeError("stop before sending")

    limit_client(client, Recorder())
    with pytest.raises(RuntimeError):
        client.describe_certificate(CertificateArn="arn:aws:acm:eu-west-1:123456789012:certificate/x")
    with pytest.raises(RuntimeError):
        list(client.get_paginator("list_certificates").paginate())
    assert seen == ["DescribeCertificate", "ListCertificates"]


# --- issuance by SearchCertificates ------------------------------------------------------------
def search_result(arn, status, created):
    return {"CertificateArn": arn, "X509Attributes": {"Subject": {"CommonName": "example.com"},
                                                      "SubjectAlternativeNames": [{"DnsName": "example.com"}]},
            "CertificateMetadata": {"AcmCertificateMetadata": {"Status": status, "Type": "AMAZON_ISSUED",
                                                               "ValidationMethod": "DNS", "CreatedAt": created}}}


class SearchingAcm:
    """search_certificates answers from ``rounds`` (one list of results per poll);
    describe_certificate only for failures."""

    def __init__(self, rounds, page=500):
        self.rounds, self.page = rounds, page
        self.search_calls, self.describe_calls = [], []

    def search_certificates(self, **kwargs):
        self.search_calls.append(kwargs)
        if "NextToken" not in kwargs:  # a new round of polling
            self.current = self.rounds.pop(0) if len(self.rounds) > 1 else self.rounds[0]
        results = self.current
        start = int(kwargs.get("NextToken") or 0)
        out = {"Results": results[start:start + self.page]}
        if start + self.page < len(results):
            out["NextToken"] = str(start + self.page)
        return out

    def describe_certificate(self, CertificateArn):
        self.describe_calls.append(CertificateArn)
        return {"Certificate": {"CertificateArn": CertificateArn, "Status": "FAILED", "DomainName": "example.com",
                                "FailureReason": "CAA_ERROR"}}


def test_wait_issued_by_search_polls_many_certificates_per_call():
    arns = [f"n{i}" for i in range(1200)]
    first = [search_result(a, "ISSUED", T0) for a in arns[:700]]
    second = [search_result(a, "ISSUED", T0) for a in arns] + [search_result("f", "FAILED", T0)]
    acm, clock = SearchingAcm([first, second]), FakeClock()
    issued, failed = wait_issued(fake_aws.client(acm), arns + ["f"], 600, sleep=clock.sleep, clock=clock, use_search=True,
                                 created={a: T0 for a in arns + ["f"]})
    assert len(issued) == 1200 and failed["f"]["status"] == "FAILED"
    assert failed["f"]["reasons"] == ["certificate: CAA_ERROR"]
    assert acm.describe_calls == ["f"]  # only the failed one is described, for its reasons
    assert len(acm.search_calls) == 2 + 3  # round one: two pages (700 found); round two: three pages
    assert all(c["SortBy"] == "CREATED_AT" and c["SortOrder"] == "DESCENDING" for c in acm.search_calls)


def test_wait_issued_by_search_stops_at_certificates_older_than_the_pending_ones():
    old = T0 - datetime.timedelta(days=30)
    results = [search_result(f"old{i}", "ISSUED", old) for i in range(1500)]
    acm, clock = SearchingAcm([results, [search_result("mine", "ISSUED", T0)]]), FakeClock()
    issued, _failed = wait_issued(fake_aws.client(acm), ["mine"], 600, sleep=clock.sleep, clock=clock, use_search=True,
                                  created={"mine": T0})
    assert list(issued) == ["mine"]
    assert len(acm.search_calls) == 2  # the first round stopped after one page of older certificates


def test_wait_issued_falls_back_to_describe_without_search():
    class NoSearch:
        calls = 0

        def search_certificates(self, **_):
            raise botocore.exceptions.ClientError({"Error": {"Code": "AccessDeniedException", "Message": "no"}},
                                                  "SearchCertificates")

        def describe_certificate(self, CertificateArn):
            NoSearch.calls += 1
            return {"Certificate": {"CertificateArn": CertificateArn, "Status": "ISSUED"}}

    issued, failed = wait_issued(fake_aws.client(NoSearch()), ["a", "b"], 60, use_search=True)
    assert set(issued) == {"a", "b"} and not failed and NoSearch.calls == 2


def test_from_search_gives_the_fields_the_swap_gate_reads():
    detail = certificate_inventory.from_search({
        "CertificateArn": "arn:x", "X509Attributes": {
            "Subject": {"CommonName": "*.example.com"}, "NotAfter": T0, "SerialNumber": "0a:0b",
            "SubjectAlternativeNames": [{"DnsName": "*.example.com"}, {"DnsName": "example.com"}]},
        "CertificateMetadata": {"AcmCertificateMetadata": {"Status": "ISSUED", "Type": "AMAZON_ISSUED",
                                                           "InUse": True, "ValidationMethod": "DNS"}}})
    assert detail["DomainName"] == "*.example.com"
    assert detail["SubjectAlternativeNames"] == ["*.example.com", "example.com"]
    assert (detail["Status"], detail["NotAfter"], detail["Serial"], detail["InUse"]) == ("ISSUED", T0, "0a:0b", True)


# --- replacements by tag ---------------------------------------------------------------------
def test_find_replacements_by_tag_describes_only_the_replacements():
    described = []

    class Acm:
        def describe_certificate(self, CertificateArn):
            described.append(CertificateArn)
            return {"Certificate": {"CertificateArn": CertificateArn, "Status": "ISSUED"}}

    olds = [{"CertificateArn": "old1", "DomainName": "a"}, {"CertificateArn": "old2", "DomainName": "b"}]
    tagged = {"new1": {"certshift:replaces": "old1"}, "other": {"certshift:replaces": "elsewhere"},
              "old2": {"team": "web"}}
    found = find_replacements(Acm(), olds, tagged=tagged)
    assert described == ["new1"]
    assert [d["CertificateArn"] for d in found["old1"]] == ["new1"] and found["old2"] == []
    assert found["old1"][0]["Tags"] == {"certshift:replaces": "old1"}


def test_tagging_scan_pages_and_falls_back_when_denied():
    class Pager:
        def __init__(self, pages, error=None):
            self.pages, self.error = pages, error

        def paginate(self, **kwargs):
            assert kwargs["ResourceTypeFilters"] == ["acm:certificate"] and kwargs["ResourcesPerPage"] == 100
            if self.error:
                raise self.error
            return self.pages

    class Tagging:
        def __init__(self, pager):
            self.pager = pager

        def get_paginator(self, _op):
            return self.pager

    pages = [{"ResourceTagMappingList": [{"ResourceARN": "a", "Tags": [{"Key": "k", "Value": "v"}]}]},
             {"ResourceTagMappingList": [{"ResourceARN": "b", "Tags": []}]}]
    assert tagging_api.acm_certificate_tags(Tagging(Pager(pages))) == {"a": {"k": "v"}, "b": {}}
    assert tagging_api.acm_certificate_tags(Tagging(Pager([], client_error("AccessDeniedException")))) is None


# --- batched SNI swaps -----------------------------------------------------------------------
class Listener:
    """An elbv2 client for one listener with a default and an SNI list (quota 25)."""

    def __init__(self, sni, quota=25):
        self.default, self.sni, self.quota, self.log = "arn:default", list(sni), quota, []

    def add_listener_certificates(self, ListenerArn, Certificates):
        self.log.append(("add", [c["CertificateArn"] for c in Certificates]))
        new = [c["CertificateArn"] for c in Certificates if c["CertificateArn"] not in self.sni]
        if len(self.sni) + len(new) > self.quota:
            raise client_error("TooManyCertificates")
        self.sni += new

    def remove_listener_certificates(self, ListenerArn, Certificates):
        self.log.append(("remove", [c["CertificateArn"] for c in Certificates]))
        gone = {c["CertificateArn"] for c in Certificates}
        self.sni = [a for a in self.sni if a not in gone]

    def get_paginator(self, op):
        assert op == "describe_listener_certificates"
        listener = self

        class Pager:
            def paginate(self, **_):
                listener.log.append(("describe", None))
                return [{"Certificates": [{"CertificateArn": listener.default, "IsDefault": True}]
                         + [{"CertificateArn": a, "IsDefault": False} for a in listener.sni]}]
        return Pager()


class Clients:
    def __init__(self, elbv2):
        self.elbv2 = elbv2

    def get(self, _service):
        return self.elbv2


def sni_swaps(n):
    return [{"resource_type": "elbv2_sni", "listener_arn": "L", "action": "swap_sni", "before": f"old{i}",
             "after": f"new{i}", "add_new": True, "old_certificate_arn": f"old{i}"} for i in range(n)]


def test_sni_swaps_of_one_listener_go_in_batches_within_the_quota():
    listener = Listener([f"old{i}" for i in range(20)])
    assert Applier(Clients(listener)).apply(sni_swaps(20)) == []
    assert listener.sni == [f"new{i}" for i in range(20)]
    adds = [arns for op, arns in listener.log if op == "add"]
    assert [len(a) for a in adds] == [5, 5, 5, 5]
    # Every old certificate was removed only after its new one was listed.
    assert len(listener.log) == 1 + 4 * 3


def test_sni_batch_goes_one_at_a_time_when_the_quota_is_shared():
    listener = Listener([f"old{i}" for i in range(3)], quota=4)
    assert Applier(Clients(listener)).apply(sni_swaps(3)) == []
    assert listener.sni == ["new0", "new1", "new2"]


def test_sni_batch_keeps_old_certificates_whose_new_one_is_not_listed():
    listener = Listener(["old0", "old1"])
    real_add = listener.add_listener_certificates

    def add_but_drop(ListenerArn, Certificates):
        real_add(ListenerArn, [c for c in Certificates if c["CertificateArn"] != "new1"])

    listener.add_listener_certificates = add_but_drop
    failures = Applier(Clients(listener)).apply(sni_swaps(2))
    assert len(failures) == 1 and "old1 was left in place" in failures[0]["error"]
    assert listener.sni == ["old1", "new0"]


# --- retirement confirmed by search ----------------------------------------------------------
def test_retire_not_in_use_by_search_deletes_without_describing():
    log = []

    class Acm:
        def describe_certificate(self, **_):
            log.append("describe")
            return {"Certificate": {"InUseBy": []}}

        def delete_certificate(self, **_):
            log.append("delete")

    assert Retirer(Acm()).retire("old", ConsumerIndex([], "r"), set(), in_use=False) == (True, None)
    assert log == ["delete"]


def test_retire_search_lagging_behind_in_use_falls_back_to_waiting():
    log, answers = [], iter([["arn:lb"], []])

    class Acm:
        refused = False

        def describe_certificate(self, **_):
            log.append("describe")
            return {"Certificate": {"InUseBy": next(answers)}}

        def delete_certificate(self, **_):
            log.append("delete")
            if not Acm.refused:
                Acm.refused = True
                raise client_error("ResourceInUseException")

    clock = FakeClock()
    retirer = Retirer(Acm(), sleep=clock.sleep, clock=clock)
    assert retirer.retire("old", ConsumerIndex([], "r"), {"arn:lb"}, in_use=False) == (True, None)
    assert log == ["delete", "describe", "describe", "delete"]


# --- Route53: whole zones where cheaper --------------------------------------------------------
class Route53:
    def __init__(self, records, count):
        self.records, self.count, self.calls = records, count, []

    def get_paginator(self, op):
        r53_client = self

        class Pager:
            def paginate(self, **kwargs):
                r53_client.calls.append(op)
                if op == "list_hosted_zones":
                    return [{"HostedZones": [{"Id": "/hostedzone/Z1", "Name": "example.com.",
                                              "ResourceRecordSetCount": r53_client.count}]}]
                return [{"ResourceRecordSets": [
                    {"Name": n, "Type": "CNAME", "TTL": 300, "ResourceRecords": [{"Value": v}]}
                    for n, v in r53_client.records.items()]}]
        return Pager()

    def list_resource_record_sets(self, **kwargs):
        self.calls.append("list_resource_record_sets(1)")
        return {"ResourceRecordSets": []}


def test_route53_reads_a_whole_zone_instead_of_one_lookup_per_record():
    names = [f"_{i}.app{i}.example.com." for i in range(50)]
    client = Route53({names[0]: "_v.acm-validations.aws."}, count=52)
    publisher = r53.Route53Publisher(client)
    publisher.prefetch(names)
    entries = publisher.plan([{"name": n, "type": "CNAME", "value": "_v.acm-validations.aws."} for n in names], 300)
    assert client.calls == ["list_hosted_zones", "list_resource_record_sets"]
    assert entries[0]["state"] == "present" and {e["state"] for e in entries[1:]} == {"write"}


def test_route53_looks_up_single_records_in_a_big_zone():
    client = Route53({}, count=100000)
    publisher = r53.Route53Publisher(client)
    publisher.prefetch(["_a.example.com."])
    publisher.plan([{"name": "_a.example.com.", "type": "CNAME", "value": "_v."}], 300)
    assert client.calls == ["list_hosted_zones", "list_resource_record_sets(1)"]


# --- CAA: each owner name looked up once -------------------------------------------------------
def test_caa_lookups_are_shared_between_names():
    from ansible_collections.certshift.acm.plugins.module_utils._dns import caa
    from ansible_collections.certshift.acm.plugins.module_utils._replace.migration_preflight import _memoized

    asked = []

    def lookup(owner):
        asked.append(owner)
        if owner == "broken.example.com":
            raise RuntimeError("timeout")
        return [(0, "issue", "amazon.com")] if owner == "example.com" else []

    cached = _memoized(lookup)
    names = [f"app{i}.example.com" for i in range(20)] + ["*.app1.example.com"]
    assert all(caa.check(n, cached)["allowed"] for n in names)
    assert sorted(asked) == sorted({f"app{i}.example.com" for i in range(20)} | {"example.com"})
    for _ in range(2):
        with pytest.raises(RuntimeError):
            cached("broken.example.com")
    assert asked.count("broken.example.com") == 1


# --- audit: the served certificate compared by serial number ----------------------------------
def test_served_certificate_compared_by_serial_number():
    from ansible_collections.certshift.acm.plugins.module_utils._probe.https_probe import compare, serial_key

    assert serial_key("0a:1b:ff") == serial_key("a1bff") == "serial:a1bff"
    assert serial_key("not hex") is None
    probe = {"name": "example.com", "port": 443, "reason": None,
             "served": {"serial": "a1bff", "fingerprint_sha256": "f" * 64, "subject_cn": "example.com"}}
    assert compare(probe, serial_key("0a:1b:ff"), by="serial")["certificate_matches"] is True
    other = compare(probe, serial_key("0a:1b:fe"), known={serial_key("0a:1b:ff"): "arn:other"}, by="serial")
    assert other["certificate_matches"] is False and other["served"]["certificate_arn"] == "arn:other"


def test_route53_batches_stay_within_records_and_characters_an_upsert_counting_twice():
    def entry(i, length):
        return {"name": f"_{i}.example.com.", "value": "v" * length}

    # ~65-character validation values: the 32,000 characters (x2 for UPSERT) bind first
    batches = list(r53.upsert_batches([entry(i, 65) for i in range(1000)]))
    assert [len(b) for b in batches] == [246, 246, 246, 246, 16]
    assert [e["name"] for b in batches for e in b] == [f"_{i}.example.com." for i in range(1000)]
    # short values: the 1,000 ResourceRecord elements (x2 for UPSERT) bind
    assert [len(b) for b in r53.upsert_batches([entry(i, 10) for i in range(1200)])] == [500, 500, 200]
    assert list(r53.upsert_batches([])) == []
