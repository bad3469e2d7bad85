"""service_regions.offers: botocore's endpoint data says where Transfer Family and VPC Lattice are,
so the consumer index skips regions without them instead of failing to connect."""

from ansible_collections.certshift.acm.plugins.module_utils._aws.service_regions import offers
from ansible_collections.certshift.acm.plugins.module_utils._consumers.registry import CONSUMERS


def test_offered_where_botocore_lists_the_service_in_any_partition():
    assert offers("transfer", "eu-west-1") and offers("vpc-lattice", "eu-west-1")
    assert offers("transfer", "cn-north-1")  # the aws-cn partition
    assert not offers("vpc-lattice", "cn-north-1")
    assert not offers("transfer", "xx-nowhere-1")


def test_the_consumer_index_skips_regions_without_the_service():
    scanned = {c.name: c.scanned_in("cn-north-1") for c in CONSUMERS}
    assert scanned["transfer"] is True and scanned["vpc_lattice"] is False
    # CloudFront and Cognito custom domains use us-east-1's certificates only: scanned for that region alone
    us_east_1_only = {"cloudfront", "cognito"}
    assert all(c.scanned_in("eu-west-1") for c in CONSUMERS if c.name not in us_east_1_only)
    assert not any(c.scanned_in("eu-west-1") for c in CONSUMERS if c.name in us_east_1_only)
