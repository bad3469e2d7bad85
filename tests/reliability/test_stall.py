"""AWS stalls for two seconds in the middle of a migration under ACM's rate quotas.

The calls sent during the stall are answered together when it ends, faster than the quota
allows, so some of them are throttled, as a busy endpoint or a starved machine does now and
then. The module's limiter and botocore's adaptive retries must absorb the burst: the run
finishes, no certificate is requested twice, and every invariant holds."""

from __future__ import annotations

import os
import signal
import threading
import time

from tests.integration.test_migrate_pipeline import email_certificates, served
from tests.invariants import check_invariants, snapshot

EU = "eu-west-1"
STALL_SECONDS = 2.0
STALL_AFTER_REQUESTS = 5


def _stall_once_requests_flow(sandbox, stop):
    """Freeze the sandbox's process (every AWS answer stops) once a few requests are served."""
    while not stop.is_set() and len(served(sandbox.timeline(), "acm:RequestCertificate")) < STALL_AFTER_REQUESTS:
        time.sleep(0.05)
    if stop.is_set():
        return
    os.kill(sandbox.pid, signal.SIGSTOP)
    try:
        time.sleep(STALL_SECONDS)
    finally:
        os.kill(sandbox.pid, signal.SIGCONT)


def test_a_stall_of_aws_throttles_the_burst_after_it_and_the_migration_still_completes(ansible, sandbox):
    manifest = sandbox.seed("bench", certificates=30, regions=[EU])
    olds = email_certificates(manifest)
    before = snapshot(sandbox, [EU])
    sandbox.settings(latency_ms=20, rate_quotas=True)
    sandbox.reset_calls()
    sandbox.control("POST", "behaviour/stats/reset")
    stop = threading.Event()
    staller = threading.Thread(target=_stall_once_requests_flow, args=(sandbox, stop), daemon=True)
    staller.start()
    try:
        result = ansible.module("certshift.acm.acm_migrate", {"delete_old": True, "wave_seconds": 3,
                                                                     "strategy": "replace"}, region=EU)
    finally:
        stop.set()
        staller.join()

    assert not result.get("failed"), result.get("msg")
    # the stall really bunched calls into throttles (else this test tests nothing)
    throttled = {k: v for k, v in sandbox.control("GET", "behaviour/stats").items() if k.startswith("throttled:")}
    assert throttled, "the stall caused no throttle"
    print("throttles after the stall:", throttled)
    # one served request per old certificate, each old one switched away from and deleted
    assert len(served(sandbox.timeline(), "acm:RequestCertificate")) == len(olds)
    assert {p["old_certificate_arn"] for p in result["swap"]["pairs"] if p["deleted"]} == olds
    check_invariants(sandbox, before, converged=True)
