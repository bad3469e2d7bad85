"""OpenSearch Service custom endpoints and their certificates.

AWS (OpenSearch Service API reference and developer guide, "Creating a custom endpoint"):
a domain's ``DomainEndpointOptions`` carry ``CustomEndpointEnabled``, ``CustomEndpoint`` and
``CustomEndpointCertificateArn`` (an ACM certificate of the domain's account and region);
``UpdateDomainConfig`` changes them in place, refuses a certificate it cannot use with
ValidationException and an unknown domain with ResourceNotFoundException, and a refused
call changes nothing. ACM lists the domain ARN in the certificate's InUseBy (in_use.py).

moto 5.2.5 lists, describes and updates domains as AWS does, but stores any
CustomEndpointCertificateArn unchecked, answers 500 (KeyError) to UpdateDomainConfig on an
unknown domain, and its certificates never show the domain in InUseBy.
"""

from __future__ import annotations

import functools

from .. import patching
from ..moto_internals import OpenSearchJsonError, OpenSearchResourceNotFound, OpenSearchServiceBackend
from . import in_use

_moto = functools.partial(patching.original, OpenSearchServiceBackend)
FIELD = "DomainEndpointOptions.CustomEndpointCertificateArn"


def endpoint_certificate(options):
    """The ACM certificate a domain's DomainEndpointOptions serve, or None (custom endpoint off)."""
    options = options or {}
    return options.get("CustomEndpointCertificateArn") if options.get("CustomEndpointEnabled") else None


def _check_certificate(backend, options):
    arn = (options or {}).get("CustomEndpointCertificateArn")
    if arn and not in_use.usable_certificate(arn, backend.account_id, backend.region_name):
        raise OpenSearchJsonError("ValidationException",
                                  f"The certificate {arn} was not found or is not ISSUED in "
                                  f"{backend.region_name} of account {backend.account_id}.")


def create_domain(self, domain_name, *args, **kwargs):
    _check_certificate(self, kwargs.get("domain_endpoint_options"))
    domain = _moto("create_domain")(self, domain_name, *args, **kwargs)
    in_use.record_change("opensearch", domain.arn, FIELD, None, endpoint_certificate(domain.domain_endpoint_options),
                         account=self.account_id, region=self.region_name)
    return domain


def update_domain_config(self, domain_name, *args, **kwargs):
    domain = self.domains.get(domain_name)
    if domain is None:
        raise OpenSearchResourceNotFound(domain_name)
    _check_certificate(self, kwargs.get("domain_endpoint_options"))
    before = endpoint_certificate(domain.domain_endpoint_options)
    domain = _moto("update_domain_config")(self, domain_name, *args, **kwargs)
    in_use.record_change("opensearch", domain.arn, FIELD, before, endpoint_certificate(domain.domain_endpoint_options),
                         account=self.account_id, region=self.region_name)
    return domain


def delete_domain(self, domain_name):
    domain = _moto("delete_domain")(self, domain_name)
    in_use.record_change("opensearch", domain.arn, FIELD, endpoint_certificate(domain.domain_endpoint_options), None,
                         account=self.account_id, region=self.region_name)
    return domain


def apply():
    patching.patch(OpenSearchServiceBackend, "create_domain", create_domain)
    patching.patch(OpenSearchServiceBackend, "update_domain_config", update_domain_config)
    patching.patch(OpenSearchServiceBackend, "delete_domain", delete_domain)
