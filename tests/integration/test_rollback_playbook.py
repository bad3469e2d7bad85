"""rollback_acm says what it did: acm_rollback.json/.md/.html, a table with one line per certificate, set_stats
for AWX, in the user's words (restored to the original, switched away from the replacement), "would" under
--check, and one line per certificate it cannot roll back and why (original deleted: no rollback possible;
migrated in place: nothing to undo, in tests/integration/test_in_place.py). Real ansible-playbook runs on the sandbox's demo fleet; the HTML report
is laid out by headless Chromium at 1280 px."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from tests.fleet_state import consumer_certificates
from tests.harness import REPO_ROOT

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
ROLLBACK = os.path.join(REPO_ROOT, "playbooks", "rollback_acm.yml")
REGIONS = ["eu-west-1", "us-east-1"]
STATS_ENV = {"ANSIBLE_SHOW_CUSTOM_STATS": "true"}
TABLE_TASK = "certshift.acm.acm_rollback : Show what was rolled back, and what cannot be"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def demo(sandbox):
    return sandbox.seed("demo")


def migrate(ansible, tmp_path, **extra):
    run = ansible.playbook(MIGRATE, extra_vars={"acm_regions": REGIONS, "acm_report_dir": str(tmp_path / "migration"),
                                                "acm_wait_timeout": 120, **extra})
    assert run.rc == 0, run
    report = json.loads((tmp_path / "migration" / "acm_migration.json").read_text())
    return {c["old_arn"]: c for t in report["targets"] for c in t["certificates"]}


def rollback(ansible, tmp_path, name, check=False, **extra):
    """A run's report: acm_rollback.json is the latest real run, acm_rollback-check.json the latest plan."""
    report_dir = tmp_path / name
    run = ansible.playbook(ROLLBACK, check=check, env=STATS_ENV,
                           extra_vars={"acm_regions": REGIONS, "acm_report_dir": str(report_dir), **extra})
    assert run.rc == 0, run
    report = json.loads((report_dir / ("acm_rollback-check.json" if check else "acm_rollback.json")).read_text())
    return run, report, report_dir


def by_original(report):
    return {c["original_arn"]: c for t in report["targets"] for c in t["certificates"]}


def table(run):
    return "\n".join(run.result(TABLE_TASK)["msg"])


def layout_width(tmp_path, html_path, width=1280):
    """The page's scroll width as Chromium lays it out in a window ``width`` px wide."""
    probe = tmp_path / "layout.html"
    probe.write_text(html_path.read_text().replace(
        "</body>", "<script>document.body.setAttribute('data-scroll-width', "
                   "document.documentElement.scrollWidth)</script></body>"))
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                           "--disable-component-update", "--disable-sync", "--no-first-run",
                           f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--window-size={width},900",
                           "--hide-scrollbars", "--dump-dom", "--virtual-time-budget=2000", probe.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return int(re.search(r'data-scroll-width="(\d+)"', proc.stdout).group(1))


def test_rollback_after_a_replace_migration_reports_what_it_restored(ansible, sandbox, demo, tmp_path):
    """--check says what it would restore and changes nothing; the real run restores every consumer and its
    report names, per certificate, the original it restored to and the replacement it switched away from;
    a second run finds nothing left on the replacements. Before: a raw JSON dump whose new_certificate_arn
    was the original, and no report."""
    before = consumer_certificates(sandbox, REGIONS)
    migrated = migrate(ansible, tmp_path, acm_migration_strategy="replace", acm_delete_old=False)
    replaced = {old: c["new_arn"] for old, c in migrated.items() if c["new_arn"]}
    assert replaced
    after_migration = consumer_certificates(sandbox, REGIONS)

    run, plan, plan_dir = rollback(ansible, tmp_path, "plan", check=True)
    assert consumer_certificates(sandbox, REGIONS) == after_migration  # a plan changes nothing
    assert plan["check_mode"] is True
    planned = by_original(plan)
    switching = {arn: c for arn, c in planned.items() if c["consumers_switched_back"]}
    assert switching and all(c["outcome"] == "would_restore" and c["label"] == "would restore"
                             and c["message"].startswith("would restore: would switch") for c in switching.values())
    assert plan["summary"]["restored"] == 0 and plan["summary"]["would_restore"] == len(switching)
    assert plan["summary"]["headline"].startswith("certshift.acm rollback (check mode: nothing was changed)")
    assert "would restore" in table(run) and "restored:" not in table(run)
    assert not (plan_dir / "acm_rollback.json").exists()  # a plan is never taken for the real run's record
    markdown = (plan_dir / "acm_rollback-check.md").read_text()
    assert "check mode: a plan, nothing was changed" in markdown and "| **would restore** |" in markdown
    assert "| would restore to (original) | would switch away from (replacement) |" in markdown
    assert "| restored |" not in markdown
    assert run.data["global_custom_stats"]["acm_rollback"]["would_restore"] == len(switching)
    assert 'class="would_restore"' in (plan_dir / "acm_rollback-check.html").read_text()

    run, report, report_dir = rollback(ansible, tmp_path, "rollback")
    assert consumer_certificates(sandbox, REGIONS) == before
    done = by_original(report)
    assert set(switching) <= set(done)
    for original, c in done.items():
        if original not in switching:
            continue
        assert c["outcome"] == "restored" and c["restored_to"] == original
        assert c["switched_away_from"] == replaced[original] == c["replacement_arn"]
        assert len(c["consumers_switched_back"]) == len(switching[original]["consumers_switched_back"])
        assert all(sw["resource_type"] for sw in c["consumers_switched_back"])
        assert c["message"].startswith("restored: switched")
    summary = report["summary"]
    assert summary["restored"] == len(switching) and summary["would_restore"] == 0
    assert summary["consumers_switched_back"] == sum(len(c["consumers_switched_back"]) for c in done.values()) > 0
    assert run.data["global_custom_stats"]["acm_rollback"]["restored"] == len(switching)
    shown = table(run)
    assert summary["headline"] in shown
    for original in switching:
        assert original.split("/")[-1][:8] in shown and replaced[original].split("/")[-1][:8] in shown
    markdown = (report_dir / "acm_rollback.md").read_text()
    assert "| restored to (original) | switched away from (replacement) |" in markdown
    for original in switching:
        assert f"`{original}`" in markdown and f"`{replaced[original]}`" in markdown
    # the swap module's reversed vocabulary never reaches the reports
    assert "new_certificate_arn" not in (report_dir / "acm_rollback.json").read_text()
    html_path = report_dir / "acm_rollback.html"
    html = html_path.read_text()
    assert html.count('<td class="restored">restored</td>') == len(switching)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert layout_width(tmp_path, html_path) <= 1280  # reads without sideways scrolling

    # a later plan into the same directory keeps the real run's record; the index lists both
    kept = (report_dir / "acm_rollback.json").read_text()
    rollback(ansible, tmp_path, "rollback", check=True)
    assert (report_dir / "acm_rollback.json").read_text() == kept
    runs = json.loads((report_dir / "report-history.json").read_text())["runs"]
    assert [(r["report"], r["mode"], r["playbook"]) for r in runs] == [("acm_rollback", "check", "rollback_acm"),
                                                                      ("acm_rollback", "real", "rollback_acm")]
    assert runs[1]["headline"]["restored"] == len(switching) and runs[0]["headline"]["would restore"] == 0

    _run, again, _dir = rollback(ansible, tmp_path, "again")
    assert {c["outcome"] for c in by_original(again).values() if c["original_arn"] in switching} == \
        {"already_restored"}
    assert again["summary"]["headline"].startswith("certshift.acm rollback: 2 target(s)")
    assert "nothing was rolled back" in again["summary"]["headline"]


def test_originals_deleted_by_the_migration_have_no_rollback_and_each_says_so(ansible, sandbox, demo, tmp_path):
    """After a replace migration deleted the originals, every one gets "no rollback possible" in the
    reports and the table, and the run says nothing was rolled back. Before: exit 0, every task skipped,
    not a word."""
    migrated = migrate(ansible, tmp_path, acm_migration_strategy="replace")
    deleted = {old: c["new_arn"] for old, c in migrated.items() if c["old_deleted"]}
    assert deleted
    after = consumer_certificates(sandbox, REGIONS)
    run, report, report_dir = rollback(ansible, tmp_path, "rollback")
    assert consumer_certificates(sandbox, REGIONS) == after
    entries = by_original(report)
    for original, replacement in deleted.items():
        c = entries[original]
        assert c["outcome"] == "original_deleted" and c["label"] == "no rollback possible"
        assert c["replacement_arn"] == replacement and c["restored_to"] is None and not c["rollback_possible"]
        assert c["message"].startswith("no rollback possible: the original was deleted")
    summary = report["summary"]
    assert summary["no_rollback_possible"] == len(deleted) and summary["restored"] == 0
    assert "nothing was rolled back: no rollback possible for" in summary["headline"]
    shown = table(run)
    assert summary["headline"] in shown
    lines = [line for line in shown.splitlines() if "no rollback possible: the original was deleted" in line]
    assert len(lines) == len(deleted)
    for original, replacement in deleted.items():  # each line names its certificate and replacement
        assert [line for line in lines if original.split("/")[-1][:8] in line and replacement.split("/")[-1][:8] in line]
    markdown = (report_dir / "acm_rollback.md").read_text()
    assert markdown.count("| **no rollback possible** |") == len(deleted)
    assert run.data["global_custom_stats"]["acm_rollback"]["no_rollback_possible"] == len(deleted)
    # Named by its ARN, a deleted original gets the same line (before: the run failed on an unknown certificate).
    original = sorted(deleted)[0]
    _run, named, _dir = rollback(ansible, tmp_path, "named", acm_certificate_arns=[original])
    assert [(c["original_arn"], c["outcome"]) for c in by_original(named).values()] == [(original, "original_deleted")]
