"""Elastic Beanstalk environments migrated end to end by the replacement path (acm_migrate, strategy
replace): the listener certificate is switched through the environment (UpdateEnvironment), never on
its load balancer (Beanstalk would put its own certificate back). Check mode predicts the switch and
changes nothing; the real run switches and deletes the old certificate; a rerun changes nothing. A
certificate on the environment's load balancer that the environment's options do not set is held."""

from __future__ import annotations

from tests.sandbox.consumer_helpers import beanstalk_environment

EU = "eu-west-1"
MODULE = "certshift.acm.acm_migrate"
NAMESPACE = "aws:elbv2:listener:443"
# what changes a consumer or a certificate; the load balancer's own calls must never be made
MUTATING = ("elasticbeanstalk:UpdateEnvironment", "elbv2:ModifyListener", "elbv2:AddListenerCertificates",
            "elbv2:RemoveListenerCertificates", "acm:RequestCertificate", "acm:DeleteCertificate")


def email_certificate(sandbox, name):
    """An EMAIL-validated certificate (ISSUED at once in the sandbox) in a zone the sandbox serves."""
    return sandbox.client("acm", EU).request_certificate(DomainName=name, ValidationMethod="EMAIL")["CertificateArn"]


def setup(sandbox):
    sandbox.seed("demo")  # its zones (example.com) take the replacement's validation records
    old = email_certificate(sandbox, "eb.example.com")
    return old, beanstalk_environment(sandbox.client, EU, old)


def option(sandbox, env):
    settings = sandbox.client("elasticbeanstalk", EU).describe_configuration_settings(
        ApplicationName=env["application_name"], EnvironmentName=env["environment_name"])["ConfigurationSettings"]
    return next(o["Value"] for o in settings[0]["OptionSettings"]
                if o["Namespace"] == NAMESPACE and o["OptionName"] == "SSLCertificateArns")


def listener_certificates(sandbox, env):
    found = sandbox.client("elbv2", EU).describe_listener_certificates(ListenerArn=env["listener_arn"])["Certificates"]
    return {(c["CertificateArn"], c["IsDefault"]) for c in found}


def mutating(sandbox):
    calls = sandbox.calls()["by_agent"]["ansible"]
    return {k: calls[k] for k in MUTATING if calls.get(k)}


def migrate(ansible, check=False):
    # selected by name, as a rerun finds it: the old certificate is gone after the real run
    result = ansible.module(MODULE, {"strategy": "replace", "domains": ["eb.example.com"], "delete_old": True,
                                     "wait_timeout": 60}, check=check, region=EU)
    assert not result.get("failed"), result
    return result


def test_an_environment_is_switched_through_its_options_and_the_old_certificate_deleted(ansible, sandbox):
    old, env = setup(sandbox)
    sandbox.reset_calls()

    plan = migrate(ansible, check=True)
    assert plan["changed"]
    switches = [a for a in plan["swap"]["actions"] if a["action"] not in ("none", "delete")]
    assert [(a["resource_type"], a["environment_id"], a["namespace"], a["option_name"], a["before"])
            for a in switches] == [("elasticbeanstalk", env["environment_id"], NAMESPACE, "SSLCertificateArns", old)]
    assert switches[0]["resource_arn"] == env["load_balancer_arn"]  # as ACM's InUseBy names it
    assert not [a for a in plan["swap"]["actions"] if a["resource_type"].startswith("elb")]  # never the LB itself
    assert [p["deleted"] for p in plan["swap"]["pairs"]] == [True]
    assert mutating(sandbox) == {} and option(sandbox, env) == old

    done = migrate(ansible)
    assert done["changed"]
    [pair] = done["swap"]["pairs"]
    new = pair["new_certificate_arn"]
    assert pair["switched"] == 1 and pair["deleted"], pair
    assert option(sandbox, env) == new
    assert listener_certificates(sandbox, env) == {(new, True)}
    calls = mutating(sandbox)
    assert calls["elasticbeanstalk:UpdateEnvironment"] == 1 and calls["acm:DeleteCertificate"] == 1, calls
    assert "elbv2:ModifyListener" not in calls, calls  # Beanstalk changed its load balancer, we did not
    assert old not in {c["arn"] for c in sandbox.control("GET", "acm/certificates")["certificates"]}
    key = f"elasticbeanstalk {env['environment_name']} {NAMESPACE} SSLCertificateArns"
    assert (done["diff"]["before"]["consumers"][key], done["diff"]["after"]["consumers"][key]) == (old, new)

    sandbox.reset_calls()
    again = migrate(ansible)
    assert not again["changed"], again
    assert mutating(sandbox) == {}


def test_a_certificate_the_environment_does_not_set_on_its_load_balancer_is_held(ansible, sandbox):
    """An SNI certificate added to the environment's load balancer by hand: switching it there would be undone by
    Beanstalk, so it is not switched, and its old certificate is not deleted; the environment's own one is."""
    old, env = setup(sandbox)
    sni = email_certificate(sandbox, "extra.example.com")
    sandbox.client("elbv2", EU).add_listener_certificates(ListenerArn=env["listener_arn"],
                                                          Certificates=[{"CertificateArn": sni}])
    sandbox.reset_calls()
    result = ansible.module(MODULE, {"strategy": "replace", "certificate_arns": [old, sni], "delete_old": True,
                                     "wait_timeout": 60}, region=EU)
    assert not result.get("failed"), result
    pairs = {p["old_certificate_arn"]: p for p in result["swap"]["pairs"]}
    held = [a for a in result["swap"]["actions"] if a["old_certificate_arn"] == sni and a["action"] == "none"]
    assert len(held) == 1 and held[0]["resource_type"] == "elbv2_sni", result["swap"]["actions"]
    assert f"Elastic Beanstalk environment {env['environment_name']}" in held[0]["reason"]
    assert not pairs[sni]["deleted"] and "keep the old certificate" in pairs[sni]["delete_held"], pairs[sni]
    assert pairs[old]["deleted"] and pairs[old]["switched"] == 1
    assert (sni, False) in listener_certificates(sandbox, env)
    assert "elbv2:RemoveListenerCertificates" not in mutating(sandbox)
