# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cognito user pool custom domains: UpdateUserPoolDomain with another CustomDomainConfig.CertificateArn.

The certificate must be in us-east-1 (an AWS-managed CloudFront distribution serves the domain, and that
distribution is what ACM lists in InUseBy); the change takes up to an hour to distribute (Status UPDATING,
then ACTIVE), so the old certificate's delete waits for it (``settling``). User pools of the run's region
(us-east-1) are scanned; a pool elsewhere using a us-east-1 certificate shows in InUseBy only, as an
unknown consumer that holds the delete."""

from __future__ import annotations

from typing import Any, List, Optional

from .._aws import cognito_api
from .._aws.aws_clients import CLOUDFRONT_REGION
from ..concurrency import map_concurrently
from ..errors import CertshiftError
from .consumer_type import Action, ConsumerType, InCode, Record

SERVICE = "cognito-idp"
SETTLED = "ACTIVE"


def scan(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    client = clients.get(SERVICE, region=region)

    def with_custom_domain(pool: Record) -> Optional[Record]:
        described = cognito_api.describe_user_pool(client, pool["Id"])
        return described if described.get("CustomDomain") else None

    def record_of(pool: Record) -> Optional[Record]:
        domain = cognito_api.describe_user_pool_domain(client, pool["CustomDomain"])
        cert = (domain.get("CustomDomainConfig") or {}).get("CertificateArn")
        if not cert:
            return None
        distribution = domain.get("CloudFrontDistribution") or ""
        return {
            "type": "cognito",
            "certificate_arn": cert,
            "resource_arn": pool["Arn"],
            "user_pool_id": pool["Id"],
            "user_pool_region": region,
            "domain": pool["CustomDomain"],
            "cloudfront_distribution": distribution,
            "status": domain.get("Status"),
            "names": [pool["CustomDomain"]],
            "in_use_arns": [cognito_api.distribution_arn(account, distribution)] if distribution else [],
        }

    pools = [p for p in map_concurrently(with_custom_domain, cognito_api.list_user_pools(client), workers) if p]
    return [r for r in map_concurrently(record_of, pools, workers) if r]


def switch(applier: Any, action: Action) -> None:
    client = applier.clients.get(SERVICE, region=action["user_pool_region"])
    name, old, new = action["domain"], action["before"], action["after"]
    domain = cognito_api.describe_user_pool_domain(client, name)
    current = (domain.get("CustomDomainConfig") or {}).get("CertificateArn")
    if current == new:
        return
    if current != old:
        raise CertshiftError(f"Cognito custom domain {name} now uses {current}, not {old}: it changed during the run; "
                             "run again to re-plan", domain=name)
    if domain.get("Status") != SETTLED:
        # One change at a time: another is still distributing.
        raise CertshiftError(f"Cognito custom domain {name} is {domain.get('Status')}, not {SETTLED}: run again once "
                             "its current change has distributed (up to an hour)", domain=name)
    cognito_api.update_custom_domain_certificate(client, name, action["user_pool_id"], new,
                                                 domain.get("ManagedLoginVersion"))


def settling(record: Record) -> Optional[str]:
    """Until ACTIVE the domain's distribution may serve the old certificate."""
    if record.get("status") in (None, SETTLED):
        return None
    return (f"Cognito custom domain {record['domain']} is {record['status']}: its switch to {record['certificate_arn']} "
            f"is still distributing (up to an hour) and may serve the old certificate until {SETTLED}; run again "
            "once it is " + SETTLED)


COGNITO = ConsumerType(
    name="cognito",
    record_types=("cognito",),
    service=SERVICE,
    scan=scan,
    switch=switch,
    lock=lambda action: action["domain"],
    location_keys=("user_pool_id", "user_pool_region", "domain", "cloudfront_distribution"),
    describe=lambda record: f"Cognito custom domain {record['domain']} (user pool {record['user_pool_id']})",
    label=lambda action: f"cognito {action['domain']}",
    certificate_region=CLOUDFRONT_REGION,
    scanned_in=lambda region: region == CLOUDFRONT_REGION,
    settling=settling,
    # the tags are the user pool's; the domain is a resource of its own
    in_code={"cognito": InCode("AWS::Cognito::UserPoolDomain", lambda record: "CustomDomainConfig.CertificateArn",
                               physical_id=lambda record: record.get("domain"), ask_stack=True)},
)
