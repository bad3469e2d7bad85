# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every consumer of every certificate in one region, discovered once.

A consumer record is a plain dict:

``type``
    ``elbv2_default``, ``elbv2_sni``, ``elb``, ``cloudfront``, ``apigateway``, ``apigatewayv2``
``certificate_arn``
    the certificate it uses
``resource_arn``
    load balancer, distribution or custom domain name ARN
``listener_arn``, ``port``, ``protocol``, ``load_balancer_name`` (load balancers),
``distribution_id``, ``aliases``, ``status`` (CloudFront),
``domain_name``, ``endpoint_type`` (API Gateway)
``names``
    host names the consumer serves where AWS says so (CloudFront aliases, API Gateway
    domain names); empty for load balancers, which serve whatever DNS points at them
``in_use_arns``
    the ARNs ACM may list in ``InUseBy`` for this consumer

ARNs in a certificate's ``InUseBy`` that no record explains are unknown consumers.
"""

from __future__ import annotations

from collections import defaultdict

from .._aws import apigateway_api, cloudfront_api, elb_api, elbv2_api
from .._aws.aws_clients import CLOUDFRONT_REGION
from ..concurrency import map_concurrently


SCAN_WORKERS = 8


class ConsumerIndex:
    """Consumers by certificate ARN, plus what was scanned."""

    def __init__(self, consumers, region, scanned=()):
        self.region = region
        self.scanned = tuple(scanned)
        self.consumers = list(consumers)
        self._by_certificate = defaultdict(list)
        for record in self.consumers:
            self._by_certificate[record["certificate_arn"]].append(record)

    def consumers_of(self, certificate_arn):
        return list(self._by_certificate.get(certificate_arn, []))

    def users_of(self, certificate_arn):
        """Sorted ARNs of the resources using the certificate, as ACM's InUseBy names them
        (load balancer, distribution, custom domain name)."""
        return sorted({r["resource_arn"] for r in self.consumers_of(certificate_arn)})

    def listener_certificates(self, listener_arn):
        """ARNs on one ELBv2 listener (default and SNI)."""
        return {r["certificate_arn"] for r in self.consumers if r.get("listener_arn") == listener_arn}

    def unknown_consumers(self, certificate_arn, in_use_by):
        """``InUseBy`` ARNs that no consumer of this certificate in the index explains."""
        explained = set()
        for record in self.consumers_of(certificate_arn):
            explained.update(record["in_use_arns"])
        return [arn for arn in (in_use_by or []) if arn not in explained]


def build(clients, region, account, include_cloudfront=None, workers=SCAN_WORKERS):
    """Scan every consumer type once. CloudFront is scanned for us-east-1 only (its
    certificates live there) unless ``include_cloudfront`` says otherwise."""
    if include_cloudfront is None:
        include_cloudfront = region == CLOUDFRONT_REGION
    scans = [
        ("elbv2", lambda: _scan_elbv2(clients.get("elbv2"), workers)),
        ("elb", lambda: _scan_elb(clients.get("elb"), region, account)),
        ("apigateway", lambda: _scan_apigateway_v1(clients.get("apigateway"), region)),
        ("apigatewayv2", lambda: _scan_apigateway_v2(clients.get("apigatewayv2"), region)),
    ]
    if include_cloudfront:
        scans.append(("cloudfront", lambda: _scan_cloudfront(clients.cloudfront())))
    results = map_concurrently(lambda scan: scan[1](), scans, len(scans))
    consumers = []
    by_type = dict(zip([scan[0] for scan in scans], results))
    for name in ("elbv2", "elb", "cloudfront", "apigateway", "apigatewayv2"):
        consumers.extend(by_type.get(name, []))
    return ConsumerIndex(_dedupe_domains(consumers), region, [scan[0] for scan in scans])


def _scan_elbv2(client, workers):
    def listeners_of(lb):
        return [(lb, listener) for listener in elbv2_api.describe_listeners(client, lb["LoadBalancerArn"])
                if listener.get("Protocol") in elbv2_api.CERTIFICATE_PROTOCOLS]

    listeners = [pair for found in map_concurrently(listeners_of, elbv2_api.describe_load_balancers(client), workers)
                 for pair in found]

    def records_of(pair):
        lb, listener = pair
        records = []
        for cert in elbv2_api.describe_listener_certificates(client, listener["ListenerArn"]):
            records.append({
                "type": "elbv2_default" if cert.get("IsDefault") else "elbv2_sni",
                "certificate_arn": cert["CertificateArn"],
                "resource_arn": lb["LoadBalancerArn"],
                "load_balancer_name": lb.get("LoadBalancerName"),
                "load_balancer_type": lb.get("Type"),
                "listener_arn": listener["ListenerArn"],
                "port": listener.get("Port"),
                "protocol": listener.get("Protocol"),
                "names": [],
                "in_use_arns": [lb["LoadBalancerArn"], listener["ListenerArn"]],
            })
        return records

    return [r for found in map_concurrently(records_of, listeners, workers) for r in found]


def _scan_elb(client, region, account):
    records = []
    for lb in elb_api.describe_load_balancers(client):
        arn = elb_api.load_balancer_arn(region, account, lb["LoadBalancerName"])
        for description in lb.get("ListenerDescriptions", []):
            listener = description.get("Listener", {})
            cert = listener.get("SSLCertificateId")
            if not cert or listener.get("Protocol", "").upper() not in elb_api.CERTIFICATE_PROTOCOLS:
                continue
            records.append({
                "type": "elb",
                "certificate_arn": cert,
                "resource_arn": arn,
                "load_balancer_name": lb["LoadBalancerName"],
                "port": listener.get("LoadBalancerPort"),
                "protocol": listener.get("Protocol", "").upper(),
                "names": [],
                "in_use_arns": [arn],
            })
    return records


def _scan_cloudfront(client):
    records = []
    for summary in cloudfront_api.list_distributions(client):
        cert = (summary.get("ViewerCertificate") or {}).get("ACMCertificateArn")
        if not cert:
            continue
        aliases = list((summary.get("Aliases") or {}).get("Items") or [])
        records.append({
            "type": "cloudfront",
            "certificate_arn": cert,
            "resource_arn": summary["ARN"],
            "distribution_id": summary["Id"],
            "aliases": aliases,
            "status": summary.get("Status"),
            "names": aliases,
            "in_use_arns": [summary["ARN"]],
        })
    return records


def _scan_apigateway_v1(client, region):
    records = []
    for domain in apigateway_api.get_domain_names_v1(client):
        name = domain["domainName"]
        for field, (endpoint_type, patch_path) in apigateway_api.V1_CERTIFICATE_FIELDS.items():
            cert = domain.get(field)
            if not cert:
                continue
            arn = apigateway_api.domain_name_arn(region, name)
            records.append({
                "type": "apigateway",
                "certificate_arn": cert,
                "resource_arn": arn,
                "domain_name": name,
                "endpoint_type": endpoint_type,
                "patch_path": patch_path,
                "names": [name],
                "in_use_arns": [arn],
            })
    return records


def _scan_apigateway_v2(client, region):
    records = []
    for domain in apigateway_api.get_domain_names_v2(client):
        name = domain["DomainName"]
        arn = apigateway_api.domain_name_arn(region, name)
        for config in domain.get("DomainNameConfigurations") or []:
            cert = config.get("CertificateArn")
            if not cert:
                continue
            records.append({
                "type": "apigatewayv2",
                "certificate_arn": cert,
                "resource_arn": arn,
                "domain_name": name,
                "endpoint_type": config.get("EndpointType"),
                "names": [name],
                "in_use_arns": [arn],
            })
    return records


def _dedupe_domains(consumers):
    """AWS lists one custom domain name through both API Gateway APIs; keep the v1 record
    (its patch operations change exactly one field) when both carry the same certificate."""
    v1 = {(r["domain_name"], r["certificate_arn"], r["endpoint_type"]) for r in consumers if r["type"] == "apigateway"}
    return [r for r in consumers
            if not (r["type"] == "apigatewayv2" and (r["domain_name"], r["certificate_arn"], r["endpoint_type"]) in v1)]
