"""Consumers with no in-place certificate switch are recognised by the ARN ACM lists in InUseBy."""

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._consumers import fixed_consumers as fc

APPSYNC = "arn:aws:appsync:eu-west-1:123456789012:domainnames/graphql.example.com"
IOT = "arn:aws:iot:eu-west-1:123456789012:domainconfiguration/devices-example/9e5b1"
IOT_SHORT = "arn:aws:iot:eu-west-1:123456789012:domainconfiguration/devices-example"
VERIFIED_ACCESS = "arn:aws:ec2:eu-west-1:123456789012:verified-access-endpoint/vae-0123456789abcdef0"
GOV = "arn:aws-us-gov:appsync:us-gov-west-1:123456789012:domainnames/api.example.gov"


@pytest.mark.parametrize("arn, name", [
    (APPSYNC, "AppSync custom domain graphql.example.com"),
    (IOT, "IoT Core domain configuration devices-example"),
    (IOT_SHORT, "IoT Core domain configuration devices-example"),
    (VERIFIED_ACCESS, "Verified Access endpoint vae-0123456789abcdef0"),
    (GOV, "AppSync custom domain api.example.gov"),
])
def test_each_kind_is_named_by_its_arn(arn, name):
    assert fc.recognise(arn) == name
    assert fc.describe(arn) == f"{name} ({arn})"


@pytest.mark.parametrize("arn", [
    "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
    "arn:aws:cloudfront::123456789012:distribution/EMANAGEDBYAWS",
    "arn:aws:apigateway:eu-west-1::/domainnames/api.example.com",
    "arn:aws:ec2:eu-west-1:123456789012:verified-access-instance/vai-0123",  # the instance holds no certificate
    "arn:aws:appsync:eu-west-1:123456789012:apis/abc",
    "", "not an arn",
])
def test_switchable_or_unknown_users_are_not_recognised_and_described_by_their_arn(arn):
    assert fc.recognise(arn) is None
    assert fc.describe(arn) == arn


def test_the_hold_reason_names_each_consumer_and_recommends_the_in_place_migration():
    invisible = "arn:aws:cloudfront::123456789012:distribution/EMANAGEDBYAWS"
    reason = fc.hold_reason([APPSYNC, invisible, IOT])
    assert reason.startswith("held, not replaced: used by AppSync custom domain graphql.example.com")
    assert "IoT Core domain configuration devices-example" in reason
    assert "only by being recreated" in reason
    assert f"{invisible}, which no consumer scan can switch" in reason
    assert reason.endswith(fc.IN_PLACE) and "in place" in fc.IN_PLACE


def test_an_unrecognised_user_alone_keeps_the_general_reason():
    reason = fc.hold_reason(["arn:aws:foo:eu-west-1:123456789012:thing/x"])
    assert "cannot take another certificate" not in reason
    assert "which no consumer scan can switch to a replacement" in reason
