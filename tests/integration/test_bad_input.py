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


def domain_name_not_on_the_certificate(sandbox, demo):
    """An API Gateway domain name api.example.net served with the clb certificate (legacy.example.com),
    which does not cover it, and a replacement that covers the certificate's names only."""
    sandbox.client("apigateway").create_domain_name(
        domainName="api.example.net", regionalCertificateArn=arn(demo, "clb"),
        endpointConfiguration={"types": ["REGIONAL"]})
    return {"new": email_cert(sandbox, ["legacy.example.com"])}


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
     ["999999999999", "123456789012", "one run works one account"]),
    ("unknown-certificate", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "clb"),
                           "new": f"arn:aws:acm:eu-west-1:123456789012:certificate/{UNKNOWN_ID}"}]}, None,
     [UNKNOWN_ID, "does not exist", "check the ARN"]),
    ("cloudfront-certificate-outside-us-east-1", SWAP, "us-east-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "cloudfront"), "new": c["new"]}]},
     lambda s, d: {"new": email_cert(s, ["example.com", "www.example.com"], region="eu-west-1")},
     ["is in eu-west-1", "this run targets us-east-1", "CloudFront distributions", "from us-east-1 only"]),
    ("replacement-does-not-cover-a-name", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "alb_default"), "new": c["new"]}]},
     lambda s, d: {"new": email_cert(s, ["shop.example.com"])},
     ["does not cover www.shop.example.com", "nothing was changed", "covers every name"]),
    ("replacement-does-not-cover-an-alias", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "clb"), "new": c["new"]}]}, domain_name_not_on_the_certificate,
     ["does not cover api.example.net", "API Gateway domain name api.example.net", "add the name to the replacement",
      "nothing was changed"]),
    ("replacement-revoked", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "alb_default"), "new": c["new"]}]}, set_status("REVOKED"),
     ["is REVOKED, not ISSUED", "nothing was changed"]),
    ("replacement-expired", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "alb_default"), "new": c["new"]}]}, set_status("EXPIRED"),
     ["is EXPIRED, not ISSUED"]),
    ("conflicting-pairs-and-certificate-arns", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "clb"), "new": arn(c["demo"], "dns_validated")}],
                "certificate_arns": [arn(c["demo"], "clb")]}, None,
     ["mutually exclusive", "pairs", "certificate_arns"]),
    ("swap-without-selection", SWAP, "eu-west-1", lambda c: {}, None,
     ["one of the following is required", "pairs", "certificate_arns"]),
    ("pair-old-equals-new", SWAP, "eu-west-1",
     lambda c: {"pairs": [{"old": arn(c["demo"], "clb"), "new": arn(c["demo"], "clb")}]}, None,
     ["for itself", "give a different new certificate"]),
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
     ["127.0.0.1:9", "did not answer", "check rfc2136_server and rfc2136_port"]),
    ("route53-zone-missing", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [c["new"]]},
     lambda s, d: {"new": email_cert(s, ["www.example.io"])},
     ["www.example.io", "zone"]),
    ("malformed-nameserver", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "nameservers": ["dns.example.com"]}, None,
     ["nameserver 'dns.example.com' is not an IP address", "'ip' or 'ip:port'"]),
    ("unreachable-nameserver", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "nameservers": ["127.0.0.1:9"], "verify_dns": True},
     None, ["nameserver 127.0.0.1:9 does not answer", "fix 'nameservers'"]),
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
    ("negative-deployed-wait-timeout", SWAP, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "deployed_wait_timeout": -5}, None,
     ["deployed_wait_timeout is -5", "0 or more"]),
    ("negative-in-use-wait-timeout", SWAP, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "in_use_wait_timeout": -1}, None,
     ["in_use_wait_timeout", "-1", "0 or more"]),
    ("blank-certificate-arn-migrate", MIGRATE, "eu-west-1", lambda c: {"certificate_arns": [" "]}, None,
     ["certificate_arns has a blank entry", "never selects everything"]),
    ("empty-certificate-arns-migrate", MIGRATE, "eu-west-1", lambda c: {"certificate_arns": []}, None,
     ["certificate_arns is an empty list", "names nothing", "omit certificate_arns"]),
    ("blank-domain-migrate", MIGRATE, "eu-west-1", lambda c: {"domains": ["*.example.com", ""]}, None,
     ["domains has a blank entry (item 2 of 2)"]),
    ("blank-certificate-arn-pipeline", "certshift.acm.acm_migrate", "eu-west-1",
     lambda c: {"certificate_arns": ["\n"]}, None, ["certificate_arns has a blank entry"]),
    ("empty-domains-check", CHECK, "eu-west-1", lambda c: {"domains": []}, None,
     ["domains is an empty list", "names nothing"]),
    ("blank-certificate-arn-swap", SWAP, "eu-west-1", lambda c: {"certificate_arns": ["  "]}, None,
     ["certificate_arns has a blank entry"]),
    ("rfc2136-key-name-empty-label", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "dns_provider": "rfc2136", "rfc2136_server": "127.0.0.1",
                "rfc2136_key_name": "a..b", "rfc2136_key_secret": "c2VjcmV0"}, None,
     ["rfc2136_key_name 'a..b' is not a valid TSIG key name", "empty"]),
    ("search-denied-check", CHECK, "eu-west-1", lambda c: {"check_https": False, "check_dns": False},
     lambda s, d: s.settings(faults={"acm:SearchCertificates": {"denied": 1.0}, "acm:ListCertificates": {"denied": 1.0}})
     or {}, ["grant acm:SearchCertificates", "ListCertificates, the slower fallback"]),
    ("search-denied-migrate", MIGRATE, "eu-west-1", lambda c: {},
     lambda s, d: s.settings(faults={"acm:SearchCertificates": {"denied": 1.0}, "acm:ListCertificates": {"denied": 1.0}})
     or {}, ["grant acm:SearchCertificates"]),
    ("route53-zone-id-malformed", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "route53_zone_ids": ["example.com"]}, None,
     ["route53_zone_ids entry 'example.com' is not a hosted zone ID"]),
    ("route53-zone-id-unknown", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "route53_zone_ids": ["Z0000000000000000000X"]}, None,
     ["hosted zone Z0000000000000000000X does not exist in this account"]),
    ("route53-zones-not-holding-the-name", MIGRATE, "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "route53_zone_ids": [c["org_zone"]]},
     lambda s, d: {"org_zone": [z["Id"] for z in s.client("route53").list_hosted_zones()["HostedZones"]
                                if z["Name"] == "example.org."][0]},
     ["none of route53_zone_ids", "contains legacy.example.com", "add the ID of its public zone"]),
    ("unknown-strategy", "certshift.acm.acm_migrate", "eu-west-1",
     lambda c: {"certificate_arns": [arn(c["demo"], "clb")], "strategy": "twin"}, None,
     ["strategy", "auto", "in_place", "replace", "twin"]),
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


# --- the playbook: unreadable inventory and playbook variables ----------------------------------
def inventory(tmp_path, hosts):
    path = tmp_path / "inventory.json"
    path.write_text(json.dumps({"acm_targets": {"hosts": hosts, "vars": {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}}))
    return str(path)


# (id, hosts of group acm_targets or None for acm_regions, extra vars, key words of the failure)
PLAYBOOK_CASES = [
    ("inventory-host-without-acm_region", {"no-region": {}}, {},
     ["no-region", "has no region", "acm_region"]),
    ("inventory-acm_region-malformed", {"bad-region": {"acm_region": "eu-west"}}, {},
     ["bad-region", "'eu-west' is not an AWS region name", "fix acm_region"]),
    ("inventory-acm_assume_role_arn-malformed",
     {"bad-role": {"acm_region": "eu-west-1", "acm_assume_role_arn": "arn:aws:iam::1234:role/certshift"}}, {},
     ["bad-role", "is not an IAM role ARN", "arn:aws:iam::<12-digit account>:role/<name>"]),
    ("acm_regions-malformed", None, {"acm_regions": ["eu-west"]},
     ["'eu-west' is not an AWS region name", "acm_regions"]),
    ("acm_dns_provider-unknown", None, {"acm_regions": ["eu-west-1"], "acm_dns_provider": "godaddy"},
     ["acm_dns_provider is 'godaddy'", "use route53 (the default), rfc2136", "or manual"]),
    ("acm_rfc2136_server-missing", None, {"acm_regions": ["eu-west-1"], "acm_dns_provider": "rfc2136"},
     ["acm_rfc2136_server"]),
    ("acm_wait_timeout-negative", None, {"acm_regions": ["eu-west-1"], "acm_wait_timeout": -5},
     ["wait_timeout is -5", "0 or more"]),
    ("acm_certificate_arns-malformed", None, {"acm_regions": ["eu-west-1"], "acm_certificate_arns": ["cert-1234"]},
     ["'cert-1234' is not an ACM certificate ARN"]),
]


@pytest.mark.parametrize("case_id,hosts,extra_vars,expected", PLAYBOOK_CASES, ids=[c[0] for c in PLAYBOOK_CASES])
def test_bad_playbook_input(ansible, sandbox, demo, tmp_path, case_id, hosts, extra_vars, expected):
    before = snapshot(sandbox)
    sandbox.reset_calls()
    run = ansible.playbook(MIGRATE_PLAYBOOK, inventory=inventory(tmp_path, hosts) if hosts else None,
                           extra_vars={"acm_report_dir": str(tmp_path / "reports"), **extra_vars})
    assert run.rc != 0, run
    failures = run.failures()
    assert failures, run
    # The run ends on one message (the last failure) that names every failed target's problem.
    _task, _host, msg = failures[-1]
    assert_one_clear_message(msg, expected, [run.stdout, run.stderr])
    assert "undefined" not in msg.lower(), msg
    assert "acm_migrate_" not in msg, msg  # users set acm_*; the role's own names mean nothing to them
    assert mutating_calls(sandbox) == {}
    assert snapshot(sandbox) == before


# --- hostile and mistaken playbook variables: refused on the controller before any AWS call ---------
ROLLBACK_PLAYBOOK = os.path.join(REPO_ROOT, "playbooks", "rollback_acm.yml")
PLAYBOOKS = {"migrate": MIGRATE_PLAYBOOK, "audit": AUDIT_PLAYBOOK, "rollback": ROLLBACK_PLAYBOOK}
EU_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"
US_ARN = EU_ARN.replace("eu-west-1", "us-east-1")
NOWHERE_ARN = EU_ARN.replace("eu-west-1", "eu-nowhere-9")
BLANK = ["is set to", "which names nothing"]


def a_file(tmp_path):
    (tmp_path / "a-file").write_text("not a directory")
    return str(tmp_path / "a-file")


# (id, playbook, extra vars (a function of tmp_path where a path is needed), key words of the message)
HOSTILE_CASES = [
    ("blank-arn", "migrate", {"acm_certificate_arns": [" "]}, BLANK + ["acm_certificate_arns", "leave acm_certificate_arns unset"]),
    ("survey-textarea-of-newlines", "migrate", {"acm_certificate_arns": "\n\n"}, BLANK + ["acm_certificate_arns"]),
    ("template-rendering-to-nothing", "migrate", {"acm_certificate_arns": "{{ '' }}"}, BLANK + ["acm_certificate_arns"]),
    ("empty-arn-list", "migrate", {"acm_certificate_arns": []}, BLANK + ["acm_certificate_arns"]),
    ("blank-domain", "migrate", {"acm_domains": [" "]}, BLANK + ["acm_domains", "leave acm_domains unset"]),
    ("blank-region", "migrate", {"acm_regions": [" "]}, BLANK + ["acm_regions"]),
    ("blank-nameservers", "migrate", {"acm_nameservers": "  "}, BLANK + ["acm_nameservers"]),
    ("blank-arn-audit", "audit", {"acm_certificate_arns": "\n"}, BLANK + ["acm_certificate_arns"]),
    ("blank-domain-audit", "audit", {"acm_domains": [""]}, BLANK + ["acm_domains"]),
    ("blank-resolve-audit", "audit", {"acm_resolve": [" "]}, BLANK + ["acm_resolve"]),
    ("blank-arn-rollback", "rollback", {"acm_certificate_arns": [" "]}, BLANK + ["acm_certificate_arns"]),
    ("blank-domain-rollback", "rollback", {"acm_domains": "\n"}, BLANK + ["acm_domains"]),
    ("rollback-pairs-malformed", "rollback", {"acm_rollback_pairs": [{"old": EU_ARN}]},
     ["acm_rollback_pairs[0]", "{old: <original ARN>, new: <replacement ARN>}"]),
    ("rollback-pairs-not-arns", "rollback", {"acm_rollback_pairs": [{"old": EU_ARN, "new": "cert-2"}]},
     ["acm_rollback_pairs[0].new", "expected an ACM certificate ARN"]),
    ("rollback-pairs-empty", "rollback", {"acm_rollback_pairs": []}, ["acm_rollback_pairs is set to []", "names nothing"]),
    ("arn-outside-the-targeted-regions", "migrate", {"acm_certificate_arns": [US_ARN]},
     ["in no targeted region", US_ARN, "(region us-east-1)", "acm_regions"]),
    ("arn-in-a-region-that-does-not-exist", "audit", {"acm_certificate_arns": [NOWHERE_ARN]},
     ["in no targeted region", NOWHERE_ARN, "(region eu-nowhere-9)"]),
    ("resolve-port-of-non-ascii-digits", "audit", {"acm_resolve": ["example.com:4\u00b23:127.0.0.1"]},
     ["resolve entry 'example.com:4\u00b23:127.0.0.1' has port '4\u00b23'", "1 to 65535"]),
    ("resolve-without-verify-serving", "migrate", {"acm_resolve": ["example.com:443:127.0.0.1"]},
     ["acm_resolve is set", "acm_verify_serving: true"]),
    ("tsig-key-name-empty-label", "migrate",
     {"acm_dns_provider": "rfc2136", "acm_rfc2136_server": "127.0.0.1", "acm_rfc2136_key_name": "a..b",
      "acm_rfc2136_key_secret": "c2VjcmV0"}, ["acm_rfc2136_key_name 'a..b' is not a valid TSIG key name"]),
    ("tsig-algorithm-unknown", "migrate",
     {"acm_dns_provider": "rfc2136", "acm_rfc2136_server": "127.0.0.1", "acm_rfc2136_key_name": "k",
      "acm_rfc2136_key_secret": "c2VjcmV0", "acm_rfc2136_key_algorithm": "hmac-sha3"},
     ["acm_rfc2136_key_algorithm 'hmac-sha3' is not one of", "hmac-md5"]),
    ("unknown-strategy", "migrate", {"acm_migration_strategy": "twin"},
     ["acm_migration_strategy is 'twin'", "auto", "in_place", "replace"]),
    ("blank-route53-zone-ids", "migrate", {"acm_route53_zone_ids": "\n"}, BLANK + ["acm_route53_zone_ids"]),
    ("route53-zone-id-malformed", "migrate", {"acm_route53_zone_ids": ["example.com"]},
     ["acm_route53_zone_ids entry 'example.com' is not a hosted zone ID"]),
    ("report-dir-under-a-file", "migrate", lambda tmp: {"acm_report_dir": a_file(tmp) + "/reports"},
     ["acm_report_dir", "cannot be written", "before anything changes"]),
    ("report-dir-is-a-file-audit", "audit", lambda tmp: {"acm_report_dir": a_file(tmp)},
     ["acm_report_dir", "is not a directory"]),
    ("report-dir-is-a-file-rollback", "rollback", lambda tmp: {"acm_report_dir": a_file(tmp)},
     ["acm_report_dir", "is not a directory"]),
]


@pytest.mark.parametrize("case_id,playbook,extra_vars,expected", HOSTILE_CASES, ids=[c[0] for c in HOSTILE_CASES])
def test_hostile_playbook_input_is_refused_before_any_call(ansible, sandbox, demo, tmp_path, case_id, playbook,
                                                           extra_vars, expected):
    """A value that names nothing, or names something outside the run, fails on the controller with one
    message naming the variable and the fix: no AWS call at all, nothing changed (a blank selection once
    migrated the whole demo fleet and deleted its 8 originals)."""
    given = extra_vars(tmp_path) if callable(extra_vars) else extra_vars
    before = snapshot(sandbox)
    sandbox.reset_calls()
    run = ansible.playbook(PLAYBOOKS[playbook], extra_vars={"acm_regions": ["eu-west-1"],
                                                            "acm_report_dir": str(tmp_path / "reports"), **given})
    assert run.rc != 0, run
    _task, _host, msg = run.failures()[-1]
    assert_one_clear_message(msg, expected, [run.stdout, run.stderr])
    assert "\n" not in msg.strip(), msg  # one line
    assert sandbox.calls()["total"] == 0, sandbox.calls()
    assert snapshot(sandbox) == before


# --- not errors, but nothing done ---------------------------------------------------------------
def test_empty_selection_is_nothing_to_do(ansible, sandbox, demo, tmp_path):
    """A selection that matches nothing is not an error: the modules report nothing to do and
    the playbook succeeds with an empty report; nothing changes."""
    before = snapshot(sandbox)
    sandbox.reset_calls()
    migrate = ansible.module(MIGRATE, {"domains": ["*.nothing.example.invalid"]})
    assert not migrate.get("failed") and migrate["changed"] is False and migrate["certificates"] == [], migrate
    swap = ansible.module(SWAP, {"certificate_arns": []})
    assert not swap.get("failed") and swap["changed"] is False and swap["actions"] == [], swap
    run = ansible.playbook(MIGRATE_PLAYBOOK, extra_vars={"acm_regions": ["eu-west-1"],
                                                         "acm_domains": ["*.nothing.example.invalid"],
                                                         "acm_report_dir": str(tmp_path / "reports")})
    assert run.rc == 0, run
    report = json.loads((tmp_path / "reports" / "acm_migration.json").read_text())
    assert report["summary"]["certificates"] == 0 and report["summary"]["migrated"] == 0
    assert mutating_calls(sandbox) == {}
    assert snapshot(sandbox) == before


@pytest.mark.parametrize("status", ["REVOKED", "EXPIRED"])
def test_revoked_or_expired_original_is_refused_with_its_reason(ansible, sandbox, demo, status):
    """An original that is no longer ISSUED is not migrated: the module skips it with a reason
    naming its status (as for imported certificates) and changes nothing."""
    old = demo["certificates"]["clb"]["arn"]
    sandbox.control("POST", "acm/certificate", {"arn": old, "status": status})
    before = snapshot(sandbox)
    sandbox.reset_calls()
    result = ansible.module(MIGRATE, {"certificate_arns": [old]})
    assert not result.get("failed"), result
    (entry,) = result["certificates"]
    assert result["changed"] is False and entry["status"] == "skipped"
    assert f"status {status}" in entry["skipped"] and "only ISSUED certificates are migrated" in entry["skipped"]
    assert mutating_calls(sandbox) == {}
    assert snapshot(sandbox) == before
