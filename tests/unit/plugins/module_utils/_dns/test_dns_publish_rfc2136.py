"""Rfc2136Publisher against the real BIND9 fixture: zone discovery, key check, stale values."""

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._dns.dns_publish_rfc2136 import Rfc2136Publisher
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError


def publisher(dns, **over):
    args = {"server": dns.address, "port": dns.port, "key_name": dns.key_name, "key_secret": dns.key_secret,
            "key_algorithm": dns.key_algorithm, **over}
    return Rfc2136Publisher(**args)


def test_zone_is_found_even_below_a_cname_and_in_sub_zones(dns):
    dns.add_record("_x.example.com", "CNAME", "_y.acm-validations.aws.")
    pub = publisher(dns)
    assert pub.zone_for("_x.example.com") == "example.com."
    assert pub.zone_for("_z.deep.a.sub.example.org.") == "sub.example.org."
    with pytest.raises(CertshiftError, match="not authoritative for any zone containing www.example.io"):
        pub.zone_for("www.example.io")


def test_plan_and_apply_replace_a_stale_value_and_confirm(dns):
    dns.add_record("_x.example.com", "CNAME", "_stale.acm-validations.aws.")
    pub = publisher(dns)
    records = [{"name": "_x.example.com.", "type": "CNAME", "value": "_good.acm-validations.aws.", "domains": ["example.com"]},
               {"name": "_w.example.net.", "type": "CNAME", "value": "_v.acm-validations.aws.", "domains": ["example.net"]}]
    entries = pub.plan(records, 120)
    assert [(e["zone"], e["state"], e["previous"]) for e in entries] == [
        ("example.com.", "write", ["_stale.acm-validations.aws."]), ("example.net.", "write", None)]
    pub.apply(entries)
    assert [e["state"] for e in entries] == ["written", "written"]
    assert dns.query("_x.example.com", "CNAME") == ["_good.acm-validations.aws."]
    assert [e["state"] for e in publisher(dns).plan(records, 120)] == ["present", "present"]
    assert [e["state"] for e in publisher(dns).plan(records, 300)] == ["write", "write"]  # TTL differs


def test_wrong_secret_is_caught_by_the_empty_test_update(dns):
    pub = publisher(dns, key_secret=dns.wrong_secret)
    with pytest.raises(CertshiftError) as raised:
        pub.preflight(["www.example.com"])
    assert "rejected the TSIG key" in raised.value.msg and dns.wrong_secret not in raised.value.msg
    assert [r for r in dns.records("example.com") if r[1] == "CNAME"] == []


def test_secret_that_is_not_base64_is_named_without_echoing_it(dns):
    with pytest.raises(CertshiftError) as raised:
        publisher(dns, key_secret="not base64 at all!")
    assert "not valid base64" in raised.value.msg and "not base64 at all" not in raised.value.msg
