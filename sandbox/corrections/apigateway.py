"""API Gateway custom domain names and their certificates, v1 and v2.

AWS (API Gateway API references):
- v1 domain names carry ``certificateArn`` (EDGE; the ACM certificate must be in
  us-east-1) or ``regionalCertificateArn`` (REGIONAL; in the API's region),
  ``endpointConfiguration.types`` (EDGE when not given) and ``domainNameArn``.
  ``UpdateDomainName`` takes JSON-patch operations, e.g.
  ``{"op": "replace", "path": "/regionalCertificateArn", "value": arn}``.
- v2 domain names carry ``DomainNameConfigurations[]`` with ``CertificateArn``,
  ``EndpointType`` (REGIONAL by default), ``ApiGatewayDomainName``,
  ``HostedZoneId``, ``SecurityPolicy``, ``DomainNameStatus``; ``UpdateDomainName``
  replaces them.
- The certificate must exist, belong to the account and be ISSUED
  (BadRequestException otherwise); a failed update changes nothing.

moto 5.2.5: v1 and v2 ``UpdateDomainName`` answer 500; no certificate is checked;
v1 reports no endpoint type unless given and no ``domainNameArn``; v2 keeps the
configurations as sent (no endpoint type, target domain name or status).
"""

from __future__ import annotations

import copy
import json
import random
import string
import time

from .. import patching
from ..moto_internals import (APIGatewayBackend, ApiGatewayConflict, ApiGatewayDomainName, APIGatewayResponse,
                              ApiGatewayV2Backend, ApiGatewayV2Response, get_partition)
from . import apigateway_private, in_use
from .apigateway_checks import bad_request, check_certificate, patch_path

V1_PATCHABLE = {
    "/certificateArn": "certificate_arn",
    "/regionalCertificateArn": "regional_certificate_arn",
    "/certificateName": "certificate_name",
    "/regionalCertificateName": "regional_certificate_name",
    "/securityPolicy": "security_policy",
    "/ownershipVerificationCertificateArn": "ownership_verification_certificate_arn",
}
# Certificate fields of a v1 domain name: attribute -> the field AWS reports.
V1_CERTIFICATE_ATTRIBUTES = {"certificate_arn": "certificateArn", "regional_certificate_arn": "regionalCertificateArn",
                             "ownership_verification_certificate_arn": "ownershipVerificationCertificateArn"}


def _endpoint_types(domain):
    return list(((domain.endpoint_configuration or {}).get("types")) or ["EDGE"])


def _v1_arn(region, name):
    return f"arn:{get_partition(region)}:apigateway:{region}::/domainnames/{name}"


def _record(service, resource, field, before, after, account, region):
    in_use.record_change(service, resource, field, before, after, account=account, region=region)


def v1_create_domain_name(self, domain_name, certificate_name, tags, certificate_arn, certificate_body,
                       certificate_private_key, certificate_chain, regional_certificate_name,
                       regional_certificate_arn, endpoint_configuration, security_policy):
    endpoint_configuration = copy.deepcopy(endpoint_configuration) or {}
    endpoint_configuration.setdefault("types", ["EDGE"])
    types = endpoint_configuration["types"]
    if certificate_arn:
        if "EDGE" not in types:
            raise bad_request("certificateArn is for EDGE domain names; use regionalCertificateArn")
        check_certificate(certificate_arn, self.account_id, "us-east-1")
    if regional_certificate_arn:
        if "REGIONAL" not in types:
            raise bad_request("regionalCertificateArn is for REGIONAL domain names; use certificateArn")
        check_certificate(regional_certificate_arn, self.account_id, self.region_name)
    if domain_name in self.domain_names:
        raise ApiGatewayConflict(f"The domain name you provided already exists: {domain_name}")
    domain = patching.original(APIGatewayBackend, "create_domain_name")(
        self, domain_name, certificate_name, tags, certificate_arn, certificate_body,
        certificate_private_key, certificate_chain, regional_certificate_name,
        regional_certificate_arn, endpoint_configuration, security_policy)
    domain._sandbox_arn = _v1_arn(self.region_name, domain_name)
    for field, value in (("certificateArn", certificate_arn), ("regionalCertificateArn", regional_certificate_arn)):
        if value:
            _record("apigateway", domain._sandbox_arn, field, None, value, self.account_id, self.region_name)
    return domain


def v1_update_domain_name(self, domain_name, patch_operations):
    domain = self.get_domain_name(domain_name)
    types = _endpoint_types(domain)
    changes = {}
    for op in patch_operations or []:
        path = patch_path(op, V1_PATCHABLE)
        value = op.get("value")
        if path == "/certificateArn":
            if "EDGE" not in types:
                raise bad_request("Cannot set certificateArn on a REGIONAL domain name; "
                                   "patch /regionalCertificateArn")
            check_certificate(value, self.account_id, "us-east-1")
        elif path == "/regionalCertificateArn":
            if "REGIONAL" not in types:
                raise bad_request("Cannot set regionalCertificateArn on an EDGE domain name; "
                                   "patch /certificateArn")
            check_certificate(value, self.account_id, self.region_name)
        elif path == "/ownershipVerificationCertificateArn":
            check_certificate(value, self.account_id, self.region_name)
        changes[V1_PATCHABLE[path]] = value
    arn = getattr(domain, "_sandbox_arn", _v1_arn(self.region_name, domain_name))
    for attr, value in changes.items():
        before = getattr(domain, attr, None)
        setattr(domain, attr, value)
        if attr in V1_CERTIFICATE_ATTRIBUTES:
            _record("apigateway", arn, V1_CERTIFICATE_ATTRIBUTES[attr], before, value, self.account_id, self.region_name)
    if "certificate_arn" in changes or "regional_certificate_arn" in changes:
        domain.certificate_upload_date = int(time.time())
    return domain


def v1_delete_domain_name(self, domain_name):
    domain = self.domain_names.get(domain_name)
    patching.original(APIGatewayBackend, "delete_domain_name")(self, domain_name)
    arn = _v1_arn(self.region_name, domain_name)
    for attr, field in V1_CERTIFICATE_ATTRIBUTES.items():
        value = getattr(domain, attr, None)
        if value:
            _record("apigateway", arn, field, value, None, self.account_id, self.region_name)


def v1_to_json(self):
    result = patching.original(ApiGatewayDomainName, "to_json")(self)
    result.setdefault("endpointConfiguration", {"types": ["EDGE"]})
    if getattr(self, "_sandbox_arn", None):
        result["domainNameArn"] = self._sandbox_arn
    return apigateway_private.private_fields(self, result)


def v1_update_domain_name_response(self):
    domain_name = self.path.split("/")[2]
    body = json.loads(self.body or "{}")
    domain_id = (self.querystring.get("domainNameId") or [None])[0]
    if domain_id:  # a private domain name; without the id AWS changes the public one of that name
        domain = apigateway_private.update_private_domain_name(self, domain_name, domain_id,
                                                               body.get("patchOperations", []))
        return 200, {}, json.dumps(domain.to_json())
    domain = self.backend.update_domain_name(domain_name, body.get("patchOperations", []))
    return 200, {}, json.dumps(domain.to_json())


def _apply_v1():
    patching.patch(APIGatewayBackend, "create_domain_name", v1_create_domain_name)
    patching.patch(APIGatewayBackend, "update_domain_name", v1_update_domain_name)
    patching.patch(APIGatewayBackend, "delete_domain_name", v1_delete_domain_name)
    patching.patch(ApiGatewayDomainName, "to_json", v1_to_json)
    patching.patch(APIGatewayResponse, "update_domain_name", v1_update_domain_name_response)


V2_OWNERSHIP = "ownershipVerificationCertificateArn"
V2_FIELDS = {"certificateArn": "DomainNameConfigurations.CertificateArn",
             V2_OWNERSHIP: "DomainNameConfigurations.OwnershipVerificationCertificateArn"}


def _random_id(n=10):
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(n))


def _v2_config(cfg, account, region, previous=None):
    """A v2 DomainNameConfiguration as AWS reports it, certificate checked."""
    cfg = dict(cfg or {})
    previous = previous or {}
    endpoint_type = (cfg.get("endpointType") or previous.get("endpointType") or "REGIONAL").upper()
    cfg["endpointType"] = endpoint_type
    if cfg.get("certificateArn"):
        check_certificate(cfg["certificateArn"], account, "us-east-1" if endpoint_type == "EDGE" else region,
                           v2=True)
    if cfg.get(V2_OWNERSHIP):
        check_certificate(cfg[V2_OWNERSHIP], account, region, v2=True)
    if endpoint_type == "EDGE":
        cfg.setdefault("apiGatewayDomainName", previous.get("apiGatewayDomainName") or f"d{_random_id(13)}.cloudfront.net")
        cfg.setdefault("hostedZoneId", "Z2FDTNDATAQYW2")
    else:
        cfg.setdefault("apiGatewayDomainName", previous.get("apiGatewayDomainName")
                       or f"d-{_random_id()}.execute-api.{region}.amazonaws.com")
        cfg.setdefault("hostedZoneId", previous.get("hostedZoneId") or "ZLY8HYME6SFDD")
    cfg.setdefault("securityPolicy", previous.get("securityPolicy") or "TLS_1_2")
    cfg.setdefault("domainNameStatus", "AVAILABLE")
    return cfg


def v2_create_domain_name(self, domain_name, domain_name_configurations, mutual_tls_authentication, tags):
    configs = [_v2_config(c, self.account_id, self.region_name) for c in domain_name_configurations or [{}]]
    domain = patching.original(ApiGatewayV2Backend, "create_domain_name")(self, domain_name, configs, mutual_tls_authentication, tags)
    for cfg in configs:
        for key, field in V2_FIELDS.items():
            if cfg.get(key):
                _record("apigatewayv2", domain.domain_name_arn, field, None, cfg[key], self.account_id,
                        self.region_name)
    return domain


def v2_update_domain_name(self, domain_name, domain_name_configurations=None, mutual_tls_authentication=None):
    domain = self.get_domain_name(domain_name)
    before = [c.get("certificateArn") for c in domain.domain_name_configurations or []]
    ownership_before = [c.get(V2_OWNERSHIP) for c in domain.domain_name_configurations or []]
    if domain_name_configurations is not None:
        previous = list(domain.domain_name_configurations or [])
        configs = [
            _v2_config(c, self.account_id, self.region_name, previous[i] if i < len(previous) else None)
            for i, c in enumerate(domain_name_configurations)
        ]
        domain.domain_name_configurations = configs
    if mutual_tls_authentication is not None:
        domain.mutual_tls_authentication = mutual_tls_authentication
    after = [c.get("certificateArn") for c in domain.domain_name_configurations or []]
    ownership_after = [c.get(V2_OWNERSHIP) for c in domain.domain_name_configurations or []]
    if ownership_after != ownership_before:
        _record("apigatewayv2", domain.domain_name_arn, V2_FIELDS[V2_OWNERSHIP], _one(ownership_before),
                _one(ownership_after), self.account_id, self.region_name)
    _record("apigatewayv2", domain.domain_name_arn, "DomainNameConfigurations.CertificateArn",
            before[0] if len(before) == 1 else before, after[0] if len(after) == 1 else after,
            self.account_id, self.region_name)
    return domain


def _one(values):
    return values[0] if len(values) == 1 else values


def v2_delete_domain_name(self, domain_name):
    domain = self.domain_names.get(domain_name)
    patching.original(ApiGatewayV2Backend, "delete_domain_name")(self, domain_name)
    for cfg in (domain.domain_name_configurations if domain else None) or []:
        for key, field in V2_FIELDS.items():
            if cfg.get(key):
                _record("apigatewayv2", domain.domain_name_arn, field, cfg[key], None, self.account_id,
                        self.region_name)


def v2_update_domain_name_response(self):
    domain_name = self.path.split("/")[-1]
    params = json.loads(self.body or "{}")
    domain = self.apigatewayv2_backend.update_domain_name(
        domain_name,
        domain_name_configurations=params.get("domainNameConfigurations"),
        mutual_tls_authentication=params.get("mutualTlsAuthentication"),
    )
    return 200, {}, json.dumps(domain.to_json())


def _apply_v2():
    patching.patch(ApiGatewayV2Backend, "create_domain_name", v2_create_domain_name)
    patching.patch(ApiGatewayV2Backend, "update_domain_name", v2_update_domain_name)
    patching.patch(ApiGatewayV2Backend, "delete_domain_name", v2_delete_domain_name)
    patching.patch(ApiGatewayV2Response, "update_domain_name", v2_update_domain_name_response)


def apply():
    _apply_v1()
    _apply_v2()
    apigateway_private.apply()
