"""Consumers that cannot take another certificate in place (AppSync custom domains, IoT Core domain
configurations, Verified Access endpoints: only delete and recreate), recognised by the ARN ACM lists in
InUseBy. The audit names them and recommends the in-place migration; the replacement path requests no
twin for a certificate they use (held, naming them); strategy auto migrates it in place.

The sandbox puts their ARNs in InUseBy (POST /_sandbox/acm/in_use_extra), as AWS lists them."""

from __future__ import annotations

import pytest

EU = "eu-west-1"
ACCOUNT = "123456789012"
IOT = f"arn:aws:iot:{EU}:{ACCOUNT}:domainconfiguration/devices-example/9e5b1"
VERIFIED_ACCESS = f"arn:aws:ec2:{EU}:{ACCOUNT}:verified-access-endpoint/vae-0123456789abcdef0"
IOT_NAME = "IoT Core domain configuration devices-example"
VERIFIED_ACCESS_NAME = "Verified Access endpoint vae-0123456789abcdef0"
MIGRATE = "certshift.acm.acm_migrate"


@pytest.fixture
def demo(sandbox):
    """The demo fleet; its ``unused`` EMAIL certificate (old.example.com) is now used by an IoT domain
    configuration and a Verified Access endpoint, its ``appsync_only`` one by an AppSync custom domain."""
    demo = sandbox.seed("demo")
    for resource in (IOT, VERIFIED_ACCESS):
        sandbox.control("POST", "acm/in_use_extra",
                        {"certificate_arn": demo["certificates"]["unused"]["arn"], "resource_arn": resource})
    return demo


def twins_of(sandbox, arn):
    """Certificates tagged as replacing ``arn``."""
    return [c["arn"] for c in sandbox.control("GET", "acm/certificates")["certificates"]
            if c["tags"].get("certshift:replaces") == arn]


def test_the_audit_names_them_and_recommends_the_in_place_migration(ansible, sandbox, demo):
    fixed = demo["certificates"]["unused"]["arn"]
    appsync = demo["certificates"]["appsync_only"]["arn"]
    appsync_domain = demo["consumers"]["appsync"]["resource_arn"]
    result = ansible.module("certshift.acm.acm_renewal_check", {"check_https": False, "check_dns": False}, region=EU)
    assert not result.get("failed"), result
    entries = {c["certificate_arn"]: c for c in result["certificates"]}

    entry = entries[fixed]
    assert entry["in_use_by"] == [VERIFIED_ACCESS, IOT] and entry["in_use"]  # sorted, as ACM lists them
    assert entry["used_by"] == [f"{VERIFIED_ACCESS_NAME} ({VERIFIED_ACCESS})", f"{IOT_NAME} ({IOT})"]
    assert entry["unswitchable_consumers"] == [VERIFIED_ACCESS, IOT]
    assert f"Only in place: {VERIFIED_ACCESS_NAME} ({VERIFIED_ACCESS}), {IOT_NAME} ({IOT}) cannot be switched" \
        in entry["recommendation"], entry
    assert "the in-place migration keeps it up" in entry["recommendation"]

    assert entries[appsync]["used_by"] == [f"AppSync custom domain graphql.example.com ({appsync_domain})"]
    assert "Only in place: AppSync custom domain graphql.example.com" in entries[appsync]["recommendation"]
    # a consumer that can be switched keeps its ARN in used_by, and nothing is recommended only in place
    alb = entries[demo["certificates"]["alb_default"]["arn"]]
    assert alb["used_by"] == alb["in_use_by"] and alb["in_use_by"]
    assert "Only in place" not in alb["recommendation"]


def test_the_replacement_requests_no_twin_for_them_and_auto_migrates_them_in_place(ansible, sandbox, demo):
    held = {demo["certificates"]["unused"]["arn"]: (IOT_NAME, VERIFIED_ACCESS_NAME),
            demo["certificates"]["appsync_only"]["arn"]: ("AppSync custom domain graphql.example.com",)}
    args = {"strategy": "replace", "certificate_arns": list(held), "delete_old": True}
    sandbox.reset_calls()

    for check in (True, False):
        result = ansible.module(MIGRATE, args, check=check, region=EU)
        assert not result.get("failed"), result
        assert not result["changed"], result
        entries = {c["old_arn"]: c for c in result["certificates"]}
        assert set(entries) == set(held)
        for arn, names in held.items():
            entry = entries[arn]
            assert entry["status"] == "held" and entry["new_arn"] is None and not entry["actions"], entry
            reason = entry["skipped"]
            assert reason.startswith("held, not replaced: used by ") and "only by being recreated" in reason, reason
            assert all(name in reason for name in names), reason
            assert "migrate it in place instead" in reason
    calls = sandbox.calls()["by_action"]
    assert calls.get("acm:RequestCertificate", 0) == 0 and calls.get("acm:DeleteCertificate", 0) == 0, calls
    assert calls.get("route53:ChangeResourceRecordSets", 0) == 0, calls
    assert all(not twins_of(sandbox, arn) for arn in held)

    # strategy auto (the default): ACM's in-place switch, which keeps the ARN the consumers hold
    auto = ansible.module(MIGRATE, {"certificate_arns": list(held)}, check=True, region=EU)
    assert not auto.get("failed"), auto
    assert {c["old_arn"]: (c["strategy"], c["skipped"]) for c in auto["certificates"]} == \
        {arn: ("in_place", None) for arn in held}, auto["certificates"]
