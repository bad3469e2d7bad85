"""Read what every consumer in the sandbox serves, straight from the AWS APIs, so
tests can compare the fleet before and after a run and check invariants."""

from __future__ import annotations

from sandbox.fleets import CLOUDFRONT_REGION


def consumer_certificates(sandbox, regions, **credentials):
    """{consumer key: certificate ARN} for every consumer in ``regions`` (CloudFront once)."""
    out = {}
    for region in regions:
        elbv2 = sandbox.client("elbv2", region, **credentials)
        for lb in elbv2.describe_load_balancers()["LoadBalancers"]:
            for listener in elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]:
                if listener["Protocol"] not in ("HTTPS", "TLS"):
                    continue
                certs = elbv2.describe_listener_certificates(ListenerArn=listener["ListenerArn"])["Certificates"]
                for c in certs:
                    kind = "default" if c.get("IsDefault") else "sni"
                    out[f"elbv2:{lb['LoadBalancerName']}:{listener['Port']}:{kind}:{c['CertificateArn']}"] = c["CertificateArn"]
        elb = sandbox.client("elb", region, **credentials)
        for lb in elb.describe_load_balancers()["LoadBalancerDescriptions"]:
            for ld in lb["ListenerDescriptions"]:
                listener = ld["Listener"]
                if listener.get("SSLCertificateId"):
                    out[f"elb:{lb['LoadBalancerName']}:{listener['LoadBalancerPort']}"] = listener["SSLCertificateId"]
        apigw = sandbox.client("apigateway", region, **credentials)
        for d in apigw.get_domain_names().get("items", []):
            arn = d.get("regionalCertificateArn") or d.get("certificateArn")
            if arn:
                out[f"apigateway:{d['domainName']}" + (f"+{d['domainNameId']}" if d.get("domainNameId") else "")] = arn
        apigw2 = sandbox.client("apigatewayv2", region, **credentials)
        for d in apigw2.get_domain_names().get("Items", []):
            for conf in d.get("DomainNameConfigurations", []):
                if conf.get("CertificateArn"):
                    out[f"apigatewayv2:{d['DomainName']}"] = conf["CertificateArn"]
    if CLOUDFRONT_REGION in regions:
        cf = sandbox.client("cloudfront", CLOUDFRONT_REGION, **credentials)
        for d in cf.list_distributions()["DistributionList"].get("Items", []):
            arn = d.get("ViewerCertificate", {}).get("ACMCertificateArn")
            if arn:
                out[f"cloudfront:{d['Id']}"] = arn
    return out


def certificates(sandbox, account=None):
    certs = sandbox.control("GET", "acm/certificates")["certificates"]
    return [c for c in certs if account is None or c["account"] == account]


def by_arn(sandbox):
    return {c["arn"]: c for c in certificates(sandbox)}
