from __future__ import annotations

import socket

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._dns import dns_checks as dc
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError

RECORD = {"name": "_abc.example.com.", "type": "CNAME", "value": "_xyz.acm-validations.aws.",
          "domains": ["example.com", "*.example.com"]}


def zone(records):
    """A CAA lookup over {name: [(flags, tag, value)]}; 'FAIL' makes the lookup fail."""
    def lookup(name):
        found = records.get(name)
        if found == "FAIL":
            return dc.Lookup(dc.FAILED, error="SERVFAIL")
        return dc.Lookup(dc.OK, found) if found else dc.Lookup(dc.MISSING)
    return lookup


@pytest.mark.parametrize("entries,expected", [
    (["192.0.2.53"], [("192.0.2.53", 53)]),
    (["127.0.0.1:5353"], [("127.0.0.1", 5353)]),
    (["[::1]:5353", "2001:db8::53"], [("::1", 5353), ("2001:db8::53", 53)]),
])
def test_parse_nameservers(entries, expected):
    assert dc.parse_nameservers(entries) == expected


@pytest.mark.parametrize("entry", ["dns.example.com", "127.0.0.1:dns", "127.0.0.1:70000", "1.2.3:53"])
def test_parse_nameservers_rejects_non_ip(entry):
    with pytest.raises(CertshiftError) as e:
        dc.parse_nameservers([entry])
    assert entry in e.value.msg and "ip:port" in e.value.msg


def test_unreachable_nameserver_is_one_clear_error():
    # A UDP port nobody listens on: the query gets no answer (or ICMP refused).
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    resolver = dc.Resolver([f"127.0.0.1:{port}"], timeout=0.3)
    try:
        with pytest.raises(CertshiftError) as e:
            resolver.check_reachable()
    finally:
        s.close()
    assert f"127.0.0.1:{port} does not answer" in e.value.msg and "nameservers" in e.value.msg


def test_validation_records_share_wildcard_and_apex():
    detail = {"DomainName": "example.com", "DomainValidationOptions": [
        {"DomainName": "example.com", "ValidationMethod": "DNS",
         "ResourceRecord": {"Name": "_abc.example.com.", "Type": "CNAME", "Value": "_xyz.acm-validations.aws."}},
        {"DomainName": "*.example.com", "ValidationMethod": "DNS",
         "ResourceRecord": {"Name": "_abc.example.com.", "Type": "CNAME", "Value": "_xyz.acm-validations.aws."}},
    ]}
    records = dc.validation_records(detail)
    assert len(records) == 1 and records[0]["domains"] == ["example.com", "*.example.com"]


def test_cname_ok_ignores_case_and_trailing_dot():
    result = dc.check_cname(RECORD, dc.Lookup(dc.OK, ["_XYZ.acm-validations.aws"]))
    assert result["ok"] and result["reason"] is None and result["fix"] is None


def test_missing_cname_gives_the_record_to_restore():
    result = dc.check_cname(RECORD, dc.Lookup(dc.MISSING))
    assert not result["ok"] and result["reason"] == "missing"
    assert result["fix"] == "_abc.example.com. CNAME _xyz.acm-validations.aws."
    assert result["fix"] not in result["message"]  # the fix is given once, by the recommendation


def test_wrong_cname_value_names_both_values():
    result = dc.check_cname(RECORD, dc.Lookup(dc.OK, ["_old.acm-validations.aws."]))
    assert result["reason"] == "wrong_value" and result["found"] == ["_old.acm-validations.aws."]
    assert "_old.acm-validations.aws." in result["message"] and result["fix"] not in result["message"]


def test_cname_lookup_failure_is_reported_not_judged_missing():
    result = dc.check_cname(RECORD, dc.Lookup(dc.FAILED, error="timeout"))
    assert result["reason"] == "lookup_failed"


@pytest.mark.parametrize("records,name,allowed,owner", [
    ({}, "example.com", True, None),
    ({"example.com": [(0, "issue", "amazon.com")]}, "example.com", True, "example.com"),
    ({"example.com": [(0, "issue", "amazontrust.com")]}, "a.b.example.com", True, "example.com"),
    ({"example.com": [(0, "issue", "awstrust.com; foo=bar")]}, "example.com", True, "example.com"),
    ({"example.com": [(0, "issue", "AmazonAWS.com")]}, "example.com", True, "example.com"),
    ({"example.com": [(0, "issue", "letsencrypt.org")]}, "example.com", False, "example.com"),
    ({"example.com": [(0, "issue", ";")]}, "example.com", False, "example.com"),
    # the closest ancestor with CAA wins: a permissive child overrides a hostile parent
    ({"example.com": [(0, "issue", "letsencrypt.org")], "shop.example.com": [(0, "issue", "amazon.com")]},
     "shop.example.com", True, "shop.example.com"),
    ({"example.com": [(0, "issue", "amazon.com")], "shop.example.com": [(0, "issue", "letsencrypt.org")]},
     "shop.example.com", False, "shop.example.com"),
    # only iodef: no issue property, so no restriction
    ({"example.com": [(0, "iodef", "mailto:sec@example.com")]}, "example.com", True, "example.com"),
    # an unknown critical property forbids issuance
    ({"example.com": [(0, "issue", "amazon.com"), (128, "tbs", "x")]}, "example.com", False, "example.com"),
    # wildcards: issuewild, where present, replaces issue
    ({"example.com": [(0, "issue", "amazon.com"), (0, "issuewild", ";")]}, "*.example.com", False, "example.com"),
    ({"example.com": [(0, "issue", "letsencrypt.org"), (0, "issuewild", "amazon.com")]}, "*.example.com", True,
     "example.com"),
    ({"example.com": [(0, "issue", "letsencrypt.org"), (0, "issuewild", "amazon.com")]}, "example.com", False,
     "example.com"),
    ({"example.com": [(0, "issue", "amazon.com")]}, "*.example.com", True, "example.com"),
    ({"com": [(0, "issue", "letsencrypt.org")]}, "example.com", False, "com"),
])
def test_caa_rfc8659(records, name, allowed, owner):
    finding = dc.check_caa(zone(records), name)
    assert finding["allowed"] is allowed
    assert finding["owner"] == owner
    if not allowed:
        assert finding["reason"] == "caa_forbids_amazon"
        assert finding["fix"].startswith(f"{owner}. CAA 0 issue") and '"amazon.com"' in finding["fix"]
        assert finding["fix"] not in finding["message"]  # one reason per finding; the fix is listed once


def test_caa_fix_for_wildcard_uses_issuewild():
    finding = dc.check_caa(zone({"example.com": [(0, "issuewild", ";")]}), "*.example.com")
    assert finding["fix"] == 'example.com. CAA 0 issuewild "amazon.com"'


def test_caa_lookup_failure_is_not_allowed():
    finding = dc.check_caa(zone({"example.com": "FAIL"}), "www.example.com")
    assert not finding["allowed"] and finding["reason"] == "lookup_failed"


def test_caa_climbing_passes_names_the_server_refuses():
    # An authoritative-only server answers REFUSED for parent zones it does not serve.
    def lookup(name):
        if name == "com":
            return dc.Lookup(dc.REFUSED, error="REFUSED")
        return dc.Lookup(dc.MISSING)
    finding = dc.check_caa(lookup, "shop.example.com")
    assert finding["allowed"] and finding["owner"] is None
