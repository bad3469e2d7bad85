# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per Cognito user pool call (boto3 service ``cognito-idp``) a custom domain needs."""

from __future__ import annotations

from typing import Any

from .paging import paginate

# ListUserPools requires MaxResults; 60 is its maximum.
USER_POOLS_PAGE = 60


def list_user_pools(client: Any) -> list[dict[str, Any]]:
    return paginate(client, "list_user_pools", "UserPools", page_size=USER_POOLS_PAGE)


def describe_user_pool(client: Any, user_pool_id: str) -> dict[str, Any]:
    """The pool, with ``CustomDomain`` when it has one (``Domain`` is its prefix domain)."""
    return client.describe_user_pool(UserPoolId=user_pool_id)["UserPool"]


def describe_user_pool_domain(client: Any, domain: str) -> dict[str, Any]:
    """The domain's description ({} when no such domain: Cognito answers with an empty one)."""
    return client.describe_user_pool_domain(Domain=domain).get("DomainDescription") or {}


def update_custom_domain_certificate(client: Any, domain: str, user_pool_id: str, certificate_arn: str,
                                     managed_login_version: int | None = None) -> None:
    """Point a custom domain at another certificate; its managed login version is written back as it is."""
    kwargs: dict[str, Any] = {"Domain": domain, "UserPoolId": user_pool_id,
                              "CustomDomainConfig": {"CertificateArn": certificate_arn}}
    if managed_login_version is not None:
        kwargs["ManagedLoginVersion"] = managed_login_version
    client.update_user_pool_domain(**kwargs)


def distribution_arn(account: str, cloudfront_domain: str) -> str:
    """The ARN ACM's InUseBy gives the AWS-managed CloudFront distribution behind a custom domain, from the
    domain's ``CloudFrontDistribution`` (``<id>.cloudfront.net``)."""
    return f"arn:aws:cloudfront::{account}:distribution/{cloudfront_domain.split('.', 1)[0]}"
