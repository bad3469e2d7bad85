"""The sandbox's speed-ups change no answer: every ACM answer written as JSON directly parses,
in botocore, exactly as moto's model-driven serializer's does."""

from __future__ import annotations

import botocore.exceptions
import pytest

from sandbox.fleets import CLOUDFRONT_REGION

REGION = "eu-west-1"
ALL_KEY_TYPES = ["RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096", "EC_prime256v1", "EC_secp384r1", "EC_secp521r1"]


def _answers(sandbox, region):
    """Every read-only ACM answer of ``region``, without the per-response metadata."""
    acm = sandbox.client("acm", region=region)
    arns = sorted(c["CertificateArn"] for c in acm.list_certificates(Includes={"keyTypes": ALL_KEY_TYPES})["CertificateSummaryList"])
    out = {"list": acm.list_certificates(Includes={"keyTypes": ALL_KEY_TYPES}, MaxItems=3),
           "search": [], "describe": {}, "tags": {}, "get": {}, "domain_validations": {}}
    token = None
    while True:
        page = acm.search_certificates(MaxResults=2, **({"NextToken": token} if token else {}))
        out["search"].append(page)
        token = page.get("NextToken")
        if not token:
            break
    for arn in arns:
        out["describe"][arn] = acm.describe_certificate(CertificateArn=arn)
        out["tags"][arn] = acm.list_tags_for_certificate(CertificateArn=arn)
        out["domain_validations"][arn] = acm.list_certificate_domain_validations(CertificateArn=arn, MaxItems=1)
        try:
            out["get"][arn] = acm.get_certificate(CertificateArn=arn)
        except botocore.exceptions.ClientError as e:  # pending certificates have none yet
            out["get"][arn] = e.response["Error"]
    return _strip_metadata(out), arns


def _strip_metadata(value):
    if isinstance(value, dict):
        return {k: _strip_metadata(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [_strip_metadata(v) for v in value]
    return value


@pytest.mark.parametrize("region", [REGION, CLOUDFRONT_REGION])
def test_acm_answers_written_directly_parse_as_motos_serializer_writes_them(sandbox, region):
    sandbox.seed("demo", region=REGION)
    acm = sandbox.client("acm", region=region)
    # beside the demo's kinds (issued, imported, DNS and EMAIL, in use): one still pending, one EC key
    acm.request_certificate(DomainName="pending.example.net", ValidationMethod="DNS")
    migrating = acm.request_certificate(DomainName="ec.example.net", ValidationMethod="EMAIL", KeyAlgorithm="EC_prime256v1",
                                        SubjectAlternativeNames=["ec.example.net", "*.ec.example.net"])["CertificateArn"]
    # and one in-place EMAIL -> DNS migration pending (UpdateSummary, a requested configuration)
    acm.update_certificate_options(CertificateArn=migrating, Options={"ValidationMethod": "DNS"})

    sandbox.settings(acm_direct_json=True)
    direct, arns = _answers(sandbox, region)
    sandbox.settings(acm_direct_json=False)
    serialized, _ = _answers(sandbox, region)

    assert len(arns) >= 3
    assert direct == serialized


def test_an_acm_error_still_comes_from_motos_serializer(sandbox):
    acm = sandbox.client("acm", region=REGION)
    missing = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
    with pytest.raises(botocore.exceptions.ClientError) as raised:
        acm.describe_certificate(CertificateArn=missing)
    assert raised.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
