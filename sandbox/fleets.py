"""Seeded fleets: named sets of certificates, consumers and DNS zones in the sandbox.

``seed(endpoint, fleet, **options)`` runs inside the sandbox server process (called by
``python -m sandbox serve`` for ``--fleet`` and by ``POST /_sandbox/seed``) and returns a manifest
(a JSON-able dict) describing everything it made. The latest manifest of each fleet is
kept: ``GET /_sandbox/fleet`` returns ``{"fleet": <last manifest>, "fleets": {name: manifest}}``;
``POST /_sandbox/reset`` forgets them with the rest of the state.

Fleets
------
``demo`` (options: ``account``, ``region`` (default eu-west-1), ``expiring_days`` (20))
    Route53 public zones example.com and example.org; in ``region``:
    - ``alb_default``  EMAIL shop.example.com + www.shop.example.com: default certificate
      of the ALB HTTPS listener ``alb``;
    - ``alb_sni``      EMAIL example.org + *.example.org: SNI certificate on that listener;
    - ``nlb``          EMAIL api.example.com: NLB TLS listener ``nlb``;
    - ``clb``          EMAIL legacy.example.com: Classic ELB ``clb`` HTTPS listener on 443;
    - ``expiring``     EMAIL billing.example.com, expires in ``expiring_days`` days: the same
      Classic ELB's HTTPS listener on 8443;
    - ``apigateway``   EMAIL api.example.org: API Gateway (v1) REGIONAL domain api.example.org;
    - ``unused``       EMAIL old.example.com: used by nothing;
    - ``dns_validated`` DNS app.example.com, its validation CNAME in the example.com zone
      (so ISSUED); used by nothing;
    - ``imported``     IMPORTED intranet.example.com (self-signed, made with cryptography);
    - ``appsync_only`` EMAIL graphql.example.com: used only by an AppSync custom domain
      (consumer ``appsync``), a consumer no scan sees or can switch (AppSync has no in-place
      certificate switch): ACM's InUseBy lists
      ``arn:aws:appsync:<region>:<account>:domainnames/graphql.example.com`` through the
      invisible-consumer mechanism (``POST /_sandbox/acm/in_use_extra``), so only the
      in-place validation migration keeps it up;
    and in us-east-1:
    - ``cloudfront``   EMAIL example.com + www.example.com: CloudFront distribution with
      both names as aliases.

``bench`` (options: ``certificates`` per region (100), ``regions`` (int: the first N of
``BENCH_REGIONS``, or a list; default 1), ``account``, ``in_use`` (0.8), ``dns_share``
(0.1), ``imported_share`` (0.02), ``expiring_share`` (0.05), ``sni_per_listener`` (20))
    Certificates are made through the in-process ACM backend with a small pool of RSA
    keys (key generation and validation would take minutes for thousands); consumers
    through the AWS APIs, in proportion: of the in-use certificates 60% on ALB listeners
    (one default + ``sni_per_listener`` SNI each), 15% on Classic ELB listeners (5 per
    load balancer), 15% on API Gateway regional domains and, in us-east-1, 10% on
    CloudFront distributions (elsewhere those go to ALBs). DNS-validated ones get their
    CNAMEs in the Route53 zone bench.example.net. The string form ``bench:N:M`` (``--fleet``)
    means certificates=N, regions=M.

``organization``: an AWS organization with member accounts, roles and certificates in some of its
    account/region targets (options and details: sandbox/organization.py).
"""

from __future__ import annotations

import contextlib
import datetime
import threading
import time

import boto3
from botocore.config import Config

from . import control, hooks

DEFAULT_ACCOUNT = "123456789012"
DEMO_ZONES = ("example.com", "example.org")
BENCH_ZONE = "bench.example.net"
BENCH_REGIONS = ("eu-west-1", "us-east-1", "eu-central-1", "us-west-2", "ap-southeast-2",
                 "eu-west-2", "ap-northeast-1", "sa-east-1")
CLOUDFRONT_REGION = "us-east-1"
FLEET_TAG = "certshift:fleet"

# Fleets of several accounts, registered by their own modules (sandbox/organization.py):
# name -> builder(aws_for, **options), where aws_for(account or None) gives that account's access.
MULTI_ACCOUNT_FLEETS = {}

_lock = threading.Lock()
_manifests = {}
_last = {"name": None}


class FleetError(ValueError):
    pass


# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------
def seed(endpoint, fleet, **options):
    """Seed ``fleet`` ("demo", "bench" or "bench:N:M") through ``endpoint``; return its manifest."""
    name, options = _parse_fleet(fleet, options)
    builders = {"demo": _seed_demo, "bench": _seed_bench}
    if name not in builders and name not in MULTI_ACCOUNT_FLEETS:
        raise FleetError(f"unknown fleet {fleet!r}; known: {sorted([*builders, *MULTI_ACCOUNT_FLEETS])}")
    started = time.monotonic()
    if name in MULTI_ACCOUNT_FLEETS:  # the builder reaches each account through its own _Aws
        manifest = MULTI_ACCOUNT_FLEETS[name](lambda account: _Aws(endpoint, account), **options)
    else:
        manifest = builders[name](_Aws(endpoint, options.pop("account", None)), **options)
    manifest["seconds"] = round(time.monotonic() - started, 2)
    with _lock:
        _manifests[name] = manifest
        _last["name"] = name
    return manifest


def manifest(name=None):
    with _lock:
        return _manifests.get(name or _last["name"])


def _parse_fleet(fleet, options):
    name, *args = str(fleet).split(":")
    options = dict(options)
    if args:
        if name != "bench" or len(args) > 2:
            raise FleetError(f"fleet {fleet!r}: only bench takes arguments, as bench:CERTIFICATES[:REGIONS]")
        options.setdefault("certificates", int(args[0]))
        if len(args) > 1:
            options.setdefault("regions", int(args[1]))
    return name, options


@control.route("POST", "seed")
def _seed_route(payload):
    payload = dict(payload)
    fleet = payload.pop("fleet", None)
    if not fleet:
        raise FleetError('"fleet" is required: "demo" or "bench"')
    return seed(_own_endpoint(), fleet, **payload)


@control.route("GET", "fleet")
def _fleet_route(_payload):
    with _lock:
        return {"fleet": _manifests.get(_last["name"]), "fleets": dict(_manifests)}


def _forget():
    with _lock:
        _manifests.clear()
        _last["name"] = None


hooks.RESET_HOOKS.append(_forget)


_own = {"endpoint": None}


def serving_at(endpoint):
    """Where this process's sandbox listens (set by ``python -m sandbox serve`` once started):
    POST /_sandbox/seed seeds through it."""
    _own["endpoint"] = endpoint


def _own_endpoint():
    if _own["endpoint"] is None:
        raise FleetError("no running sandbox server in this process to seed through")
    return _own["endpoint"]


# --------------------------------------------------------------------------------------
# AWS access: boto3 against the sandbox itself (threaded server), per account
# --------------------------------------------------------------------------------------
class _Aws:
    def __init__(self, endpoint, account=None):
        self.endpoint = endpoint
        self.account = str(account or DEFAULT_ACCOUNT)
        self.credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
        self._clients = {}
        self._session = boto3.session.Session()  # one session: service models load once
        self._config = Config(retries={"mode": "standard", "max_attempts": 10}, max_pool_connections=20)
        if self.account != DEFAULT_ACCOUNT:
            sts = self.client("sts", "us-east-1")
            creds = sts.assume_role(RoleArn=f"arn:aws:iam::{self.account}:role/certshift-sandbox-seed",
                                    RoleSessionName="certshift-fleet")["Credentials"]
            self.credentials = {"aws_access_key_id": creds["AccessKeyId"],
                                "aws_secret_access_key": creds["SecretAccessKey"],
                                "aws_session_token": creds["SessionToken"]}
            self._clients.clear()

    def client(self, service, region="us-east-1"):
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = self._session.client(
                service, region_name=region, endpoint_url=self.endpoint, config=self._config, **self.credentials)
        return self._clients[key]

    def acm_backend(self, region):
        from . import moto_internals  # here: tests import this module for its constants, without moto

        return moto_internals.acm_backends[self.account][region]


# --------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------
def _ensure_zone(aws, name):
    r53 = aws.client("route53")
    for zone in r53.list_hosted_zones()["HostedZones"]:
        if zone["Name"].rstrip(".") == name and not zone.get("Config", {}).get("PrivateZone"):
            return zone["Id"].split("/")[-1]
    zone = r53.create_hosted_zone(Name=name, CallerReference=f"certshift-fleet-{name}-{time.time_ns()}",
                                  HostedZoneConfig={"Comment": "certshift sandbox fleet", "PrivateZone": False})
    return zone["HostedZone"]["Id"].split("/")[-1]


def upsert_records(route53, zone_id, records, record_type="CNAME", ttl=300):
    """UPSERT records {name: value} in batches Route53 accepts: 1,000 records and 32,000
    characters of Value, an UPSERT counting twice against both."""
    batch, size = [], 0
    for name, value in sorted(records.items()):
        if batch and (2 * (len(batch) + 1) > 1000 or size + 2 * len(value) > 32000):
            route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": batch})
            batch, size = [], 0
        batch.append({"Action": "UPSERT", "ResourceRecordSet": {
            "Name": name, "Type": record_type, "TTL": ttl, "ResourceRecords": [{"Value": value}]}})
        size += 2 * len(value)
    if batch:
        route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": batch})


def _request(aws, region, names, method, tags=None):
    acm = aws.client("acm", region)
    kwargs = {"DomainName": names[0], "ValidationMethod": method,
              "Tags": [{"Key": FLEET_TAG, "Value": "demo"}] + [{"Key": k, "Value": v} for k, v in (tags or {}).items()]}
    if len(names) > 1:
        kwargs["SubjectAlternativeNames"] = list(names)
    return acm.request_certificate(**kwargs)["CertificateArn"]


def _validation_records(aws, region, arn, timeout=10):
    """The DNS validation CNAMEs {name: value} once DescribeCertificate shows them."""
    acm = aws.client("acm", region)
    deadline = time.monotonic() + timeout
    while True:
        options = acm.describe_certificate(CertificateArn=arn)["Certificate"].get("DomainValidationOptions", [])
        if options and all(o.get("ResourceRecord") for o in options):
            return {o["ResourceRecord"]["Name"]: o["ResourceRecord"]["Value"] for o in options}
        if time.monotonic() > deadline:
            raise FleetError(f"no DNS validation records for {arn} after {timeout}s")
        time.sleep(0.1)


def _wait_issued(aws, arns_by_region, timeout=30):
    """Wait until every certificate is ISSUED (the sandbox issues EMAIL requests at once by
    default); return {arn: status} as last seen."""
    deadline = time.monotonic() + timeout
    statuses = {}
    while True:
        for region, arns in arns_by_region.items():
            acm = aws.client("acm", region)
            for arn in arns:
                if statuses.get(arn) != "ISSUED":
                    statuses[arn] = acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"]
        if all(s == "ISSUED" for s in statuses.values()) or time.monotonic() > deadline:
            return statuses
        time.sleep(0.2)


def _self_signed(names, days=365, key=None, not_before=None):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.datetime.now(datetime.timezone.utc)
    not_before = not_before or now - datetime.timedelta(days=1)
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "certshift sandbox"),
                         x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(not_before).not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    return pem, key_pem


def _set_not_after(aws, region, arn, days):
    """Make a certificate expire in ``days`` days (keeping a realistic 198-day validity)."""
    now = datetime.datetime.now(datetime.timezone.utc)
    not_after = now + datetime.timedelta(days=days)
    not_before = not_after - datetime.timedelta(days=198)
    handler = control._routes.get(("POST", "acm/certificate"))
    if handler is not None:  # the ACM correction re-signs the certificate with new dates
        handler({"arn": arn, "account": aws.account, "region": region,
                 "not_before": not_before.isoformat(), "not_after": not_after.isoformat()})
        return
    # Without that route: re-sign moto's bundle ourselves, same key and names.
    import cryptography.x509

    bundle = aws.acm_backend(region)._certificates[arn]
    names = [bundle.common_name] + [n for n in bundle.sans if n != bundle.common_name]
    pem, _ = _self_signed(names, days=days, key=bundle._key, not_before=not_before)
    bundle.cert = pem
    bundle._cert = cryptography.x509.load_pem_x509_certificate(pem)


def _network(aws, region):
    """The default VPC's subnets (two AZs) and a security group, for load balancers."""
    ec2 = aws.client("ec2", region)
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    vpc_id = vpcs[0]["VpcId"] if vpcs else ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Subnets"]
    by_az = {}
    for subnet in subnets:
        by_az.setdefault(subnet["AvailabilityZone"], subnet["SubnetId"])
    if len(by_az) < 2:
        azs = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]][:2]
        for i, az in enumerate(azs):
            if az not in by_az:
                by_az[az] = ec2.create_subnet(VpcId=vpc_id, CidrBlock=f"10.0.{200 + i}.0/24",
                                              AvailabilityZone=az)["Subnet"]["SubnetId"]
    groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc_id]},
                                                   {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"]
    return {"vpc_id": vpc_id, "subnets": sorted(by_az.values())[:2], "azs": sorted(by_az)[:2],
            "security_groups": [g["GroupId"] for g in groups][:1]}


def _create_alb(aws, region, net, name, default_arn, sni_arns):
    elbv2 = aws.client("elbv2", region)
    lb = elbv2.create_load_balancer(Name=name, Subnets=net["subnets"], SecurityGroups=net["security_groups"],
                                    Scheme="internet-facing", Type="application")["LoadBalancers"][0]
    listener = elbv2.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTPS", Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06", Certificates=[{"CertificateArn": default_arn}],
        DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {
            "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok"}}])["Listeners"][0]
    if sni_arns:
        elbv2.add_listener_certificates(ListenerArn=listener["ListenerArn"],
                                        Certificates=[{"CertificateArn": a} for a in sni_arns])
    return {"type": "elbv2-listener", "region": region, "load_balancer_type": "application",
            "load_balancer_name": name, "load_balancer_arn": lb["LoadBalancerArn"],
            "dns_name": lb["DNSName"], "listener_arn": listener["ListenerArn"], "protocol": "HTTPS", "port": 443,
            "default_certificate": default_arn, "sni_certificates": list(sni_arns),
            "certificates": [default_arn, *sni_arns]}


def _create_nlb(aws, region, net, name, arn):
    elbv2 = aws.client("elbv2", region)
    lb = elbv2.create_load_balancer(Name=name, Subnets=net["subnets"], Scheme="internet-facing",
                                    Type="network")["LoadBalancers"][0]
    tg = elbv2.create_target_group(Name=f"{name}-tg", Protocol="TCP", Port=443, VpcId=net["vpc_id"],
                                   TargetType="ip")["TargetGroups"][0]
    listener = elbv2.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"], Protocol="TLS", Port=443,
        SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06", Certificates=[{"CertificateArn": arn}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg["TargetGroupArn"]}])["Listeners"][0]
    return {"type": "elbv2-listener", "region": region, "load_balancer_type": "network",
            "load_balancer_name": name, "load_balancer_arn": lb["LoadBalancerArn"], "dns_name": lb["DNSName"],
            "listener_arn": listener["ListenerArn"], "protocol": "TLS", "port": 443,
            "target_group_arn": tg["TargetGroupArn"], "default_certificate": arn, "sni_certificates": [],
            "certificates": [arn]}


def _create_clb(aws, region, net, name, arns_by_port):
    elb = aws.client("elb", region)
    listeners = [{"Protocol": "HTTPS", "LoadBalancerPort": port, "InstanceProtocol": "HTTP", "InstancePort": 80,
                  "SSLCertificateId": arn} for port, arn in sorted(arns_by_port.items())]
    lb = elb.create_load_balancer(LoadBalancerName=name, Listeners=listeners, AvailabilityZones=net["azs"])
    return {"type": "elb-listener", "region": region, "load_balancer_name": name, "dns_name": lb["DNSName"],
            "listeners": [{"port": port, "certificate": arn} for port, arn in sorted(arns_by_port.items())],
            "certificates": [arn for _port, arn in sorted(arns_by_port.items())]}


def _create_apigw_domain(aws, region, domain, arn):
    apigw = aws.client("apigateway", region)
    d = apigw.create_domain_name(domainName=domain, regionalCertificateArn=arn,
                                 endpointConfiguration={"types": ["REGIONAL"]}, securityPolicy="TLS_1_2")
    return {"type": "apigateway-domain", "region": region, "api_version": "v1", "domain_name": domain,
            "endpoint_type": "REGIONAL", "regional_domain_name": d.get("regionalDomainName"),
            "certificate": arn, "certificates": [arn]}


def distribution_config(aliases, arn, comment):
    """A minimal CloudFront DistributionConfig serving ``aliases`` with ACM certificate ``arn``."""
    return {
        "CallerReference": f"certshift-{comment}-{time.time_ns()}",
        "Comment": comment,
        "Enabled": True,
        "Aliases": {"Quantity": len(aliases), "Items": list(aliases)},
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "origin", "DomainName": "origin.example.com",
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {
            "TargetOriginId": "origin", "ViewerProtocolPolicy": "redirect-to-https",
            "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
            "TrustedSigners": {"Enabled": False, "Quantity": 0}, "MinTTL": 0},
        "ViewerCertificate": {"ACMCertificateArn": arn, "SSLSupportMethod": "sni-only",
                              "MinimumProtocolVersion": "TLSv1.2_2021"},
    }


def _add_invisible_consumer(aws, region, kind, domain, resource_arn, arn):
    """A consumer only ACM's InUseBy shows (in_use.py's unknown consumers): no AWS API the
    sandbox serves lists it, so no scan finds or switches it."""
    handler = control._routes.get(("POST", "acm/in_use_extra"))
    if handler is None:
        raise FleetError("the in_use correction is not applied: cannot add an invisible consumer")
    handler({"certificate_arn": arn, "resource_arn": resource_arn})
    return {"type": kind, "region": region, "domain_name": domain, "resource_arn": resource_arn,
            "certificate": arn, "certificates": [arn], "visible": False, "switchable": False}


def _create_distribution(aws, aliases, arn, comment):
    cloudfront = aws.client("cloudfront", CLOUDFRONT_REGION)
    config = distribution_config(aliases, arn, comment)
    d = cloudfront.create_distribution(DistributionConfig=config)["Distribution"]
    return {"type": "cloudfront-distribution", "region": CLOUDFRONT_REGION, "distribution_id": d["Id"],
            "distribution_arn": d["ARN"], "domain_name": d["DomainName"], "aliases": list(aliases),
            "certificate": arn, "certificates": [arn]}


# --------------------------------------------------------------------------------------
# demo
# --------------------------------------------------------------------------------------
# role -> (names, validation method); region is the demo region unless noted
DEMO_CERTIFICATES = {
    "alb_default": (["shop.example.com", "www.shop.example.com"], "EMAIL"),
    "alb_sni": (["example.org", "*.example.org"], "EMAIL"),
    "nlb": (["api.example.com"], "EMAIL"),
    "clb": (["legacy.example.com"], "EMAIL"),
    "expiring": (["billing.example.com"], "EMAIL"),
    "apigateway": (["api.example.org"], "EMAIL"),
    "unused": (["old.example.com"], "EMAIL"),
    "dns_validated": (["app.example.com"], "DNS"),
    "cloudfront": (["example.com", "www.example.com"], "EMAIL"),
    "appsync_only": (["graphql.example.com"], "EMAIL"),
}
DEMO_IMPORTED_NAMES = ["intranet.example.com"]


def _seed_demo(aws, region="eu-west-1", expiring_days=20):
    if region == CLOUDFRONT_REGION:
        raise FleetError(f"the demo fleet spans two regions: pick a region other than {CLOUDFRONT_REGION}")
    zones = {name: _ensure_zone(aws, name) for name in DEMO_ZONES}
    certificates = {}

    def add(role, arn, names, method, cert_region, cert_type="AMAZON_ISSUED"):
        certificates[role] = {"arn": arn, "region": cert_region, "domain_name": names[0], "names": list(names),
                              "validation_method": method, "type": cert_type, "used_by": []}

    for role, (names, method) in DEMO_CERTIFICATES.items():
        cert_region = CLOUDFRONT_REGION if role == "cloudfront" else region
        add(role, _request(aws, cert_region, names, method, {"certshift:role": role}), names, method, cert_region)

    # the DNS-validated one: its CNAMEs in the example.com zone, so ACM issues it
    dns_cert = certificates["dns_validated"]
    records = _validation_records(aws, region, dns_cert["arn"])
    upsert_records(aws.client("route53"), zones["example.com"], records)
    dns_cert["validation_records"] = [{"name": n, "type": "CNAME", "value": v} for n, v in sorted(records.items())]

    pem, key_pem = _self_signed(DEMO_IMPORTED_NAMES, days=365)
    imported = aws.client("acm", region).import_certificate(
        Certificate=pem, PrivateKey=key_pem,
        Tags=[{"Key": FLEET_TAG, "Value": "demo"}, {"Key": "certshift:role", "Value": "imported"}])["CertificateArn"]
    add("imported", imported, DEMO_IMPORTED_NAMES, None, region, cert_type="IMPORTED")

    by_region = {}
    for role, cert in certificates.items():
        if cert["type"] == "AMAZON_ISSUED":
            by_region.setdefault(cert["region"], []).append(cert["arn"])
    statuses = _wait_issued(aws, by_region)

    _set_not_after(aws, region, certificates["expiring"]["arn"], expiring_days)
    certificates["expiring"]["expires_in_days"] = expiring_days

    net = _network(aws, region)
    arn = {role: cert["arn"] for role, cert in certificates.items()}
    consumers = {
        "alb": _create_alb(aws, region, net, "demo-alb", arn["alb_default"], [arn["alb_sni"]]),
        "nlb": _create_nlb(aws, region, net, "demo-nlb", arn["nlb"]),
        "clb": _create_clb(aws, region, net, "demo-clb", {443: arn["clb"], 8443: arn["expiring"]}),
        "apigateway": _create_apigw_domain(aws, region, "api.example.org", arn["apigateway"]),
        "cloudfront": _create_distribution(aws, certificates["cloudfront"]["names"], arn["cloudfront"], "demo"),
        "appsync": _add_invisible_consumer(
            aws, region, "appsync-domain", "graphql.example.com",
            f"arn:aws:appsync:{region}:{aws.account}:domainnames/graphql.example.com", arn["appsync_only"]),
    }
    for consumer_name, consumer in consumers.items():
        for used in consumer["certificates"]:
            for cert in certificates.values():
                if cert["arn"] == used:
                    cert["used_by"].append(consumer_name)

    for cert in certificates.values():
        cert["in_use"] = bool(cert["used_by"])
        cert["status"] = statuses.get(cert["arn"], "ISSUED")
    return {
        "fleet": "demo",
        "account": aws.account,
        "regions": [region, CLOUDFRONT_REGION],
        "zones": {name: {"id": zone_id, "name": f"{name}."} for name, zone_id in zones.items()},
        "certificates": certificates,
        "consumers": consumers,
        "network": {region: net},
    }


# --------------------------------------------------------------------------------------
# bench
# --------------------------------------------------------------------------------------
@contextlib.contextmanager
def _fast_keys(pool_size=4):
    """Hand out RSA-2048 keys from a small pool while seeding, and skip re-validating
    their PEM (cryptography's RSA key check takes ~50 ms a key; 2,500 would take minutes).
    Requests served meanwhile by other threads get pooled keys too, which is harmless."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from .moto_internals import CertBundle

    original_generate = rsa.generate_private_key
    original_validate = CertBundle.validate_pk  # the ACM correction's pooled-key check, if applied
    pool = [original_generate(public_exponent=65537, key_size=2048) for _ in range(pool_size)]
    pems = {k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption()): k for k in pool}
    counter = {"n": 0}

    def generate(public_exponent=65537, key_size=2048, backend=None):
        if key_size != 2048:
            return original_generate(public_exponent=public_exponent, key_size=key_size)
        counter["n"] += 1
        return pool[counter["n"] % len(pool)]

    def validate_pk(self):
        key = pems.get(self.key)
        return key if key is not None else original_validate(self)

    with _fast_keys_lock:
        rsa.generate_private_key = generate
        CertBundle.validate_pk = validate_pk  # for the seeding only: restored below
        try:
            yield pool
        finally:
            rsa.generate_private_key = original_generate
            CertBundle.validate_pk = original_validate


_fast_keys_lock = threading.Lock()


def _bench_regions(regions):
    if isinstance(regions, int) or (isinstance(regions, str) and regions.isdigit()):
        count = int(regions)
        if not 1 <= count <= len(BENCH_REGIONS):
            raise FleetError(f"regions={count}: between 1 and {len(BENCH_REGIONS)}, or a list of region names")
        return list(BENCH_REGIONS[:count])
    if isinstance(regions, str):
        return [r.strip() for r in regions.split(",") if r.strip()]
    return list(regions)


def _seed_bench(aws, certificates=100, regions=1, in_use=0.8, dns_share=0.1, imported_share=0.02,
                expiring_share=0.05, sni_per_listener=20, clb_listeners=5):
    certificates = int(certificates)
    if not 1 <= certificates <= 2500:
        raise FleetError(f"certificates={certificates}: ACM allows 2,500 certificates per region")
    regions = _bench_regions(regions)
    zone_id = _ensure_zone(aws, BENCH_ZONE)
    timings = {}
    manifest = {"fleet": "bench", "account": aws.account, "regions": regions,
                "zones": {BENCH_ZONE: {"id": zone_id, "name": f"{BENCH_ZONE}."}},
                "options": {"certificates": certificates, "in_use": in_use, "dns_share": dns_share,
                            "imported_share": imported_share, "expiring_share": expiring_share,
                            "sni_per_listener": sni_per_listener},
                "certificates": {}, "consumers": {}, "counts": {}, "timings": timings}
    for r_index, region in enumerate(regions):
        started = time.monotonic()
        certs = _bench_certificates(aws, region, r_index, certificates, dns_share, imported_share)
        timings[f"{region}:certificates"] = round(time.monotonic() - started, 2)

        started = time.monotonic()
        dns_records = {}
        backend = aws.acm_backend(region)
        for cert in certs:
            if cert["validation_method"] == "DNS":
                bundle = backend._certificates[cert["arn"]]
                for option in bundle.describe()["Certificate"].get("DomainValidationOptions", []):
                    if option.get("ResourceRecord"):
                        dns_records[option["ResourceRecord"]["Name"]] = option["ResourceRecord"]["Value"]
        if dns_records:
            upsert_records(aws.client("route53"), zone_id, dns_records)
        expiring = [c for c in certs if c["type"] == "AMAZON_ISSUED"][::max(1, round(1 / expiring_share))] \
            if expiring_share else []
        for k, cert in enumerate(expiring):
            cert["expires_in_days"] = 5 + (k % 25)  # spread over 5..29 days
            _set_not_after(aws, region, cert["arn"], cert["expires_in_days"])
        for cert in certs:
            cert["status"] = backend.get_certificate(cert["arn"]).status
        timings[f"{region}:validation"] = round(time.monotonic() - started, 2)

        started = time.monotonic()
        usable = [c for c in certs if c["type"] == "AMAZON_ISSUED" and c["status"] == "ISSUED"]
        consumers = _bench_consumers(aws, region, r_index, usable[:int(len(certs) * in_use)],
                                     sni_per_listener, clb_listeners)
        timings[f"{region}:consumers"] = round(time.monotonic() - started, 2)
        by_arn = {cert["arn"]: cert for cert in certs}
        for name, consumer in consumers.items():
            for arn in consumer["certificates"]:
                by_arn[arn].setdefault("used_by", []).append(name)
        for cert in certs:
            cert.setdefault("used_by", [])
            cert["in_use"] = bool(cert["used_by"])
            manifest["certificates"][cert["arn"]] = cert
        manifest["consumers"].update(consumers)
        manifest["counts"][region] = {
            "certificates": len(certs),
            "in_use": sum(1 for c in certs if c["in_use"]),
            "by_validation_method": _count(certs, "validation_method"),
            "by_type": _count(certs, "type"),
            "by_status": _count(certs, "status"),
            "consumers": _count(consumers.values(), "type"),
        }
    return manifest


def _count(items, key):
    out = {}
    for item in items:
        out[str(item.get(key))] = out.get(str(item.get(key)), 0) + 1
    return out


def _bench_names(region, r_index, i):
    base = f"app{i:04d}.r{r_index}.{BENCH_ZONE}"
    if i % 10 == 3:
        return [f"*.{base}", base]
    return [base, f"www.{base}"]


def _bench_certificates(aws, region, r_index, count, dns_share, imported_share):
    """Make ``count`` certificates through the in-process ACM backend (fast keys)."""
    backend = aws.acm_backend(region)
    n_imported = int(round(count * imported_share))
    n_dns = int(round(count * dns_share))
    certs = []
    with _fast_keys() as pool:
        for i in range(count):
            names = _bench_names(region, r_index, i)
            tags = [{"Key": FLEET_TAG, "Value": "bench"}]
            if i < n_imported:
                pem, key_pem = _self_signed(names, days=365, key=pool[i % len(pool)])
                arn = backend.import_certificate(pem, key_pem, None, None, tags)
                certs.append({"arn": arn, "region": region, "domain_name": names[0], "names": names,
                              "validation_method": None, "type": "IMPORTED"})
                continue
            method = "DNS" if i < n_imported + n_dns else "EMAIL"
            arn = backend.request_certificate(names[0], None, names, tags, validation_method=method)
            certs.append({"arn": arn, "region": region, "domain_name": names[0], "names": names,
                          "validation_method": method, "type": "AMAZON_ISSUED"})
    return certs


def _bench_consumers(aws, region, r_index, certs, sni_per_listener, clb_listeners):
    """Spread ``certs`` over consumers: 60% ALB, 15% CLB, 15% API Gateway, 10% CloudFront
    (us-east-1 only; elsewhere those go to ALBs)."""
    n = len(certs)
    n_cf = int(n * 0.10) if region == CLOUDFRONT_REGION else 0
    n_clb = int(n * 0.15)
    n_api = int(n * 0.15)
    cf, rest = certs[:n_cf], certs[n_cf:]
    clb, rest = rest[:n_clb], rest[n_clb:]
    api, alb = rest[:n_api], rest[n_api:]
    consumers = {}
    net = _network(aws, region) if (alb or clb) else None
    per_alb = 1 + int(sni_per_listener)
    for j in range(0, len(alb), per_alb):
        group = alb[j:j + per_alb]
        name = f"bench-r{r_index}-alb-{j // per_alb:03d}"
        consumers[name] = _create_alb(aws, region, net, name, group[0]["arn"], [c["arn"] for c in group[1:]])
    for j in range(0, len(clb), clb_listeners):
        group = clb[j:j + clb_listeners]
        name = f"bench-r{r_index}-clb-{j // clb_listeners:03d}"
        consumers[name] = _create_clb(aws, region, net, name, {8440 + k: c["arn"] for k, c in enumerate(group)})
    for j, cert in enumerate(api):
        first = cert["names"][0]
        domain = f"api.{first[2:]}" if first.startswith("*.") else first  # a name the certificate covers
        consumers[f"bench-r{r_index}-api-{j:04d}"] = _create_apigw_domain(aws, region, domain, cert["arn"])
    for j, cert in enumerate(cf):
        consumers[f"bench-r{r_index}-cf-{j:04d}"] = _create_distribution(aws, cert["names"], cert["arn"],
                                                                         f"bench-r{r_index}-cf-{j:04d}")
    return consumers
