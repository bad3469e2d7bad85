# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""CloudFront distributions (certificates from us-east-1 only): read the config and its ETag,
change only ViewerCertificate.ACMCertificateArn (the deprecated Certificate/CertificateSource
dropped), UpdateDistribution with IfMatch, read again and retry on PreconditionFailed; never
start a change while another is in progress."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._aws import cloudfront_api
from .._aws.aws_clients import CLOUDFRONT_REGION
from ..errors import CertshiftError
from .consumer_type import Action, ConsumerType, InCode, Record

ETAG_RETRIES = 5


def scan(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    records = []
    for summary in cloudfront_api.list_distributions(clients.cloudfront()):
        cert = (summary.get("ViewerCertificate") or {}).get("ACMCertificateArn")
        if not cert:
            continue
        aliases = list((summary.get("Aliases") or {}).get("Items") or [])
        records.append({
            "type": "cloudfront",
            "certificate_arn": cert,
            "resource_arn": summary["ARN"],
            "distribution_id": summary["Id"],
            "aliases": aliases,
            "status": summary.get("Status"),
            "names": aliases,
            "in_use_arns": [summary["ARN"]],
        })
    return records


def switch(applier: Any, action: Action) -> None:
    client = applier.clients.cloudfront()
    dist_id, old, new = action["distribution_id"], action["before"], action["after"]
    for _attempt in range(ETAG_RETRIES):
        applier.wait_until_deployed(client, dist_id, "before changing its certificate")
        config, etag = cloudfront_api.get_distribution_config(client, dist_id)
        viewer = dict(config.get("ViewerCertificate") or {})
        current = viewer.get("ACMCertificateArn")
        if current == new:
            break
        if current != old:
            raise CertshiftError(
                f"CloudFront distribution {dist_id} now uses {current}, not {old}: it changed during the run; "
                "run again to re-plan", distribution_id=dist_id,
            )
        config["ViewerCertificate"] = viewer_certificate(viewer, new)
        try:
            cloudfront_api.update_distribution(client, dist_id, config, etag)
            break
        except botocore.exceptions.ClientError as e:
            if not cloudfront_api.is_precondition_failed(e):
                raise
            # Someone changed the distribution since we read it: read it again.
    else:
        raise CertshiftError(
            f"CloudFront distribution {dist_id} kept changing (PreconditionFailed {ETAG_RETRIES} times); "
            "run again when nobody else is updating it", distribution_id=dist_id,
        )
    if applier.wait_deployed:
        applier.wait_until_deployed(client, dist_id, "after changing its certificate")


def viewer_certificate(viewer: Dict[str, Any], new: str) -> Dict[str, Any]:
    """Only the ACM ARN changes; deprecated fields go, SSLSupportMethod and
    MinimumProtocolVersion stay as they are."""
    updated = {k: v for k, v in viewer.items() if k not in ("Certificate", "CertificateSource")}
    updated["ACMCertificateArn"] = new
    updated["CloudFrontDefaultCertificate"] = False
    return updated


def settling(record: Record) -> Optional[str]:
    """A distribution InProgress may serve the old certificate at some edge locations until Deployed."""
    if record.get("status") in (None, "Deployed"):
        return None
    return (f"CloudFront distribution {record['distribution_id']} is still deploying its switch to "
            f"{record['certificate_arn']} and may serve the old certificate until Deployed: run again once it is "
            "Deployed, or set wait_deployed")


CLOUDFRONT = ConsumerType(
    name="cloudfront",
    record_types=("cloudfront",),
    service="cloudfront",
    scan=scan,
    switch=switch,
    lock=lambda action: action["distribution_id"],
    location_keys=("distribution_id", "aliases"),
    describe=lambda record: f"CloudFront distribution {record['distribution_id']}",
    label=lambda action: f"cloudfront {action['distribution_id']}",
    certificate_region=CLOUDFRONT_REGION,
    scanned_in=lambda region: region == CLOUDFRONT_REGION,
    settling=settling,
    in_code={"cloudfront": InCode("AWS::CloudFront::Distribution",
                                  lambda record: "DistributionConfig.ViewerCertificate.AcmCertificateArn",
                                  physical_id=lambda record: record.get("distribution_id"))},
)
