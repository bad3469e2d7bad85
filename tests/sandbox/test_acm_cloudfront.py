"""Certificates CloudFront requests for itself: HTTP validation, ManagedBy CLOUDFRONT (aws-facts.md, ACM;
API reference: DomainValidation.HttpRedirect exists only for AMAZON_ISSUED certificates validated by HTTP).
RequestCertificate refuses HTTP, so the sandbox seeds them over its control API."""

from __future__ import annotations

import botocore.exceptions
import pytest

from tests.sandbox.consumer_helpers import distribution_config

REGION = "us-east-1"


def _seed(sandbox, *names):
    return sandbox.control("POST", "acm/cloudfront_managed", {"names": list(names)})["arn"]


def test_a_cloudfront_managed_certificate_is_http_validated_with_a_redirect_per_name(sandbox, plain_moto):
    arn = _seed(sandbox, "shop.example.com", "www.shop.example.com")
    acm = sandbox.client("acm", REGION)
    detail = acm.describe_certificate(CertificateArn=arn)["Certificate"]
    assert (detail["Type"], detail["Status"], detail["ManagedBy"]) == ("AMAZON_ISSUED", "ISSUED", "CLOUDFRONT")
    options = detail["DomainValidationOptions"]
    assert [o["DomainName"] for o in options] == ["shop.example.com", "www.shop.example.com"]
    for option in options:
        assert option["ValidationMethod"] == "HTTP" and "ResourceRecord" not in option
        redirect = option["HttpRedirect"]
        assert redirect["RedirectFrom"].startswith(f"http://{option['DomainName']}/.well-known/pki-validation/")
        assert redirect["RedirectTo"].startswith("https://validation.us-east-1.acm-validations.aws/123456789012/")
    found = acm.search_certificates()["Results"]
    meta = next(r for r in found if r["CertificateArn"] == arn)["CertificateMetadata"]["AcmCertificateMetadata"]
    assert (meta["ValidationMethod"], meta["ManagedBy"]) == ("HTTP", "CLOUDFRONT")
    # plain moto: no such certificate can exist, and its certificates carry no ManagedBy at all
    plain = plain_moto("acm", REGION)
    other = plain.request_certificate(DomainName="shop.example.com")["CertificateArn"]
    assert "ManagedBy" not in plain.describe_certificate(CertificateArn=other)["Certificate"]


def test_acm_still_refuses_to_request_http_validation(sandbox):
    with pytest.raises(botocore.exceptions.ClientError, match="only available for certificates managed by CloudFront"):
        sandbox.client("acm", REGION).request_certificate(DomainName="x.example.com", ValidationMethod="HTTP")


def test_its_renewal_goes_on_while_a_distribution_serves_it(sandbox):
    arn = _seed(sandbox, "cdn.example.com")
    sandbox.client("cloudfront", REGION).create_distribution(
        DistributionConfig=distribution_config(["cdn.example.com"], arn))
    in_window = sandbox.client("acm", REGION).describe_certificate(CertificateArn=arn)["Certificate"]["NotAfter"]
    sandbox.control("POST", "acm/certificate", {"arn": arn, "not_after": (in_window.timestamp() - 190 * 86400)})
    detail = sandbox.client("acm", REGION).describe_certificate(CertificateArn=arn)["Certificate"]
    assert any(":distribution/" in user for user in detail["InUseBy"])
    assert detail["RenewalSummary"]["RenewalStatus"] == "PENDING_AUTO_RENEWAL"


def test_names_are_required(sandbox):
    with pytest.raises(RuntimeError, match="400.*names"):
        sandbox.control("POST", "acm/cloudfront_managed", {"names": []})
