"""Elastic Beanstalk environments: the listener certificate is an option of the environment that
UpdateEnvironment changes on its load balancer, as the Elastic Beanstalk API reference documents;
plain moto 5.2.5 implements none of it (each test shows both)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import beanstalk_environment, import_certificate

REGION = "eu-west-1"
NAMESPACE = "aws:elbv2:listener:443"


def _setup(client):
    acm = client("acm", REGION)
    old, new = (import_certificate(acm, f"eb{i}.example.com") for i in range(2))
    return client("elasticbeanstalk", REGION), client("elbv2", REGION), old, new, beanstalk_environment(
        client, REGION, old)


def _default_certificate(elbv2, listener):
    return next(c["CertificateArn"] for c in elbv2.describe_listener_certificates(ListenerArn=listener)["Certificates"]
                if c["IsDefault"])


def _option(eb, env, namespace=NAMESPACE, name="SSLCertificateArns"):
    settings = eb.describe_configuration_settings(ApplicationName=env["application_name"],
                                                  EnvironmentName=env["environment_name"])["ConfigurationSettings"]
    return next((o["Value"] for o in settings[0]["OptionSettings"]
                 if o["Namespace"] == namespace and o["OptionName"] == name), None)


def _switch(eb, env, certificate):
    return eb.update_environment(EnvironmentId=env["environment_id"], OptionSettings=[
        {"Namespace": NAMESPACE, "OptionName": "SSLCertificateArns", "Value": certificate}])


def test_update_environment_puts_the_certificate_on_its_load_balancer(sandbox, plain_moto):
    """AWS: UpdateEnvironment with aws:elbv2:listener:443 SSLCertificateArns changes the environment's
    option and its load balancer's listener certificate; ACM then lists the load balancer as a user of
    the new certificate only. The environment has an id, and its resources name the load balancer."""
    eb, elbv2, old, new, env = _setup(sandbox.client)
    assert env["environment_id"].startswith("e-") and len(env["environment_id"]) == 12
    resources = eb.describe_environment_resources(EnvironmentId=env["environment_id"])["EnvironmentResources"]
    assert resources["LoadBalancers"] == [{"Name": env["load_balancer_arn"]}]
    assert _option(eb, env) == old
    updated = _switch(eb, env, new)
    assert updated["EnvironmentId"] == env["environment_id"] and updated["Status"] == "Ready"
    assert _option(eb, env) == new
    assert _default_certificate(elbv2, env["listener_arn"]) == new
    in_use = sandbox.control("GET", "acm/in_use")
    assert in_use[new] == [env["load_balancer_arn"]] and env["load_balancer_arn"] not in in_use.get(old, [])
    assert [(c["field"], c["before"], c["after"]) for c in sandbox.control("GET", "changes")["changes"]
            if c["service"] == "elasticbeanstalk" and c["resource"] == env["environment_arn"]][-1] == \
        (f"{NAMESPACE} SSLCertificateArns", old, new)

    eb, _elbv2, _old, new, env = _setup(plain_moto)
    assert env["environment_id"] == ""  # moto gives environments no id
    with pytest.raises(NotImplementedError):  # moto's server answers 500
        _switch(eb, env, new)


def test_a_direct_change_to_its_load_balancer_is_put_back_at_the_next_update(sandbox):
    """AWS: the environment's options are the truth; a listener certificate changed on the load balancer
    behind an environment is reverted by Beanstalk at the environment's next update."""
    eb, elbv2, old, new, env = _setup(sandbox.client)
    elbv2.modify_listener(ListenerArn=env["listener_arn"], Certificates=[{"CertificateArn": new}])
    assert _default_certificate(elbv2, env["listener_arn"]) == new
    eb.update_environment(EnvironmentId=env["environment_id"], OptionSettings=[
        {"Namespace": "aws:elasticbeanstalk:command", "OptionName": "Timeout", "Value": "600"}])
    assert _default_certificate(elbv2, env["listener_arn"]) == old


def test_an_unusable_certificate_fails_the_update_and_changes_nothing(sandbox, plain_moto):
    """AWS: a certificate that does not exist (or is not ISSUED, or in another region) fails
    UpdateEnvironment with InvalidParameterValue; the option and the listener keep the old one."""
    eb, elbv2, old, _new, env = _setup(sandbox.client)
    unknown = old.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000"
    with pytest.raises(ClientError) as e:
        _switch(eb, env, unknown)
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert _option(eb, env) == old and _default_certificate(elbv2, env["listener_arn"]) == old

    eb, _elbv2, _old, _new, env = _setup(plain_moto)
    with pytest.raises(NotImplementedError):  # no DescribeConfigurationSettings either
        _option(eb, env)


def test_describe_environments_lists_only_those_asked_for(sandbox, plain_moto):
    """AWS: DescribeEnvironments(EnvironmentIds=[...]) lists those environments only."""
    acm = sandbox.client("acm", REGION)
    first, second = (beanstalk_environment(sandbox.client, REGION, import_certificate(acm, f"f{i}.example.com"))
                     for i in range(2))
    found = sandbox.client("elasticbeanstalk", REGION).describe_environments(
        EnvironmentIds=[second["environment_id"]])["Environments"]
    assert [e["EnvironmentName"] for e in found] == [second["environment_name"]]
    assert first["environment_id"] != second["environment_id"]

    acm = plain_moto("acm", REGION)
    first, second = (beanstalk_environment(plain_moto, REGION, import_certificate(acm, f"f{i}.example.com"))
                     for i in range(2))
    found = plain_moto("elasticbeanstalk", REGION).describe_environments(
        EnvironmentNames=[second["environment_name"]])["Environments"]
    assert len(found) == 2  # moto ignores the filter


def test_an_unknown_environment_is_an_invalid_parameter(sandbox):
    eb = sandbox.client("elasticbeanstalk", REGION)
    with pytest.raises(ClientError) as e:
        eb.update_environment(EnvironmentId="e-0000000000", OptionSettings=[])
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
