"""Kill the controller in the middle of a multi-certificate migration, then run again.

Each case stops ``ansible-playbook`` (and every process it started: Ansible's workers
leave its process group with setsid, so the whole tree is frozen and killed by PID, as
when an AWX pod or CI runner dies) at one stage of a migration of the demo fleet over
two regions (9 EMAIL certificates, 7 consumers, CloudFront in us-east-1), in place (the
default) or by replacement (8 replaced; the one only an AppSync domain uses is held). The sandbox holds the
chosen AWS call (``pause_on``, sandbox/aws_behaviour.py) so the kill lands at that exact
point; the held call is then dropped (it never reached AWS) or served (AWS did it, the
answer was lost). A second run must converge, and the invariants (tests/invariants.py)
must hold over the whole history of both runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time

import pytest

from tests.harness import REPO_ROOT
from tests.invariants import check_invariants, history, snapshot

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
REGIONS = ["eu-west-1", "us-east-1"]
CONSUMER_WRITES = ["elbv2:ModifyListener", "elbv2:AddListenerCertificates", "elbv2:RemoveListenerCertificates",
                   "elb:SetLoadBalancerListenerSSLCertificate", "apigateway:UpdateDomainName",
                   "apigatewayv2:UpdateDomainName", "cloudfront:UpdateDistribution"]
CLOUDFRONT_DEPLOY_SECONDS = 20


def _created(log):
    return [e for e in log if e["service"] == "acm" and e["before"] is None]


def _deleted(log):
    return [e for e in log if e["service"] == "acm" and e["after"] == "DELETED"]


def _swaps(log):
    return [e for e in log if e["service"] != "acm"]


def _in_eu(log):
    return [e for e in log if e.get("region") == "eu-west-1"]


def _sni_half_done(log):
    sni = [e for e in log if e["field"] == "SniCertificates"]
    return any(len(e["after"]) > len(e["before"]) for e in sni) and not any(len(e["after"]) < len(e["before"])
                                                                           for e in sni)


def _pending(certs):
    return [c for c in certs if c.get("update_status") == "PENDING_DOMAIN_VALIDATION"]


def _started(certs):
    """Certificates whose in-place migration was started: pending, or done already (us-east-1's one may
    finish while eu-west-1's are held)."""
    return [c for c in certs if c.get("update_status") in ("PENDING_DOMAIN_VALIDATION", "SUCCESS")]


def _untouched(log):
    """In place: nothing requested, deleted or switched."""
    return not _created(log) and not _deleted(log) and not _swaps(log)


# name: (pause_on rule or None, release mode, sandbox settings, what the history since the
# start and the certificates show once the killed run is gone, given the number of calls
# held at the kill). Each region is its own pipeline (acm_migrate): a call held in eu-west-1
# (8 of the 9 certificates) stops it, while us-east-1 (the CloudFront one) may already be done.
IN_PLACE_STAGES = {
    # 3 in-place migrations started, the 4th held
    "between_two_in_place_starts": ({"action": "acm:UpdateCertificateOptions", "after": 3}, "drop", {},
                                    lambda log, held, certs: _untouched(log) and len(_started(certs)) == 3),
    # the 4th start reached ACM, its answer was lost with the controller
    "in_place_start_answer_lost": ({"action": "acm:UpdateCertificateOptions", "after": 3}, "proceed", {},
                                   lambda log, held, certs: _untouched(log) and len(_started(certs)) == 3 + held),
    # migrations started, the records of the first ones not listed yet
    "before_the_records_are_listed": ({"action": "acm:ListCertificateDomainValidations", "after": 1}, "drop", {},
                                      lambda log, held, certs: _untouched(log) and _pending(certs)),
    # one Route53 change batch written, the next one held
    "between_in_place_record_writes": ({"action": "route53:ChangeResourceRecordSets", "after": 1}, "drop", {},
                                       lambda log, held, certs: _untouched(log) and _pending(certs)),
}
REPLACE_STAGES = {
    # 3 replacements requested, the 4th held: none of eu-west-1's consumers is switched yet
    "after_a_request": ({"action": "acm:RequestCertificate", "after": 3}, "drop", {},
                        lambda log, held, certs: len(_created(log)) == 3 and not _swaps(_in_eu(log))),
    # the 4th request reached ACM but its answer was lost with the controller
    "request_answer_lost": ({"action": "acm:RequestCertificate", "after": 3}, "proceed", {},
                            lambda log, held, certs: len(_created(log)) == 3 + held and not _swaps(_in_eu(log))),
    # one Route53 change batch written, the next one held (demo: 3 batches over 2 zones). How many of the 8
    # requests were made by then depends on how the pipeline's requests and record writes interleave (one
    # batch was written, so at least one); the rerun's totals below check that none is requested twice.
    "between_record_writes": ({"action": "route53:ChangeResourceRecordSets", "after": 1}, "drop", {},
                              lambda log, held, certs: 1 <= len(_created(log)) <= 8 and not _swaps(_in_eu(log))),
    # two consumer changes made, the third held
    "between_two_consumer_swaps": ({"action": CONSUMER_WRITES, "after": 2}, "drop", {},
                                   lambda log, held, certs: len(_swaps(log)) == 2),
    # the replacement added to the ALB's SNI list, the old one not yet removed
    "between_sni_add_and_remove": ({"action": "elbv2:RemoveListenerCertificates", "after": 0}, "drop", {},
                                   lambda log, held, certs: _sni_half_done(log)),
    # the distribution's UpdateDistribution done, its deployment still in progress
    "during_a_cloudfront_update": (None, None, {"cloudfront_deploy_seconds": CLOUDFRONT_DEPLOY_SECONDS},
                                   lambda log, held, certs: any(e["service"] == "cloudfront" for e in log)
                                   and not any(e["region"] == "us-east-1" for e in _deleted(log))),
    # one old certificate deleted, the next DeleteCertificate held
    "just_before_a_delete": ({"action": "acm:DeleteCertificate", "after": 1}, "drop", {},
                             lambda log, held, certs: len(_deleted(log)) == 1),
}


# --- processes ----------------------------------------------------------------------------

def _children():
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        found.setdefault(ppid, []).append(int(entry))
    return found


def _descendants(pid):
    children, out, todo = _children(), set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in out:
                out.add(child)
                todo.append(child)
    return out


def kill_tree(proc):
    """SIGSTOP the process and every descendant (so none exits and hands its children to
    init), then SIGKILL them all, by PID."""
    stopped = set()
    while True:
        tree = ({proc.pid} | _descendants(proc.pid)) - stopped
        if not tree:
            break
        for pid in tree:
            try:
                os.kill(pid, signal.SIGSTOP)
            except ProcessLookupError:
                pass
        stopped |= tree
    for pid in stopped:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    proc.wait(timeout=30)
    return stopped


def start_playbook(ansible, extra_vars):
    """ansible-playbook in the background (harness.Ansible.playbook, without waiting)."""
    path = tempfile.NamedTemporaryFile("w", suffix=".json", dir=ansible.workdir, delete=False)
    json.dump(extra_vars, path)
    path.close()
    log = os.path.join(ansible.workdir, "killed-run.log")
    cmd = [os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), MIGRATE, "-e", f"@{path.name}"]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ansible.workdir, env=ansible.env(), stdout=out, stderr=subprocess.STDOUT)
    proc.log = log
    return proc


def _wait(predicate, what, proc=None, timeout=150):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            with open(proc.log) as f:
                tail = f.read()[-4000:]
            pytest.fail(f"ansible-playbook ended (rc {proc.returncode}) before {what}:\n{tail}")
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def _settle(sandbox, quiet=1.0, timeout=30):
    """Wait until the sandbox's history stops growing: calls that passed the pause before
    the kill are still being served (ACM generates a key per request)."""
    deadline = time.monotonic() + timeout
    last, since = len(history(sandbox)), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.2)
        now = len(history(sandbox))
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
    pytest.fail("the sandbox kept changing after the kill")


def _progress(sandbox, strategy):
    """What a served write shows: in place, a migration more started; by replacement, a history entry more."""
    if strategy == "in_place":
        return len(_started(sandbox.control("GET", "acm/certificates")["certificates"]))
    return len(history(sandbox))


def _cloudfront_changed(sandbox, since):
    return any(c["service"] == "cloudfront" for c in history(sandbox)[since:])


# --- the test -------------------------------------------------------------------------------

CASES = [("in_place", stage) for stage in IN_PLACE_STAGES] + [("replace", stage) for stage in REPLACE_STAGES]


@pytest.mark.parametrize("strategy,stage", CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_killed_migration_converges_on_the_next_run(ansible, sandbox, tmp_path, strategy, stage):
    rule, mode, extra_settings, stopped_at = (IN_PLACE_STAGES if strategy == "in_place" else REPLACE_STAGES)[stage]
    demo = sandbox.seed("demo")
    before = snapshot(sandbox, REGIONS)
    if extra_settings:
        sandbox.settings(**extra_settings)
    extra_vars = {"acm_regions": REGIONS, "acm_report_dir": str(tmp_path / "reports"), "acm_wait_timeout": 120,
                  "acm_migration_strategy": strategy}
    held_back = [demo["certificates"]["appsync_only"]["arn"]] if strategy == "replace" else []

    if rule:
        sandbox.settings(pause_on=rule)
    proc = start_playbook(ansible, extra_vars)
    try:
        if rule:
            _wait(lambda: sandbox.control("GET", "pause")["paused"], f"a held {rule['action']}", proc)
        else:
            _wait(lambda: _cloudfront_changed(sandbox, before["seq"]), "the CloudFront update", proc)
        killed = kill_tree(proc)
    finally:
        if proc.poll() is None:
            kill_tree(proc)
    assert len(killed) > 1  # the playbook and its workers/modules
    _settle(sandbox)
    progress_at_kill = _progress(sandbox, strategy)
    released = []
    if rule:
        released = sandbox.control("POST", "pause/release", {"mode": mode})["released"]
        assert released, "nothing was held"
        if mode == "proceed":
            # AWS serves the held call(s) although nobody waits for the answer any more
            _wait(lambda: _progress(sandbox, strategy) > progress_at_kill, "the held call to be served", timeout=30)
    _settle(sandbox)

    # The interrupted run stopped where intended and left the fleet half-migrated, never unsafe.
    since = history(sandbox)[before["seq"]:]
    certs = sandbox.control("GET", "acm/certificates")["certificates"]
    assert stopped_at(since, len(released), certs), [(e["service"], e["resource"], e["before"], e["after"])
                                                     for e in since]
    check_invariants(sandbox, before, held=held_back)

    rerun = ansible.playbook(MIGRATE, extra_vars=extra_vars, timeout=300)
    assert rerun.rc == 0, rerun
    report = json.loads((tmp_path / "reports" / "acm_migration.json").read_text())
    assert not report["summary"]["failed_targets"], report["summary"]
    held = check_invariants(sandbox, before, converged=True, held=held_back)
    if strategy == "replace":
        assert held["selected"] == 8 and held["replacements"] == 8 and held["deleted"] == 8, held
    else:
        assert held["selected"] == 9 and held["migrated_in_place"] == 9 and held["replacements"] == 0, held
        assert held["deleted"] == 0 and held["consumer_changes"] == 0, held


def test_a_cloudfront_switch_still_deploying_holds_the_delete(ansible, sandbox):
    """What the rerun after 'during_a_cloudfront_update' meets, on acm_cert_swap alone:
    the distribution already serves the replacement but is InProgress, so its edge locations
    may still serve the old certificate. Without wait_deployed the delete is held; with it,
    the delete waits until Deployed. (Before the fix the rerun deleted the old certificate
    at once, while the distribution was still InProgress.)"""
    from tests.integration.test_cert_swap import US, cert, distribution, exists, ok, swap, viewer_certificate

    old = cert(sandbox, ["example.com", "www.example.com"])
    new = cert(sandbox, ["example.com", "www.example.com"], replaces=old)
    dist = distribution(sandbox, ["example.com", "www.example.com"], old)
    sandbox.settings(cloudfront_deploy_seconds=25)
    cf = sandbox.client("cloudfront", US)
    current = cf.get_distribution_config(Id=dist)
    config = current["DistributionConfig"]
    config["ViewerCertificate"] = {**viewer_certificate(sandbox, dist), "ACMCertificateArn": new}
    cf.update_distribution(Id=dist, IfMatch=current["ETag"], DistributionConfig=config)
    switched = time.monotonic()
    assert cf.get_distribution(Id=dist)["Distribution"]["Status"] == "InProgress"

    held = ok(swap(ansible, {"certificate_arns": [old], "delete_old": True}))
    assert held["pairs"][0]["deleted"] is False and "still deploying" in held["pairs"][0]["delete_held"]
    assert exists(sandbox, old)

    done = ok(swap(ansible, {"certificate_arns": [old], "delete_old": True, "wait_deployed": True}))
    assert done["pairs"][0]["deleted"] is True and not exists(sandbox, old)
    assert time.monotonic() - switched >= 25
    assert cf.get_distribution(Id=dist)["Distribution"]["Status"] == "Deployed"
