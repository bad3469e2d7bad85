"""certshift.acm.report_files: a report's files written on the controller in one task, each
atomically and only when changed; bad input refused with one message and nothing written."""

from __future__ import annotations

import json
import os
import stat

MODULE = "certshift.acm.report_files"
FILES = {"r.json": '{\n  "a": 1\n}\n', "r.md": "# Report\n\n| a |\n|---|\n"}


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_writes_every_file_then_changes_nothing(ansible, tmp_path):
    dest = str(tmp_path / "reports" / "nested")
    first = ansible.module(MODULE, {"dest": dest, "files": FILES})
    assert not first.get("failed"), first
    assert first["changed"] is True
    for name, content in FILES.items():
        with open(os.path.join(dest, name)) as f:
            assert f.read() == content
        assert _mode(os.path.join(dest, name)) == 0o644
    assert _mode(dest) & 0o777 == 0o755
    assert not [n for n in os.listdir(dest) if n.startswith(".")], "temporary files left behind"

    again = ansible.module(MODULE, {"dest": dest, "files": FILES})
    assert again["changed"] is False and again["changed_files"] == []

    os.chmod(os.path.join(dest, "r.md"), 0o600)
    mode_only = ansible.module(MODULE, {"dest": dest, "files": FILES})
    assert mode_only["changed_files"] == [os.path.join(dest, "r.md")]
    assert _mode(os.path.join(dest, "r.md")) == 0o644


def test_check_mode_reports_and_writes_nothing(ansible, tmp_path):
    dest = str(tmp_path / "reports")
    result = ansible.module(MODULE, {"dest": dest, "files": FILES}, check=True)
    assert not result.get("failed"), result
    assert result["changed"] is True
    assert sorted(result["changed_files"]) == sorted(os.path.join(dest, n) for n in FILES)
    assert not os.path.exists(dest)


def test_a_name_with_a_directory_part_is_refused(ansible, tmp_path):
    dest = str(tmp_path / "reports")
    result = ansible.module(MODULE, {"dest": dest, "files": {"../escape.json": "{}", "ok.md": "x"}})
    assert result.get("failed")
    assert "'../escape.json' is not a plain file name" in result["msg"]
    assert "Traceback" not in str(result)
    assert not os.path.exists(dest) and not os.path.exists(tmp_path / "escape.json")


def test_content_that_is_not_text_is_refused(ansible, tmp_path):
    dest = str(tmp_path / "reports")
    result = ansible.module(MODULE, {"dest": dest, "files": {"r.json": {"a": 1}}})
    assert result.get("failed")
    assert "the content of r.json is a dict, not text" in result["msg"]
    assert not os.path.exists(dest)


def test_an_unwritable_directory_names_the_fix(ansible, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the report directory should be")
    result = ansible.module(MODULE, {"dest": str(blocker / "reports"), "files": FILES})
    assert result.get("failed")
    assert "cannot write the reports to" in result["msg"] and "acm_report_dir" in result["msg"]
    assert "Traceback" not in str(result)


REPORT = {"acm_audit.json": "{}\n", "acm_audit.md": "# audit\n", "acm_audit.html": "<p>audit</p>\n"}


def history(at, check=False):
    return {"name": "acm_audit", "check_mode": check, "playbook": "audit_acm", "generated_at": at,
            "headline": {"certificates": 3}}


def test_history_keeps_every_run_and_a_plan_never_replaces_the_real_one(ansible, tmp_path):
    """Issue 19: a rerun or a --check run overwrote the real run's report."""
    dest = tmp_path / "reports"
    first = ansible.module(MODULE, {"dest": str(dest), "files": REPORT, "history": history("2026-12-07T05:00:00Z")})
    assert not first.get("failed"), first
    assert first["run"]["run"] == "acm_audit-20261207T050000Z" and first["index"] == str(dest / "index.html")
    plan = {name: "plan " + content for name, content in REPORT.items()}
    second = ansible.module(MODULE, {"dest": str(dest), "files": plan,
                                     "history": history("2026-12-07T05:10:00Z", check=True)})
    assert not second.get("failed"), second
    assert (dest / "acm_audit.md").read_text() == "# audit\n"  # the real run's latest copy
    assert (dest / "acm_audit-check.md").read_text() == "plan # audit\n"
    assert (dest / "acm_audit-20261207T050000Z.md").read_text() == "# audit\n"
    assert (dest / "acm_audit-20261207T051000Z-check.md").read_text() == "plan # audit\n"
    runs = json.loads((dest / "report-history.json").read_text())["runs"]
    assert [(r["run"], r["mode"]) for r in runs] == [("acm_audit-20261207T051000Z-check", "check"),
                                                     ("acm_audit-20261207T050000Z", "real")]
    assert (dest / "index.html").read_text().count('<tr class="mode-') == 2
    assert "| 2026-12-07T05:00:00Z | acm\\_audit | audit\\_acm | real run | 3 certificates |" in \
        (dest / "index.md").read_text()
    assert _mode(dest / "acm_audit-20261207T050000Z.json") == 0o644


def test_bad_history_options_are_refused_with_the_fix(ansible, tmp_path):
    dest = tmp_path / "reports"
    result = ansible.module(MODULE, {"dest": str(dest), "files": REPORT, "history": {"name": "acm_migration"}})
    assert result.get("failed") and "no file is named acm_migration.<extension>" in result["msg"], result
    result = ansible.module(MODULE, {"dest": str(dest), "files": {**REPORT, "index.html": "x"},
                                     "history": {"name": "acm_audit"}})
    assert result.get("failed") and "index.html is the report history's own file" in result["msg"], result
    assert "Traceback" not in str(result) and not dest.exists()
