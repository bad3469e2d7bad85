"""Owners that would undo a switch (CloudFormation, a user's tag convention): an owned consumer is held
with the change to make in its code, and switched only with switch_owned_consumers; the audit names
the owner of each consumer of an email-validated certificate."""

from __future__ import annotations

import json
import os
import uuid

from tests.harness import REPO_ROOT
from tests.integration.renewal_fixtures import request, wait_issued
from tests.integration.replacement_path import email_certificate, migrate
from tests.integration.test_cert_swap import by_type, cert, elbv2_lb, exists, listener_certs, mutating_calls, ok, swap
from tests.sandbox.consumer_helpers import listener_stack

EU = "eu-west-1"


def _stack(sandbox, certificate_arn):
    name = f"web-{uuid.uuid4().hex[:6]}"
    ids = listener_stack(sandbox.client("cloudformation", EU), sandbox.client("ec2", EU), name, certificate_arn)
    return name, ids


def _runs(ansible, sandbox, args):
    """(check-mode result, real result, rerun), with the mutating calls of the check run counted."""
    sandbox.reset_calls()
    planned = ok(swap(ansible, args, region=EU, check=True))
    assert mutating_calls(sandbox) == {}
    done = ok(swap(ansible, args, region=EU))
    again = ok(swap(ansible, args, region=EU))
    return planned, done, again


def test_a_cloudformation_owned_listener_is_held_with_the_code_change(ansible, sandbox):
    old = cert(sandbox, ["owned.example.org"], region=EU)
    new = cert(sandbox, ["owned.example.org"], region=EU, replaces=old)
    stack, ids = _stack(sandbox, old)
    args = {"pairs": [{"old": old, "new": new}], "delete_old": True}

    planned, done, again = _runs(ansible, sandbox, args)
    assert done["actions"] == planned["actions"]
    action = by_type(done["actions"])["elbv2_default"][0]
    assert action["action"] == "none" and action["after"] == old
    assert f"owned by CloudFormation stack {stack} (logical ID Https)" in action["reason"]
    assert action["code_change"] == {
        "resource": ids["Https"], "owner": action["owner"], "before": old, "after": new,
        "property": "AWS::ElasticLoadBalancingV2::Listener Certificates[0].CertificateArn",
        "template_location": "Parameters.CertificateArn"}
    assert action["owner"]["stack"] == stack and action["owner"]["logical_id"] == "Https"
    assert done["changed"] is False and again["changed"] is False
    assert done["pairs"][0]["deleted"] is False and "owned by CloudFormation" in done["pairs"][0]["delete_held"]
    assert listener_certs(sandbox, EU, ids["Https"])[0] == old and exists(sandbox, old, EU)

    switch = {**args, "switch_owned_consumers": True}
    planned, done, again = _runs(ansible, sandbox, switch)
    assert [a["action"] for a in planned["actions"]] == ["swap_default", "delete"]
    assert done["actions"] == planned["actions"] and done["changed"] is True
    assert done["actions"][0]["code_change"]["after"] == new  # the code must still be told
    assert listener_certs(sandbox, EU, ids["Https"])[0] == new
    assert done["pairs"][0]["deleted"] is True and not exists(sandbox, old, EU)
    assert again["changed"] is False


def test_a_listener_tagged_by_the_users_convention_is_held_and_other_tags_are_not_owners(ansible, sandbox):
    old = cert(sandbox, ["tagged.example.org"], region=EU)
    new = cert(sandbox, ["tagged.example.org"], region=EU, replaces=old)
    lb, listeners = elbv2_lb(sandbox, EU, "tagged", [(443, old, [])])
    sandbox.client("elbv2", EU).add_tags(ResourceArns=[lb], Tags=[{"Key": "ManagedBy", "Value": "terraform"}])
    args = {"pairs": [{"old": old, "new": new}], "delete_old": True, "owner_tags": ["ManagedBy=terraform"]}

    planned, done, again = _runs(ansible, sandbox, args)
    action = done["actions"][0]
    assert done["actions"] == planned["actions"] and action["action"] == "none"
    assert action["owner"] == {"kind": "tag", "tag": "ManagedBy=terraform", "name": "code tagged ManagedBy=terraform"}
    assert action["code_change"]["resource"] == listeners[443]
    assert (action["code_change"]["before"], action["code_change"]["after"]) == (old, new)
    assert not done["changed"] and not again["changed"] and exists(sandbox, old, EU)
    assert listener_certs(sandbox, EU, listeners[443])[0] == old

    # another convention does not match this tag, and no stack created it: switched as before
    other = {**args, "owner_tags": ["ManagedBy=pulumi"]}
    done = ok(swap(ansible, other, region=EU))
    assert [a["action"] for a in done["actions"]] == ["swap_default", "delete"]
    assert "owner" not in done["actions"][0]
    assert listener_certs(sandbox, EU, listeners[443])[0] == new


def test_owner_tags_without_a_key_fail_before_anything_changes(ansible, sandbox):
    old = cert(sandbox, ["badtag.example.org"], region=EU)
    new = cert(sandbox, ["badtag.example.org"], region=EU, replaces=old)
    elbv2_lb(sandbox, EU, "badtag", [(443, old, [])])
    sandbox.reset_calls()
    result = swap(ansible, {"pairs": [{"old": old, "new": new}], "owner_tags": ["=terraform"]}, region=EU)
    assert result.get("failed") and "owner_tags '=terraform' name no tag key" in result["msg"]
    assert "Traceback" not in result["msg"]
    assert mutating_calls(sandbox) == {}


def test_the_audit_names_the_owner_and_prefers_the_in_place_migration(ansible, sandbox):
    email = request(sandbox, ["audit-owned.example.org"], in_use=False)
    wait_issued(sandbox, [email])
    stack, ids = _stack(sandbox, email)
    result = ansible.module("certshift.acm.acm_renewal_check",
                            {"certificate_arns": [email], "check_https": False, "check_dns": False}, region=EU)
    assert not result.get("failed"), result
    entry = result["certificates"][0]
    assert entry["consumer_owners"] == [{"type": "elbv2_default", "resource_arn": ids["Https"],
                                         "owner": entry["consumer_owners"][0]["owner"]}]
    owner = entry["consumer_owners"][0]["owner"]
    assert (owner["kind"], owner["stack"], owner["logical_id"]) == ("cloudformation", stack, "Https")
    assert f"owned by CloudFormation stack {stack} (logical ID Https)" in " ".join(entry["reasons"])
    assert "In place, not by replacement" in entry["recommendation"]
    assert "validation_method" in entry["recommendation"]


def test_rollback_switches_an_owned_consumer_back_only_when_told(ansible, sandbox, tmp_path):
    """An owned listener the migration switched (switch_owned_consumers) stays on the replacement in a
    rollback that is not told to switch owned consumers: its code may name either certificate by now, so
    the rollback holds it and names the code change; told, it switches it back."""
    old = email_certificate(sandbox, ["rollback-owned.example.org"], EU)
    stack, ids = _stack(sandbox, old)
    done = migrate(ansible, {"certificate_arns": [old], "delete_old": False, "switch_owned_consumers": True,
                             "wave_seconds": 1, "wait_timeout": 120}, EU)
    new = done["swap"]["pairs"][0]["new_certificate_arn"]
    assert listener_certs(sandbox, EU, ids["Https"])[0] == new

    def rollback(name, **extra):
        run = ansible.playbook(os.path.join(REPO_ROOT, "playbooks", "rollback_acm.yml"),
                               extra_vars={"acm_regions": [EU], "acm_certificate_arns": [old],
                                           "acm_report_dir": str(tmp_path / name), **extra})
        assert run.rc == 0, run
        report = json.loads((tmp_path / name / "acm_rollback.json").read_text())
        return next(c for t in report["targets"] for c in t["certificates"] if c["original_arn"] == old)

    held = rollback("held")
    assert listener_certs(sandbox, EU, ids["Https"])[0] == new
    assert held["outcome"] == "held" and held["consumers_switched_back"] == [], held
    assert f"owned by CloudFormation stack {stack}" in held["message"]
    assert [(h["code_change"]["resource"], h["code_change"]["before"], h["code_change"]["after"])
            for h in held["consumers_held"]] == [(ids["Https"], new, old)]

    restored = rollback("restored", acm_switch_owned_consumers=True)
    assert listener_certs(sandbox, EU, ids["Https"])[0] == old
    assert restored["outcome"] == "restored", restored


def test_acm_migrate_warns_when_owners_cannot_be_read_from_tags(ansible, sandbox):
    """tag:GetResources denied: acm_migrate says so (before, only acm_cert_swap did), asks CloudFormation for
    every consumer instead, and still holds the stack's listener, in check mode and in a real run."""
    old = email_certificate(sandbox, ["untagged-owner.example.org"], EU)
    stack, ids = _stack(sandbox, old)
    sandbox.settings(faults={"resourcegroupstaggingapi:GetResources": {"denied": 1.0}})
    args = {"certificate_arns": [old], "delete_old": True, "wave_seconds": 1, "wait_timeout": 120}
    for check in (True, False):
        result = migrate(ansible, args, EU, check=check)
        assert any("tag:GetResources is not allowed in eu-west-1" in w for w in result.get("warnings", [])), result
        action = next(a for a in result["swap"]["actions"] if a["resource_type"] == "elbv2_default")
        assert action["action"] == "none" and f"owned by CloudFormation stack {stack}" in action["reason"]
    assert listener_certs(sandbox, EU, ids["Https"])[0] == old and exists(sandbox, old, EU)


def test_a_load_balancer_of_the_load_balancer_controller_is_held_with_its_annotation(ansible, sandbox):
    """The AWS Load Balancer Controller reconciles its load balancers from Kubernetes: a direct switch is put
    back. Its tags name the cluster and the ingress stack; the change is the Ingress annotation."""
    old = cert(sandbox, ["k8s.example.org"], region=EU)
    new = cert(sandbox, ["k8s.example.org"], region=EU, replaces=old)
    lb, listeners = elbv2_lb(sandbox, EU, "k8s-ingress", [(443, old, [])])
    sandbox.client("elbv2", EU).add_tags(ResourceArns=[lb], Tags=[
        {"Key": "elbv2.k8s.aws/cluster", "Value": "prod"}, {"Key": "ingress.k8s.aws/stack", "Value": "web/shop"}])
    planned, done, again = _runs(ansible, sandbox, {"pairs": [{"old": old, "new": new}], "delete_old": True})
    action = done["actions"][0]
    assert done["actions"] == planned["actions"] and action["action"] == "none"
    assert action["owner"]["name"] == "AWS Load Balancer Controller of cluster prod (web/shop)"
    assert action["code_change"]["property"] == "Ingress annotation alb.ingress.kubernetes.io/certificate-arn"
    assert (action["code_change"]["before"], action["code_change"]["after"]) == (old, new)
    assert not done["changed"] and not again["changed"]
    assert listener_certs(sandbox, EU, listeners[443])[0] == old and exists(sandbox, old, EU)
