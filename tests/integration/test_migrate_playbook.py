"""migrate_acm end to end on the sandbox's demo fleet by replacement (acm_migration_strategy=replace):
a real ansible-playbook run over two regions (CloudFront's certificate in us-east-1), then a second
run, --check, rollback. The in-place way (the default) is tests/integration/test_in_place.py."""

from __future__ import annotations

import json
import os

import pytest

from tests.fleet_state import by_arn, consumer_certificates
from tests.harness import REPO_ROOT

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
ROLLBACK = os.path.join(REPO_ROOT, "playbooks", "rollback_acm.yml")
REGIONS = ["eu-west-1", "us-east-1"]
EMAIL_ROLES = ["alb_default", "alb_sni", "nlb", "clb", "expiring", "apigateway", "unused", "cloudfront"]


@pytest.fixture
def demo(sandbox):
    return sandbox.seed("demo")


def run_migrate(ansible, tmp_path, check=False, **extra):
    report_dir = tmp_path / "reports"
    extra_vars = {"acm_regions": REGIONS, "acm_report_dir": str(report_dir), "acm_wait_timeout": 120,
                  "acm_migration_strategy": "replace", **extra}
    run = ansible.playbook(MIGRATE, extra_vars=extra_vars, check=check)
    report = None
    path = report_dir / ("acm_migration-check.json" if check else "acm_migration.json")  # a plan has its own
    if path.exists():
        report = json.loads(path.read_text())
    return run, report


def changed_tasks(run):
    return {host: s.get("changed", 0) for host, s in run.stats.items()}


def test_migrates_the_demo_fleet_to_completion(ansible, sandbox, demo, tmp_path):
    before = consumer_certificates(sandbox, REGIONS)
    run, report = run_migrate(ansible, tmp_path)
    assert run.rc == 0, run
    certs = by_arn(sandbox)
    replaced, entries = {}, {}
    for target in report["targets"]:
        assert not target["failed"], target
        for c in target["certificates"]:
            entries[c["old_arn"]] = c
            if c["skipped"]:
                continue
            replaced[c["old_arn"]] = c
    # the certificate only an AppSync domain uses is held: no twin could ever be switched to
    appsync = demo["certificates"]["appsync_only"]["arn"]
    held = entries[appsync]
    assert held["status"] == "held" and held["new_arn"] is None and "appsync" in held["hold_reason"], held
    assert appsync in by_arn(sandbox) and not [c for c in by_arn(sandbox).values()
                                               if c["tags"].get("certshift:replaces") == appsync]
    old = {role: demo["certificates"][role]["arn"] for role in EMAIL_ROLES}
    # every EMAIL-validated certificate got exactly one DNS-validated twin and is gone
    assert set(replaced) == set(old.values())
    for role, arn in old.items():
        entry = replaced[arn]
        new = certs[entry["new_arn"]]
        assert new["validation_method"] == "DNS" and new["status"] == "ISSUED", (role, new)
        assert new["names"] == demo["certificates"][role]["names"]
        assert new["region"] == demo["certificates"][role]["region"]
        assert arn not in certs, f"old {role} certificate still exists"
        assert entry["old_deleted"] is True
    # every consumer now serves the twin of what it served before
    after = consumer_certificates(sandbox, REGIONS)
    assert len(after) == len(before)
    twins = {arn: replaced[arn]["new_arn"] for arn in replaced}
    for before_key, cert in before.items():
        expected = twins.get(cert, cert)
        assert expected in after.values()
    assert not set(after.values()) & set(old.values())
    # untouched: the DNS-validated and the imported certificates
    for role in ("dns_validated", "imported"):
        assert demo["certificates"][role]["arn"] in certs
    # reports
    md = (tmp_path / "reports" / "acm_migration.md").read_text()
    assert demo["certificates"]["cloudfront"]["arn"] in md
    assert (tmp_path / "reports" / "acm_migration.html").exists()
    assert report["summary"]["old_deleted"] == len(old)

    # a second run changes nothing and requests nothing
    sandbox.reset_calls()
    run2, report2 = run_migrate(ansible, tmp_path)
    assert run2.rc == 0, run2
    assert all(n == 0 for n in changed_tasks(run2).values()), changed_tasks(run2)
    calls = sandbox.calls()["by_action"]
    mutating = {k: v for k, v in calls.items() if k.split(":")[1].startswith(
        ("Request", "Delete", "Modify", "Set", "Update", "Add", "Remove", "Change", "Import"))}
    assert mutating == {}
    assert report2["summary"]["certificates"] == 0 or report2["summary"]["migrated"] == 0


def test_check_mode_predicts_the_real_run(ansible, sandbox, demo, tmp_path):
    before = consumer_certificates(sandbox, REGIONS)
    certs_before = set(by_arn(sandbox))
    sandbox.reset_calls()
    run, plan = run_migrate(ansible, tmp_path, check=True)
    assert run.rc == 0, run
    assert plan["check_mode"] is True
    # nothing changed
    assert consumer_certificates(sandbox, REGIONS) == before
    assert set(by_arn(sandbox)) == certs_before
    planned = {c["old_arn"]: c for t in plan["targets"] for c in t["certificates"] if not c["skipped"]}
    assert {c["status"] for c in planned.values()} == {"would_request"}
    held = [c for t in plan["targets"] for c in t["certificates"] if c["status"] == "held"]
    assert [c["old_arn"] for c in held] == [demo["certificates"]["appsync_only"]["arn"]]
    run_real, real = run_migrate(ansible, tmp_path)
    assert run_real.rc == 0, run_real
    done = {c["old_arn"]: c for t in real["targets"] for c in t["certificates"] if not c["skipped"]}
    assert set(planned) == set(done)
    for arn, c in done.items():
        assert len(planned[arn]["consumers_switched"]) == len(c["consumers_switched"]), arn
        assert planned[arn]["old_deleted"] == c["old_deleted"], arn


def test_rollback_restores_the_old_certificates(ansible, sandbox, demo, tmp_path):
    before = consumer_certificates(sandbox, REGIONS)
    run, _ = run_migrate(ansible, tmp_path, acm_delete_old=False)
    assert run.rc == 0, run
    assert consumer_certificates(sandbox, REGIONS) != before
    back = ansible.playbook(ROLLBACK, extra_vars={"acm_regions": REGIONS, "acm_report_dir": str(tmp_path / "rb")})
    assert back.rc == 0, back
    assert consumer_certificates(sandbox, REGIONS) == before


def test_a_failing_target_does_not_stop_the_others(ansible, sandbox, demo, tmp_path):
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(json.dumps({"acm_targets": {"hosts": {
        "good-eu": {"acm_region": "eu-west-1"},
        "bad-role": {"acm_region": "us-east-1", "acm_assume_role_arn": "not-a-role"},
    }, "vars": {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}}))
    run = ansible.playbook(MIGRATE, inventory=str(inventory),
                           extra_vars={"acm_report_dir": str(tmp_path / "reports"), "acm_wait_timeout": 120,
                                       "acm_migration_strategy": "replace"})
    assert run.rc != 0
    report = json.loads((tmp_path / "reports" / "acm_migration.json").read_text())
    targets = {t["target"]: t for t in report["targets"]}
    assert targets["bad-role"]["failed"] and "not an IAM role ARN" in targets["bad-role"]["error"]
    assert not targets["good-eu"]["failed"]
    assert any(c["old_deleted"] for c in targets["good-eu"]["certificates"])
    assert report["summary"]["failed_targets"] == ["bad-role"]


def test_a_target_that_fails_mid_way_still_reports_what_it_did(ansible, sandbox, demo, tmp_path):
    """The API Gateway domain cannot be switched (AccessDenied): the target fails, and its report
    still names every other certificate replaced, switched and deleted (before, a failed target
    reported no certificate at all)."""
    sandbox.settings(faults={"apigateway:UpdateDomainName": {"denied": 1.0}})
    run, report = run_migrate(ansible, tmp_path)
    assert run.rc != 0
    targets = {t["region"]: t for t in report["targets"]}
    eu = targets["eu-west-1"]
    assert eu["failed"] and "api.example.org" in eu["error"] and "AccessDenied" in eu["error"]
    entries = {c["old_arn"]: c for c in eu["certificates"]}
    held = demo["certificates"]["apigateway"]["arn"]
    assert not entries[held]["old_deleted"] and entries[held]["hold_reason"]
    done = [c for arn, c in entries.items() if not c["skipped"] and arn != held]
    assert len(done) == 6 and all(c["old_deleted"] and c["new_arn"] for c in done)
    assert [c["status"] for c in entries.values() if c["skipped"]] == ["held"]  # the AppSync-only one
    assert not targets["us-east-1"]["failed"]


def test_inventory_over_two_accounts_by_assumed_roles(ansible, sandbox, tmp_path):
    accounts = ["111111111111", "222222222222"]
    for account in accounts:
        sandbox.seed("demo", account=account)
    inventory = tmp_path / "inventory.yml"
    hosts = {f"acct{a[:1]}-eu": {"acm_region": "eu-west-1", "acm_assume_role_arn": f"arn:aws:iam::{a}:role/certshift"}
             for a in accounts}
    inventory.write_text(json.dumps({"acm_targets": {"hosts": hosts, "vars": {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}}))
    run = ansible.playbook(MIGRATE, inventory=str(inventory),
                           extra_vars={"acm_report_dir": str(tmp_path / "reports"), "acm_wait_timeout": 120,
                                       "acm_migration_strategy": "replace"})
    assert run.rc == 0, run
    report = json.loads((tmp_path / "reports" / "acm_migration.json").read_text())
    assert {t["target"] for t in report["targets"]} == set(hosts)
    for target in report["targets"]:
        assert target["certificates"] and all(c["old_deleted"] for c in target["certificates"]
                                              if not c["skipped"] and c["status"] != "held")
    remaining = [c for c in sandbox.control("GET", "acm/certificates")["certificates"]
                 if c["account"] in accounts and c["region"] == "eu-west-1"]
    # every EMAIL certificate is replaced but the one only an AppSync domain uses, held in each account
    assert sorted(c["domain_name"] for c in remaining if c["validation_method"] == "EMAIL") == \
        ["graphql.example.com"] * len(accounts)


def test_check_mode_over_assumed_roles(ansible, sandbox, tmp_path):
    """--check on an inventory with acm_assume_role_arn: the README's plan step for multi-account fleets.
    amazon.aws.sts_assume_role skips itself in check mode, which left every target without credentials
    ('dict object has no attribute sts_creds'); AssumeRole changes nothing, so it runs in --check too."""
    accounts = ["111111111111", "222222222222"]
    for account in accounts:
        sandbox.seed("demo", account=account)
    hosts = {f"acct{a[:1]}-eu": {"acm_region": "eu-west-1", "acm_assume_role_arn": f"arn:aws:iam::{a}:role/certshift"}
             for a in accounts}
    inventory = tmp_path / "inventory.json"
    inventory.write_text(json.dumps({"acm_targets": {"hosts": hosts, "vars": {
        "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}}))
    before = sandbox.control("GET", "acm/certificates")["certificates"]
    sandbox.reset_calls()
    for playbook in ("audit_acm.yml", "migrate_acm.yml", "rollback_acm.yml"):
        run = ansible.playbook(os.path.join(REPO_ROOT, "playbooks", playbook), inventory=str(inventory), check=True,
                               extra_vars={"acm_report_dir": str(tmp_path / playbook), "acm_probe_timeout": 1})
        assert run.rc == 0, (playbook, run)
    report = json.loads((tmp_path / "migrate_acm.yml" / "acm_migration-check.json").read_text())
    assert {t["target"] for t in report["targets"]} == set(hosts) and not report["summary"]["failed_targets"]
    for target in report["targets"]:  # each account's own fleet is planned (in place), through its own role
        assert {c["status"] for c in target["certificates"] if not c["skipped"] and c["kind"] != "earlier"} == {"would_migrate"}
    calls = sandbox.calls()["by_action"]
    assert calls.get("sts:AssumeRole", 0) >= 3 * len(accounts)
    assert not [a for a in calls if a.split(":", 1)[1].startswith(("Request", "Delete", "Modify", "Set", "Update",
                                                                   "Add", "Remove", "Change"))], calls
    assert sandbox.control("GET", "acm/certificates")["certificates"] == before


def test_arns_of_several_regions_go_to_their_own_targets(ansible, sandbox, demo, tmp_path):
    """acm_certificate_arns naming certificates of two regions: each target works only its own,
    and a target with none of them does nothing (it must not fall back to every certificate)."""
    picked = [demo["certificates"]["clb"]["arn"], demo["certificates"]["cloudfront"]["arn"]]
    run, report = run_migrate(ansible, tmp_path, acm_certificate_arns=picked)
    assert run.rc == 0, run
    done = {c["old_arn"] for t in report["targets"] for c in t["certificates"] if c["old_deleted"]}
    assert done == set(picked)
    left = {c["arn"] for c in sandbox.control("GET", "acm/certificates")["certificates"]}
    assert demo["certificates"]["alb_default"]["arn"] in left

    # An ARN that no targeted region holds is named and refused (it used to be skipped with exit 0).
    sni = demo["certificates"]["alb_sni"]["arn"]
    sandbox.reset_calls()
    run, _report = run_migrate(ansible, tmp_path, acm_certificate_arns=[sni], acm_regions=["us-east-1"])
    assert run.rc != 0 and "in no targeted region" in run.failures()[-1][2] and sni in run.failures()[-1][2], run
    assert sandbox.calls()["total"] == 0
    assert sni in {c["arn"] for c in sandbox.control("GET", "acm/certificates")["certificates"]}
