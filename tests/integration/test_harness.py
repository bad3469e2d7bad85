"""The harness itself: a real ansible-playbook run reaches the sandbox through the
standard AWS environment, and the sandbox counts the calls it served."""


def test_amazon_aws_module_reaches_sandbox_via_environment(ansible, sandbox):
    sandbox.client("acm").request_certificate(DomainName="harness.example.com")
    result = ansible.module("amazon.aws.aws_caller_info", {})
    assert not result.get("failed"), result
    assert result["account"] == "123456789012"
    calls = sandbox.calls()["by_action"]
    assert calls.get("sts:GetCallerIdentity", 0) >= 1
