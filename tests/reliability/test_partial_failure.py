"""A migration that fails part-way tells the truth: the real cause reaches the user and the
report lists exactly what was done before the failure (issue: with 30% of DescribeCertificate
calls denied, the run crashed with "'NoneType' object is not subscriptable" and reported
0 migrated / 0 deleted while 4 originals had been deleted).

Denied calls are what an IAM policy with resource conditions does (some certificates allowed,
some not): each certificate whose call is denied fails with the cause, the others go on, and
a later run with the permission converges with every invariant held."""

from __future__ import annotations

import json
import os

import pytest

from tests.harness import REPO_ROOT
from tests.invariants import check_invariants, snapshot

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
REGIONS = ["eu-west-1", "us-east-1"]


def _now(sandbox):
    return {c["arn"]: c for c in sandbox.control("GET", "acm/certificates")["certificates"]}


@pytest.mark.parametrize("fault_seed", [1, 3])
def test_a_partly_denied_migration_reports_what_it_did_and_why_it_stopped(ansible, sandbox, tmp_path, fault_seed):
    demo = sandbox.seed("demo")
    olds = {c["arn"] for c in demo["certificates"].values() if c["validation_method"] == "EMAIL"}
    held = [demo["certificates"]["appsync_only"]["arn"]]  # nothing could switch its user: never replaced
    before = snapshot(sandbox, REGIONS)
    sandbox.control("POST", "behaviour/reseed", {"seed": fault_seed})
    sandbox.settings(faults={"acm:DescribeCertificate": {"denied": 0.3}})
    sandbox.reset_calls()
    try:
        run = ansible.playbook(MIGRATE, extra_vars={"acm_regions": REGIONS, "acm_report_dir": str(tmp_path / "r"),
                                                    "acm_wait_timeout": 60, "acm_migration_strategy": "replace"},
                               timeout=600)
    finally:
        sandbox.settings(faults={})
    denied = sandbox.control("GET", "behaviour/stats").get("fault:denied:acm:DescribeCertificate", 0)
    assert denied > 0, "the fault seed denied nothing: the test proves nothing"
    assert run.rc != 0, run

    _task, _host, msg = run.failures()[-1]
    assert "NoneType" not in msg and "Traceback" not in run.stdout + run.stderr, msg
    assert "AccessDeniedException" in msg and "DescribeCertificate" in msg, msg
    assert "could not be migrated" in msg, msg

    # The report says exactly what AWS shows: every old certificate it calls deleted is gone, and every
    # one that is gone (of those the run looked at) it calls deleted; each replacement it names exists.
    report = json.loads((tmp_path / "r" / "acm_migration.json").read_text())
    entries = {c["old_arn"]: c for t in report["targets"] for c in t["certificates"]}
    now = _now(sandbox)
    gone = {arn for arn in olds if arn not in now}
    assert gone, "nothing was deleted before the failure: the test proves nothing"
    assert {arn for arn, c in entries.items() if c["old_deleted"]} == gone & set(entries)
    assert report["summary"]["old_deleted"] == len(gone)
    for arn, entry in entries.items():
        if entry["new_arn"]:
            assert entry["new_arn"] in now and now[entry["new_arn"]]["tags"].get("certshift:replaces") == arn
    replaced = {c["tags"]["certshift:replaces"] for c in now.values() if "certshift:replaces" in c["tags"]}
    assert {arn for arn, c in entries.items() if c["new_arn"]} == replaced
    failed = [c for c in entries.values() if c["error"]]
    assert failed and report["summary"]["failed_certificates"] == len(failed)
    assert all("AccessDeniedException" in c["error"] for c in failed)

    # Nothing broke meanwhile, and the next run (permission granted) finishes the fleet.
    check_invariants(sandbox, before, held=held)
    again = ansible.playbook(MIGRATE, extra_vars={"acm_regions": REGIONS, "acm_report_dir": str(tmp_path / "r2"),
                                                  "acm_wait_timeout": 60, "acm_migration_strategy": "replace"},
                             timeout=600)
    assert again.rc == 0, again
    check_invariants(sandbox, before, converged=True, held=held)
