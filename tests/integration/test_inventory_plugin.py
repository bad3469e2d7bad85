"""Issue 22: the inventory plugin certshift.acm.acm_targets over an organization in the sandbox
(moto's Organizations and STS, the sandbox's ListRegions and role checks): ansible-inventory lists
the account/region targets, and audit_acm / migrate_acm run unchanged on them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.harness import REPO_ROOT

AUDIT = "certshift.acm.audit_acm"
MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
REGIONS = ["eu-west-1", "us-east-1"]


def inventory_file(tmp_path, **options):
    path = tmp_path / "org.acm_targets.yml"
    path.write_text(json.dumps({"plugin": "certshift.acm.acm_targets", "role_name": "certshift-audit", **options}))
    return str(path)


def list_inventory(ansible, path):
    """(the --list document, stderr) of ansible-inventory over ``path``."""
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", path, "--list"]
    proc = subprocess.run(cmd, cwd=ansible.workdir, env=ansible.env(json_callback=False), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Failed to parse" not in proc.stderr, proc.stderr
    return json.loads(proc.stdout), proc.stderr


def host_of(org, account, region):
    alias = next((m["alias"] for m in org["members"] if m["id"] == account), None)
    return f"{alias or account}_{region}"


@pytest.fixture
def org(sandbox):
    """Management account + 3 members (member-3 without the role), EMAIL certificates in two of the six
    reachable targets: the management account's eu-west-1 and member-1's us-east-1."""
    return sandbox.seed("organization", accounts=3, regions=REGIONS, unassumable=1)


def test_only_targets_with_certificates_are_listed_and_an_unassumable_account_is_one_warning(ansible, org, tmp_path):
    listed, stderr = list_inventory(ansible, inventory_file(tmp_path))
    held = {host_of(org, account, region) for account, region in org["held_targets"]}
    assert set(listed["acm_targets"]["hosts"]) == held == {f"{org['management_account']}_eu-west-1", "member-1_us-east-1"}
    member1, member3 = org["members"][0], org["members"][2]
    variables = listed["_meta"]["hostvars"]["member-1_us-east-1"]
    assert variables["acm_region"]["__ansible_unsafe"] == "us-east-1"
    assert variables["acm_account_id"]["__ansible_unsafe"] == member1["id"]
    assert variables["acm_assume_role_arn"]["__ansible_unsafe"] == member1["role_arn"]
    assert variables["ansible_connection"]["__ansible_unsafe"] == "local"
    assert variables["acm_certificate_count"] == 2 and variables["acm_email_certificate_count"] == 2
    own = listed["_meta"]["hostvars"][f"{org['management_account']}_eu-west-1"]
    assert "acm_assume_role_arn" not in own  # the management account: the caller's own credentials
    assert listed["ou_prod"]["hosts"] == ["member-1_us-east-1"]
    assert listed["region_us_east_1"]["hosts"] == ["member-1_us-east-1"]
    assert listed["account_member_1"]["hosts"] == ["member-1_us-east-1"]
    warnings = [line for line in stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and member3["id"] in warnings[0] and "exclude_accounts" in warnings[0], stderr
    assert "SecretAccessKey" not in stderr + json.dumps(listed) and "session_token" not in json.dumps(listed)


def test_without_skip_empty_every_reachable_target_is_listed_and_none_is_searched(ansible, sandbox, org, tmp_path):
    sandbox.reset_calls()
    listed, _ = list_inventory(ansible, inventory_file(tmp_path, skip_empty=False, regions=REGIONS))
    accounts = [org["management_account"]] + [m["id"] for m in org["members"] if m["role"]]
    assert set(listed["acm_targets"]["hosts"]) == {host_of(org, a, r) for a in accounts for r in REGIONS}
    assert "acm:SearchCertificates" not in sandbox.calls()["by_action"]


def test_searches_once_per_reachable_target(ansible, sandbox, org, tmp_path):
    sandbox.reset_calls()
    list_inventory(ansible, inventory_file(tmp_path))
    calls = sandbox.calls()["by_action"]
    reachable = 1 + sum(1 for m in org["members"] if m["role"])
    assert calls["acm:SearchCertificates"] == reachable * 17  # every enabled region of every reachable account
    assert calls["sts:AssumeRole"] == len(org["members"])  # the management account assumes nothing


def test_keyed_groups_and_explicit_accounts(ansible, org, tmp_path):
    member1 = org["members"][0]
    path = inventory_file(tmp_path, accounts=[member1["id"]], regions=REGIONS, skip_empty=False,
                          keyed_groups=[{"key": "acm_region", "prefix": "in"}])
    listed, stderr = list_inventory(ansible, path)
    assert set(listed["acm_targets"]["hosts"]) == {"member-1_eu-west-1", "member-1_us-east-1"}
    assert listed["in_us_east_1"]["hosts"] == ["member-1_us-east-1"]
    assert "WARNING" not in stderr


def test_organizations_denied_lists_the_callers_account_with_one_warning(ansible, sandbox, org, tmp_path):
    sandbox.settings(faults={f"organizations:{action}": {"denied": 1.0} for action in ("ListAccounts", "ListRoots")})
    listed, stderr = list_inventory(ansible, inventory_file(tmp_path))
    assert listed["acm_targets"]["hosts"] == [f"{org['management_account']}_eu-west-1"]
    warnings = [line for line in stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "Organizations" in warnings[0] and "accounts as a list" in warnings[0], stderr


def test_a_region_not_enabled_is_one_warning(ansible, sandbox, tmp_path):
    org = sandbox.seed("organization", accounts=2, regions=REGIONS, disabled_regions={"2": ["us-east-1"]})
    listed, stderr = list_inventory(ansible, inventory_file(tmp_path, regions=REGIONS, skip_empty=False))
    member2 = org["members"][1]["id"]
    assert f"{member2}_eu-west-1" in listed["acm_targets"]["hosts"]
    assert f"{member2}_us-east-1" not in listed["acm_targets"]["hosts"]
    warnings = [line for line in stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and member2 in warnings[0] and "us-east-1 is not enabled" in warnings[0], stderr


def test_bad_option_is_one_error_naming_it(ansible, org, tmp_path):
    path = inventory_file(tmp_path, accounts=["1234"])
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-inventory"), "-i", path, "--list"]
    proc = subprocess.run(cmd, cwd=ansible.workdir, env=ansible.env(json_callback=False, extra={
        "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true"}), capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "'1234', which is not a 12-digit AWS account ID" in proc.stderr and "Traceback" not in proc.stderr


def test_audit_and_migrate_run_unchanged_on_the_inventory(ansible, sandbox, org, tmp_path):
    path = inventory_file(tmp_path)
    listed, _ = list_inventory(ansible, path)
    hosts = set(listed["acm_targets"]["hosts"])
    audit = ansible.playbook(AUDIT, inventory=path, extra_vars={"acm_report_dir": str(tmp_path / "audit")})
    assert audit.rc == 0, audit
    report = json.loads((tmp_path / "audit" / "acm_audit.json").read_text())
    assert {t["target"] for t in report["targets"]} == hosts
    wanted = {(host_of(org, account, region), arn) for account, regions in org["certificates"].items()
              for region, arns in regions.items() for arn in arns}
    assert {(c["target"], c["certificate_arn"]) for c in report["certificates"]} == wanted

    migrate = ansible.playbook(MIGRATE, inventory=path, extra_vars={"acm_report_dir": str(tmp_path / "migrate"),
                                                                    "acm_wait_timeout": 120})
    assert migrate.rc == 0, migrate
    migration = json.loads((tmp_path / "migrate" / "acm_migration.json").read_text())
    assert {t["target"] for t in migration["targets"]} == hosts and not migration["summary"]["failed_targets"]
    by_account = {}
    for cert in sandbox.control("GET", "acm/certificates")["certificates"]:
        by_account.setdefault(cert["account"], set()).add((cert["region"], cert["arn"], cert["validation_method"]))
    for account, regions in org["certificates"].items():  # migrated in place, in their own account and region
        for region, arns in regions.items():
            assert {(region, arn, "DNS") for arn in arns} <= by_account[account]


def test_roles_that_require_an_external_id_are_assumed_by_the_inventory_and_the_playbooks(ansible, sandbox, tmp_path):
    """The members' roles trust the caller only with the external ID: discovery and audit_acm both give it."""
    org = sandbox.seed("organization", accounts=2, regions=REGIONS, external_id="org-audit-7")
    without, stderr = list_inventory(ansible, inventory_file(tmp_path))
    assert set(without["acm_targets"]["hosts"]) == {f"{org['management_account']}_eu-west-1"}
    assert stderr.count("could not be assumed (AccessDenied)") == 2, stderr

    path = inventory_file(tmp_path, external_id="org-audit-7")
    listed, stderr = list_inventory(ansible, path)
    member = host_of(org, org["members"][0]["id"], "us-east-1")
    assert set(listed["acm_targets"]["hosts"]) == {f"{org['management_account']}_eu-west-1", member}
    assert listed["_meta"]["hostvars"][member]["acm_assume_role_external_id"] == "org-audit-7"
    assert "WARNING" not in stderr, stderr
    audit = ansible.playbook(AUDIT, inventory=path, extra_vars={"acm_report_dir": str(tmp_path / "audit")})
    assert audit.rc == 0, audit
    report = json.loads((tmp_path / "audit" / "acm_audit.json").read_text())
    assert {c["certificate_arn"] for c in report["certificates"] if c["target"] == member} == \
        set(org["certificates"][org["members"][0]["id"]]["us-east-1"])


def test_the_readme_example_file_works(ansible, org, tmp_path):
    with open(os.path.join(REPO_ROOT, "README.md")) as f:
        text = f.read()
    section = text[text.index("#### An inventory of the whole organization"):]
    example = section[section.index("```yaml\n") + 8:section.index("```", section.index("```yaml\n") + 8)]
    path = tmp_path / "fleet.acm_targets.yml"
    path.write_text(example)
    listed, stderr = list_inventory(ansible, str(path))
    assert set(listed["has_email"]["hosts"]) == set(listed["acm_targets"]["hosts"]) == {
        host_of(org, account, region) for account, region in org["held_targets"]}
    assert listed["unit_prod"]["hosts"] == ["member-1_us-east-1"]
    assert listed["unit_none"]["hosts"] == [f"{org['management_account']}_eu-west-1"]


def test_the_inventory_cache_answers_a_second_listing_without_aws(ansible, sandbox, org, tmp_path):
    path = inventory_file(tmp_path, cache=True, cache_plugin="ansible.builtin.jsonfile",
                          cache_connection=str(tmp_path / "cache"), cache_timeout=3600)
    first, first_stderr = list_inventory(ansible, path)
    sandbox.reset_calls()
    second, second_stderr = list_inventory(ansible, path)
    assert second == first
    assert sandbox.calls()["total"] == 0
    warned = [[line for line in stderr.splitlines() if "WARNING" in line] for stderr in (first_stderr, second_stderr)]
    assert len(warned[0]) == 1 and warned[1] == warned[0]  # the unassumable member-3, said again from the cache
    assert any((tmp_path / "cache").iterdir())
    assert "SecretAccessKey" not in "".join(p.read_text() for p in (tmp_path / "cache").iterdir())
