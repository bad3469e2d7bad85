"""Name the AWS operation behind a raw HTTP request, for every protocol botocore knows.

JSON services carry it in X-Amz-Target, query services in the Action parameter,
REST services (CloudFront, API Gateway, Route53, VPC Lattice) only in method + path, which we
match against the request URIs of botocore's own service models.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import parse_qs

import botocore.session

_SIGNING_TO_SERVICE = {
    "acm": "acm",
    "elasticloadbalancing": None,  # elb and elbv2 share it; told apart by API version
    "cloudfront": "cloudfront",
    "apigateway": None,  # apigateway (v1) and apigatewayv2 share it; told apart by path
    "route53": "route53",
    "sts": "sts",
    "iam": "iam",
    "tagging": "resourcegroupstaggingapi",
    "es": None,  # opensearch (2021-01-01 paths) and the older es API share it; told apart by path
}

_lock = threading.Lock()
_rest_routes = {}


def _compile_rest_routes(service):
    with _lock:
        if service in _rest_routes:
            return _rest_routes[service]
        model = botocore.session.get_session().get_service_model(service)
        routes = []
        for name in model.operation_names:
            http = model.operation_model(name).http
            uri = http["requestUri"].split("?")[0]
            literal = len(re.sub(r"\{[^}]+\}", "", uri))
            pattern = re.sub(r"\\\{[^}]+?\\\+\\\}", r".+", re.escape(uri))
            pattern = re.sub(r"\\\{[^}]+?\\\}", r"[^/]+", pattern)
            routes.append((literal, http["method"], re.compile("^" + pattern + "/?$"), name))
        # Prefer the most specific template: longest literal part first.
        routes.sort(key=lambda r: -r[0])
        _rest_routes[service] = routes
        return routes


def signing_scope(environ):
    """(service, region, access_key) from the SigV4 Authorization header, or Nones."""
    auth = environ.get("HTTP_AUTHORIZATION", "")
    m = re.search(r"Credential=([^/]+)/\d+/([^/]+)/([^/]+)/aws4_request", auth)
    if not m:
        return None, None, None
    return m.group(3), m.group(2), m.group(1)


def identify(environ, body):
    """Return (service, action, region, access_key); service/action may be None."""
    signing, region, access_key = signing_scope(environ)
    target = environ.get("HTTP_X_AMZ_TARGET")
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD", "GET")
    if target:
        action = target.split(".")[-1]
        return _SIGNING_TO_SERVICE.get(signing, signing), action, region, access_key
    params = parse_qs(environ.get("QUERY_STRING", ""))
    if body and "form-urlencoded" in environ.get("CONTENT_TYPE", ""):
        params.update(parse_qs(body.decode("utf-8", "replace")))
    if "Action" in params:
        action = params["Action"][0]
        service = _SIGNING_TO_SERVICE.get(signing, signing)
        if signing == "elasticloadbalancing":
            service = "elbv2" if params.get("Version", [""])[0] == "2015-12-01" else "elb"
        return service, action, region, access_key
    service = _SIGNING_TO_SERVICE.get(signing, signing)
    if signing == "apigateway":
        service = "apigatewayv2" if path.startswith("/v2/") else "apigateway"
    if signing == "es":
        service = "opensearch" if path.startswith("/2021-01-01/") else "es"
    if service in ("cloudfront", "apigateway", "apigatewayv2", "route53", "vpc-lattice", "opensearch"):
        for _, verb, regex, name in _compile_rest_routes(service):
            if verb == method and regex.match(path):
                return service, name, region, access_key
    return service, None, region, access_key
