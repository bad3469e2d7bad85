"""What API Gateway (v1 and v2) checks of a certificate it is given, and its BadRequestException:
the certificate must be an ACM certificate of the account, in the region the field needs, and ISSUED."""

from __future__ import annotations

from ..moto_internals import ApiGatewayBadRequest, ApiGatewayV2BadRequest
from . import in_use


def bad_request(message, v2=False):
    return (ApiGatewayV2BadRequest if v2 else ApiGatewayBadRequest)(message)


def patch_path(op, patchable):
    """The path of a PATCH operation API Gateway accepts (``replace`` of a patchable path), or its BadRequestException."""
    path = op.get("path")
    if op.get("op") != "replace" or path not in patchable:
        raise bad_request(f"Invalid patch path '{path}' specified for op '{op.get('op')}'. "
                          f"Must be one of: [replace {', '.join(sorted(patchable))}]")
    return path


def check_certificate(arn, account, region, v2=False):
    parsed = in_use.parse_acm_arn(arn)
    if not parsed:
        raise bad_request(f"Invalid certificate ARN: {arn}", v2)
    if parsed[1] != region:
        raise bad_request(f"Invalid certificate ARN: {arn}. Certificate must be in '{region}'.", v2)
    bundle = in_use.find_certificate(arn) if parsed[2] == account else None
    if bundle is None:
        raise bad_request(f"Certificate {arn} not found in account {account}", v2)
    if bundle.status != "ISSUED":
        raise bad_request(f"Certificate {arn} is {bundle.status}; it must be ISSUED to be used "
                          "with a custom domain name", v2)
