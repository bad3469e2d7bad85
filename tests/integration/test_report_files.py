"""certshift.acm.report_files: a report's files written on the controller in one task, each
atomically and only when changed; bad input refused with one message and nothing written."""

from __future__ import annotations

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
