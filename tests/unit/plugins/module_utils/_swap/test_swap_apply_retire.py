"""swap_apply and retire with recording fake clients: call order, ETag retries, the
SNI add-before-remove rule, InUseBy lag, unknown consumers and ResourceInUseException."""

from __future__ import annotations

import botocore.exceptions
import pytest

from ansible_collections.certshift.acm.plugins.module_utils._consumers.consumer_index import ConsumerIndex
from ansible_collections.certshift.acm.plugins.module_utils._swap.retire import ABSENT, Retirer, hold_reason
from ansible_collections.certshift.acm.plugins.module_utils._swap.swap_apply import Applier
from ansible_collections.certshift.acm.plugins.module_utils._swap.pair import Pair
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError

OLD, NEW = "arn:old", "arn:new"
L1 = "arn:listener"


def client_error(code, op="Op"):
    return botocore.exceptions.ClientError({"Error": {"Code": code, "Message": code}}, op)


class Fake:
    """A client whose methods record their kwargs and answer from ``answers`` (callables or values)."""

    def __init__(self, log, name, **answers):
        self.log, self.name, self.answers = log, name, answers

    def __getattr__(self, op):
        def call(**kwargs):
            self.log.append((self.name, op, kwargs))
            answer = self.answers.get(op)
            if callable(answer):
                return answer(**kwargs)
            return answer if answer is not None else {}
        return call

    def get_paginator(self, op):
        fake = self

        class Pager:
            def paginate(self, **kwargs):
                return [getattr(fake, op)(**kwargs)]
        return Pager()


class Clients:
    def __init__(self, **clients):
        self.clients = clients

    def get(self, service):
        return self.clients[service]

    def cloudfront(self):
        return self.clients["cloudfront"]


def sni_action(add_new=True):
    return {"resource_type": "elbv2_sni", "listener_arn": L1, "action": "swap_sni", "before": OLD, "after": NEW,
            "add_new": add_new, "old_certificate_arn": OLD}


def test_sni_add_then_remove():
    log = []
    elbv2 = Fake(log, "elbv2", describe_listener_certificates={"Certificates": [
        {"CertificateArn": "arn:default", "IsDefault": True}, {"CertificateArn": OLD}, {"CertificateArn": NEW}]})
    assert Applier(Clients(elbv2=elbv2)).apply([sni_action()]) == []
    assert [op for _, op, _ in log] == ["add_listener_certificates", "describe_listener_certificates",
                                        "remove_listener_certificates"]
    assert log[2][2]["Certificates"] == [{"CertificateArn": OLD}]


def test_sni_old_stays_when_new_not_listed():
    log = []
    elbv2 = Fake(log, "elbv2", describe_listener_certificates={"Certificates": [{"CertificateArn": OLD}]})
    failures = Applier(Clients(elbv2=elbv2)).apply([sni_action()])
    assert len(failures) == 1 and "was left in place" in failures[0]["error"]
    assert "remove_listener_certificates" not in [op for _, op, _ in log]


def cloudfront_action():
    return {"resource_type": "cloudfront", "distribution_id": "E1", "action": "swap", "before": OLD, "after": NEW,
            "old_certificate_arn": OLD}


def test_cloudfront_changes_only_the_acm_arn_and_retries_a_stale_etag():
    log = []
    etags = iter(["E-1", "E-2"])
    config = {"Comment": "keep", "ViewerCertificate": {
        "ACMCertificateArn": OLD, "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021",
        "Certificate": OLD, "CertificateSource": "acm", "CloudFrontDefaultCertificate": False}}
    updates = []

    def update(**kwargs):
        updates.append(kwargs)
        if kwargs["IfMatch"] == "E-1":
            raise client_error("PreconditionFailed", "UpdateDistribution")
        return {"ETag": "E-3"}

    cf = Fake(log, "cloudfront",
              get_distribution={"Distribution": {"Status": "Deployed"}},
              get_distribution_config=lambda **_: {"DistributionConfig": {**config, "ViewerCertificate": dict(
                  config["ViewerCertificate"])}, "ETag": next(etags)},
              update_distribution=update)
    assert Applier(Clients(cloudfront=cf)).apply([cloudfront_action()]) == []
    assert [u["IfMatch"] for u in updates] == ["E-1", "E-2"]
    sent = updates[-1]["DistributionConfig"]
    assert sent["Comment"] == "keep"
    assert sent["ViewerCertificate"] == {"ACMCertificateArn": NEW, "SSLSupportMethod": "sni-only",
                                         "MinimumProtocolVersion": "TLSv1.2_2021", "CloudFrontDefaultCertificate": False}


def test_cloudfront_waits_for_a_change_in_progress_before_and_after_when_asked():
    log = []
    statuses = iter(["InProgress", "Deployed", "InProgress", "InProgress", "Deployed"])
    cf = Fake(log, "cloudfront",
              get_distribution=lambda **_: {"Distribution": {"Status": next(statuses)}},
              get_distribution_config=lambda **_: {"DistributionConfig": {"ViewerCertificate": {
                  "ACMCertificateArn": OLD}}, "ETag": "E"},
              update_distribution={"ETag": "E2"})
    sleeps = []
    applier = Applier(Clients(cloudfront=cf), wait_deployed=True, sleep=sleeps.append, clock=lambda: 0)
    assert applier.apply([cloudfront_action()]) == []
    ops = [op for _, op, _ in log]
    assert ops == ["get_distribution", "get_distribution", "get_distribution_config", "update_distribution",
                   "get_distribution", "get_distribution", "get_distribution"]
    assert len(sleeps) == 3


def test_a_distribution_still_in_progress_names_the_option_that_waits_longer():
    cf = Fake([], "cloudfront", get_distribution={"Distribution": {"Status": "InProgress"}})
    now = {"t": 0.0}

    def sleep(seconds):
        now["t"] += seconds
    applier = Applier(Clients(cloudfront=cf), deployed_wait_timeout=12, sleep=sleep, clock=lambda: now["t"],
                      poll_seconds=5)
    with pytest.raises(CertshiftError) as raised:
        applier.wait_until_deployed(cf, "E1", "before changing its certificate")
    assert str(raised.value) == ("CloudFront distribution E1 was still InProgress before changing its certificate "
                                 "after 12s: raise deployed_wait_timeout or run again later")
    assert now["t"] == 15


def test_apigatewayv2_keeps_other_configuration_fields():
    log = []
    v2 = Fake(log, "apigatewayv2", get_domain_name={"DomainName": "api.example.com", "DomainNameConfigurations": [
        {"CertificateArn": OLD, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2", "HostedZoneId": "Z",
         "DomainNameStatus": "AVAILABLE"}]})
    action = {"resource_type": "apigatewayv2", "domain_name": "api.example.com", "endpoint_type": "REGIONAL",
              "action": "swap", "before": OLD, "after": NEW, "old_certificate_arn": OLD}
    assert Applier(Clients(apigatewayv2=v2)).apply([action]) == []
    assert log[-1][2] == {"DomainName": "api.example.com", "DomainNameConfigurations": [
        {"CertificateArn": NEW, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}]}


# --- retire ----------------------------------------------------------------------------
TAGGED = {"certshift:replaces": OLD}


@pytest.mark.parametrize("tags, actions, unknown, text", [
    (TAGGED, [], [], None),
    ({}, [], [], "is not tagged certshift:replaces"),
    ({"certshift:replaces": "arn:other"}, [], [], "is not tagged"),
    (TAGGED, [], ["arn:aws:cloudfront::1:distribution/X"], "cannot see or switch: arn:aws:cloudfront::1:distribution/X"),
    (TAGGED, [{"old_certificate_arn": OLD, "action": "none", "reason": "filtered"}], [], "keep the old certificate"),
])
def test_hold_reason(tags, actions, unknown, text):
    reason = hold_reason(Pair(OLD, NEW), tags, actions, unknown)
    assert (reason is None) if text is None else (text in reason)


def retirer(in_use_sequence, delete=None, timeout=100):
    log = []
    answers = iter(in_use_sequence)
    acm = Fake(log, "acm", describe_certificate=lambda **_: {"Certificate": {"InUseBy": next(answers)}},
               delete_certificate=delete)
    clock = iter(range(0, 1000, 5))
    return Retirer(acm, in_use_wait_timeout=timeout, sleep=lambda _s: None, clock=lambda: next(clock)), log


def test_retire_waits_for_in_use_lag_then_deletes():
    r, log = retirer([["arn:lb"], ["arn:lb"], []])
    assert r.retire(OLD, ConsumerIndex([], "r"), {"arn:lb"}) == (True, None)
    assert [op for _, op, _ in log] == ["describe_certificate"] * 3 + ["delete_certificate"]


def test_retire_gives_up_after_the_bounded_wait():
    r, log = retirer([["arn:lb"]] * 10, timeout=6)
    deleted, reason = r.retire(OLD, ConsumerIndex([], "r"), {"arn:lb"})
    assert not deleted and "InUseBy" in reason and "arn:lb" in reason
    assert "delete_certificate" not in [op for _, op, _ in log]


def test_retire_holds_on_unknown_in_use_entry_without_waiting():
    r, log = retirer([["arn:unknown"]])
    deleted, reason = r.retire(OLD, ConsumerIndex([], "r"), {"arn:lb"})
    assert not deleted and "arn:unknown" in reason and len(log) == 1


def test_retire_resource_in_use_exception_keeps_certificate():
    def refuse(**_):
        raise client_error("ResourceInUseException", "DeleteCertificate")
    r, _log = retirer([[]], delete=refuse)
    deleted, reason = r.retire(OLD, ConsumerIndex([], "r"), set())
    assert not deleted and "ResourceInUseException" in reason


def test_retire_already_deleted_is_fine_but_not_this_runs_delete():
    """Gone when this run came to delete it (another run, or a person, deleted it first): no error, and
    reported as ABSENT, not as this run's delete (two concurrent runs each claimed every deletion)."""
    def gone(**_):
        raise client_error("ResourceNotFoundException", "DeleteCertificate")
    r, _log = retirer([[]], delete=gone)
    assert r.retire(OLD, ConsumerIndex([], "r"), set()) == (ABSENT, None)


def test_retire_refuses_while_the_rescan_finds_a_consumer():
    record = {"type": "elb", "certificate_arn": OLD, "resource_arn": "arn:lb", "in_use_arns": ["arn:lb"]}
    r, log = retirer([[]])
    deleted, reason = r.retire(OLD, ConsumerIndex([record], "r"), {"arn:lb"})
    assert not deleted and "still used after the swap by arn:lb" in reason and log == []


def test_services_take_turns_so_each_works_at_its_own_quota():
    """API Gateway domains listed before the load balancers must not keep ELB's quota idle:
    in the order of work, the services alternate."""
    log = []
    apigw, elb = Fake(log, "apigateway"), Fake(log, "elb")
    actions = [{"resource_type": "apigateway", "domain_name": f"api{i}.example.com", "patch_path": "/regionalCertificateArn",
                "action": "swap", "before": OLD, "after": NEW, "old_certificate_arn": OLD} for i in range(3)]
    actions += [{"resource_type": "elb", "load_balancer_name": f"lb{i}", "port": 443, "action": "swap",
                 "before": OLD, "after": NEW, "old_certificate_arn": OLD} for i in range(3)]
    assert Applier(Clients(apigateway=apigw, elb=elb), workers=1).apply(actions) == []
    assert [service for service, _op, _kwargs in log] == ["apigateway", "elb"] * 3
