"""The consumer registry and the user's consumer_types choices name the same types."""

from ansible_collections.certshift.acm.plugins.module_utils._consumers.registry import CONSUMERS, of_record_type
from ansible_collections.certshift.acm.plugins.module_utils.option_choices import CONSUMER_TYPES


def test_every_choice_is_a_registered_consumer_type_with_the_same_record_types():
    assert {c.name: c.record_types for c in CONSUMERS} == CONSUMER_TYPES


def test_each_record_type_belongs_to_one_consumer_type():
    record_types = [t for c in CONSUMERS for t in c.record_types]
    assert len(record_types) == len(set(record_types))
    assert all(of_record_type(t).name in CONSUMER_TYPES for t in record_types)


def test_only_elbv2_names_its_own_actions():
    assert of_record_type("elbv2_default").action_name("elbv2_default") == "swap_default"
    assert of_record_type("elbv2_sni").action_name("elbv2_sni") == "swap_sni"
    assert {of_record_type(t).action_name(t) for t in ("elb", "cloudfront", "apigateway", "apigatewayv2", "transfer", "vpc_lattice")} == {"swap"}
