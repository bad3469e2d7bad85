"""Sandbox features for the reliability tests (not AWS behaviour): the certificate history
next to the consumer change log, pausing a chosen call so a test can kill its client at
that point, and the "lost" fault (AWS did the work, the answer never arrived)."""

import threading
import time

import boto3
import botocore.config
import botocore.exceptions
import pytest

NO_RETRY = botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1})


def _acm_no_retry(sandbox):
    return boto3.client("acm", region_name="eu-west-1", endpoint_url=sandbox.endpoint, config=NO_RETRY,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def _request(client, name):
    return client.request_certificate(DomainName=name, ValidationMethod="DNS")["CertificateArn"]


def test_history_records_certificate_creation_status_and_deletion_in_order(sandbox):
    acm = _acm_no_retry(sandbox)
    arn = _request(acm, "a.example.com")
    acm.add_tags_to_certificate(CertificateArn=arn, Tags=[{"Key": "k", "Value": "v"}])
    sandbox.control("POST", "acm/certificate", {"arn": arn, "status": "ISSUED"})
    acm.delete_certificate(CertificateArn=arn)
    mine = [e for e in sandbox.control("GET", "history")["changes"] if e["resource"] == arn]
    assert [(e["before"], e["after"]) for e in mine] == [
        (None, "PENDING_VALIDATION"), ("PENDING_VALIDATION", "ISSUED"), ("ISSUED", "DELETED")]
    assert mine[-1]["tags"] == {"k": "v"} and mine[-1]["names"] == ["a.example.com"]
    assert [e["seq"] for e in mine] == sorted(e["seq"] for e in mine)
    # the consumer change log stays as it was: consumers only
    assert sandbox.control("GET", "changes")["changes"] == []


def test_a_paused_call_is_held_until_released_then_dropped_or_served(sandbox):
    acm = _acm_no_retry(sandbox)
    sandbox.settings(pause_on={"action": "acm:RequestCertificate", "after": 1})
    _request(acm, "first.example.com")  # the first one passes
    outcome = {}

    def second(name, key):
        try:
            outcome[key] = _request(acm, name)
        except botocore.exceptions.BotoCoreError as e:
            outcome[key] = e

    held = threading.Thread(target=second, args=("second.example.com", "dropped"))
    held.start()
    deadline = time.monotonic() + 10
    while not sandbox.control("GET", "pause")["paused"]:
        assert time.monotonic() < deadline, "the call was not held"
        time.sleep(0.05)
    assert held.is_alive()
    state = sandbox.control("GET", "pause")
    assert [h["action"] for h in state["held"]] == ["acm:RequestCertificate"] and state["count"] == 2
    released = sandbox.control("POST", "pause/release", {"mode": "drop"})
    held.join(10)
    assert len(released["released"]) == 1
    assert isinstance(outcome["dropped"], botocore.exceptions.ConnectionClosedError)
    names = {c["domain_name"] for c in sandbox.control("GET", "acm/certificates")["certificates"]}
    assert names == {"first.example.com"}  # the dropped one never reached ACM
    assert sandbox.settings()["pause_on"] is None  # released: later calls pass

    sandbox.settings(pause_on={"action": ["acm:RequestCertificate"], "after": 0})
    held = threading.Thread(target=second, args=("third.example.com", "served"))
    held.start()
    while not sandbox.control("GET", "pause")["paused"]:
        time.sleep(0.05)
    sandbox.control("POST", "pause/release", {"mode": "proceed"})
    held.join(10)
    assert outcome["served"].startswith("arn:aws:acm:")


def test_a_lost_answer_means_the_call_was_done(sandbox):
    acm = _acm_no_retry(sandbox)
    sandbox.settings(faults={"acm:RequestCertificate": {"lost": 1.0}})
    with pytest.raises(botocore.exceptions.ConnectionClosedError):
        _request(acm, "lost.example.com")
    sandbox.settings(faults={})
    names = [c["domain_name"] for c in sandbox.control("GET", "acm/certificates")["certificates"]]
    assert names == ["lost.example.com"]
    assert sandbox.control("GET", "behaviour/stats") == {"fault:lost:acm:RequestCertificate": 1}
