"""swap_plan: index + pairs -> actions and diff (pure, table-driven)."""

from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._consumers.consumer_index import ConsumerIndex
from ansible_collections.certshift.acm.plugins.module_utils.option_choices import CONSUMER_TYPES
from ansible_collections.certshift.acm.plugins.module_utils._swap.swap_plan import delete_action, diff, plan
from ansible_collections.certshift.acm.plugins.module_utils._swap.pair import Pair

OLD = "arn:aws:acm:us-east-1:123456789012:certificate/old"
NEW = "arn:aws:acm:us-east-1:123456789012:certificate/new"
OTHER = "arn:aws:acm:us-east-1:123456789012:certificate/other"
LB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/alb/1"
L1 = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/alb/1/a"


def elbv2(kind, cert, listener=L1):
    return {"type": kind, "certificate_arn": cert, "resource_arn": LB, "listener_arn": listener, "port": 443,
            "protocol": "HTTPS", "load_balancer_name": "alb", "names": [], "in_use_arns": [LB, listener]}


def elb(cert, port=443):
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/classic"
    return {"type": "elb", "certificate_arn": cert, "resource_arn": arn, "load_balancer_name": "classic",
            "port": port, "protocol": "HTTPS", "names": [], "in_use_arns": [arn]}


def cloudfront(cert, aliases=("example.com",)):
    arn = "arn:aws:cloudfront::123456789012:distribution/E1"
    return {"type": "cloudfront", "certificate_arn": cert, "resource_arn": arn, "distribution_id": "E1",
            "aliases": list(aliases), "names": list(aliases), "in_use_arns": [arn]}


def apigw(kind, cert, endpoint="REGIONAL"):
    arn = "arn:aws:apigateway:us-east-1::/domainnames/api.example.com"
    record = {"type": kind, "certificate_arn": cert, "resource_arn": arn, "domain_name": "api.example.com",
              "endpoint_type": endpoint, "names": ["api.example.com"], "in_use_arns": [arn]}
    if kind == "apigateway":
        record["patch_path"] = "/regionalCertificateArn" if endpoint == "REGIONAL" else "/certificateArn"
    return record


PAIR = [Pair(OLD, NEW)]


@pytest.mark.parametrize("records, types, expected", [
    ([elbv2("elbv2_default", OLD)], CONSUMER_TYPES, [("elbv2_default", "swap_default", NEW)]),
    ([elbv2("elbv2_sni", OLD)], CONSUMER_TYPES, [("elbv2_sni", "swap_sni", NEW)]),
    ([elbv2("elbv2_default", OTHER), elbv2("elbv2_sni", OLD)], CONSUMER_TYPES, [("elbv2_sni", "swap_sni", NEW)]),
    ([elb(OLD, 443), elb(OLD, 8443)], CONSUMER_TYPES, [("elb", "swap", NEW), ("elb", "swap", NEW)]),
    ([cloudfront(OLD)], CONSUMER_TYPES, [("cloudfront", "swap", NEW)]),
    ([apigw("apigateway", OLD, "EDGE")], CONSUMER_TYPES, [("apigateway", "swap", NEW)]),
    ([apigw("apigatewayv2", OLD)], CONSUMER_TYPES, [("apigatewayv2", "swap", NEW)]),
    ([cloudfront(OLD), elb(OLD)], ["elb"], [("elb", "swap", NEW), ("cloudfront", "none", OLD)]),
    ([elbv2("elbv2_default", NEW)], CONSUMER_TYPES, []),  # already on the new one: nothing to do
    ([], CONSUMER_TYPES, []),
])
def test_plan_actions(records, types, expected):
    actions = plan(ConsumerIndex(records, "us-east-1"), PAIR, types)
    got = sorted((a["resource_type"], a["action"], a["after"]) for a in actions)
    assert got == sorted(expected)
    for a in actions:
        assert a["before"] == OLD and a["old_certificate_arn"] == OLD and a["new_certificate_arn"] == NEW
        assert "in_use_arns" not in a and "names" not in a
        assert ("reason" in a) == (a["action"] == "none")


@pytest.mark.parametrize("sni_on_listener, add_new", [([OLD], True), ([OLD, NEW], False)])
def test_sni_swap_adds_only_when_missing(sni_on_listener, add_new):
    records = [elbv2("elbv2_default", OTHER)] + [elbv2("elbv2_sni", arn) for arn in sni_on_listener]
    [action] = plan(ConsumerIndex(records, "us-east-1"), PAIR)
    assert action["action"] == "swap_sni" and action["add_new"] is add_new


def test_plan_is_stable_and_default_precedes_sni_on_a_listener():
    records = [elbv2("elbv2_sni", OLD), elb(OLD), elbv2("elbv2_default", OLD)]
    first = plan(ConsumerIndex(records, "us-east-1"), PAIR)
    second = plan(ConsumerIndex(list(reversed(records)), "us-east-1"), PAIR)
    assert first == second
    assert [a["resource_type"] for a in first] == ["elb", "elbv2_default", "elbv2_sni"]


def test_diff_lists_changes_and_deletes_only():
    records = [elbv2("elbv2_default", OLD), cloudfront(OLD), elb(OLD)]
    actions = plan(ConsumerIndex(records, "us-east-1"), PAIR, ["elbv2", "cloudfront"]) + [delete_action(PAIR[0])]
    d = diff(actions)
    assert d["before"] == {f"elbv2 {L1} default certificate": OLD, "cloudfront E1": OLD,
                           f"acm certificate {OLD}": "present"}
    assert d["after"] == {f"elbv2 {L1} default certificate": NEW, "cloudfront E1": NEW,
                          f"acm certificate {OLD}": "absent"}


def test_unknown_consumers_are_in_use_arns_nothing_explains():
    index = ConsumerIndex([elbv2("elbv2_default", OLD)], "us-east-1")
    extra = "arn:aws:cloudfront::123456789012:distribution/EHIDDEN"
    assert index.unknown_consumers(OLD, [LB, L1, extra]) == [extra]
    assert index.unknown_consumers(NEW, [LB]) == [LB]  # LB serves OLD, not NEW


OWNER = {"kind": "cloudformation", "stack": "web", "logical_id": "Https", "name": "CloudFormation stack web "
         "(logical ID Https)", "template_location": "Parameters.CertArn"}


@pytest.mark.parametrize("switch_owned, expected", [(False, "none"), (True, "swap_default")])
def test_owned_consumer_is_held_unless_switch_owned(switch_owned, expected):
    """An owned consumer keeps the old certificate (its code would switch it back), with the code change to make;
    switch_owned_consumers switches it and still reports the change its code needs."""
    owned, free = {**elbv2("elbv2_default", OLD), "owner": OWNER}, elb(OLD)
    actions = plan(ConsumerIndex([owned, free], "us-east-1"), PAIR, switch_owned=switch_owned)
    by = {a["resource_type"]: a for a in actions}
    assert by["elb"]["action"] == "swap" and "code_change" not in by["elb"]
    held = by["elbv2_default"]
    assert held["action"] == expected
    assert held["after"] == (OLD if expected == "none" else NEW)
    assert held["code_change"] == {"resource": L1, "owner": OWNER, "before": OLD, "after": NEW,
                                   "property": "AWS::ElasticLoadBalancingV2::Listener Certificates[0].CertificateArn",
                                   "template_location": "Parameters.CertArn"}
    if expected == "none":
        assert "owned by CloudFormation stack web (logical ID Https)" in held["reason"]
        assert "switch_owned_consumers" in held["reason"]
        assert list(diff(actions)["after"].values()) == [NEW]  # only the classic ELB changes


def test_a_held_owned_consumer_holds_the_old_certificates_delete():
    from ansible_collections.certshift.acm.plugins.module_utils._swap.retire import hold_reason
    owned = {**elbv2("elbv2_default", OLD), "owner": OWNER}
    actions = plan(ConsumerIndex([owned], "us-east-1"), PAIR)
    reason = hold_reason(PAIR[0], {"certshift:replaces": OLD}, actions, [])
    assert reason is not None and "owned by CloudFormation stack web" in reason
    assert hold_reason(PAIR[0], {"certshift:replaces": OLD}, plan(ConsumerIndex([owned], "us-east-1"), PAIR,
                                                                  switch_owned=True), []) is None
