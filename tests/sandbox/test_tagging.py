"""tag:GetResources finds ACM certificates by tag (what acm_dns_migrate and acm_cert_swap use
instead of one ListTagsForCertificate call per certificate). moto 5.2.5 already supports ACM
in the Resource Groups Tagging API, so the sandbox needs no correction: both tests show it,
on plain moto and through the sandbox's server (with its ACM corrections)."""

from __future__ import annotations

REPLACES = "certshift:replaces"
OLD = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"


def _tagged(tagging, **kwargs):
    found = {}
    for page in tagging.get_paginator("get_resources").paginate(ResourceTypeFilters=["acm:certificate"], **kwargs):
        for item in page["ResourceTagMappingList"]:
            found[item["ResourceARN"]] = {t["Key"]: t["Value"] for t in item["Tags"]}
    return found


def _request(acm, name, tags):
    return acm.request_certificate(DomainName=name, ValidationMethod="DNS", Tags=tags)["CertificateArn"]


def _check(acm, tagging):
    replacement = _request(acm, "a.example.com", [{"Key": REPLACES, "Value": OLD}])
    plain = _request(acm, "b.example.com", [{"Key": "team", "Value": "web"}])
    untagged = acm.request_certificate(DomainName="c.example.com", ValidationMethod="DNS")["CertificateArn"]
    assert _tagged(tagging, TagFilters=[{"Key": REPLACES}]) == {replacement: {REPLACES: OLD}}
    every = _tagged(tagging, ResourcesPerPage=1)  # paging works
    assert every[plain] == {"team": "web"} and replacement in every and untagged not in every
    acm.delete_certificate(CertificateArn=replacement)
    assert _tagged(tagging, TagFilters=[{"Key": REPLACES}]) == {}


def test_plain_moto_lists_acm_certificates_by_tag(plain_moto):
    _check(plain_moto("acm"), plain_moto("resourcegroupstaggingapi"))


def test_sandbox_lists_acm_certificates_by_tag(sandbox):
    _check(sandbox.client("acm", "eu-west-1"), sandbox.client("resourcegroupstaggingapi", "eu-west-1"))
