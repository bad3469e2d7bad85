"""acm_cert_swap in check mode with allow_planned_replacement predicts the swaps of a
certificate whose replacement does not exist yet, and changes nothing."""

from tests.fleet_state import consumer_certificates


def test_planned_replacement_predicts_swaps_and_changes_nothing(ansible, sandbox):
    demo = sandbox.seed("demo")
    old = demo["certificates"]["alb_default"]["arn"]
    before = consumer_certificates(sandbox, ["eu-west-1"])
    result = ansible.module("certshift.acm.acm_cert_swap", {
        "region": "eu-west-1", "certificate_arns": [old], "delete_old": True, "allow_planned_replacement": True,
    }, check=True)
    assert not result.get("failed"), result
    pair = result["pairs"][0]
    assert pair["new_certificate_planned"] is True
    assert pair["switched"] == 1 and pair["deleted"] is True
    assert result["changed"] is True
    assert [a["action"] for a in result["actions"]] == ["swap_default", "delete"]
    assert consumer_certificates(sandbox, ["eu-west-1"]) == before


def test_without_the_option_a_missing_replacement_is_an_error(ansible, sandbox):
    demo = sandbox.seed("demo")
    old = demo["certificates"]["alb_default"]["arn"]
    result = ansible.module("certshift.acm.acm_cert_swap", {"region": "eu-west-1", "certificate_arns": [old]},
                            check=True)
    assert result.get("failed") and "request the replacement first" in result["msg"]
