"""Consumers whose switch takes time to distribute: ConsumerType.settling says why the old
certificate's delete waits, and what such a consumer still leaves in the old certificate's InUseBy
is not an unknown consumer."""

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._aws import cognito_api, opensearch_api
from ansible_collections.certshift.acm.plugins.module_utils._consumers.consumer_index import ConsumerIndex
from ansible_collections.certshift.acm.plugins.module_utils._consumers.registry import of_record_type

OLD = "arn:aws:acm:us-east-1:123456789012:certificate/old"
NEW = "arn:aws:acm:us-east-1:123456789012:certificate/new"
DIST = cognito_api.distribution_arn("123456789012", "d111111abcdef8.cloudfront.net")


def cognito_record(status, cert=NEW):
    return {"type": "cognito", "certificate_arn": cert, "resource_arn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/p",
            "user_pool_id": "p", "user_pool_region": "us-east-1", "domain": "auth.example.com",
            "cloudfront_distribution": "d111111abcdef8.cloudfront.net", "status": status,
            "names": ["auth.example.com"], "in_use_arns": [DIST]}


def test_the_distribution_arn_is_the_cloudfront_form_acm_lists():
    assert DIST == "arn:aws:cloudfront::123456789012:distribution/d111111abcdef8"


@pytest.mark.parametrize("record, held", [
    (cognito_record("UPDATING"), "Cognito custom domain auth.example.com is UPDATING"),
    (cognito_record("CREATING"), "is CREATING"),
    (cognito_record("ACTIVE"), None),
    ({"type": "cloudfront", "certificate_arn": NEW, "distribution_id": "E1", "status": "InProgress"},
     "CloudFront distribution E1 is still deploying"),
    ({"type": "cloudfront", "certificate_arn": NEW, "distribution_id": "E1", "status": "Deployed"}, None),
    ({"type": "opensearch", "certificate_arn": NEW, "domain_name": "logs", "custom_endpoint": "s.example.com"}, None),
])
def test_settling_holds_only_while_a_switch_distributes(record, held):
    reason = of_record_type(record["type"]).settling(record)
    assert reason is None if held is None else held in reason


def test_an_entry_left_by_a_settling_consumer_of_the_replacement_is_not_unknown():
    other = "arn:aws:appsync:us-east-1:123456789012:domainnames/graphql.example.com"
    settling = ConsumerIndex([cognito_record("UPDATING")], "us-east-1")
    assert settling.unknown_consumers(OLD, [DIST, other], replacement=NEW) == [other]
    assert settling.unknown_consumers(OLD, [DIST, other]) == [DIST, other]  # without the replacement: unknown
    settled = ConsumerIndex([cognito_record("ACTIVE")], "us-east-1")
    assert settled.unknown_consumers(OLD, [DIST], replacement=NEW) == [DIST]  # ACTIVE: no longer explained


class FakeOpenSearch:
    def __init__(self, domains):
        self.domains = domains
        self.requests = []

    def list_domain_names(self):
        return {"DomainNames": [{"DomainName": name} for name in self.domains]}

    def describe_domains(self, DomainNames):
        self.requests.append(DomainNames)
        return {"DomainStatusList": [self.domains[n] for n in DomainNames]}


def test_domains_are_described_five_at_a_time_and_only_enabled_custom_endpoints_count():
    domains = {f"d{i}": {"DomainName": f"d{i}", "DomainEndpointOptions": {
        "CustomEndpointEnabled": i % 2 == 0, "CustomEndpoint": f"s{i}.example.com", "CustomEndpointCertificateArn": OLD}}
        for i in range(7)}
    client = FakeOpenSearch(domains)
    described = opensearch_api.describe_domains(client, opensearch_api.list_domain_names(client))
    assert [len(r) for r in client.requests] == [5, 2]
    assert [opensearch_api.custom_endpoint(d) for d in described if opensearch_api.custom_endpoint(d)] == [
        (f"s{i}.example.com", OLD) for i in (0, 2, 4, 6)]
