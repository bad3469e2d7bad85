"""The benchmark's module-run counter (bench/callback_plugins/module_runs.py): a looped task counts
each item that ran, skipped tasks and items count nothing, failed runs count."""

from __future__ import annotations

import yaml

from bench.measure import counting_env, read_module_runs


def test_module_runs_are_counted_per_item_that_ran(ansible, tmp_path):
    play = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [
        {"name": "looped", "ansible.builtin.command": "true", "loop": [1, 2, 3], "when": "item != 2",
         "changed_when": False},
        {"name": "skipped", "ansible.builtin.command": "true", "when": False},
        {"name": "failed", "ansible.builtin.command": "false", "ignore_errors": True},
        {"name": "other", "ansible.builtin.stat": {"path": "/"}},
    ]}]
    playbook = tmp_path / "play.yml"
    playbook.write_text(yaml.safe_dump(play))
    runs = str(tmp_path / "runs.json")

    run = ansible.playbook(str(playbook), env=counting_env(runs), json_callback=False)

    assert run.rc == 0, run
    assert read_module_runs(runs, ["ansible.builtin.command"]) == 2 + 1
    # the file is read once and removed; a playbook that never got to its end counts None
    assert read_module_runs(runs, ["ansible.builtin.command"]) is None
