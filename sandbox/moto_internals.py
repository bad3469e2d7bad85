"""Every moto internal the sandbox touches, in one place: after a moto upgrade, check this file.

The sandbox imports moto only from here (classes, exceptions, backend dicts, helpers), patches
only the attributes listed in ``REPLACED``, ``ADDED`` and ``PROPERTIES`` (through
sandbox.patching; GET /_sandbox/patches shows what a running sandbox patched, and
tests/sandbox/test_moto_internals.py checks that against these lists and the lists against the
installed moto), and reads only the private attributes listed in ``PRIVATE_ATTRIBUTES``. Written against
moto ``MOTO_VERSION`` (aws-facts.md, 'moto 5.2.x, measured against the above').
"""

from __future__ import annotations

from moto import backends as moto_backends
from moto.acm.exceptions import AWSValidationException
from moto.acm.models import AWSCertificateManagerBackend, CertBundle, CertificateNotFound, acm_backends
from moto.acm.responses import AWSCertificateManagerResponse
from moto.apigateway.exceptions import BadRequestException as ApiGatewayBadRequest
from moto.apigateway.exceptions import ConflictException as ApiGatewayConflict
from moto.apigateway.exceptions import NotFoundException as ApiGatewayNotFound
from moto.apigateway.models import APIGatewayBackend, apigateway_backends
from moto.apigateway.models import DomainName as ApiGatewayDomainName
from moto.apigateway.responses import APIGatewayResponse
from moto.apigatewayv2.exceptions import BadRequestException as ApiGatewayV2BadRequest
from moto.apigatewayv2.models import ApiGatewayV2Backend, apigatewayv2_backends
from moto.apigatewayv2.responses import ApiGatewayV2Response
from moto.cloudformation.exceptions import ValidationError as CfnValidationError
from moto.cloudformation.models import CloudFormationBackend
from moto.cloudformation.responses import CloudFormationResponse, StackResourceDTO
from moto.cloudfront import urls as cloudfront_urls
from moto.cloudfront.exceptions import CloudFrontException, InvalidIfMatchVersion, NoSuchDistribution
from moto.cloudfront.models import CloudFrontBackend, Distribution, DistributionConfig, cloudfront_backends
from moto.cloudfront.models import random_id as cloudfront_random_id
from moto.cloudfront.responses import CloudFrontResponse
from moto.cognitoidp.exceptions import InvalidParameterException as CognitoInvalidParameter
from moto.cognitoidp.models import CognitoIdpBackend, CognitoIdpUserPool, CognitoIdpUserPoolDomain, cognitoidp_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core import responses as core_responses
from moto.core.exceptions import AWSError, JsonRESTError
from moto.core.exceptions import JsonRESTError as OpenSearchJsonError
from moto.core.responses import ActionResult, BaseResponse, EmptyResult
from moto.core.utils import utcnow
from moto.elasticbeanstalk.exceptions import InvalidParameterValueError as BeanstalkInvalidParameterValue
from moto.elasticbeanstalk.models import eb_backends
from moto.elasticbeanstalk.responses import EBResponse
from moto.elb.exceptions import ELBClientError
from moto.elb.models import ELBBackend, LoadBalancerNotFoundError, elb_backends
from moto.elbv2.exceptions import ELBClientError as ELBv2ClientError
from moto.elbv2.models import ELBv2Backend, FakeListener, TooManyCertificatesError, elbv2_backends
from moto.elbv2.models import FakeLoadBalancer as ELBv2LoadBalancer
from moto.iam import iam_backends
from moto.iam.models import get_account_id_from
from moto.moto_api._internal import mock_random
from moto.moto_api._internal.models import moto_api_backend
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.opensearch.exceptions import ResourceNotFoundException as OpenSearchResourceNotFound
from moto.opensearch.models import OpenSearchServiceBackend, opensearch_backends
from moto.route53.exceptions import DnsNameInvalidForZone, InvalidActionValue, InvalidInput, Route53ClientError
from moto.route53.models import RecordSet, Route53Backend, route53_backends
from moto.route53.responses import Route53 as Route53Response
from moto.route53.utils import validate_domain_name
from moto.transfer.exceptions import TransferError
from moto.transfer.models import TransferBackend, transfer_backends
from moto.transfer.responses import TransferResponse
from moto.utilities.utils import get_partition
from moto.vpclattice.models import VPCLatticeBackend, vpclattice_backends
from moto.vpclattice.responses import VPCLatticeResponse

MOTO_VERSION = "5.2.5"

# What the sandbox patches (sandbox.patching.patch), per owner; the comment names the file.
# REPLACED: moto's own methods, replaced or wrapped.
REPLACED = {
    CertBundle: ("check", "describe", "validate_pk",  # corrections/acm/, acm_in_place.py
                 "__init__"),  # corrections/history.py
    AWSCertificateManagerBackend: ("request_certificate", "export_certificate",  # corrections/acm/
                                   "set_certificate_in_use_by", "delete_certificate"),  # in_use.py, history.py
    AWSCertificateManagerResponse: ("request_certificate", "list_certificates",  # corrections/acm/
                                    "serialized"),  # speedups.py
    ELBv2Backend: ("create_listener", "modify_listener", "add_listener_certificates",  # corrections/elbv2.py
                   "describe_listener_certificates", "remove_listener_certificates", "delete_listener",
                   "delete_load_balancer"),
    ELBBackend: ("set_load_balancer_listener_ssl_certificate", "create_load_balancer",  # corrections/elb.py
                 "create_load_balancer_listeners", "delete_load_balancer_listeners", "delete_load_balancer"),
    DistributionConfig: ("__init__",),  # corrections/cloudfront.py
    CloudFrontBackend: ("create_distribution_with_tags", "update_distribution", "delete_distribution"),
    APIGatewayBackend: ("create_domain_name", "delete_domain_name"),  # corrections/apigateway.py
    APIGatewayResponse: ("create_domain_name", "get_domain_name", "get_domain_names",  # apigateway_private.py
                         "delete_domain_name"),
    EBResponse: ("create_environment", "describe_environments"),  # corrections/elasticbeanstalk.py
    ApiGatewayDomainName: ("to_json",),
    ApiGatewayV2Backend: ("create_domain_name", "delete_domain_name"),
    Route53Backend: ("change_resource_record_sets",),  # corrections/route53.py
    OpenSearchServiceBackend: ("create_domain", "update_domain_config", "delete_domain"),  # corrections/opensearch.py
    CognitoIdpBackend: ("create_user_pool_domain", "update_user_pool_domain",  # corrections/cognito.py
                        "delete_user_pool_domain"),
    CognitoIdpUserPoolDomain: ("to_json",),
    CognitoIdpUserPool: ("to_json",),
    CloudFormationBackend: ("create_stack", "update_stack"),  # corrections/cloudformation.py
    CloudFormationResponse: ("describe_stack_resources",),
    Route53Response: ("list_hosted_zones_by_name", "get_change", "create_hosted_zone", "change_resource_record_sets",
                      "delete_hosted_zone", "associate_vpc_with_hosted_zone", "disassociate_vpc_from_hosted_zone"),
    TransferBackend: ("create_server", "describe_server", "delete_server"),  # corrections/transfer.py
    VPCLatticeBackend: ("create_service", "get_service"),  # corrections/vpclattice.py
    moto_backends: ("list_of_moto_modules",),  # speedups.py
    core_responses: ("method_names_from_class",),
}
# ADDED: operations moto 5.2.5 lacks (it answers 500). If an upgrade brings its own, compare it
# with the correction's before keeping the correction.
ADDED = {
    AWSCertificateManagerResponse: ("search_certificates", "renew_certificate",  # corrections/acm/
                                    "update_certificate_options", "list_certificate_domain_validations"),  # acm_in_place.py
    CloudFrontResponse: ("list_streaming_distributions",),  # corrections/cloudfront.py
    APIGatewayBackend: ("update_domain_name",),  # corrections/apigateway.py
    APIGatewayResponse: ("update_domain_name",),
    ApiGatewayV2Backend: ("update_domain_name",),
    ApiGatewayV2Response: ("update_domain_name",),
    TransferBackend: ("update_server",),  # corrections/transfer.py
    TransferResponse: ("update_server",),
    VPCLatticeBackend: ("update_service",),  # corrections/vpclattice.py
    VPCLatticeResponse: ("update_service",),
    EBResponse: ("update_environment", "describe_configuration_settings",  # corrections/elasticbeanstalk.py
                 "describe_environment_resources"),
}
# PROPERTIES: attributes moto sets per instance, served by a property on the class instead.
PROPERTIES = {
    CertBundle: ("in_use_by",  # corrections/in_use.py: computed live from the consumers
                 "status"),  # corrections/history.py: every change recorded
    FakeListener: ("certificates",),  # corrections/elbv2.py: default certificate + SNI list
    Distribution: ("status",),  # corrections/cloudfront.py: InProgress for a while after a change
}

# Besides REPLACED: a route added to CloudFront's URL table (corrections/cloudfront.py).
CLOUDFRONT_URL_PATHS = cloudfront_urls.url_paths

# Private attributes the sandbox reads or writes, per owner (instance attributes included).
PRIVATE_ATTRIBUTES = {
    CertBundle: ("_key", "_cert", "_not_valid_after", "_not_valid_before"),
    AWSCertificateManagerBackend: ("_certificates", "_idempotency_tokens"),
    ELBv2Backend: ("_certificate_exists", "_validate_port_and_protocol"),
    BaseResponse: ("_get_param", "_get_int_param"),
}


def moto_app():
    """moto's own WSGI application (its backends are process-wide: every instance sees the same state)."""
    return DomainDispatcherApplication(create_backend_app)


__all__ = [
    "ActionResult", "AWSError", "CfnValidationError", "CloudFormationBackend", "CloudFormationResponse",
    "ELBv2LoadBalancer", "StackResourceDTO", "AWSValidationException", "AWSCertificateManagerBackend",
    "AWSCertificateManagerResponse", "ApiGatewayBadRequest", "ApiGatewayConflict", "ApiGatewayDomainName",
    "ApiGatewayNotFound",
    "APIGatewayBackend", "APIGatewayResponse", "ApiGatewayV2BadRequest", "ApiGatewayV2Backend",
    "ApiGatewayV2Response", "BaseResponse", "BeanstalkInvalidParameterValue", "CertBundle", "CertificateNotFound",
    "CloudFrontBackend", "CloudFrontException", "CloudFrontResponse", "CognitoIdpBackend", "CognitoIdpUserPool",
    "CognitoIdpUserPoolDomain", "CognitoInvalidParameter", "DEFAULT_ACCOUNT_ID", "Distribution", "DistributionConfig",
    "DnsNameInvalidForZone", "EBResponse", "ELBBackend", "ELBClientError", "ELBv2Backend", "ELBv2ClientError",
    "EmptyResult", "FakeListener", "InvalidActionValue", "InvalidIfMatchVersion", "InvalidInput",
    "LoadBalancerNotFoundError", "NoSuchDistribution", "OpenSearchJsonError", "OpenSearchResourceNotFound",
    "OpenSearchServiceBackend", "RecordSet", "Route53Backend", "Route53ClientError", "Route53Response",
    "ThreadedMotoServer", "TooManyCertificatesError", "TransferBackend", "TransferError", "TransferResponse",
    "JsonRESTError", "VPCLatticeBackend", "VPCLatticeResponse",
    "acm_backends", "apigateway_backends", "apigatewayv2_backends", "cloudfront_backends", "cloudfront_random_id",
    "cognitoidp_backends", "core_responses", "eb_backends", "elb_backends", "elbv2_backends", "get_account_id_from",
    "get_partition", "iam_backends", "mock_random", "moto_api_backend", "moto_backends", "opensearch_backends",
    "route53_backends", "transfer_backends", "utcnow", "validate_domain_name", "vpclattice_backends",
]
