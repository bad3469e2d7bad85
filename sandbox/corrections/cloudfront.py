"""CloudFront distributions as the CloudFront API reference documents them.

AWS:
- ``UpdateDistribution`` replaces the whole config and needs the current ETag in
  ``IfMatch``: missing -> InvalidIfMatchVersion, stale -> PreconditionFailed
  (HTTP 412). Every update gives a new ETag; GetDistribution and
  GetDistributionConfig return the same, current ETag. (DeleteDistribution
  checks IfMatch the same way.)
- After a create or update the distribution is ``InProgress`` until deployed,
  then ``Deployed`` (sandbox: after the ``cloudfront_deploy_seconds`` setting).
- The config comes back as it was sent: fields not changed by an update stay as
  they were.
- ``ViewerCertificate.ACMCertificateArn`` must be an ISSUED ACM certificate in
  us-east-1 of the distribution's account, else InvalidViewerCertificate "The
  specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't
  valid, or doesn't include a valid certificate chain."; it must cover every
  alias (alternate domain name), else InvalidViewerCertificate "The certificate
  that is attached to your distribution doesn't cover the alternate domain name
  (CNAME) that you're trying to add." (also for aliases with the CloudFront
  default certificate). The response reports ``CertificateSource`` ``acm`` and
  ``Certificate`` (deprecated fields) consistently with the chosen certificate.
- ``ListStreamingDistributions`` answers (an empty list here).

moto 5.2.5 never changes the ETag and accepts any IfMatch, stays Deployed,
checks no certificate, rewrites the config into its own model (an ACM viewer
certificate reads back with CloudFrontDefaultCertificate=true, CertificateSource
cloudfront), and answers 404 to ListStreamingDistributions.
"""

from __future__ import annotations

import copy
import functools
import time

from .. import patching, settings
from ..moto_internals import (CLOUDFRONT_URL_PATHS, ActionResult, CloudFrontBackend, CloudFrontException,
                              CloudFrontResponse, Distribution, DistributionConfig, InvalidIfMatchVersion,
                              NoSuchDistribution, cloudfront_random_id, utcnow)
from . import in_use

_moto = functools.partial(patching.original, CloudFrontBackend)  # moto's own CloudFrontBackend.<name>

DEPLOY_SETTING = "cloudfront_deploy_seconds"

INVALID_CERT = ("The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, "
                "or doesn't include a valid certificate chain.")
ALIAS_NOT_COVERED = ("The certificate that is attached to your distribution doesn't cover the alternate "
                     "domain name (CNAME) that you're trying to add. For more details, see: "
                     "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html"
                     "#alternate-domain-names-requirements")


def _error(code, message):
    return CloudFrontException(code, message)


def _now_iso():
    return utcnow().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _normalize_viewer_certificate(vc):
    vc = dict(vc or {})
    if vc.get("ACMCertificateArn"):
        vc.pop("IAMCertificateId", None)
        vc["CloudFrontDefaultCertificate"] = False
        vc["Certificate"] = vc["ACMCertificateArn"]
        vc["CertificateSource"] = "acm"
    elif vc.get("IAMCertificateId"):
        vc.pop("ACMCertificateArn", None)
        vc["CloudFrontDefaultCertificate"] = False
        vc["Certificate"] = vc["IAMCertificateId"]
        vc["CertificateSource"] = "iam"
    else:
        vc.pop("ACMCertificateArn", None)
        vc.pop("IAMCertificateId", None)
        vc.pop("Certificate", None)
        vc["CloudFrontDefaultCertificate"] = True
        vc["CertificateSource"] = "cloudfront"
    vc.setdefault("MinimumProtocolVersion", "TLSv1")
    if not vc["CloudFrontDefaultCertificate"]:
        vc.setdefault("SSLSupportMethod", "sni-only")
    return vc


def _aliases(raw):
    return list(((raw or {}).get("Aliases") or {}).get("Items") or [])


def _validate_viewer_certificate(account_id, raw):
    vc = (raw or {}).get("ViewerCertificate") or {}
    aliases = _aliases(raw)
    arn = vc.get("ACMCertificateArn")
    if arn:
        bundle = in_use.usable_certificate(arn, account_id, "us-east-1")
        if bundle is None:
            raise _error("InvalidViewerCertificate", INVALID_CERT)
        names = in_use.certificate_names(bundle)
        if any(not in_use.covers(names, alias) for alias in aliases):
            raise _error("InvalidViewerCertificate", ALIAS_NOT_COVERED)
    elif aliases and not vc.get("IAMCertificateId"):
        raise _error("InvalidViewerCertificate", ALIAS_NOT_COVERED)


def _viewer_cert(dist):
    vc = getattr(dist.distribution_config, "ViewerCertificate", None)
    if isinstance(vc, dict):
        return vc.get("ACMCertificateArn") or vc.get("IAMCertificateId") or None
    return None


def _record(backend, dist, before, after):
    in_use.record_change("cloudfront", dist.arn, "ViewerCertificate", before, after,
                         account=backend.account_id, region="us-east-1")


def _status(self):
    changed = getattr(self, "_sandbox_changed_at", None)
    if changed is not None and time.monotonic() - changed < float(settings.get(DEPLOY_SETTING) or 0):
        return "InProgress"
    return "Deployed"


def _set_status(self, value):
    self._status = value


def config_init(self, config):
    # The config reads back as sent: keep moto's model for defaults, but serve
    # every top-level field the caller sent exactly as sent.
    raw = copy.deepcopy(config)
    patching.original(DistributionConfig, "__init__")(self, config)
    for key, value in raw.items():
        if key == "ViewerCertificate":
            value = _normalize_viewer_certificate(value)
        elif key == "Aliases":
            value = {"Quantity": len((value or {}).get("Items") or []), **(value or {})}
        self.__dict__[key] = value
    if "ViewerCertificate" not in raw:
        self.__dict__["ViewerCertificate"] = _normalize_viewer_certificate({})


def create_distribution_with_tags(self, distribution_config, tags):
    _validate_viewer_certificate(self.account_id, distribution_config)
    dist, location, etag = _moto("create_distribution_with_tags")(self, distribution_config, tags)
    dist._sandbox_changed_at = time.monotonic()
    dist.last_modified_time = _now_iso()
    _record(self, dist, None, _viewer_cert(dist))
    return dist, location, etag


def _check_if_match(dist, if_match):
    if not if_match:
        raise InvalidIfMatchVersion
    if if_match != dist.etag:
        raise _error("PreconditionFailed",
                     "The request failed because it didn't meet the preconditions in one or more "
                     "request-header fields.")


def update_distribution(self, dist_config, _id, if_match):
    if _id is None or _id not in self.distributions:
        raise NoSuchDistribution
    dist = self.distributions[_id]
    _check_if_match(dist, if_match)
    if not dist_config:
        raise _error("MissingBody", "This operation requires a body. Ensure that the body is present "
                                    "and the Content-Type header is set.")
    if dist_config.get("CallerReference") != dist.distribution_config.caller_reference:
        raise _error("IllegalUpdate", "The update contains modifications that are not allowed: "
                                      "CallerReference cannot be changed.")
    _validate_viewer_certificate(self.account_id, dist_config)
    before = _viewer_cert(dist)
    dist.distribution_config = DistributionConfig(dist_config)
    dist.etag = cloudfront_random_id()
    dist._sandbox_changed_at = time.monotonic()
    dist.last_modified_time = _now_iso()
    _record(self, dist, before, _viewer_cert(dist))
    return dist, dist.location, dist.etag


def delete_distribution(self, distribution_id, if_match):
    dist = self.distributions.get(distribution_id)
    if dist is not None:
        _check_if_match(dist, if_match)
    result = _moto("delete_distribution")(self, distribution_id, if_match)
    if dist is not None:
        _record(self, dist, _viewer_cert(dist), None)
    return result


def list_streaming_distributions(self):
    marker = self._get_param("Marker") or ""
    max_items = self._get_int_param("MaxItems") or 100
    return ActionResult({"StreamingDistributionList": {
        "Marker": marker, "MaxItems": max_items, "IsTruncated": False, "Quantity": 0,
    }})


def apply():
    patching.patch(DistributionConfig, "__init__", config_init)
    patching.patch(Distribution, "status", property(_status, _set_status))
    patching.patch(CloudFrontBackend, "create_distribution_with_tags", create_distribution_with_tags)
    patching.patch(CloudFrontBackend, "update_distribution", update_distribution)
    patching.patch(CloudFrontBackend, "delete_distribution", delete_distribution)
    # ListStreamingDistributions: RTMP distributions are long gone; answer an empty list.
    CLOUDFRONT_URL_PATHS.setdefault("{0}/2020-05-31/streaming-distribution$", CloudFrontResponse.dispatch)
    patching.patch(CloudFrontResponse, "list_streaming_distributions", list_streaming_distributions)
