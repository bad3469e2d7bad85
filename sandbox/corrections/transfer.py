"""AWS Transfer Family servers and their ACM certificate.

AWS (Transfer Family API reference, CreateServer / UpdateServer / DescribeServer):
- ``Certificate`` is the ARN of an ACM certificate, required when ``Protocols`` holds
  ``FTPS``; it must exist in the server's account and region and be ISSUED
  (InvalidRequestException otherwise), and a failed call changes nothing.
- ``UpdateServer(ServerId, Certificate=...)`` changes only what it is given (every other
  setting stays) and returns ``{"ServerId": ...}``.
- An unknown server is ResourceNotFoundException (with ``Resource`` and ``ResourceType``).
- ACM's ``InUseBy`` lists the server ARN (``arn:<partition>:transfer:<region>:<account>:server/<id>``).

moto 5.2.5 has no ``UpdateServer`` (the server answers 500), accepts any certificate (or none
for FTPS) at CreateServer, and answers an unknown server with its own ``ServerNotFound``.
"""

from __future__ import annotations

import json

from .. import patching
from ..moto_internals import TransferBackend, TransferError, TransferResponse
from . import in_use


class InvalidRequestException(TransferError):
    def __init__(self, message):
        super().__init__("InvalidRequestException", message)


class ResourceNotFoundException(TransferError):
    def __init__(self, server_id):
        super().__init__("ResourceNotFoundException", f"Unknown server: {server_id}")
        body = json.loads(self.description)
        body.update(Resource=server_id, ResourceType="Server")
        self.description = json.dumps(body)


def _check_certificate(backend, arn, protocols):
    if not arn:
        if "FTPS" in (protocols or []):
            raise InvalidRequestException("A certificate is required when the FTPS protocol is enabled")
        return
    if in_use.usable_certificate(arn, backend.account_id, backend.region_name) is None:
        raise InvalidRequestException(
            f"Certificate {arn} does not exist in this account and Region or is not ISSUED")


def create_server(self, **kwargs):
    _check_certificate(self, kwargs.get("certificate"), kwargs.get("protocols"))
    server_id = patching.original(TransferBackend, "create_server")(self, **kwargs)
    if kwargs.get("certificate"):
        server = self.servers[server_id]
        in_use.record_change("transfer", server.arn, "Certificate", None, kwargs["certificate"],
                             account=self.account_id, region=self.region_name)
    return server_id


def describe_server(self, server_id):
    if server_id not in self.servers:
        raise ResourceNotFoundException(server_id)
    return self.servers[server_id]


def update_server(self, server_id, certificate=None, protocols=None):
    """Only what certshift.acm changes (the certificate, and the protocols it is checked against)."""
    server = self.describe_server(server_id)
    after_protocols = protocols if protocols is not None else server.protocols
    after_certificate = certificate if certificate is not None else server.certificate
    _check_certificate(self, after_certificate, after_protocols)
    before = server.certificate
    server.protocols, server.certificate = after_protocols, after_certificate
    in_use.record_change("transfer", server.arn, "Certificate", before, after_certificate,
                         account=self.account_id, region=self.region_name)
    return server_id


def delete_server(self, server_id):
    server = self.describe_server(server_id)
    patching.original(TransferBackend, "delete_server")(self, server_id)
    if server.certificate:  # recorded, so the change log's replay knows the server let go of it
        in_use.record_change("transfer", server.arn, "Certificate", server.certificate, None,
                             account=self.account_id, region=self.region_name)


def update_server_response(self):
    params = json.loads(self.body or "{}")
    server_id = self.transfer_backend.update_server(
        params.get("ServerId"), certificate=params.get("Certificate"), protocols=params.get("Protocols"))
    return json.dumps({"ServerId": server_id})


def apply():
    patching.patch(TransferBackend, "create_server", create_server)
    patching.patch(TransferBackend, "describe_server", describe_server)
    patching.patch(TransferBackend, "update_server", update_server)
    patching.patch(TransferBackend, "delete_server", delete_server)
    patching.patch(TransferResponse, "update_server", update_server_response)
