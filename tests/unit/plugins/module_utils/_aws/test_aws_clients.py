"""aws_clients.Clients: every client of a module run from one boto3 session, with amazon.aws's
connection options, user agent and error messages."""

from __future__ import annotations

import boto3
import pytest

from ansible_collections.certshift.acm.plugins.module_utils import concurrency
from ansible_collections.certshift.acm.plugins.module_utils._aws.aws_clients import Clients


class Failed(Exception):
    pass


class FakeModule:
    """What amazon.aws's get_aws_connection_info and Clients read of an AnsibleAWSModule."""

    _name = "certshift.acm.acm_migrate"

    def __init__(self, **params):
        self.params = {"endpoint_url": "http://127.0.0.1:1", "access_key": "AKIDEXAMPLE", "secret_key": "secret",
                       "session_token": None, "profile": None, "validate_certs": True, "aws_ca_bundle": None,
                       "aws_config": None, "region": "eu-west-1", **params}
        self.region = self.params["region"]

    def fail_json(self, **kwargs):
        raise Failed(kwargs["msg"])

    def fail_json_aws(self, exception, msg):
        raise Failed(f"{msg}: {exception}")


def test_every_client_of_a_run_comes_from_one_session(monkeypatch):
    made = []

    class CountingSession(boto3.session.Session):
        def __init__(self, *args, **kwargs):
            made.append(kwargs)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(boto3.session, "Session", CountingSession)
    clients = Clients(FakeModule())
    for service in ("acm", "elbv2", "elb", "apigateway", "apigatewayv2", "route53"):
        clients.get(service)
    clients.cloudfront()
    assert clients.acm() is clients.get("acm")
    assert len(made) == 1
    assert clients.session is clients.session


def test_clients_carry_the_connection_options_and_amazon_aws_user_agent():
    clients = Clients(FakeModule(aws_config={"read_timeout": 7}))
    acm = clients.acm()
    assert acm.meta.region_name == "eu-west-1"
    assert acm.meta.endpoint_url == "http://127.0.0.1:1"
    assert clients.cloudfront().meta.region_name == "us-east-1"
    config = acm.meta.config
    assert "APN/1.0 Ansible/" in config.user_agent and "amazon.aws/" in config.user_agent
    assert config.retries["mode"] == "adaptive"
    assert config.read_timeout == 7  # the user's aws_config wins over our defaults
    credentials = acm._request_signer._credentials
    assert credentials.access_key == "AKIDEXAMPLE"


def test_an_unknown_profile_is_one_clear_failure():
    clients = Clients(FakeModule(access_key=None, secret_key=None, profile="no-such-profile"))
    with pytest.raises(Failed, match="Couldn't connect to AWS: The config profile \\(no-such-profile\\) could not be found"):
        clients.acm()


def test_route53_calls_wait_for_one_bucket_of_its_quota_like_every_service(monkeypatch):
    seen = []

    def wait(limiter, action):
        seen.append((action, limiter._shared.rate, dict(limiter._buckets)))
        raise RuntimeError("stop before sending")

    monkeypatch.setattr(concurrency.RateLimiter, "wait", wait)
    route53 = Clients(FakeModule()).get("route53")
    with pytest.raises(RuntimeError):
        route53.list_hosted_zones()
    with pytest.raises(RuntimeError):
        route53.get_waiter("resource_record_sets_changed").wait(Id="C1")
    rate = pytest.approx(5 * concurrency.HEADROOM)
    assert seen == [("ListHostedZones", rate, {}), ("GetChange", rate, {})]
