"""The in-place migration (ACM's own EMAIL -> DNS switch, the ARN kept), end to end: real
ansible-playbook runs of migrate_acm and real module runs against the sandbox's ACM, which
implements UpdateCertificateOptions, ListCertificateDomainValidations and UpdateSummary as AWS
documents them (tests/sandbox/test_acm_in_place.py)."""

from __future__ import annotations

import json
import os

import pytest

from tests.harness import REPO_ROOT

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
ROLLBACK = os.path.join(REPO_ROOT, "playbooks", "rollback_acm.yml")
MODULE = "certshift.acm.acm_migrate"
REGIONS = ["eu-west-1", "us-east-1"]
EU = "eu-west-1"
MUTATING = ("Request", "Delete", "Modify", "Set", "Update", "Add", "Remove", "Change", "Import", "Put")


@pytest.fixture
def demo(sandbox):
    return sandbox.seed("demo")


def email_arns(demo):
    return {role: c["arn"] for role, c in demo["certificates"].items() if c["validation_method"] == "EMAIL"}


def facts(sandbox):
    return {c["arn"]: c for c in sandbox.control("GET", "acm/certificates")["certificates"]}


def mutating(sandbox):
    return {k: v for k, v in sandbox.calls()["by_action"].items() if k.split(":", 1)[1].startswith(MUTATING)}


def migrate(ansible, tmp_path, name="reports", check=False, diff=False, **extra):
    report_dir = tmp_path / name
    run = ansible.playbook(MIGRATE, check=check, diff=diff, extra_vars={
        "acm_regions": REGIONS, "acm_report_dir": str(report_dir), "acm_wait_timeout": 120, **extra})
    path = report_dir / ("acm_migration-check.json" if check else "acm_migration.json")  # a plan has its own
    report = json.loads(path.read_text()) if path.exists() else None
    return run, report


def entries(report):
    """This run's entries (without the certificates it found moved by an earlier run, or DNS-validated already)."""
    return {c["old_arn"]: c for t in report["targets"] for c in t["certificates"] if c["kind"] != "earlier"}


def test_the_fleet_is_migrated_in_place_touching_no_consumer(ansible, sandbox, demo, tmp_path):
    """The default: every EMAIL-validated certificate of both regions (one only an AppSync domain uses
    among them) becomes DNS-validated under its own ARN. No certificate is requested or deleted, no
    consumer is read for a switch or changed; a second run changes nothing."""
    olds = email_arns(demo)
    seq = len(sandbox.control("GET", "history")["changes"])
    sandbox.reset_calls()
    run, report = migrate(ansible, tmp_path)
    assert run.rc == 0, run

    now = facts(sandbox)
    for role, arn in olds.items():
        assert now[arn]["validation_method"] == "DNS" and now[arn]["status"] == "ISSUED", (role, now[arn])
        assert now[arn]["update"]["status"] == "SUCCESS" and now[arn]["update"]["from"] == "EMAIL"
    calls = sandbox.calls()["by_action"]
    assert calls["acm:UpdateCertificateOptions"] == len(olds)
    assert set(mutating(sandbox)) == {"acm:UpdateCertificateOptions", "route53:ChangeResourceRecordSets"}
    assert not any(k.startswith(("elbv2:", "elb:", "cloudfront:", "apigateway")) for k in calls), calls
    # no consumer change, no certificate created, deleted or changed in status
    assert sandbox.control("GET", "history")["changes"][seq:] == []
    summary = report["summary"]
    assert summary["migrated_in_place"] == len(olds) and summary["replaced"] == summary["old_deleted"] == 0
    for arn, entry in entries(report).items():
        assert entry["strategy"] == "in_place" and entry["arn_kept"] and entry["new_arn"] == arn
        assert entry["status"] == "migrated" and entry["consumers_switched"] == [] and not entry["old_deleted"]
        assert entry["update_summary"]["status"] == "SUCCESS"
    # the validation CNAMEs are in the demo zones (records are per account and name, never deleted)
    zones = {z["Name"]: z["Id"] for z in sandbox.client("route53").list_hosted_zones()["HostedZones"]}
    published = {s["Name"] for zid in zones.values() for s in sandbox.client("route53").list_resource_record_sets(
        HostedZoneId=zid)["ResourceRecordSets"] if s["Type"] == "CNAME"}
    for arn in olds.values():
        assert {r["name"] for r in now[arn]["validation_records"]} <= published

    sandbox.reset_calls()
    again, report2 = migrate(ansible, tmp_path, name="again")
    assert again.rc == 0, again
    assert all(s.get("changed", 0) == 0 for s in again.stats.values()), again.stats
    assert mutating(sandbox) == {} and report2["summary"]["certificates"] == 0
    # the rerun still says what state each certificate is in (issue 19: it said "0 certificate(s)")
    found = {c["old_arn"]: c for t in report2["targets"] for c in t["certificates"]}
    assert all(found[arn]["status"] == "earlier_in_place" for arn in olds.values())


def test_check_mode_predicts_the_real_run_and_diff_shows_the_method(ansible, sandbox, demo, tmp_path):
    """Check mode plans exactly what the real run does, and names the records it would publish where it can
    know them: ACM's CNAMEs are per account and name, so an EMAIL certificate for app.example.com gets the
    record of the DNS-validated app.example.com certificate (already in the zone); for the other names ACM
    lists them only once their migration starts."""
    same_name = sandbox.client("acm", EU).request_certificate(DomainName="app.example.com",
                                                              ValidationMethod="EMAIL")["CertificateArn"]
    olds = {**email_arns(demo), "same_name": same_name}
    before = facts(sandbox)
    sandbox.reset_calls()
    plan_run, plan = migrate(ansible, tmp_path, name="plan", check=True, diff=True)
    assert plan_run.rc == 0, plan_run
    assert mutating(sandbox) == {} and facts(sandbox) == before
    planned = entries(plan)
    assert {arn for arn, c in planned.items() if c["status"] == "would_migrate"} == set(olds.values())
    assert all(c["strategy"] == "in_place" for c in planned.values())
    module_entries = {c["old_arn"]: c for r in plan_run.task_results(
        "certshift.acm.acm_migrate : Migrate to DNS validation (in place, or by replacement where ACM refuses or as "
        "asked)") for c in r["certificates"]}
    known = module_entries[same_name]
    dns_record = facts(sandbox)[demo["certificates"]["dns_validated"]["arn"]]["validation_records"][0]
    assert [(r["name"], r["value"], r["state"]) for r in known["validation_records"]] == \
        [(dns_record["name"], dns_record["value"], "present")]
    assert "validation_records_note" not in known
    assert all("validation_records_note" in c for arn, c in module_entries.items() if arn != same_name)
    migrate_results = plan_run.task_results("certshift.acm.acm_migrate : Migrate to DNS validation (in place, or by "
                                            "replacement where ACM refuses or as asked)")
    diffs = [r["diff"] for r in migrate_results]
    methods = {arn: (d["before"]["in_place"][arn]["validation_method"], d["after"]["in_place"][arn]["validation_method"])
               for d in diffs for arn in d["before"]["in_place"]}
    assert methods == {arn: ("EMAIL", "DNS") for arn in olds.values()}

    real_run, real = migrate(ansible, tmp_path)
    assert real_run.rc == 0, real_run
    done = entries(real)
    assert {arn for arn, c in done.items() if c["status"] == "migrated"} == set(planned)


def test_a_migration_left_pending_is_continued_and_an_expired_one_started_again(ansible, sandbox, demo, tmp_path):
    """With the manual provider the records are handed over and the migrations stay pending (EMAIL still
    active). The next run continues them (ACM answers ConflictException: nothing is started twice) and
    publishes the records; one whose 72 hours passed is started again."""
    olds = email_arns(demo)
    shop, legacy = olds["alb_default"], olds["clb"]
    first = ansible.module(MODULE, {"certificate_arns": [shop, legacy], "dns_provider": "manual", "wait": False},
                           region=EU)
    assert not first.get("failed"), first
    assert {c["status"] for c in first["certificates"]} == {"pending"}
    manual = [a for c in first["certificates"] for a in c["actions"] if a["action"] == "publish_record_manually"]
    assert len(manual) == 3  # shop.example.com and www.shop.example.com, legacy.example.com
    now = facts(sandbox)
    assert {now[a]["update"]["status"] for a in (shop, legacy)} == {"PENDING_DOMAIN_VALIDATION"}
    assert {now[a]["validation_method"] for a in (shop, legacy)} == {"EMAIL"}

    # the 72 hours of legacy.example.com's migration pass
    sandbox.control("POST", "acm/certificate", {"arn": legacy, "update_status": "FAILED"})
    sandbox.reset_calls()
    second = ansible.module(MODULE, {"certificate_arns": [shop, legacy]}, region=EU)
    assert not second.get("failed"), second
    by_arn = {c["old_arn"]: c for c in second["certificates"]}
    assert by_arn[shop]["status"] == by_arn[legacy]["status"] == "migrated"
    assert by_arn[shop]["in_place_step"] == "continue" and by_arn[legacy]["in_place_step"] != "continue"
    assert [a["done"] for a in by_arn[legacy]["actions"] if a["action"] == "start_validation_migration"] == [True]
    assert not [a for a in by_arn[shop]["actions"] if a["action"] == "start_validation_migration"]
    assert {facts(sandbox)[a]["validation_method"] for a in (shop, legacy)} == {"DNS"}


def test_a_region_that_refuses_falls_back_to_a_replacement_with_auto_and_fails_with_in_place(ansible, sandbox, demo,
                                                                                          tmp_path):
    sandbox.settings(acm_in_place_refused={"regions": ["us-east-1"], "arns": []})
    olds = email_arns(demo)
    cloudfront = olds["cloudfront"]

    strict, strict_report = migrate(ansible, tmp_path, name="strict", acm_migration_strategy="in_place")
    assert strict.rc != 0
    msg = strict.failures()[-1][2]
    assert "ACM refused" in msg and cloudfront in msg and "acm_migration_strategy" in msg, msg
    assert entries(strict_report)[cloudfront]["status"] == "refused"
    eu = [arn for role, arn in olds.items() if role != "cloudfront"]
    assert all(entries(strict_report)[arn]["status"] == "migrated" for arn in eu)  # the others went on
    assert cloudfront in facts(sandbox) and facts(sandbox)[cloudfront]["validation_method"] == "EMAIL"

    auto, report = migrate(ansible, tmp_path, name="auto")
    assert auto.rc == 0, auto
    entry = entries(report)[cloudfront]
    assert entry["strategy"] == "replace" and "ACM refused to migrate it in place" in entry["fallback_reason"]
    assert entry["old_deleted"] and entry["new_arn"] != cloudfront
    assert len(entry["consumers_switched"]) == 1 and entry["consumers_switched"][0]["resource_type"] == "cloudfront"
    assert cloudfront not in facts(sandbox)
    assert report["summary"]["replaced"] == 1


def test_a_replacement_under_way_is_finished_by_auto(ansible, sandbox, demo, tmp_path):
    """A replacement an earlier run requested (strategy replace, stopped before the switch) is finished the
    same way by auto, not abandoned for an in-place migration of the original."""
    olds = email_arns(demo)
    clb = olds["clb"]
    started = ansible.module("certshift.acm.acm_dns_migrate", {"certificate_arns": [clb], "strategy": "replace"},
                             region=EU)
    assert not started.get("failed") and started["certificates"][0]["status"] == "ISSUED", started
    twin = started["certificates"][0]["new_arn"]
    run, report = migrate(ansible, tmp_path, acm_certificate_arns=[clb])
    assert run.rc == 0, run
    entry = entries(report)[clb]
    assert entry["strategy"] == "replace" and entry["new_arn"] == twin and entry["old_deleted"]
    assert "already under way" in entry["fallback_reason"]


def test_rollback_says_an_in_place_migration_has_nothing_to_undo(ansible, sandbox, demo, tmp_path):
    """One line per certificate in the rollback's reports and final table (before: debug lines only, and
    no report)."""
    olds = email_arns(demo)
    run, _report = migrate(ansible, tmp_path)
    assert run.rc == 0, run
    report_dir = tmp_path / "rollback"
    back = ansible.playbook(ROLLBACK, extra_vars={"acm_regions": REGIONS, "acm_certificate_arns": list(olds.values()),
                                                  "acm_report_dir": str(report_dir)})
    assert back.rc == 0, back
    report = json.loads((report_dir / "acm_rollback.json").read_text())
    lines = {c["original_arn"]: c for t in report["targets"] for c in t["certificates"]}
    assert set(lines) == set(olds.values())
    for arn, c in lines.items():
        assert c["outcome"] == "migrated_in_place" and c["label"] == "nothing to undo", c
        assert c["message"].startswith("nothing to undo: migrated in place to DNS validation")
    assert report["summary"]["nothing_to_undo"] == len(olds)
    assert "nothing was rolled back: nothing to undo for" in report["summary"]["headline"]
    shown = "\n".join(back.result("certshift.acm.acm_rollback : Show what was rolled back, and what cannot be")["msg"])
    assert sum(1 for line in shown.splitlines() if "nothing to undo: migrated in place" in line) == len(olds)
    assert (report_dir / "acm_rollback.md").read_text().count("| **nothing to undo** |") == len(olds)
    assert all(facts(sandbox)[arn]["validation_method"] == "DNS" for arn in olds.values())


def test_certificates_that_cannot_move_are_skipped_with_their_reason_and_the_others_go_on(ansible, sandbox, demo):
    """Given by ARN: a certificate still PENDING_VALIDATION, an EXPIRED one, an imported one and a DNS-validated
    one each get one clear line and nothing is done to them; the EMAIL-validated one beside them is migrated."""
    acm = sandbox.client("acm", EU)
    pending = acm.request_certificate(DomainName="new.example.com", ValidationMethod="DNS")["CertificateArn"]
    expired = demo["certificates"]["unused"]["arn"]
    sandbox.control("POST", "acm/certificate", {"arn": expired, "status": "EXPIRED"})
    cases = {pending: "status PENDING_VALIDATION", expired: "status EXPIRED",
             demo["certificates"]["imported"]["arn"]: "imported certificate",
             demo["certificates"]["dns_validated"]["arn"]: "already DNS-validated"}
    good = demo["certificates"]["clb"]["arn"]
    sandbox.reset_calls()
    result = ansible.module(MODULE, {"certificate_arns": [*cases, good]}, region=EU)
    assert not result.get("failed"), result
    by_arn = {c["old_arn"]: c for c in result["certificates"]}
    for arn, reason in cases.items():
        assert by_arn[arn]["status"] == "skipped" and reason in by_arn[arn]["skipped"], by_arn[arn]
        assert by_arn[arn]["actions"] == []
    assert by_arn[good]["status"] == "migrated"
    assert sandbox.calls()["by_action"]["acm:UpdateCertificateOptions"] == 1
