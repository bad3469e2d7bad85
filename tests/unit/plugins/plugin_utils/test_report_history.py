"""Every run's report kept (issue 19: a rerun or a --check run overwrote the real run's report): the file
names of one run's record, the latest copies, and the index of every run."""

from __future__ import annotations

import datetime
import json

import pytest

from ansible_collections.certshift.acm.plugins.plugin_utils import report_history as rh

FILES = {"acm_migration.json": "{}", "acm_migration.md": "# r", "acm_migration.html": "<p>r</p>"}


def options(check=False, at="2026-12-07T05:15:00Z", **extra):
    return rh.check_options({"name": "acm_migration", "check_mode": check, "playbook": "migrate_acm",
                             "generated_at": at, "headline": {"certificates": 9}, **extra}, FILES)


def test_a_real_run_writes_the_latest_copies_and_its_own_record():
    files, run = rh.run_files(options(), FILES)
    assert sorted(files) == sorted(list(FILES) + ["acm_migration-20261207T051500Z.json",
                                                  "acm_migration-20261207T051500Z.md",
                                                  "acm_migration-20261207T051500Z.html"])
    assert run["mode"] == "real" and run["run"] == "acm_migration-20261207T051500Z"
    assert run["files"] == {"json": "acm_migration-20261207T051500Z.json", "md": "acm_migration-20261207T051500Z.md",
                            "html": "acm_migration-20261207T051500Z.html"}


def test_a_check_run_never_writes_the_real_runs_files():
    files, run = rh.run_files(options(check=True), FILES)
    assert not set(files) & set(FILES)
    assert sorted(files) == sorted(["acm_migration-check.json", "acm_migration-check.md", "acm_migration-check.html",
                                    "acm_migration-20261207T051500Z-check.json",
                                    "acm_migration-20261207T051500Z-check.md",
                                    "acm_migration-20261207T051500Z-check.html"])
    assert run["mode"] == "check"


def test_a_second_run_in_the_same_second_gets_its_own_record():
    taken = {"acm_migration-20261207T051500Z.json", "acm_migration-20261207T051500Z.md"}
    files, run = rh.run_files(options(), FILES, taken)
    assert run["run"] == "acm_migration-20261207T051500Z-2"
    assert not set(files) & taken


def test_files_of_other_names_are_written_as_they_are():
    files, _run = rh.run_files(options(), {**FILES, "notes.txt": "x"})
    assert files["notes.txt"] == "x" and not any(n.startswith("notes-") for n in files)


def test_the_index_lists_every_run_newest_first_with_its_mode_and_counts():
    runs = []
    for at, check in (("2026-12-07T05:00:00Z", False), ("2026-12-07T06:00:00Z", True),
                      ("2026-12-07T07:00:00Z", False)):
        runs = rh.add_run(runs, rh.run_files(options(check=check, at=at), FILES)[1])
    assert [r["generated_at"] for r in runs] == ["2026-12-07T07:00:00Z", "2026-12-07T06:00:00Z",
                                                 "2026-12-07T05:00:00Z"]
    page = rh.index_html(runs)
    assert page.count('<tr class="mode-') == 3 and page.count("plan (--check)") == 1
    assert 'href="acm_migration-20261207T060000Z-check.html"' in page and "9 certificates" in page
    markdown = rh.index_markdown(runs)
    assert markdown.count("| 2026-12-07T0") == 3 and "[html](acm\\_migration-20261207T050000Z.html)" in markdown
    assert json.loads(rh.manifest(runs))["runs"] == runs


def test_the_manifest_is_read_back_and_a_foreign_one_starts_over(tmp_path):
    runs = rh.add_run([], rh.run_files(options(), FILES)[1])
    (tmp_path / rh.MANIFEST).write_text(rh.manifest(runs))
    assert rh.read_runs(str(tmp_path)) == runs
    (tmp_path / rh.MANIFEST).write_text("not json")
    assert rh.read_runs(str(tmp_path)) == []
    assert rh.read_runs(str(tmp_path / "missing")) == []


def test_the_index_escapes_what_it_shows():
    run = rh.run_files(options(playbook="<script>x</script>"), FILES)[1]
    assert "<script>x" not in rh.index_html([run]) and "&lt;script&gt;" in rh.index_html([run])
    assert "<script>x" not in rh.index_markdown([run])


@pytest.mark.parametrize("history, message", [
    ({"name": "../x"}, "is not a report name"),
    ({"name": "acm_audit"}, "no file is named acm_audit.<extension>"),
    ({"name": "acm_migration", "generated_at": "yesterday"}, "is not an ISO 8601 time"),
    ({"name": "acm_migration", "headline": ["certificates"]}, "headline must be a dict"),
])
def test_bad_options_name_the_problem(history, message):
    with pytest.raises(rh.HistoryError, match=message):
        rh.check_options(history, FILES)


def test_the_stamp_is_utc():
    assert rh.stamp("2026-12-07T06:15:00+01:00") == "20261207T051500Z"
    assert rh.stamp(None, now=datetime.datetime(2026, 1, 2, 3, 4, 5)) == "20260102T030405Z"
