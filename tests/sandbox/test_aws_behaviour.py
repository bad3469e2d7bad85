"""Opt-in AWS-like behaviour of the sandbox: latency, rate quotas, injected faults."""

import time

import botocore.config
import botocore.exceptions
import pytest

NO_RETRY = botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 1})


def _acm_no_retry(sandbox):
    import boto3

    return boto3.client("acm", region_name="eu-west-1", endpoint_url=sandbox.endpoint, config=NO_RETRY,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def test_latency_is_added_to_every_call(sandbox):
    client = _acm_no_retry(sandbox)
    sandbox.settings(latency_ms=200)
    started = time.monotonic()
    client.list_certificates()
    assert time.monotonic() - started >= 0.2  # a lower bound only: the sandbox sleeps 200 ms before answering


def test_rate_quota_throttles_like_acm(sandbox):
    """ACM allows 8 ListCertificates calls per second per account and region, then
    answers ThrottlingException. 30 concurrent calls exceed that on any machine."""
    from concurrent.futures import ThreadPoolExecutor

    sandbox.settings(rate_quotas=True)
    client = _acm_no_retry(sandbox)

    def call(_):
        try:
            client.list_certificates()
            return "ok"
        except botocore.exceptions.ClientError as e:
            return e.response["Error"]["Code"]

    started = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        codes = list(pool.map(call, range(30)))
    elapsed = time.monotonic() - started
    assert set(codes) <= {"ok", "ThrottlingException"}
    assert 8 <= codes.count("ok") <= 8 + int(elapsed * 8) + 1
    assert sandbox.control("GET", "behaviour/stats")["throttled:acm:ListCertificates"] == codes.count("ThrottlingException")


@pytest.mark.parametrize("action,rate", [("UpdateCertificateOptions", 5), ("ListCertificateDomainValidations", 10)])
def test_rate_quotas_of_the_in_place_migration_calls(sandbox, action, rate):
    """ACM allows UpdateCertificateOptions 5 calls per second per account and region;
    ListCertificateDomainValidations is not in AWS's quota table (aws-facts.md assumes 10,
    as DescribeCertificate). Beyond that: ThrottlingException."""
    from concurrent.futures import ThreadPoolExecutor

    client = _acm_no_retry(sandbox)
    arn = client.request_certificate(DomainName="x.example.com", ValidationMethod="EMAIL")["CertificateArn"]
    sandbox.settings(rate_quotas=True)
    calls = {"UpdateCertificateOptions": lambda: client.update_certificate_options(
                 CertificateArn=arn, Options={"CertificateTransparencyLoggingPreference": "ENABLED"}),
             "ListCertificateDomainValidations": lambda: client.list_certificate_domain_validations(CertificateArn=arn)}

    def call(_):
        try:
            calls[action]()
            return "ok"
        except botocore.exceptions.ClientError as e:
            return e.response["Error"]["Code"]

    started = time.monotonic()
    with ThreadPoolExecutor(10) as pool:
        codes = list(pool.map(call, range(4 * rate)))
    elapsed = time.monotonic() - started
    assert set(codes) <= {"ok", "ThrottlingException"}
    assert rate <= codes.count("ok") <= rate + int(elapsed * rate) + 1
    assert sandbox.control("GET", "behaviour/stats").get(f"throttled:acm:{action}", 0) == codes.count("ThrottlingException")


def test_call_timeline_tells_throttled_and_faulted_calls_from_served_ones(sandbox):
    """A client that retries a throttle reaches the sandbox twice for one answer; the timeline
    says which arrivals the service answered and what the sandbox answered instead."""
    client = _acm_no_retry(sandbox)
    sandbox.settings(faults={"acm:ListCertificates": {"throttle": 1.0}, "acm:GetCertificate": {"reset": 1.0}})
    sandbox.reset_calls()
    for call in (client.list_certificates, lambda: client.get_certificate(CertificateArn=_ARN)):
        with pytest.raises((botocore.exceptions.ClientError, botocore.exceptions.ConnectionClosedError)):
            call()
    sandbox.settings(faults={})
    client.list_certificates()
    timeline = sandbox.timeline()
    assert [(action, intercepted) for _t, action, intercepted in timeline] == [
        ("acm:ListCertificates", "ThrottlingException"), ("acm:GetCertificate", "reset"), ("acm:ListCertificates", None)]


_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"


def test_quota_buckets_are_per_region(sandbox):
    sandbox.settings(rate_quotas=True)
    import boto3

    for region in ("eu-west-1", "us-east-1"):
        client = boto3.client("acm", region_name=region, endpoint_url=sandbox.endpoint, config=NO_RETRY,
                              aws_access_key_id="testing", aws_secret_access_key="testing")
        for _ in range(8):
            client.list_certificates()


@pytest.mark.parametrize("kind,code", [("throttle", "ThrottlingException"), ("http500", "InternalFailure"),
                                       ("http503", "ServiceUnavailable")])
def test_faults_answer_in_the_service_protocol(sandbox, kind, code):
    sandbox.settings(faults={"acm:ListCertificates": {kind: 1.0}})
    with pytest.raises(botocore.exceptions.ClientError) as e:
        _acm_no_retry(sandbox).list_certificates()
    assert e.value.response["Error"]["Code"] == code


def test_connection_reset_fault(sandbox):
    sandbox.settings(faults={"acm:ListCertificates": {"reset": 1.0}})
    with pytest.raises((botocore.exceptions.ConnectionClosedError, botocore.exceptions.EndpointConnectionError,
                        botocore.exceptions.ClientError)):
        _acm_no_retry(sandbox).list_certificates()


def test_faults_only_hit_the_named_action_and_clear_on_reset(sandbox):
    sandbox.settings(faults={"acm:ListCertificates": {"throttle": 1.0}})
    client = _acm_no_retry(sandbox)
    client.request_certificate(DomainName="x.example.com", ValidationMethod="DNS")
    sandbox.reset()
    client.list_certificates()


def test_which_call_of_an_action_faults_does_not_depend_on_other_actions(sandbox):
    """Fault rolls come from one seeded stream per action: a run whose threads interleave their
    calls differently still faults the same calls of each action (test_faults relies on it)."""
    client = _acm_no_retry(sandbox)
    sandbox.settings(faults={"acm:ListCertificates": {"http500": 0.5}, "acm:ListTagsForCertificate": {"http500": 0.5}})
    arn = client.request_certificate(DomainName="x.example.com", ValidationMethod="DNS")["CertificateArn"]

    def pattern(interleave):
        sandbox.control("POST", "behaviour/reseed", {"seed": 11})
        outcomes = []
        for i in range(12):
            for _ in range(interleave * (i % 3)):
                try:
                    client.list_tags_for_certificate(CertificateArn=arn)
                except botocore.exceptions.ClientError:
                    pass
            try:
                client.list_certificates()
                outcomes.append("ok")
            except botocore.exceptions.ClientError:
                outcomes.append("fault")
        return outcomes

    alone = pattern(interleave=0)
    assert "ok" in alone and "fault" in alone
    assert pattern(interleave=2) == alone


def test_elbv2_throttle_code(sandbox):
    sandbox.settings(faults={"elbv2:DescribeLoadBalancers": {"throttle": 1.0}})
    import boto3

    client = boto3.client("elbv2", region_name="eu-west-1", endpoint_url=sandbox.endpoint, config=NO_RETRY,
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client.describe_load_balancers()
    assert e.value.response["Error"]["Code"] == "Throttling"


def test_tagging_api_throttle_is_a_json_error_botocore_recognises(sandbox):
    """The Resource Groups Tagging API speaks JSON: an injected throttle must parse as
    ThrottledException (which botocore retries), not as an unknown 400."""
    import boto3

    sandbox.settings(faults={"resourcegroupstaggingapi:GetResources": {"throttle": 1.0}})
    client = boto3.client("resourcegroupstaggingapi", region_name="eu-west-1", endpoint_url=sandbox.endpoint,
                          config=NO_RETRY, aws_access_key_id="testing", aws_secret_access_key="testing")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        client.get_resources()
    assert e.value.response["Error"]["Code"] == "ThrottledException"
