"""The Route53 publisher's batches are accepted by Route53: 300 validation CNAMEs in one
UPSERT batch (~39,000 characters counted twice) are refused by AWS's 32,000-character limit,
which the sandbox enforces. Runs the publisher against the sandbox (fixture ``sandbox``)."""

import time

from ansible_collections.certshift.acm.plugins.module_utils._dns import dns_publish_route53 as r53


def test_three_hundred_validation_records_are_published(sandbox):
    client = sandbox.client("route53", "us-east-1")
    client.create_hosted_zone(Name="example.com", CallerReference=f"batches-{time.time()}")
    records = [{"name": f"_{i:032x}.app{i}.example.com.", "type": "CNAME",
                "value": f"_{i:032x}.abcdefghij.acm-validations.aws."} for i in range(300)]
    publisher = r53.Route53Publisher(client)
    publisher.prefetch([r["name"] for r in records])
    entries = publisher.apply(publisher.plan(records, 300), timeout=30)
    assert {e["state"] for e in entries} == {"written"}
    zone = client.list_hosted_zones()["HostedZones"][0]["Id"]
    published = {r["Name"]: r["ResourceRecords"][0]["Value"]
                 for page in client.get_paginator("list_resource_record_sets").paginate(HostedZoneId=zone)
                 for r in page["ResourceRecordSets"] if r["Type"] == "CNAME"}
    assert published == {r["name"]: r["value"] for r in records}
