"""Two runs of migrate_acm on one fleet at once (two operators, or an AWX schedule overlapping a
manual run). They are safe (each old certificate gets one replacement, state is in AWS), and each
report claims only the deletes its own run made: a certificate the other run deleted first is
reported as already deleted (both reports used to claim every deletion). Whatever the interleaving,
the two reports' deletes are disjoint and together are every delete."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor

from tests.harness import REPO_ROOT
from tests.invariants import check_invariants, snapshot

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
REGIONS = ["eu-west-1", "us-east-1"]


def test_two_concurrent_runs_each_report_only_their_own_deletes(ansible, sandbox, tmp_path):
    demo = sandbox.seed("demo")
    # the AppSync-only certificate is held (nothing could switch it), the others are replaced
    olds = {c["arn"] for role, c in demo["certificates"].items()
            if c["validation_method"] == "EMAIL" and role != "appsync_only"}
    before = snapshot(sandbox, REGIONS)
    sandbox.reset_calls()

    def run(name):
        return ansible.playbook(MIGRATE, extra_vars={"acm_regions": REGIONS, "acm_report_dir": str(tmp_path / name),
                                                     "acm_wait_timeout": 120, "acm_migration_strategy": "replace"},
                                timeout=600)

    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(run, ["a", "b"]))
    for r in runs:
        assert r.rc == 0, r

    deleted = []
    for name in ("a", "b"):
        report = json.loads((tmp_path / name / "acm_migration.json").read_text())
        entries = [c for t in report["targets"] for c in t["certificates"]]
        mine = {c["old_arn"] for c in entries if c["old_deleted"]}
        assert report["summary"]["old_deleted"] == len(mine)
        deleted.append(mine)
    assert not deleted[0] & deleted[1], "both reports claim the same delete"
    assert deleted[0] | deleted[1] == olds
    check_invariants(sandbox, before, converged=True, held=[demo["certificates"]["appsync_only"]["arn"]])
