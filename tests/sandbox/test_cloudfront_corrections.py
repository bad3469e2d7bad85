"""CloudFront distributions: the sandbox behaves as the CloudFront API reference
documents; plain moto 5.2.5 does not."""

from __future__ import annotations

import copy
import time

import pytest
from botocore.exceptions import ClientError

from tests.sandbox.consumer_helpers import distribution_config, import_certificate


def _create(client, names=("www.example.com",), aliases=("www.example.com",)):
    acm = client("acm", "us-east-1")
    cf = client("cloudfront", "us-east-1")
    cert = import_certificate(acm, *names)
    dist = cf.create_distribution(DistributionConfig=distribution_config(aliases, cert))
    return acm, cf, cert, dist["Distribution"]["Id"]


def _switch(cf, dist_id, cert, if_match=None):
    got = cf.get_distribution_config(Id=dist_id)
    config = copy.deepcopy(got["DistributionConfig"])
    config["ViewerCertificate"]["ACMCertificateArn"] = cert
    return got, cf.update_distribution(Id=dist_id, IfMatch=if_match or got["ETag"], DistributionConfig=config)


def test_etag_changes_on_every_update_and_get_calls_agree(sandbox, plain_moto):
    """AWS: every UpdateDistribution gives a new ETag; GetDistribution and
    GetDistributionConfig return the current one."""
    acm, cf, cert, dist_id = _create(sandbox.client)
    new = import_certificate(acm, "www.example.com", "example.com")
    got, updated = _switch(cf, dist_id, new)
    assert updated["ETag"] != got["ETag"]
    assert cf.get_distribution(Id=dist_id)["ETag"] == updated["ETag"]
    assert cf.get_distribution_config(Id=dist_id)["ETag"] == updated["ETag"]

    acm, cf, cert, dist_id = _create(plain_moto)
    got, updated = _switch(cf, dist_id, import_certificate(acm, "www.example.com", "example.com"))
    assert updated["ETag"] == got["ETag"]


def _stale_update(client):
    acm, cf, _, dist_id = _create(client)
    first, _ = _switch(cf, dist_id, import_certificate(acm, "www.example.com", "a.example.com"))
    try:
        _switch(cf, dist_id, import_certificate(acm, "www.example.com", "b.example.com"), if_match=first["ETag"])
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]
    return None, None


def test_stale_if_match_is_precondition_failed(sandbox, plain_moto):
    """AWS: UpdateDistribution with an ETag that is no longer current fails with
    PreconditionFailed (HTTP 412)."""
    assert _stale_update(sandbox.client) == ("PreconditionFailed", 412)
    assert _stale_update(plain_moto) == (None, None)


def test_missing_if_match_is_invalid_if_match_version(sandbox):
    """AWS: UpdateDistribution without IfMatch fails with InvalidIfMatchVersion."""
    _, cf, _, dist_id = _create(sandbox.client)
    config = cf.get_distribution_config(Id=dist_id)["DistributionConfig"]
    with pytest.raises(ClientError) as e:
        cf.update_distribution(Id=dist_id, IfMatch="", DistributionConfig=config)
    assert e.value.response["Error"]["Code"] == "InvalidIfMatchVersion"


def test_in_progress_after_update_then_deployed(sandbox, plain_moto):
    """AWS: a distribution is InProgress after an update until it is deployed, then
    Deployed (sandbox: after the cloudfront_deploy_seconds setting)."""
    sandbox.settings(cloudfront_deploy_seconds=1.0)
    acm, cf, _, dist_id = _create(sandbox.client)
    time.sleep(1.1)
    assert cf.get_distribution(Id=dist_id)["Distribution"]["Status"] == "Deployed"
    _, updated = _switch(cf, dist_id, import_certificate(acm, "www.example.com", "x.example.com"))
    assert updated["Distribution"]["Status"] == "InProgress"
    assert cf.get_distribution(Id=dist_id)["Distribution"]["Status"] == "InProgress"
    time.sleep(1.1)
    assert cf.get_distribution(Id=dist_id)["Distribution"]["Status"] == "Deployed"

    acm, cf, _, dist_id = _create(plain_moto)
    _, updated = _switch(cf, dist_id, import_certificate(acm, "www.example.com", "x.example.com"))
    assert cf.get_distribution(Id=dist_id)["Distribution"]["Status"] == "Deployed"


def test_config_round_trips_unchanged_apart_from_the_update(sandbox, plain_moto):
    """AWS: GetDistributionConfig returns the config as last sent; an update that
    changes only ViewerCertificate.ACMCertificateArn changes nothing else, and the
    viewer certificate reads back as an ACM one (CloudFrontDefaultCertificate false,
    CertificateSource acm)."""
    acm, cf, cert, dist_id = _create(sandbox.client)
    before = cf.get_distribution_config(Id=dist_id)["DistributionConfig"]
    assert before["ViewerCertificate"]["CloudFrontDefaultCertificate"] is False
    assert before["ViewerCertificate"]["CertificateSource"] == "acm"
    new = import_certificate(acm, "www.example.com", "y.example.com")
    _switch(cf, dist_id, new)
    after = cf.get_distribution_config(Id=dist_id)["DistributionConfig"]
    assert after["ViewerCertificate"]["ACMCertificateArn"] == new
    assert after["ViewerCertificate"]["Certificate"] == new
    assert {k: v for k, v in after.items() if k != "ViewerCertificate"} == \
        {k: v for k, v in before.items() if k != "ViewerCertificate"}
    assert {k: v for k, v in after["ViewerCertificate"].items() if k not in ("ACMCertificateArn", "Certificate")} == \
        {k: v for k, v in before["ViewerCertificate"].items() if k not in ("ACMCertificateArn", "Certificate")}

    _, cf, _, dist_id = _create(plain_moto)
    vc = cf.get_distribution_config(Id=dist_id)["DistributionConfig"]["ViewerCertificate"]
    assert vc["CloudFrontDefaultCertificate"] is True and vc["CertificateSource"] == "cloudfront"


def _create_with_cert(client, cert_region, names=("www.example.com",), aliases=("www.example.com",),
                      status="ISSUED"):
    acm = client("acm", cert_region)
    cf = client("cloudfront", "us-east-1")
    if status == "ISSUED":
        cert = import_certificate(acm, *names)
    else:
        cert = acm.request_certificate(DomainName=names[0], ValidationMethod="DNS")["CertificateArn"]
    try:
        cf.create_distribution(DistributionConfig=distribution_config(aliases, cert))
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    return None, None


def test_viewer_certificate_must_be_issued_in_us_east_1(sandbox, plain_moto):
    """AWS: ViewerCertificate.ACMCertificateArn must be an existing, ISSUED ACM
    certificate in us-east-1 (InvalidViewerCertificate otherwise)."""
    code, message = _create_with_cert(sandbox.client, "eu-west-1")
    assert code == "InvalidViewerCertificate" and "us-east-1" in message
    assert _create_with_cert(sandbox.client, "us-east-1", status="PENDING")[0] == "InvalidViewerCertificate"
    assert _create_with_cert(sandbox.client, "us-east-1") == (None, None)

    assert _create_with_cert(plain_moto, "eu-west-1") == (None, None)


def test_certificate_must_cover_every_alias(sandbox, plain_moto):
    """AWS: the certificate must cover every alias (wildcards match one label), else
    InvalidViewerCertificate "... doesn't cover the alternate domain name (CNAME) ..."."""
    code, message = _create_with_cert(sandbox.client, "us-east-1", names=("www.example.com",),
                                      aliases=("www.example.com", "shop.example.com"))
    assert code == "InvalidViewerCertificate"
    assert "doesn't cover the alternate domain name" in message
    assert _create_with_cert(sandbox.client, "us-east-1", names=("*.example.com",),
                             aliases=("www.example.com", "shop.example.com")) == (None, None)
    assert _create_with_cert(sandbox.client, "us-east-1", names=("*.example.com",),
                             aliases=("a.b.example.com",))[0] == "InvalidViewerCertificate"

    acm, cf, cert, dist_id = _create(sandbox.client, names=("*.example.com",), aliases=("www.example.com",))
    narrow = import_certificate(acm, "shop.example.com")
    with pytest.raises(ClientError) as e:
        _switch(cf, dist_id, narrow)
    assert e.value.response["Error"]["Code"] == "InvalidViewerCertificate"
    assert cf.get_distribution_config(Id=dist_id)["DistributionConfig"]["ViewerCertificate"]["ACMCertificateArn"] == cert

    assert _create_with_cert(plain_moto, "us-east-1", names=("www.example.com",),
                             aliases=("shop.example.com",)) == (None, None)


def test_list_streaming_distributions_is_empty(sandbox, plain_moto):
    """AWS: ListStreamingDistributions answers (no RTMP distributions exist any more)."""
    result = sandbox.client("cloudfront", "us-east-1").list_streaming_distributions()
    assert result["StreamingDistributionList"]["Quantity"] == 0
    with pytest.raises(ClientError):
        plain_moto("cloudfront", "us-east-1").list_streaming_distributions()


def test_viewer_certificate_changes_are_recorded(sandbox):
    """Sandbox: GET /_sandbox/changes lists CloudFront viewer certificate changes."""
    acm, cf, cert, dist_id = _create(sandbox.client)
    new = import_certificate(acm, "www.example.com", "z.example.com")
    _switch(cf, dist_id, new)
    arn = cf.get_distribution(Id=dist_id)["Distribution"]["ARN"]
    changes = [(c["service"], c["before"], c["after"])
               for c in sandbox.control("GET", "changes")["changes"] if c["resource"] == arn]
    assert changes == [("cloudfront", None, cert), ("cloudfront", cert, new)]
