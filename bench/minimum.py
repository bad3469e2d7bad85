"""The API calls a job cannot avoid, and the time AWS's rate quotas force on them.

A lower bound, derived per region from the seeded fleet (regions run in parallel and each
has its own quotas; Route53 and CloudFront are global, so their calls are summed over
regions). "Cannot avoid" means: no job that does what the design promises can make fewer.

Audit, per region:
- SearchCertificates: one page per 500 certificates (names, serial, expiry, validation
  method, renewal status and InUse come with it);
- DescribeCertificate for each DNS-validated certificate (its validation CNAME values;
  nothing else has them) and each ISSUED, ACM-issued, EMAIL-validated one (its UpdateSummary:
  an in-place migration in progress or expired; nothing else has it; the same describe
  gives its InUseBy);
- ListCertificateDomainValidations for each migration in progress or expired (the records
  it asks for);
- who uses the other certificates in use: one consumer scan (as for the migration, below)
  or a DescribeCertificate each (its InUseBy), whichever takes fewer calls; the scan is
  needed anyway when an EMAIL-validated certificate is in use, to tell which of its users
  no scan can switch (only an in-place migration serves those);
- tag:GetResources: the owners of the email-validated certificates' consumers (CloudFormation,
  Beanstalk, the Load Balancer Controller, the user's tags), one call per 100 of their load
  balancers, distributions and domain names (counted here as every consumer resource).

In-place migration, per region, for the E email-validated, ISSUED, AMAZON_ISSUED certificates:
- SearchCertificates: select them (one page per 500) and see them DNS-validated (at least
  one poll, one page per 500 DNS-validated certificates);
- tag:GetResources: one page, for replacements an earlier run started (auto finishes those);
- UpdateCertificateOptions and ListCertificateDomainValidations: once per certificate;
- Route53: ListHostedZones once, ChangeResourceRecordSets per 246 validation CNAMEs, one
  GetChange. No consumer is read or written, nothing is requested or deleted.

Migration by replacement, per region, for the E email-validated, ISSUED, AMAZON_ISSUED certificates:
- SearchCertificates: select them (one page per 500) and see their replacements ISSUED
  (at least one poll, one page per 500);
- tag:GetResources: the tags to copy onto each replacement and any replacement already
  requested, one page per 100 tagged certificates (at least one);
- DescribeCertificate: each old certificate once (Options such as the CT preference, and
  InUseBy), each replacement once (its validation records);
- RequestCertificate and DeleteCertificate: once per certificate (DeleteCertificate itself
  refuses a certificate still in use, so confirming "unused" needs no extra call);
- Route53: ListHostedZones once, ChangeResourceRecordSets per 246 validation CNAMEs (32,000
  characters of Value a batch, an UPSERT counting twice), one GetChange;
- tag:GetResources for the owners of the consumers, once a run: one call per 100 of their load
  balancers, distributions and domain names (owned consumers are held, not switched);
- the consumer index, read once: DescribeLoadBalancers (ELBv2 and Classic, 400 a page),
  DescribeListeners per ALB/NLB, DescribeListenerCertificates per HTTPS/TLS listener,
  GetDomainNames (API Gateway v1 and v2, 500 a page), ListDistributions (100 a page,
  us-east-1 only), ListServers (Transfer Family, 1,000 a page) and ListServices (VPC Lattice,
  100 a page), with DescribeServer / GetService per server or service; DescribeEnvironments
  (Elastic Beanstalk; bench fleets have no environments, so one call and no per-environment reads);
- consumer updates: ModifyListener per default certificate; per listener, SNI swaps in
  batches that fit the load balancer's 25-certificate quota (AddListenerCertificates +
  RemoveListenerCertificates per batch); SetLoadBalancerListenerSSLCertificate per Classic
  listener; UpdateDomainName per API Gateway domain; GetDistributionConfig +
  UpdateDistribution per CloudFront distribution.

Time: calls of different APIs overlap, so the bound is the busiest API's calls divided by
its quota (the sandbox's quotas: ACM's from aws-facts.md, 20/s per ELB/CloudFront action,
10/s per API Gateway action, 5/s for all of Route53), plus one chain of dependent round
trips at the sandbox's latency. Issuance itself is instant in the sandbox once the
records are published.
"""

from __future__ import annotations

import math

RATES = {
    "acm:SearchCertificates": 5, "acm:DescribeCertificate": 10, "acm:RequestCertificate": 5,
    "acm:DeleteCertificate": 10, "acm:ListCertificates": 8, "acm:GetCertificate": 10,
    "acm:ListTagsForCertificate": 10, "acm:UpdateCertificateOptions": 5, "acm:ListCertificateDomainValidations": 10,
}
SERVICE_RATES = {"elbv2": 20, "elb": 20, "cloudfront": 20, "apigateway": 10, "apigatewayv2": 10, "transfer": 5,
                 "vpc-lattice": 5, "opensearch": 10, "cognito-idp": 10, "elasticbeanstalk": 5}
ROUTE53_RATE = 5
MAX_SNI = 25
# 32,000 characters a batch, an UPSERT counted twice, ~65-character validation values
RECORDS_PER_BATCH = 32000 // (2 * 65)


def _rate(action):
    if action in RATES:
        return RATES[action]
    return SERVICE_RATES.get(action.split(":", 1)[0])


def _pages(n, size):
    return math.ceil(n / size) if n else 0


def _seconds(calls, latency_s, chain):
    """Busiest per-action bucket (Route53: one shared bucket) plus a chain of round trips."""
    busiest = max((n / _rate(a) for a, n in calls.items() if _rate(a)), default=0.0)
    route53 = sum(n for a, n in calls.items() if a.startswith("route53:"))
    return max(busiest, route53 / ROUTE53_RATE) + chain * latency_s


def _scan_calls(r):
    calls = {
        "elbv2:DescribeLoadBalancers": max(1, _pages(r["elbv2_load_balancers"], 400)),
        "elbv2:DescribeListeners": r["elbv2_load_balancers"],
        "elbv2:DescribeListenerCertificates": r["elbv2_listeners"],
        "elb:DescribeLoadBalancers": max(1, _pages(r["elb_load_balancers"], 400)),
        "apigateway:GetDomainNames": max(1, _pages(r["api_domains"], 500)),
        "apigatewayv2:GetDomainNames": max(1, _pages(r["api_domains"], 500)),
        "transfer:ListServers": max(1, _pages(r.get("transfer_servers", 0), 1000)),
        "transfer:DescribeServer": r.get("transfer_servers", 0),
        "vpc-lattice:ListServices": max(1, _pages(r.get("lattice_services", 0), 100)),
        "vpc-lattice:GetService": r.get("lattice_services", 0),
        "opensearch:ListDomainNames": 1,  # not paged; the bench fleets have no domains to describe
        "elasticbeanstalk:DescribeEnvironments": 1,
    }
    if r["cloudfront"]:
        calls["cloudfront:ListDistributions"] = max(1, _pages(r["distributions"], 100))
        calls["cognito-idp:ListUserPools"] = 1  # the bench fleets have no user pools to describe
    return calls


def _owner_tag_pages(r):
    """tag:GetResources calls for the owners of the consumers (ARNs 100 a call)."""
    resources = (r["elbv2_load_balancers"] + r["elb_load_balancers"] + r["api_domains"]
                 + (r["distributions"] if r["cloudfront"] else 0))
    return _pages(resources, 100)


def audit_calls(r):
    calls = {"acm:SearchCertificates": max(1, _pages(r["certificates"], 500)),
             "acm:DescribeCertificate": r["dns"] + r["email"],
             "acm:ListCertificateDomainValidations": r.get("migrating", 0)}
    others_in_use = r["in_use"] - r.get("email_in_use", 0)
    scan = _scan_calls(r)
    if r.get("email_in_use") or (others_in_use and sum(scan.values()) < others_in_use):
        calls.update(scan)
    if r.get("email_in_use"):
        calls["tagging:GetResources"] = _owner_tag_pages(r)
    else:
        calls["acm:DescribeCertificate"] += others_in_use
    return {k: v for k, v in calls.items() if v}


def in_place_calls(r):
    e = r["email"]
    calls = {
        "acm:SearchCertificates": max(1, _pages(e, 500)) + max(1, _pages(r["dns"] + e, 500)),
        "tagging:GetResources": 1,
        "acm:UpdateCertificateOptions": e,
        "acm:ListCertificateDomainValidations": e,
        "route53:ListHostedZones": 1 if e else 0,
        "route53:ChangeResourceRecordSets": _pages(r["records"], RECORDS_PER_BATCH),
        "route53:GetChange": 1 if e else 0,
    }
    return {k: v for k, v in calls.items() if v}


def migration_calls(r):
    e = r["email"]
    calls = {
        "acm:SearchCertificates": max(1, _pages(e, 500)) + _pages(e, 500),
        "tagging:GetResources": max(1, _pages(r["tagged"], 100)) + (_owner_tag_pages(r) if e else 0),
        "acm:DescribeCertificate": 2 * e,
        "acm:RequestCertificate": e,
        "acm:DeleteCertificate": e,
        "route53:ListHostedZones": 1 if e else 0,
        "route53:ChangeResourceRecordSets": _pages(r["records"], RECORDS_PER_BATCH),
        "route53:GetChange": 1 if e else 0,
        **_scan_calls(r),
        "elbv2:ModifyListener": r["email_elbv2_default"],
        "elbv2:AddListenerCertificates": r["sni_batches"],
        "elbv2:RemoveListenerCertificates": r["sni_batches"],
        "elb:SetLoadBalancerListenerSSLCertificate": r["email_elb_listeners"],
        "apigateway:UpdateDomainName": r["email_api_domains"],
    }
    if r["cloudfront"]:
        calls["cloudfront:GetDistributionConfig"] = r["email_distributions"]
        calls["cloudfront:UpdateDistribution"] = r["email_distributions"]
    return {k: v for k, v in calls.items() if v}


def _job(regions, calls_of, latency_s, chain):
    per_region = [calls_of(r) for r in regions]
    total = sum(sum(c.values()) for c in per_region)
    seconds = max((_seconds(c, latency_s, chain) for c in per_region), default=0.0)
    # Route53 is one account-wide quota: every region's changes share it.
    route53 = sum(n for c in per_region for a, n in c.items() if a.startswith("route53:"))
    seconds = max(seconds, route53 / ROUTE53_RATE + chain * latency_s)
    by_action = {}
    for c in per_region:
        for a, n in c.items():
            by_action[a] = by_action.get(a, 0) + n
    return total, round(seconds, 2), by_action


def audit(regions, latency_s=0.04):
    """regions: fleet shapes (bench.__main__.fleet_shape). Returns (calls, seconds, by_action)."""
    return _job(regions, audit_calls, latency_s, chain=2)


def in_place(regions, latency_s=0.04):
    # select -> update -> list records -> publish -> poll
    return _job(regions, in_place_calls, latency_s, chain=5)


def migration(regions, latency_s=0.04):
    # select -> describe -> request -> describe -> publish -> poll -> index -> swap -> delete
    return _job(regions, migration_calls, latency_s, chain=9)
