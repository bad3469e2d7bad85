"""Elastic Beanstalk consumers: the load balancers behind environments are left to them, and a switch
waits for the environment (one update at a time) on a virtual clock, then checks the update held."""

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._consumers import elasticbeanstalk as eb

LB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/awseb-web/1"
OTHER_LB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/plain/2"
ENV = "arn:aws:elasticbeanstalk:eu-west-1:123456789012:environment/app/web"
OLD, NEW, SNI = "arn:aws:acm:eu-west-1:123456789012:certificate/old", "arn:new", "arn:sni"
NAMESPACE = "aws:elbv2:listener:443"


def beanstalk(cert=OLD, port=443):
    return {"type": "elasticbeanstalk", "certificate_arn": cert, "resource_arn": LB, "load_balancer_arns": [LB],
            "environment_id": "e-abcdefghij", "environment_name": "web", "port": port, "in_use_arns": [LB, ENV]}


def listener(record_type, cert, lb=LB, port=443):
    return {"type": record_type, "certificate_arn": cert, "resource_arn": lb, "port": port, "in_use_arns": [lb]}


def test_the_record_of_what_the_environment_switches_is_dropped_and_the_rest_of_its_load_balancer_held():
    records = [beanstalk(), listener("elbv2_default", OLD), listener("elbv2_sni", SNI),
               listener("elbv2_default", OLD, lb=OTHER_LB), listener("elbv2_default", OLD, port=8443)]
    kept = eb.claim_load_balancers(records)
    assert kept[0] == records[0]
    assert listener("elbv2_default", OLD) not in kept  # the environment switches it
    held = {(r["certificate_arn"], r["port"]): r["held"] for r in kept if r.get("held")}
    assert set(held) == {(SNI, 443), (OLD, 8443)}
    assert all("Elastic Beanstalk environment web (e-abcdefghij)" in why for why in held.values())
    assert listener("elbv2_default", OLD, lb=OTHER_LB) in kept  # not behind an environment: switched as elbv2


def test_without_environments_nothing_changes():
    records = [listener("elbv2_default", OLD), listener("elb", OLD)]
    assert eb.claim_load_balancers(records) == records


class FakeBeanstalk:
    """Statuses DescribeEnvironments returns in turn (the last one repeats), and the options after the update."""

    def __init__(self, statuses, applied=True):
        self.statuses, self.applied, self.updates = list(statuses), applied, []

    def describe_environments(self, EnvironmentIds, IncludeDeleted):
        status = self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]
        return {"Environments": [{"EnvironmentId": EnvironmentIds[0], "Status": status}]}

    def update_environment(self, EnvironmentId, OptionSettings):
        self.updates.append(OptionSettings)

    def describe_configuration_settings(self, ApplicationName, EnvironmentName):
        value = NEW if self.applied and self.updates else OLD
        return {"ConfigurationSettings": [{"OptionSettings": [
            {"Namespace": NAMESPACE, "OptionName": "SSLCertificateArns", "Value": value}]}]}


class Applier:
    def __init__(self, client, timeout=60):
        self.now, self.sleeps = 0.0, 0
        self.clients = type("Clients", (), {"get": staticmethod(lambda service, region=None: client)})
        self.deployed_wait_timeout, self.poll_seconds = timeout, 5

    def clock(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds
        self.sleeps += 1


ACTION = {"environment_id": "e-abcdefghij", "environment_name": "web", "application_name": "app",
          "namespace": NAMESPACE, "option_name": "SSLCertificateArns", "before": OLD, "after": NEW}


def test_the_switch_waits_until_the_environment_is_ready_before_and_after_its_update():
    client = FakeBeanstalk(["Updating", "Updating", "Ready", "Updating", "Ready"])
    applier = Applier(client)
    assert eb.switch_group(applier, [ACTION]) == []
    assert client.updates == [[{"Namespace": NAMESPACE, "OptionName": "SSLCertificateArns", "Value": NEW}]]
    assert applier.sleeps == 3


def test_an_environment_never_ready_fails_the_switch_without_an_update():
    client = FakeBeanstalk(["Updating"])
    failures = eb.switch_group(Applier(client, timeout=30), [ACTION])
    assert client.updates == []
    assert len(failures) == 1 and "still Updating before changing its certificate after 30s" in failures[0]["error"]


def test_an_update_rolled_back_is_a_failure():
    failures = eb.switch_group(Applier(FakeBeanstalk(["Ready"], applied=False)), [ACTION])
    assert len(failures) == 1 and "rolled back" in failures[0]["error"] and OLD in failures[0]["error"]


@pytest.mark.parametrize("setting, expected", [
    ({"Namespace": "aws:elbv2:listener:443", "OptionName": "SSLCertificateArns"}, ("aws:elbv2:listener:", 443)),
    ({"Namespace": "aws:elb:listener:8443", "OptionName": "SSLCertificateId"}, ("aws:elb:listener:", 8443)),
    ({"Namespace": "aws:elbv2:listener:default", "OptionName": "SSLCertificateArns"}, None),
    ({"Namespace": "aws:elbv2:listener:443", "OptionName": "Protocol"}, None),
    ({"Namespace": "aws:elb:listener:443", "OptionName": "SSLCertificateArns"}, None),
])
def test_the_options_that_hold_a_listener_certificate(setting, expected):
    from ansible_collections.certshift.acm.plugins.module_utils._aws import elasticbeanstalk_api

    assert elasticbeanstalk_api.certificate_listener(setting) == expected
