"""`module_defaults: group/aws` configures certshift.acm's modules like amazon.aws's
(ansible-core owns group/aws, so our action plugins apply its connection options)."""

from __future__ import annotations

import pytest
import yaml


def play(tmp_path, group, module_args, defaults):
    path = tmp_path / "play.yml"
    path.write_text(yaml.safe_dump([{
        "name": "module_defaults",
        "hosts": "localhost",
        "connection": "local",
        "gather_facts": False,
        "module_defaults": {group: defaults},
        "tasks": [{"name": "check", "certshift.acm.acm_renewal_check": module_args, "register": "out"}],
    }]))
    return str(path)


@pytest.mark.parametrize("group", ["group/aws", "group/amazon.aws.aws", "group/certshift.acm.aws"])
def test_group_defaults_reach_our_modules(ansible, sandbox, tmp_path, group):
    arn = sandbox.client("acm", "eu-central-1").request_certificate(
        DomainName="defaults.example.com", ValidationMethod="EMAIL")["CertificateArn"]
    # Neither endpoint nor region in the environment: only module_defaults can supply them.
    run = ansible.playbook(play(tmp_path, group, {"check_https": False}, {
        "endpoint_url": sandbox.endpoint, "region": "eu-central-1", "access_key": "testing",
        "secret_key": "testing"}), env={"AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_DEFAULT_REGION": ""})
    assert run.rc == 0, run
    arns = [c["certificate_arn"] for c in run.result("check")["certificates"]]
    assert arns == [arn]


def test_task_arguments_win_over_group_defaults(ansible, sandbox, tmp_path):
    sandbox.client("acm", "eu-central-1").request_certificate(DomainName="a.example.com", ValidationMethod="EMAIL")
    run = ansible.playbook(play(tmp_path, "group/aws", {"check_https": False, "region": "eu-north-1"}, {
        "region": "eu-central-1"}))
    assert run.rc == 0, run
    assert run.result("check")["certificates"] == []


def test_options_other_than_connection_are_not_taken(ansible, sandbox, tmp_path):
    run = ansible.playbook(play(tmp_path, "group/aws", {"check_https": False}, {"wait": True, "purge_tags": True}))
    assert run.rc == 0, run
