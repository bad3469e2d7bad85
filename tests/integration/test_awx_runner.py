"""The migrate playbook through ansible-runner, the engine AWX / Automation Controller
uses: a private data directory with an inventory, extra vars and environment, as a job
template launch lays it out; its artifacts carry the status, stats and set_stats data."""

from __future__ import annotations

import json
import os
import sys

import ansible_runner
import yaml

from tests.harness import REPO_ROOT


def test_migrate_through_ansible_runner(sandbox, collections_path, tmp_path, monkeypatch):
    # ansible-runner finds ansible-playbook on PATH, as in an execution environment.
    monkeypatch.setenv("PATH", f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}")
    demo = sandbox.seed("demo")
    private = tmp_path / "private"
    (private / "inventory").mkdir(parents=True)
    (private / "env").mkdir()
    (private / "project").mkdir()
    (private / "inventory" / "hosts.yml").write_text(yaml.safe_dump({"acm_targets": {
        "hosts": {"prod-eu": {"acm_region": "eu-west-1"}, "prod-us": {"acm_region": "us-east-1"}},
        "vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable},
    }}))
    report_dir = tmp_path / "reports"
    # AWX survey answers arrive as extra vars; textareas give one item per line, and AWX 24 sends an
    # optional question left blank as null (newer AWX leaves it out): null selects nothing less.
    (private / "env" / "extravars").write_text(yaml.safe_dump({
        "acm_migration_strategy": "auto", "acm_dns_provider": "route53", "acm_delete_old": True,
        "acm_wait_timeout": 120, "acm_report_dir": str(report_dir), "acm_domains": None,
    }))
    (private / "env" / "envvars").write_text(yaml.safe_dump({
        **sandbox.env("eu-west-1"),
        "ANSIBLE_COLLECTIONS_PATH": collections_path,
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
    }))
    run = ansible_runner.run(private_data_dir=str(private),
                             playbook=os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml"),
                             quiet=True, timeout=900)
    assert run.status == "successful", run.stdout.read()[-6000:]
    assert run.rc == 0
    stats = run.stats
    assert set(stats["ok"]) >= {"prod-eu", "prod-us", "localhost"}
    assert not stats["failures"]
    artifacts = private / "artifacts" / run.config.ident
    assert (artifacts / "status").read_text().strip() == "successful"
    assert (artifacts / "rc").read_text().strip() == "0"
    # set_stats data, as AWX shows it on the job and passes it along a workflow
    stat_events = [e for e in run.events if e.get("event") == "playbook_on_stats"]
    artifact_data = stat_events[-1]["event_data"].get("artifact_data", {})
    summary = artifact_data["acm_migration"]
    email_roles = [r for r, c in demo["certificates"].items() if c["validation_method"] == "EMAIL"]
    assert summary["migrated_in_place"] == summary["migrated"] == len(email_roles)
    assert summary["replaced"] == summary["old_deleted"] == summary["consumers_switched"] == 0
    assert summary["failed_targets"] == []
    assert (report_dir / "acm_migration.json").exists()
