"""Cognito user pool custom domains and their certificates.

AWS (Cognito user pools API reference: CreateUserPoolDomain, UpdateUserPoolDomain,
DescribeUserPoolDomain, DescribeUserPool; developer guide "Using your own domain for managed login"):
- a custom domain's certificate is an ISSUED ACM certificate in us-east-1 of the pool's account
  that covers the domain, whatever the pool's region; anything else is InvalidParameterException
  and nothing changes;
- DescribeUserPoolDomain reports ``CustomDomainConfig.CertificateArn``, the AWS-managed
  ``CloudFrontDistribution`` serving the domain (it stays when the certificate changes), the
  account, and ``Status``: UPDATING after a switch until it has distributed (up to an hour;
  sandbox: the ``cognito_distribute_seconds`` setting, default 0), then ACTIVE (AWS also reports
  CREATING for a new domain; the sandbox makes it ACTIVE at once);
- DescribeUserPool reports the prefix domain as ``Domain`` and the custom domain as ``CustomDomain``;
- ACM's InUseBy lists the distribution (in_use.py), and keeps listing it for the old certificate
  until the switch has distributed.

moto 5.2.5 omits CustomDomainConfig, derives CloudFrontDistribution from the certificate ARN (a new
one at every switch), reports a random AWSAccountId and always ACTIVE, puts a custom domain in
DescribeUserPool's ``Domain``, stores any certificate ARN, and shows no domain in InUseBy.
"""

from __future__ import annotations

import functools
import random
import string
import threading
import time

from .. import hooks, patching, settings
from ..moto_internals import (CognitoIdpBackend, CognitoIdpUserPool, CognitoIdpUserPoolDomain,
                              CognitoInvalidParameter, get_partition)
from . import in_use

DISTRIBUTE_SETTING = "cognito_distribute_seconds"
settings.register(DISTRIBUTE_SETTING, 0.0)
CERTIFICATE_REGION = "us-east-1"
FIELD = "CustomDomainConfig.CertificateArn"
INVALID_CERT = ("The specified SSL certificate doesn't exist, isn't in us-east-1 region, isn't valid, "
                "or doesn't include a valid certificate chain.")

_moto = functools.partial(patching.original, CognitoIdpBackend)
_lock = threading.Lock()
_distributing = {}  # old certificate ARN -> {distribution ARN: domain}, while a switch away from it distributes


def certificate_of(domain):
    return (getattr(domain, "custom_domain_config", None) or {}).get("CertificateArn")


def status_of(domain):
    changed = getattr(domain, "_sandbox_changed_at", None)
    if changed is not None and time.monotonic() - changed < float(settings.get(DISTRIBUTE_SETTING) or 0):
        return domain._sandbox_pending_status
    return "ACTIVE"


def distribution_arn(domain):
    """The ARN ACM lists in InUseBy for a custom domain's distribution (None for a prefix domain)."""
    return getattr(domain, "_sandbox_distribution_arn", None) if certificate_of(domain) else None


def _check_certificate(backend, config, name):
    arn = (config or {}).get("CertificateArn")
    if not arn:
        return
    bundle = in_use.usable_certificate(arn, backend.account_id, CERTIFICATE_REGION)
    if bundle is None or not in_use.covers(in_use.certificate_names(bundle), name):
        raise CognitoInvalidParameter(INVALID_CERT)


def _changed(backend, domain, status):
    domain._sandbox_changed_at = time.monotonic()
    domain._sandbox_pending_status = status


def _record(backend, domain, before, after):
    pool = backend.user_pools.get(domain.user_pool_id)
    resource = pool.arn if pool is not None else f"{domain.user_pool_id}/{domain.domain}"
    in_use.record_change("cognito-idp", resource, FIELD, before, after, account=backend.account_id,
                         region=backend.region_name, domain=domain.domain)


def create_user_pool_domain(self, user_pool_id, domain, custom_domain_config=None):
    _check_certificate(self, custom_domain_config, domain)
    created = _moto("create_user_pool_domain")(self, user_pool_id, domain, custom_domain_config)
    created._sandbox_account = self.account_id
    label = "d" + "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(13))
    created._sandbox_distribution = f"{label}.cloudfront.net"
    created._sandbox_distribution_arn = f"arn:{get_partition(self.region_name)}:cloudfront::{self.account_id}:distribution/{label}"
    if certificate_of(created):
        # A new domain is ACTIVE at once here (AWS: CREATING for a while); only switches distribute.
        _record(self, created, None, certificate_of(created))
    return created


def update_user_pool_domain(self, domain, custom_domain_config):
    existing = self.user_pool_domains.get(domain)
    if existing is not None:
        _check_certificate(self, custom_domain_config, domain)
    before = certificate_of(existing)
    updated = _moto("update_user_pool_domain")(self, domain, custom_domain_config)
    after = certificate_of(updated)
    if before != after:
        _changed(self, updated, "UPDATING")
        if before and distribution_arn(updated):
            with _lock:
                _distributing.setdefault(before, {})[distribution_arn(updated)] = updated
        _record(self, updated, before, after)
    return updated


def delete_user_pool_domain(self, domain):
    existing = self.user_pool_domains.get(domain)
    _moto("delete_user_pool_domain")(self, domain)
    if certificate_of(existing):
        _record(self, existing, certificate_of(existing), None)


def domain_to_json(self, extended=True):
    result = patching.original(CognitoIdpUserPoolDomain, "to_json")(self, extended)
    distribution = getattr(self, "_sandbox_distribution", None) if certificate_of(self) else None
    if distribution:
        result["CloudFrontDistribution" if extended else "CloudFrontDomain"] = distribution
    if extended:
        result["Status"] = status_of(self)
        if getattr(self, "_sandbox_account", None):
            result["AWSAccountId"] = self._sandbox_account
        if certificate_of(self):
            result["CustomDomainConfig"] = {"CertificateArn": certificate_of(self)}
    return result


def user_pool_to_json(self, extended=False):
    result = patching.original(CognitoIdpUserPool, "to_json")(self, extended)
    result.pop("Domain", None)
    for domain in list(self.backend.user_pool_domains.values()):
        if domain.user_pool_id == self.id:
            result["CustomDomain" if certificate_of(domain) else "Domain"] = domain.domain
    return result


def still_distributing(certificate_arn):
    """InUseBy entries of a certificate a custom domain was switched away from, until the switch is ACTIVE."""
    with _lock:
        pending = _distributing.get(certificate_arn) or {}
        for arn, domain in list(pending.items()):
            if status_of(domain) == "ACTIVE" or certificate_of(domain) == certificate_arn:
                del pending[arn]
        return list(pending)


def _reset():
    with _lock:
        _distributing.clear()


def apply():
    patching.patch(CognitoIdpBackend, "create_user_pool_domain", create_user_pool_domain)
    patching.patch(CognitoIdpBackend, "update_user_pool_domain", update_user_pool_domain)
    patching.patch(CognitoIdpBackend, "delete_user_pool_domain", delete_user_pool_domain)
    patching.patch(CognitoIdpUserPoolDomain, "to_json", domain_to_json)
    patching.patch(CognitoIdpUserPool, "to_json", user_pool_to_json)
    if still_distributing not in in_use.SETTLING_USERS:
        in_use.SETTLING_USERS.append(still_distributing)
    if _reset not in hooks.RESET_HOOKS:
        hooks.RESET_HOOKS.append(_reset)
