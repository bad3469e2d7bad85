"""`make demo`, the README's first command, end to end: the sandbox with the demo fleet, the audit,
the in-place migration (the default), the audit after it, then on a fresh fleet the migration by
replacement and its audit. Each step is a real ansible-playbook run; the reports tell what happened."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.harness import REPO_ROOT


def test_the_demo_migrates_in_place_then_by_replacement(collections_path, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "ANSIBLE_"))}
    env["ANSIBLE_COLLECTIONS_PATH"] = collections_path
    reports = tmp_path / "reports"
    proc = subprocess.run([sys.executable, "-m", "demo", "--report-dir", str(reports)], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    # Nothing a person must wonder about: the CAA lookups the sandbox's nameserver refused above its zones
    # warned for every name, and each of those runs added ansible-core 2.19's exit_json(warnings=) deprecation.
    warnings = [line for line in (proc.stdout + proc.stderr).splitlines() if "WARNING]" in line]
    assert not warnings, "\n".join(warnings)

    in_place = json.loads((reports / "in-place" / "acm_migration.json").read_text())["summary"]
    assert in_place["migrated_in_place"] == 9 and in_place["replaced"] == in_place["consumers_switched"] == 0
    assert in_place["failed_targets"] == []
    after = json.loads((reports / "in-place" / "after" / "acm_audit.json").read_text())
    assert after["summary"]["by_validation_method"]["EMAIL"] == 0

    replaced = json.loads((reports / "replace" / "acm_migration.json").read_text())["summary"]
    assert replaced["replaced"] == replaced["old_deleted"] == 8 and replaced["held"] == 1
    assert replaced["consumers_switched"] == 7
    # issue 19: the closing audit says what is left and why, and the migration names the twin nobody uses
    replaced_report = json.loads((reports / "replace" / "acm_migration.json").read_text())
    unused = [c for t in replaced_report["targets"] for c in t["certificates"] if c["unused_replacement"]]
    assert unused and replaced["unused_replacements"] == len(unused)
    assert "used by nothing" in (reports / "replace" / "acm_migration.md").read_text()
    closing = json.loads((reports / "replace" / "after" / "acm_audit.json").read_text())
    left = {g["why"].split(":")[0]: g for g in closing["summary"]["left"]}
    assert closing["summary"]["needs_action"] == sum(g["count"] for g in left.values())
    assert "imported" in left and "unused" in left and "attach it" in left["unused"]["todo"]
    twins = {c["new_arn"] for c in unused}
    assert twins <= {c["certificate_arn"] for c in left["unused"]["certificates"]}
    assert "What is left to do:" in proc.stdout and "unused: nothing uses it, so ACM will not renew it" in proc.stdout
    for step in ("before", "in-place", "in-place/after", "replace", "replace/after"):
        assert (reports / step / "index.html").exists(), step  # every run kept, with its index
    for name in ("before/acm_audit.html", "in-place/acm_migration.html", "replace/acm_migration.md",
                 "replace/after/acm_audit.md"):
        assert (reports / name).exists(), name
