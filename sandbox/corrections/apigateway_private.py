"""API Gateway (v1) private custom domain names and ownership-verification certificates.

AWS (API Gateway API reference: CreateDomainName, GetDomainName(s), UpdateDomainName,
DeleteDomainName; developer guide, "Custom domain names for private APIs"):
- ``endpointConfiguration.types=[PRIVATE]`` makes a private custom domain name. Its certificate is
  ``certificateArn`` (an ACM certificate in the API's region); it gets a ``domainNameId`` and the ARN
  ``arn:<partition>:apigateway:<region>:<account>:/domainnames/<name>+<id>``. Its name need not be
  unique: one account may hold a public and several private domains of one name, so GetDomainName,
  UpdateDomainName and DeleteDomainName name a private one with the ``domainNameId`` query
  parameter (without it they act on the public domain of that name).
- GetDomainNames takes ``resourceOwner`` (SELF: the account's own, private ones included;
  OTHER_ACCOUNTS: private domains other accounts shared with it).
- After a certificate change a private domain is ``UPDATING`` (about 15 minutes; sandbox: the
  ``apigateway_private_update_seconds`` setting, default 0), then ``AVAILABLE``.
- ``ownershipVerificationCertificateArn`` (v1 and v2's ``DomainNameConfigurations[]``): a public
  ACM certificate proving ownership of the name where the domain's own certificate is imported or
  from a private CA (mutual TLS); in the domain's region, ISSUED; replaced with the patch path
  ``/ownershipVerificationCertificateArn``. ACM lists the domain in its InUseBy like any consumer.

moto 5.2.5 knows none of this: PRIVATE domains replace the public one of the same name, there is no
``domainNameId``, ``domainNameArn``, ``resourceOwner`` or ownership-verification field (v1 drops it;
v2 keeps what it is sent and never checks it), and every call ignores ``domainNameId``.
"""

from __future__ import annotations

import json
import random
import string
import time

from .. import patching, settings
from ..moto_internals import (APIGatewayResponse, ApiGatewayDomainName, ApiGatewayNotFound, get_partition)
from . import in_use
from .apigateway_checks import bad_request, check_certificate, patch_path

UPDATE_SETTING = "apigateway_private_update_seconds"
settings.register(UPDATE_SETTING, 0.0)
OWNERSHIP_FIELD = "ownershipVerificationCertificateArn"
PRIVATE_PATCHABLE = {"/certificateArn": "certificate_arn", "/" + OWNERSHIP_FIELD: "ownership_verification_certificate_arn",
                     "/policy": "policy", "/managementPolicy": "management_policy"}


def _private_domains(backend):
    """(name, id) -> DomainName: the region's private domains, beside moto's public ones."""
    if not hasattr(backend, "_sandbox_private_domains"):
        backend._sandbox_private_domains = {}
    return backend._sandbox_private_domains


def _domain_name_id():
    return "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(8))


def _private_arn(region, account, name, domain_id):
    return f"arn:{get_partition(region)}:apigateway:{region}:{account}:/domainnames/{name}+{domain_id}"


def _query(response, name):
    return (response.querystring.get(name) or [None])[0]


def _record(backend, arn, field, before, after):
    in_use.record_change("apigateway", arn, field, before, after, account=backend.account_id,
                         region=backend.region_name)


def _status(domain):
    changed = getattr(domain, "_sandbox_changed_at", None)
    if changed is not None and time.monotonic() - changed < float(settings.get(UPDATE_SETTING) or 0):
        return "UPDATING"
    return "AVAILABLE"


def _lookup(backend, name, domain_id):
    domain = _private_domains(backend).get((name, domain_id))
    if domain is None:
        raise ApiGatewayNotFound("Invalid domain name identifier specified")
    return domain


# --- responses -------------------------------------------------------------------------------------

def create_domain_name(self):
    body = json.loads(self.body or "{}")
    backend = self.backend
    ownership = body.get(OWNERSHIP_FIELD)
    if ownership:
        check_certificate(ownership, backend.account_id, backend.region_name)
    if "PRIVATE" not in ((body.get("endpointConfiguration") or {}).get("types") or []):
        status, headers, text = patching.original(APIGatewayResponse, "create_domain_name")(self)
        if ownership:
            domain = backend.domain_names[body["domainName"]]
            domain.ownership_verification_certificate_arn = ownership
            _record(backend, domain._sandbox_arn, OWNERSHIP_FIELD, None, ownership)
            text = json.dumps(domain.to_json())
        return status, headers, text
    certificate = body.get("certificateArn")
    if not certificate or body.get("regionalCertificateArn"):
        raise bad_request("A private domain name needs certificateArn (an ACM certificate in "
                                     f"{backend.region_name}) and takes no regionalCertificateArn")
    check_certificate(certificate, backend.account_id, backend.region_name)
    domain = ApiGatewayDomainName(body["domainName"], certificate_arn=certificate, tags=body.get("tags"),
                                  security_policy="TLS_1_2", region_name=backend.region_name,
                                  endpoint_configuration={"types": ["PRIVATE"]})
    domain.domain_name_id = _domain_name_id()
    domain._sandbox_arn = _private_arn(backend.region_name, backend.account_id, domain.domain_name,
                                       domain.domain_name_id)
    domain.ownership_verification_certificate_arn = ownership
    domain.policy, domain.management_policy = body.get("policy"), body.get("managementPolicy")
    _private_domains(backend)[(domain.domain_name, domain.domain_name_id)] = domain
    _record(backend, domain._sandbox_arn, "certificateArn", None, certificate)
    if ownership:
        _record(backend, domain._sandbox_arn, OWNERSHIP_FIELD, None, ownership)
    return 201, {"status": 201}, json.dumps(domain.to_json())


def get_domain_name(self):
    domain_id = _query(self, "domainNameId")
    if not domain_id:
        return patching.original(APIGatewayResponse, "get_domain_name")(self)
    return json.dumps(_lookup(self.backend, self.path.split("/")[2], domain_id).to_json())


def get_domain_names(self):
    if _query(self, "resourceOwner") == "OTHER_ACCOUNTS":
        return json.dumps({"item": []})  # the sandbox's accounts share nothing with each other
    domains = list(self.backend.get_domain_names()) + list(_private_domains(self.backend).values())
    return json.dumps({"item": [d.to_json() for d in domains]})


def update_private_domain_name(self, name, domain_id, patch_operations):
    backend = self.backend
    domain = _lookup(backend, name, domain_id)
    changes = {}
    for op in patch_operations or []:
        path = patch_path(op, PRIVATE_PATCHABLE)
        if path in ("/certificateArn", "/" + OWNERSHIP_FIELD):
            check_certificate(op.get("value"), backend.account_id, backend.region_name)
        changes[path] = op.get("value")
    for path, value in changes.items():
        attr = PRIVATE_PATCHABLE[path]
        before = getattr(domain, attr, None)
        setattr(domain, attr, value)
        if path in ("/certificateArn", "/" + OWNERSHIP_FIELD) and before != value:
            _record(backend, domain._sandbox_arn, path.lstrip("/"), before, value)
            domain._sandbox_changed_at = time.monotonic()
            domain.certificate_upload_date = int(time.time())
    return domain


def delete_domain_name(self):
    domain_id = _query(self, "domainNameId")
    if not domain_id:
        return patching.original(APIGatewayResponse, "delete_domain_name")(self)
    backend = self.backend
    domain = _lookup(backend, self.path.split("/")[2], domain_id)
    del _private_domains(backend)[(domain.domain_name, domain_id)]
    for field in ("certificateArn", OWNERSHIP_FIELD):
        value = domain.to_json().get(field)
        if value:
            _record(backend, domain._sandbox_arn, field, value, None)
    return 202, {"status": 202}, "{}"


def private_fields(domain, result):
    """What AWS adds to a v1 domain name's JSON: the ownership-verification certificate, and for a
    private domain its id, ARN, policies and status."""
    ownership = getattr(domain, "ownership_verification_certificate_arn", None)
    if ownership:
        result[OWNERSHIP_FIELD] = ownership
    domain_id = getattr(domain, "domain_name_id", None)
    if domain_id:
        result.update(domainNameId=domain_id, domainNameStatus=_status(domain), securityPolicy="TLS_1_2")
        for key, attr in (("policy", "policy"), ("managementPolicy", "management_policy")):
            if getattr(domain, attr, None):
                result[key] = getattr(domain, attr)
        for public_only in ("regionalDomainName", "regionalHostedZoneId", "distributionDomainName",
                            "distributionHostedZoneId"):
            result.pop(public_only, None)
    return result


def private_domains_of(backend):
    return list(_private_domains(backend).values())


def apply():
    patching.patch(APIGatewayResponse, "create_domain_name", create_domain_name)
    patching.patch(APIGatewayResponse, "get_domain_name", get_domain_name)
    patching.patch(APIGatewayResponse, "get_domain_names", get_domain_names)
    patching.patch(APIGatewayResponse, "delete_domain_name", delete_domain_name)
