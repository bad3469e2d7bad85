"""Bad input, refused cleanly: for each entry of the table, the run fails with one message
naming the problem and the fix, no traceback, and no change made (no mutating API call,
consumers and certificates as before).

Most cases run one module directly (fast); the inventory and playbook-variable cases run
the migrate playbook. An empty selection is not bad input: the modules report nothing to
do and change nothing, and the playbook succeeds (``test_empty_selection_is_nothing_to_do``).
"""

from __future__ import annotations

import json
import os
import uuid

import pytest

from tests.fleet_state import certificates, consumer_certificates
from tests.harness import REPO_ROOT

MIGRATE_PLAYBOOK = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
AUDIT_PLAYBOOK = os.path.join(REPO_ROOT, "playbooks", "audit_acm.yml")
REGIONS = ["eu-west-1", "us-east-1"]
MIGRATE = "certshift.acm.acm_dns_migrate"
SWAP = "certshift.acm.acm_cert_swap"
CHECK = "certshift.acm.acm_renewal_check"
MUTATING = ("Request", "Delete", "Modify", "Set", "Update", "Add", "Remove", "Change", "Import", "Put")
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


# --- set-up helpers: each returns extra context for the case's arguments -----------------------
def email_cert(sandbox, names, region="eu-west-1"):
    kwargs = {"DomainName": names[0], "ValidationMethod": "EMAIL"}
    if len(names) > 1:
        kwargs["SubjectAlternativeNames"] = list(names)
    return sandbox.client("acm", region).request_certificate(**kwargs)["CertificateArn"]


def cloudfront_with_extra_alias(sandbox, demo):
    """The demo distribution also serves extra.example.net (not on its certificate)."""
    cf = sandbox.client("cloudfront", "us-east-1")
    dist_id = demo_distribution(sandbox)
    current = cf.get_distribution_config(Id=dist_id)
    config = current["DistributionConfig"]
    config["Aliases"] = {"Quantity": 3, "Items": config["Aliases"]["Items"] + ["extra.example.net"]}
    cf.update_distribution(Id=dist_id, IfMatch=current["ETag"], DistributionConfig=config)
    return {"new": email_cert(sandbox, ["example.com", "www.example.com"], region="us-east-1")}


def demo_distribution(sandbox):
    items = sandbox.client("cloudfront", "us-east-1").list_distributions()["DistributionList"]["Items"]
    return items[0]["Id"]


def set_status(status):
    def setup(sandbox, demo):
        new = email_cert(sandbox, ["shop.example.com", "www.shop.example.com"])
        sandbox.control("POST", "acm/certificate", {"arn": new, "status": status})
        return {"new": new}
    return setup


def old_status(status):
    def setup(sandbox, demo):
        sandbox.control("POST", "acm/certificate", {"arn": demo["certificates"]["clb"]["arn"], "status": status})
        return {}
    return setup


def arn(demo, role):
    return demo["certificates"][role]["arn"]


def other_account_arn(demo, role):
    parts = arn(demo, role).split(":")
    parts[4] = "999999999999"
    return ":".join(parts)


def rfc2136(dns, **extra):
    return {"dns_provider": "rfc2136", "rfc2136_server": dns.address, "rfc2136_port": dns.port,
            "rfc2136_key_name": dns.key_name, "rfc2136_key_secret": dns.key_secret,
            "rfc2136_key_algorithm": dns.key_algorithm, **extra}


# --- the table ----------------------------------------------------------------------------------
# (id, module, region, args(ctx) -> dict, setup or None, key words every one of which the message holds)
# ctx: demo manifest under "demo", set-up results, and "dns" (the BIND9 fixture) where "dns" is used.
MODULE_CASES = [
    ("malformed-arn-migrate", MIGRATE, "eu-west-1", lambda c: {"certificate_arns": ["not-an-arn"]}, None,
     ["'not-an-arn' is not an ACM certificate ARN", "expected arn:aws:acm:<region>:<account>:certificate/<id>"]),
    ("malformed-arn-swap-pair", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": "arn:aws:acm:eu-west-1:123456789012:cert/abc", "new": arn(c["demo"], "dns_validated")}]},
     None, ["is not an ACM certificate ARN", "expected arn:aws:acm:"]),
    ("malformed-arn-check", CHECK, "eu-west-1", lambda c: {"certificate_arns": ["arn:aws:s3:::bucket"]}, None,
     ["is not an ACM certificate ARN"]),
    ("certificate-of-another-region", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "cloudfront")]}, None,
     ["is in region us-east-1, but this run targets eu-west-1", "region=us-east-1"]),
    ("certificate-of-another-region-swap", SWAP, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "cloudfront")]}, None,
     ["is in region us-east-1, but this run targets eu-west-1"]),
    ("certificate-of-another-account", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [other_account_arn(c["demo"], "clb")]}, None,
     ["999999999999", "account"]),
    ("certificate-of-another-account-swap", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": other_account_arn(c["demo"], "clb"), "new": arn(c["demo"], "clb")}]}, None,
     ["999999999999", "account"]),
    ("unknown-certificate", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "clb"),
                           "new": f"arn:aws:acm:eu-west-1:123456789012:certificate/{UNKNOWN_ID}"}]}, None,
     [UNKNOWN_ID, "does not exist"]),
    ("cloudfront-certificate-outside-us-east-1", SWAP, "us-east-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "cloudfront"), "new": c["new"]}]},
     lambda s, d: {"new": email_cert(s, ["example.com", "www.example.com"], region="eu-west-1")},
     ["is in region eu-west-1", "us-east-1"]),
    ("replacement-does-not-cover-a-name", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "alb_default"), "new": c["new"]}]},
     lambda s, d: {"new": email_cert(s, ["shop.example.com"])},
     ["does not cover www.shop.example.com", "nothing was changed", "covers every name"]),
    ("replacement-does-not-cover-an-alias", SWAP, "us-east-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "cloudfront"), "new": c["new"]}]}, cloudfront_with_extra_alias,
     ["does not cover extra.example.net", "CloudFront distribution", "add the name to the replacement"]),
    ("replacement-revoked", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "alb_default"), "new": c["new"]}]}, set_status("REVOKED"),
     ["is REVOKED, not ISSUED", "nothing was changed"]),
    ("replacement-expired", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "alb_default"), "new": c["new"]}]}, set_status("EXPIRED"),
     ["is EXPIRED, not ISSUED"]),
    ("old-certificate-revoked", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")]}, old_status("REVOKED"),
     ["REVOKED", "clb"]),
    ("old-certificate-expired", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")]}, old_status("EXPIRED"),
     ["EXPIRED", "clb"]),
    ("conflicting-pairs-and-certificate-arns", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "clb"), "new": arn(c["demo"], "dns_validated")}],
                "certificate_arns": [arn(c["demo"], "clb")]}, None,
     ["mutually exclusive", "pairs", "certificate_arns"]),
    ("swap-without-selection", SWAP, "eu-west-1", lambda c: {}, None,
     ["one of the following is required", "pairs", "certificate_arns"]),
    ("pair-old-equals-new", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "clb"), "new": arn(c["demo"], "clb")}]}, None,
     ["same certificate"]),
    ("unknown-dns-provider", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "dns_provider": "godaddy"}, None,
     ["dns_provider", "route53", "rfc2136", "manual", "godaddy"]),
    ("rfc2136-without-server", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "dns_provider": "rfc2136"}, None,
     ["rfc2136_server"]),
    ("rfc2136-key-name-without-secret", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "dns_provider": "rfc2136",
                "rfc2136_server": "127.0.0.1", "rfc2136_key_name": "certshift"}, None,
     ["rfc2136_key_name", "rfc2136_key_secret"]),
    ("tsig-secret-wrong", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")],
                **rfc2136(c["dns"], rfc2136_key_secret=c["dns"].wrong_secret)}, "dns",
     ["rejected the TSIG key", "rfc2136_key_secret"]),
    ("rfc2136-server-unreachable", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")],
                **rfc2136(c["dns"], rfc2136_port=9, rfc2136_server="127.0.0.1")}, "dns",
     ["127.0.0.1", "rfc2136_server"]),
    ("route53-zone-missing", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [c["new"]]},
     lambda s, d: {"new": email_cert(s, ["www.example.io"])},
     ["www.example.io", "zone"]),
    ("malformed-nameserver", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "nameservers": ["dns.example.com"]}, None,
     ["nameserver 'dns.example.com' is not an IP address"]),
    ("unreachable-nameserver", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "nameservers": ["127.0.0.1:9"], "verify_dns": True},
     None, ["nameserver 127.0.0.1:9 does not answer"]),
    ("malformed-resolve-check", CHECK, "eu-west-1", lambda c: {"resolve": ["example.com:443"]}, None,
     ["resolve entry 'example.com:443' is malformed", "host:port:address"]),
    ("malformed-resolve-swap", SWAP, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "verify_serving": True,
                "resolve": ["legacy.example.com:443:not-an-ip"]}, None,
     ["resolve entry 'legacy.example.com:443:not-an-ip'", "not an IP address"]),
    ("unknown-region-migrate", MIGRATE, "eu-nowhere-9", lambda c: {}, None,
     ["region 'eu-nowhere-9' is not an AWS region", "eu-west-1"]),
    ("unknown-region-swap", SWAP, "eu-nowhere-9", lambda c: {"certificate_arns": []}, None,
     ["region 'eu-nowhere-9' is not an AWS region"]),
    ("negative-wait-timeout", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "wait_timeout": -5}, None,
     ["wait_timeout", "-5", "0 or more"]),
    ("negative-in-use-wait-timeout", SWAP, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "in_use_wait_timeout": -1}, None,
     ["in_use_wait_timeout", "-1", "0 or more"]),
    ("rfc2136-port-out-of-range", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "dns_provider": "rfc2136",
                "rfc2136_server": "127.0.0.1", "rfc2136_port": 70000}, None,
     ["rfc2136_port", "70000", "1 to 65535"]),
]


@pytest.fixture
def demo(sandbox):
    return sandbox.seed("demo")


def snapshot(sandbox):
    return consumer_certificates(sandbox, REGIONS), {c["arn"]: c["status"] for c in certificates(sandbox)}


def mutating_calls(sandbox):
    calls = sandbox.calls()["by_action"]
    return {k: v for k, v in calls.items() if k.split(":", 1)[1].startswith(MUTATING)}


def assert_one_clear_message(msg, expected, outputs):
    assert isinstance(msg, str) and msg, msg
    for word in expected:
        assert word in msg, f"{word!r} not in message: {msg}"
    for text in outputs:
        assert "Traceback" not in text, text[-3000:]


@pytest.mark.parametrize("case_id,module,region,args,setup,expected", MODULE_CASES,
                         ids=[c[0] for c in MODULE_CASES])
def test_bad_module_input(request, ansible, sandbox, demo, case_id, module, region, args, setup, expected):
    ctx = {"demo": demo}
    if setup == "dns":
        ctx["dns"] = request.getfixturevalue("dns")
        sandbox.settings(acm_dns_servers=[ctx["dns"].nameserver])
    elif setup:
        ctx.update(setup(sandbox, demo))
    before = snapshot(sandbox)
    expected = [arn(demo, w) if w in demo["certificates"] else w for w in expected]
    sandbox.reset_calls()

    result = ansible.module(module, args(ctx), region=region)

    assert result.get("failed"), result
    run = result["_run"]
    assert_one_clear_message(result.get("msg"), expected, [run.stdout, run.stderr])
    # ansible-core adds exception "(traceback unavailable)" to every fail_json: no Python trace there.
    assert "module_stderr" not in result, result
    assert "Traceback" not in str(result.get("exception", "")) and 'File "' not in str(result.get("exception", ""))
    assert mutating_calls(sandbox) == {}
    assert snapshot(sandbox) == before
