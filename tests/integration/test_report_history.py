"""Reports keep the record and never mislead (issue 19), with real ansible-playbook runs against the sandbox:
every run's report is kept with an index of the runs, a rerun or a --check run never replaces the real run's
record, a plan reads as a plan everywhere (HTML, Markdown, the final table, set_stats), a rerun says what
state the certificates an earlier run moved are in, and the migration report reads at 1280 px."""

from __future__ import annotations

import json
import os
import re

import pytest

from tests.chromium import assert_reads_without_sideways_scrolling, column, layout
from tests.harness import REPO_ROOT

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
AUDIT = os.path.join(REPO_ROOT, "playbooks", "audit_acm.yml")
REGIONS = ["eu-west-1", "us-east-1"]
STATS_ENV = {"ANSIBLE_SHOW_CUSTOM_STATS": "true"}
TABLE_TASK = "certshift.acm.acm_migrate : Show what changed"
RAW_CODES = ("would_request", "would_migrate", "not_requested", "earlier_in_place", "earlier_replaced",
             "PENDING_VALIDATION")


@pytest.fixture
def demo(sandbox):
    return sandbox.seed("demo")


def visible_text(html):
    """What a person reads: the page without tags, scripts and styles (attributes hold full values)."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)>.*?</\1>", "", html, flags=re.S))


def records(report_dir, name="acm_migration"):
    return sorted(p.name for p in report_dir.glob(f"{name}-2*.json"))


def test_every_run_is_kept_and_neither_a_plan_nor_a_rerun_replaces_the_real_runs_record(ansible, sandbox, demo,
                                                                                         tmp_path):
    reports = tmp_path / "reports"
    extra = {"acm_regions": REGIONS, "acm_report_dir": str(reports), "acm_wait_timeout": 120}
    first = ansible.playbook(MIGRATE, extra_vars=extra)
    assert first.rc == 0, first
    real = json.loads((reports / "acm_migration.json").read_text())
    migrated = real["summary"]["migrated_in_place"]
    assert migrated >= 1
    [record] = records(reports)
    assert json.loads((reports / record).read_text()) == real

    plan = ansible.playbook(MIGRATE, extra_vars=extra, check=True)
    assert plan.rc == 0, plan
    assert json.loads((reports / "acm_migration.json").read_text()) == real, "--check replaced the real run's report"
    assert json.loads((reports / "acm_migration-check.json").read_text())["check_mode"] is True

    again = ansible.playbook(MIGRATE, extra_vars=extra)
    assert again.rc == 0, again
    assert json.loads((reports / record).read_text()) == real, "a rerun replaced the real run's record"
    assert len(records(reports)) == 3 and sum(n.endswith("-check.json") for n in records(reports)) == 1

    # the rerun says what state it found the certificates in, not "0 certificate(s)"
    rerun = json.loads((reports / "acm_migration.json").read_text())
    assert rerun["summary"]["certificates"] == 0
    assert rerun["summary"]["dns_validated_already"] >= migrated
    earlier = {c["old_arn"]: c for t in rerun["targets"] for c in t["certificates"]}
    moved = {c["old_arn"] for t in real["targets"] for c in t["certificates"] if c["status"] == "migrated"}
    assert moved <= set(earlier)
    assert all(earlier[arn]["kind"] == "earlier" and "DNS-validated already" in earlier[arn]["outcome"]
               for arn in moved)
    assert "Moved by earlier runs" in "\n".join(again.result(TABLE_TASK)["msg"])

    # the index lists every run, newest first, with its mode and headline counts
    runs = json.loads((reports / "report-history.json").read_text())["runs"]
    assert [r["mode"] for r in runs] == ["real", "check", "real"]
    assert runs[-1]["headline"]["migrated in place"] == migrated and runs[-1]["playbook"] == "migrate_acm"
    index = (reports / "index.html").read_text()
    assert index.count('<tr class="mode-') == 3 and "plan (--check)" in index
    for r in runs:
        assert f'href="{r["files"]["html"]}"' in index and (reports / r["files"]["html"]).exists()
    assert (reports / "index.md").read_text().count("| acm\\_migration |") == 3

    # an audit into the same directory joins the same index
    audit = ansible.playbook(AUDIT, extra_vars={"acm_regions": REGIONS, "acm_report_dir": str(reports)})
    assert audit.rc == 0, audit
    runs = json.loads((reports / "report-history.json").read_text())["runs"]
    assert [r["report"] for r in runs][:2] == ["acm_audit", "acm_migration"] and len(records(reports, "acm_audit")) == 1


def test_a_plan_reads_as_a_plan_everywhere(ansible, sandbox, demo, tmp_path):
    """--check by replacement on the demo fleet: cells said 'deleted' in green, raw values such as would_request
    showed and the summary said '7 old certificate(s) deleted'."""
    reports = tmp_path / "reports"
    run = ansible.playbook(MIGRATE, check=True, env=STATS_ENV, extra_vars={
        "acm_regions": REGIONS, "acm_report_dir": str(reports), "acm_wait_timeout": 120,
        "acm_migration_strategy": "replace"})
    assert run.rc == 0, run
    assert not (reports / "acm_migration.json").exists()
    plan = json.loads((reports / "acm_migration-check.json").read_text())
    summary = plan["summary"]
    assert summary["mode"] == "check" and summary["would_delete_old"] >= 1 and summary["would_switch_consumers"] >= 1
    assert not {"old_deleted", "replaced", "consumers_switched", "migrated"} & set(summary)
    stats = run.data["global_custom_stats"]["acm_migration"]
    assert stats["mode"] == "check" and stats["would_delete_old"] == summary["would_delete_old"]
    assert not [k for k in stats if "deleted" in k]

    progress = [r["msg"] for r in run.task_results("certshift.acm.acm_migrate : Report progress")
                if "to migrate:" in r["msg"]]
    assert progress and all("would delete" in m and "old certificate(s) deleted" not in m for m in progress), progress
    assert not any("\n" in m for m in progress), progress
    table = "\n".join(run.result(TABLE_TASK)["msg"])
    assert "PLAN (check mode: nothing was changed)" in table
    assert f"would delete {summary['would_delete_old']} old certificate(s)" in table
    markdown = (reports / "acm_migration-check.md").read_text()
    html = (reports / "acm_migration-check.html").read_text()
    text = visible_text(html)
    for shown in (table, markdown, text):
        assert "would be deleted" in shown
        for code in RAW_CODES:
            assert code not in shown and code.replace("_", "\\_") not in shown, code
        assert "deleted" not in re.sub(r"would (be )?delete(d)?|old would be deleted|already deleted", "", shown), \
            "a plan says 'deleted'"
    assert "<br" not in markdown
    assert 'class="kind-done"' not in html and html.count('class="kind-planned"') >= summary["would_replace"]
    assert "tr.kind-planned td.outcome" in html  # plans in their own colour and style


def test_the_migration_report_reads_at_1280_px_and_names_what_it_keeps(ansible, sandbox, demo, tmp_path):
    """A real replacement with every consumer switched and acm_delete_old=false: the table fits the window,
    long ARNs are cut with the full value on hover and a copy button, every kept old certificate says why."""
    reports = tmp_path / "reports"
    run = ansible.playbook(MIGRATE, extra_vars={"acm_regions": REGIONS, "acm_report_dir": str(reports),
                                                "acm_wait_timeout": 120, "acm_migration_strategy": "replace",
                                                "acm_delete_old": False})
    assert run.rc == 0, run
    report = json.loads((reports / "acm_migration.json").read_text())
    entries = [c for t in report["targets"] for c in t["certificates"] if c["kind"] != "earlier"]
    kept = [c for c in entries if c["new_arn"] and not c["old_deleted"]]
    assert kept and all(c["hold_reason"] for c in kept), [(c["old_arn"], c["hold_reason"]) for c in kept]
    assert all("acm_delete_old" in c["hold_reason"] for c in kept if c["kind"] == "kept")
    unused = [c for c in entries if c["unused_replacement"]]
    assert unused and report["summary"]["unused_replacements"] == len(unused)
    assert "used by nothing" in (reports / "acm_migration.md").read_text()
    assert "<br" not in (reports / "acm_migration.md").read_text()

    html_path = reports / "acm_migration.html"
    html = html_path.read_text()
    some_arn = entries[0]["old_arn"]
    assert f'title="{some_arn}"' in html and f'data-copy="{some_arn}"' in html
    measured = layout(tmp_path, html_path, width=1280)
    assert_reads_without_sideways_scrolling(measured)
    assert column(measured, "certificates", "outcome") >= 250
