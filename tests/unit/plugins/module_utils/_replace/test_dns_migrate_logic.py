"""Pure logic behind acm_dns_migrate: requests, replacement lookup, records, CAA, zone choice, plans, waiting."""

import re

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._dns import caa
from ansible_collections.certshift.acm.plugins.module_utils._dns import dns_publish_route53 as r53
from ansible_collections.certshift.acm.plugins.module_utils._dns.dns_lookup import parse_nameserver
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError
from ansible_collections.certshift.acm.plugins.module_utils._replace.issuance_wait import wait_issued
from ansible_collections.certshift.acm.plugins.module_utils._replace.migration_plan import plan_certificate, skip_reason
from ansible_collections.certshift.acm.plugins.module_utils._certificates.replacement_lookup import classify
from ansible_collections.certshift.acm.plugins.module_utils._certificates.replacement_request import (build_request,
                                                                                                      idempotency_token)
from ansible_collections.certshift.acm.plugins.module_utils._certificates.replacement_tags import (REPLACES_TAG,
                                                                                                   replacement_tags)
from ansible_collections.certshift.acm.plugins.module_utils._certificates.validation_records import (records_from_detail,
                                                                                                     wait_for_records)

OLD = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"


def old_cert(**over):
    cert = {
        "CertificateArn": OLD, "DomainName": "example.com",
        "SubjectAlternativeNames": ["example.com", "*.example.com", "www.example.org"],
        "Type": "AMAZON_ISSUED", "Status": "ISSUED", "KeyAlgorithm": "EC-prime256v1",
        "Options": {"CertificateTransparencyLoggingPreference": "DISABLED"},
        "DomainValidationOptions": [{"DomainName": n, "ValidationMethod": "EMAIL"}
                                    for n in ("example.com", "*.example.com", "www.example.org")],
    }
    cert.update(over)
    return cert


# --- request ------------------------------------------------------------------------------
def test_request_copies_names_in_order_key_ct_and_tags():
    req = build_request(old_cert(), {"team": "web", "aws:cloudformation:stack-name": "x"})
    assert req["DomainName"] == "example.com"
    assert req["SubjectAlternativeNames"] == ["example.com", "*.example.com", "www.example.org"]
    assert req["ValidationMethod"] == "DNS"
    assert req["KeyAlgorithm"] == "EC_prime256v1"
    assert req["Options"] == {"CertificateTransparencyLoggingPreference": "DISABLED"}
    assert req["Tags"] == [{"Key": "team", "Value": "web"}, {"Key": REPLACES_TAG, "Value": OLD}]


def test_request_single_name_has_no_sans():
    req = build_request(old_cert(SubjectAlternativeNames=["example.com"], Options={}), {})
    assert "SubjectAlternativeNames" not in req and "Options" not in req


def test_idempotency_token_fits_acm_and_moves_on_after_a_failure():
    token = idempotency_token(OLD)
    assert re.fullmatch(r"\w{1,32}", token) and len(token) == 32
    assert token == idempotency_token(OLD, 0)
    assert idempotency_token(OLD, 1) != token
    assert idempotency_token(OLD.replace("01", "02")) != token


def test_replacement_tags_overwrite_an_inherited_replaces_tag_and_respect_the_limit():
    assert replacement_tags({REPLACES_TAG: "older"}, OLD) == {REPLACES_TAG: OLD}
    with pytest.raises(CertshiftError, match="more than ACM's 50"):
        replacement_tags({f"k{i}": "v" for i in range(50)}, OLD)


# --- skip reasons and plans ----------------------------------------------------------------
@pytest.mark.parametrize("over,tags,expected", [
    ({}, {}, None),
    ({"Type": "IMPORTED"}, {}, "imported"),
    ({"Type": "PRIVATE"}, {}, "private"),
    ({"Status": "EXPIRED"}, {}, "status EXPIRED"),
    ({"DomainValidationOptions": [{"DomainName": "example.com", "ValidationMethod": "DNS"}]}, {}, "already DNS"),
    ({}, {REPLACES_TAG: "arn:x"}, "itself the replacement"),
    ({"KeyAlgorithm": "RSA-4096"}, {}, "cannot be requested"),
])
def test_skip_reasons(over, tags, expected):
    reason = skip_reason(old_cert(**over), tags)
    assert (reason is None) if expected is None else (expected in reason)


NAMES = ["example.com", "*.example.com", "www.example.org"]


def repl(arn, status, created, **over):
    """A certificate tagged as replacing OLD: by default a real replacement (same account, region and
    names, ACM-issued, DNS-validated)."""
    cert = {"CertificateArn": OLD.rsplit("/", 1)[0] + "/" + arn, "Status": status, "CreatedAt": created,
            "Type": "AMAZON_ISSUED", "DomainName": NAMES[0], "SubjectAlternativeNames": list(NAMES),
            "DomainValidationOptions": [{"DomainName": n, "ValidationStatus": "FAILED", "ValidationMethod": "DNS",
                                         "ResourceRecord": {"Name": "_a.example.com.", "Value": "_b.acm."}}
                                        for n in NAMES]}
    cert.update(over)
    return cert


def arns(certs):
    return [c["CertificateArn"].rsplit("/", 1)[1] for c in certs]


def test_classify_prefers_issued_then_newest_and_reports_failed():
    reusable, failed, others, ignored = classify(
        [repl("p-old", "PENDING_VALIDATION", 1), repl("f", "FAILED", 0), repl("i", "ISSUED", 0),
         repl("p-new", "PENDING_VALIDATION", 5), repl("t", "VALIDATION_TIMED_OUT", 2)], old_cert())
    assert arns([reusable]) == ["i"]
    assert arns(failed) == ["f", "t"]
    assert arns(others) == ["p-new", "p-old"]
    assert ignored == []


@pytest.mark.parametrize("over,reason", [
    ({"Type": "IMPORTED", "DomainValidationOptions": []}, "IMPORTED, not a certificate ACM issued"),
    ({"DomainValidationOptions": [{"DomainName": n, "ValidationMethod": "EMAIL"} for n in NAMES]},
     "EMAIL-validated, not DNS-validated"),
    ({"SubjectAlternativeNames": ["example.com", "*.example.com"]}, "are not exactly those"),
    ({"SubjectAlternativeNames": NAMES + ["extra.example.com"]}, "are not exactly those"),
    ({"Status": "REVOKED"}, "it is REVOKED"),
    ({"Status": "EXPIRED"}, "it is EXPIRED"),
    ({"CertificateArn": OLD.replace("123456789012", "999999999999").replace("0001", "0009")},
     "another account or region"),
    ({"CertificateArn": OLD.replace("eu-west-1", "us-east-1").replace("0001", "0009")}, "another account or region"),
])
def test_classify_ignores_tagged_certificates_that_are_no_replacement(over, reason):
    """The certshift:replaces tag alone proves nothing: an imported, EMAIL-validated, revoked, expired or
    foreign certificate, or one for other names, is reported and never reused (it once blocked a region)."""
    bogus = repl("bogus", over.get("Status", "ISSUED"), 9, **over)
    reusable, failed, others, ignored = classify([bogus], old_cert())
    assert reusable is None and failed == [] and others == []
    assert [i["arn"] for i in ignored] == [bogus["CertificateArn"]] and reason in ignored[0]["reason"]
    plan = plan_certificate(old_cert(), {}, [bogus])
    assert plan.request is not None and plan.replacement is None
    assert plan.request["IdempotencyToken"] == idempotency_token(OLD, 0)
    assert plan.ignored_replacements == ignored


def test_classify_reads_search_results_too():
    """SearchCertificates results carry one ValidationMethod for the whole certificate."""
    searched = repl("s", "ISSUED", 1, ValidationMethod="DNS")
    del searched["DomainValidationOptions"]
    assert arns([classify([searched], old_cert())[0]]) == ["s"]


@pytest.mark.parametrize("replacements,expect_request,attempt", [
    ([], True, 0),
    ([repl("p", "PENDING_VALIDATION", 1)], False, None),
    ([repl("t", "VALIDATION_TIMED_OUT", 1)], True, 1),
    ([repl("t", "VALIDATION_TIMED_OUT", 1), repl("f", "FAILED", 2), repl("i", "ISSUED", 3)], False, None),
])
def test_plan_reuses_or_requests(replacements, expect_request, attempt):
    plan = plan_certificate(old_cert(), {}, replacements)
    assert plan.skipped is None
    assert bool(plan.request) is expect_request
    assert (plan.replacement is None) is expect_request
    if expect_request:
        assert plan.request["IdempotencyToken"] == idempotency_token(OLD, attempt)
    assert [f["arn"] for f in plan.failed_replacements] == [r["CertificateArn"] for r in replacements
                                                                 if r["Status"] in ("FAILED", "VALIDATION_TIMED_OUT")]


def test_plan_of_a_skipped_certificate_requests_nothing():
    plan = plan_certificate(old_cert(Type="IMPORTED"), {}, [])
    assert plan.skipped and plan.request is None and plan.replacement is None


# --- validation records --------------------------------------------------------------------
def dvo(name, rr_name=None, value="_v.acm-validations.aws."):
    option = {"DomainName": name, "ValidationMethod": "DNS"}
    if rr_name:
        option["ResourceRecord"] = {"Name": rr_name, "Type": "CNAME", "Value": value}
    return option


def test_records_are_deduplicated_wildcard_and_apex_share_one():
    detail = {"DomainName": "example.com", "DomainValidationOptions": [
        dvo("example.com", "_x.Example.com."), dvo("*.example.com", "_x.example.com"),
        dvo("www.example.org", "_y.www.example.org.", "_w.acm-validations.aws.")]}
    records, missing = records_from_detail(detail)
    assert missing == []
    assert records == [
        {"name": "_x.example.com.", "type": "CNAME", "value": "_v.acm-validations.aws.",
         "domains": ["example.com", "*.example.com"]},
        {"name": "_y.www.example.org.", "type": "CNAME", "value": "_w.acm-validations.aws.",
         "domains": ["www.example.org"]},
    ]


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class FakeAcm:
    def __init__(self, answers):
        self.answers = answers  # arn -> list of details, the last repeats
        self.calls = 0

    def describe_certificate(self, CertificateArn):
        self.calls += 1
        seq = self.answers[CertificateArn]
        return {"Certificate": seq.pop(0) if len(seq) > 1 else seq[0]}


def test_wait_for_records_polls_until_they_appear():
    empty = {"DomainName": "example.com", "DomainValidationOptions": [dvo("example.com")]}
    full = {"DomainName": "example.com", "DomainValidationOptions": [dvo("example.com", "_x.example.com.")]}
    acm, clock = FakeAcm({"a": [empty, empty, full]}), FakeClock()
    _, records = wait_for_records(acm, "a", sleep=clock.sleep, clock=clock)
    assert acm.calls == 3 and records[0]["name"] == "_x.example.com."


def test_wait_for_records_gives_up_with_a_clear_message():
    acm, clock = FakeAcm({"a": [{"DomainName": "example.com", "DomainValidationOptions": [dvo("example.com")]}]}), FakeClock()
    with pytest.raises(CertshiftError, match="not produced DNS validation records for example.com"):
        wait_for_records(acm, "a", timeout=10, sleep=clock.sleep, clock=clock)


# --- waiting for issuance ------------------------------------------------------------------
def test_wait_issued_reports_issued_and_failed_with_reasons():
    failed = repl("f", "VALIDATION_TIMED_OUT", 0, CertificateArn="f", SubjectAlternativeNames=["example.com"],
                  DomainValidationOptions=repl("f", "", 0)["DomainValidationOptions"][:1])
    acm, clock = FakeAcm({"a": [{"Status": "PENDING_VALIDATION"}, {"Status": "ISSUED"}], "f": [failed]}), FakeClock()
    issued, bad = wait_issued(acm, ["a", "f"], 60, sleep=clock.sleep, clock=clock)
    assert list(issued) == ["a"]
    assert bad["f"]["status"] == "VALIDATION_TIMED_OUT"
    assert bad["f"]["reasons"] == ["example.com: FAILED (record _a.example.com. CNAME _b.acm.)"]


def test_wait_issued_times_out_naming_the_pending():
    acm, clock = FakeAcm({"a": [{"Status": "PENDING_VALIDATION"}]}), FakeClock()
    with pytest.raises(CertshiftError, match="still not ISSUED after 30 s: a"):
        wait_issued(acm, ["a"], 30, sleep=clock.sleep, clock=clock)
    assert clock.now <= 30.0


# --- CAA (RFC 8659) --------------------------------------------------------------------------
@pytest.mark.parametrize("name,props,allowed", [
    ("example.com", [], True),
    ("example.com", [(0, "issue", "amazon.com")], True),
    ("example.com", [(0, "issue", "amazontrust.com; foo=bar")], True),
    ("example.com", [(0, "issue", "letsencrypt.org")], False),
    ("example.com", [(0, "issue", ";")], False),
    ("example.com", [(0, "iodef", "mailto:x@example.com")], True),
    ("example.com", [(0, "ISSUE", "AmazonAWS.com")], True),
    ("*.example.com", [(0, "issue", "amazon.com"), (0, "issuewild", "letsencrypt.org")], False),
    ("*.example.com", [(0, "issue", "letsencrypt.org"), (0, "issuewild", "awstrust.com")], True),
    ("*.example.com", [(0, "issue", "amazon.com")], True),
    ("www.example.com", [(0, "issuewild", "letsencrypt.org")], True),
    ("example.com", [(128, "tbs", "x"), (0, "issue", "amazon.com")], False),
    ("example.com", [(128, "issue", "amazon.com")], True),
])
def test_caa_evaluation(name, props, allowed):
    assert caa.evaluate(name, props)[0] is allowed


def test_caa_tree_climbing_uses_closest_ancestor_with_records():
    zone = {"example.com": [(0, "issue", "letsencrypt.org")], "com": [(0, "issue", "amazon.com")]}
    asked = []

    def lookup(owner):
        asked.append(owner)
        return zone.get(owner, [])

    verdict = caa.check("*.a.b.example.com", lookup)
    assert asked == ["a.b.example.com", "b.example.com", "example.com"]
    assert verdict["allowed"] is False and verdict["owner"] == "example.com"
    assert caa.check("x.other.com", lambda o: zone.get(o, []))["owner"] == "com"
    assert caa.check("x.example.org", lambda o: [])["allowed"] is True


# --- Route53 zone choice -------------------------------------------------------------------
ZONES = [{"id": "Z1", "name": "example.com."}, {"id": "Z2", "name": "sub.example.com."},
         {"id": "Z3", "name": "sub.example.com."}, {"id": "Z4", "name": "ample.com."}]


@pytest.mark.parametrize("name,ids", [
    ("_x.example.com.", ["Z1"]),
    ("_x.a.sub.example.com", ["Z2", "Z3"]),
    ("sub.example.com", ["Z2", "Z3"]),
    ("_x.notexample.com.", []),
    ("_x.ample.com.", ["Z4"]),
])
def test_longest_suffix_zones(name, ids):
    assert [z["id"] for z in r53.longest_suffix_zones(name, ZONES)] == ids


def test_choose_zone_prefers_delegated_then_holder_then_fails():
    both = ZONES[1:3]
    apex = {"Z2": {"ns-a."}, "Z3": {"ns-b."}}
    assert r53.choose_zone("n", both, {"ns-b."}, apex, [])[0]["id"] == "Z3"
    assert r53.choose_zone("n", both, None, apex, ["Z2"])[0]["id"] == "Z2"
    assert r53.choose_zone("n", both, {"ns-c."}, apex, ["Z3"])[0]["id"] == "Z3"
    with pytest.raises(CertshiftError, match="2 public Route53 zones named sub.example.com .Z2, Z3."):
        r53.choose_zone("n", both, {"ns-a."}, {"Z2": {"ns-a."}, "Z3": {"ns-a."}}, [])


@pytest.mark.parametrize("text,expected", [
    ("127.0.0.1", ("127.0.0.1", 53)), ("127.0.0.1:5353", ("127.0.0.1", 5353)),
    ("[::1]:5353", ("::1", 5353)), ("::1", ("::1", 53)),
])
def test_parse_nameserver(text, expected):
    assert parse_nameserver(text) == expected


def test_parse_nameserver_rejects_garbage():
    with pytest.raises(CertshiftError):
        parse_nameserver("host:port")
