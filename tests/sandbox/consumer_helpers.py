"""Helpers for the consumer-correction tests: ISSUED certificates (imported,
self-signed) and minimal load balancers / distributions / domain names."""

from __future__ import annotations

import datetime
import json
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

ACCOUNT = "123456789012"


def self_signed(names, days=90):
    """(certificate PEM, private key PEM) for ``names`` (first one is the CN)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                          serialization.NoEncryption()),
    )


_KEYS = {}


def import_certificate(acm, *names):
    """Import a self-signed certificate (ISSUED at once) and return its ARN."""
    names = list(names) or ["www.example.com"]
    key = tuple(names)
    if key not in _KEYS:
        _KEYS[key] = self_signed(names)
    cert, private_key = _KEYS[key]
    return acm.import_certificate(Certificate=cert, PrivateKey=private_key)["CertificateArn"]


def subnets(ec2):
    found = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
    return [s["SubnetId"] for s in found[:2]], found[0]["VpcId"]


def load_balancer(elbv2, ec2, kind="application", name=None):
    """(load balancer ARN, target group ARN) of a new ALB or NLB."""
    subnet_ids, vpc_id = subnets(ec2)
    name = name or f"lb-{uuid.uuid4().hex[:8]}"
    lb = elbv2.create_load_balancer(Name=name, Subnets=subnet_ids, Type=kind)["LoadBalancers"][0]
    tg = elbv2.create_target_group(
        Name=f"tg-{uuid.uuid4().hex[:8]}", VpcId=vpc_id,
        Protocol="HTTP" if kind == "application" else "TCP", Port=80, TargetType="instance",
    )["TargetGroups"][0]
    return lb["LoadBalancerArn"], tg["TargetGroupArn"]


def https_listener(elbv2, lb_arn, tg_arn, certificate_arn, protocol="HTTPS", port=443):
    return elbv2.create_listener(
        LoadBalancerArn=lb_arn, Protocol=protocol, Port=port,
        Certificates=[{"CertificateArn": certificate_arn}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg_arn}],
    )["Listeners"][0]["ListenerArn"]


def distribution_config(aliases=(), certificate_arn=None, reference=None, comment="sandbox test"):
    config = {
        "CallerReference": reference or uuid.uuid4().hex,
        "Comment": comment,
        "Enabled": True,
        "Aliases": {"Quantity": len(aliases), "Items": list(aliases)} if aliases else {"Quantity": 0},
        "Origins": {"Quantity": 1, "Items": [{
            "Id": "origin", "DomainName": "origin.example.com",
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"},
        }]},
        "DefaultCacheBehavior": {
            "TargetOriginId": "origin", "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
        "ViewerCertificate": (
            {"ACMCertificateArn": certificate_arn, "SSLSupportMethod": "sni-only",
             "MinimumProtocolVersion": "TLSv1.2_2021"}
            if certificate_arn else {"CloudFrontDefaultCertificate": True}
        ),
    }
    return config


BEANSTALK_TAG = "elasticbeanstalk:environment-name"


def beanstalk_environment(client, region, certificate_arn, name=None, port=443):
    """{environment_id, environment_name, application_name, load_balancer_arn, listener_arn} of a new
    load-balanced Elastic Beanstalk environment whose HTTPS listener on ``port`` has ``certificate_arn``
    (option aws:elbv2:listener:<port> SSLCertificateArns). moto creates no load balancer for an
    environment: this makes the one Beanstalk would, tagged with the environment's name."""
    elbv2, ec2, eb = client("elbv2", region), client("ec2", region), client("elasticbeanstalk", region)
    name = name or f"env-{uuid.uuid4().hex[:8]}"
    lb_arn, tg_arn = load_balancer(elbv2, ec2, name=f"awseb-{name}"[:32])
    elbv2.add_tags(ResourceArns=[lb_arn], Tags=[{"Key": BEANSTALK_TAG, "Value": name}])
    listener = https_listener(elbv2, lb_arn, tg_arn, certificate_arn, port=port)
    application = f"app-{name}"
    eb.create_application(ApplicationName=application)
    env = eb.create_environment(ApplicationName=application, EnvironmentName=name,
                                SolutionStackName="64bit Amazon Linux 2023 v4.6.0 running Python 3.11",
                                OptionSettings=[
                                    {"Namespace": "aws:elasticbeanstalk:environment", "OptionName": "LoadBalancerType",
                                     "Value": "application"},
                                    {"Namespace": f"aws:elbv2:listener:{port}", "OptionName": "Protocol",
                                     "Value": "HTTPS"},
                                    {"Namespace": f"aws:elbv2:listener:{port}", "OptionName": "SSLCertificateArns",
                                     "Value": certificate_arn}])
    return {"environment_id": env["EnvironmentId"], "environment_name": name, "application_name": application,
            "environment_arn": env["EnvironmentArn"], "load_balancer_arn": lb_arn, "listener_arn": listener}


def listener_stack(cloudformation, ec2, stack_name, certificate_arn, tags=None):
    """A CloudFormation stack with an ALB (logical ID Balancer) and its HTTPS listener (Https) on
    ``certificate_arn``, given as the template parameter CertificateArn; {logical ID: physical ID}."""
    subnet_ids, _vpc_id = subnets(ec2)
    template = {
        "Parameters": {"CertificateArn": {"Type": "String"}},
        "Resources": {
            "Balancer": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Subnets": subnet_ids}},
            "Https": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
                "LoadBalancerArn": {"Ref": "Balancer"}, "Protocol": "HTTPS", "Port": 443,
                "Certificates": [{"CertificateArn": {"Ref": "CertificateArn"}}],
                "DefaultActions": [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}]}},
        },
    }
    cloudformation.create_stack(StackName=stack_name, TemplateBody=json.dumps(template),
                                Parameters=[{"ParameterKey": "CertificateArn", "ParameterValue": certificate_arn}],
                                Tags=[{"Key": k, "Value": v} for k, v in (tags or {}).items()])
    resources = cloudformation.describe_stack_resources(StackName=stack_name)["StackResources"]
    return {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources}
