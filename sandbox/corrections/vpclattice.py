"""VPC Lattice services and their ACM certificate.

AWS (VPC Lattice API reference, CreateService / UpdateService / GetService):
- ``certificateArn`` is the ACM certificate a service with a custom domain name serves; it must
  exist in the service's account and region and be ISSUED (ValidationException otherwise), and a
  failed call changes nothing.
- ``UpdateService`` (PATCH /services/{serviceIdentifier}, the ID or ARN) changes only what it is
  given (``certificateArn``, ``authType``) and answers id, arn, name, customDomainName,
  certificateArn and authType.
- An unknown service is ResourceNotFoundException, HTTP 404, with ``resourceId`` and ``resourceType``.
- ACM's ``InUseBy`` lists the service ARN (``arn:<partition>:vpc-lattice:<region>:<account>:service/<id>``).

moto 5.2.5 implements VPC Lattice without ``UpdateService`` (the server answers 500), accepts any
certificate at CreateService and answers an unknown service with HTTP 400.
"""

from __future__ import annotations

import json

from .. import patching
from ..moto_internals import JsonRESTError, VPCLatticeBackend, VPCLatticeResponse
from . import in_use


class _LatticeError(JsonRESTError):
    def __init__(self, code, status, message, **fields):
        super().__init__(code, message)
        self.code = status
        self.description = json.dumps({"__type": code, "message": message, **fields})


def _not_found(identifier):
    return _LatticeError("ResourceNotFoundException", 404, f"Service {identifier} not found",
                         resourceId=identifier, resourceType="SERVICE")


def _invalid(message):
    return _LatticeError("ValidationException", 400, message, reason="other")


def _service_id(identifier):
    """The ID of a service given by ID or ARN (``...:service/svc-...``)."""
    return (identifier or "").rsplit("/", 1)[-1]


def _check_certificate(backend, arn):
    if arn and in_use.usable_certificate(arn, backend.account_id, backend.region_name) is None:
        raise _invalid(f"Certificate {arn} does not exist in this account and Region or is not ISSUED")


def create_service(self, auth_type, certificate_arn, client_token, custom_domain_name, name, tags):
    _check_certificate(self, certificate_arn)
    service = patching.original(VPCLatticeBackend, "create_service")(
        self, auth_type, certificate_arn, client_token, custom_domain_name, name, tags)
    if certificate_arn:
        in_use.record_change("vpc-lattice", service.arn, "certificateArn", None, certificate_arn,
                             account=self.account_id, region=self.region_name)
    return service


def get_service(self, service_identifier):
    service = self.services.get(_service_id(service_identifier))
    if service is None:
        raise _not_found(service_identifier)
    return service


def update_service(self, service_identifier, certificate_arn=None, auth_type=None):
    service = self.get_service(service_identifier)
    _check_certificate(self, certificate_arn)
    if auth_type is not None:
        service.auth_type = auth_type
    if certificate_arn is not None:
        before = service.certificate_arn or None
        service.certificate_arn = certificate_arn
        in_use.record_change("vpc-lattice", service.arn, "certificateArn", before, certificate_arn or None,
                             account=self.account_id, region=self.region_name)
    return service


def update_service_response(self):
    service = self.backend.update_service(self._get_param("serviceIdentifier"),
                                          certificate_arn=self._get_param("certificateArn"),
                                          auth_type=self._get_param("authType"))
    body = service.to_dict()
    return json.dumps({k: body[k] for k in ("id", "arn", "name", "customDomainName", "certificateArn", "authType")
                       if body.get(k)})


def apply():
    patching.patch(VPCLatticeBackend, "create_service", create_service)
    patching.patch(VPCLatticeBackend, "get_service", get_service)
    patching.patch(VPCLatticeBackend, "update_service", update_service)
    patching.patch(VPCLatticeResponse, "update_service", update_service_response)
