"""The API calls a job cannot avoid, and the time ACM's rate quotas force on them.

A lower bound, per region (regions run in parallel, each has its own quotas):
- audit: SearchCertificates pages (500 certificates a page, 5/s); DescribeCertificate
  (10/s) only for certificates in use (InUseBy is not in search results) or DNS-validated
  (their CNAME values are not either).
- migration, per EMAIL-validated certificate E: RequestCertificate (5/s); three
  DescribeCertificate (10/s): read its validation records, see it ISSUED, confirm
  InUseBy empty before deleting; DeleteCertificate (10/s); one consumer update per
  consumer; plus one SearchCertificates page per 500 and one tag lookup page per 100
  replacements (resourcegroupstaggingapi). Calls of different APIs overlap, so the time
  bound is the busiest API's calls / its quota, plus one chain of latencies.
"""

from __future__ import annotations

import math

ACM_RATES = {"SearchCertificates": 5, "DescribeCertificate": 10, "RequestCertificate": 5, "DeleteCertificate": 10}


def _time(calls_by_api, latency_s, chain):
    busiest = max((calls / ACM_RATES[api] for api, calls in calls_by_api.items() if api in ACM_RATES), default=0)
    return busiest + chain * latency_s


def audit(regions, latency_s=0.04):
    """regions: list of {"certificates": n, "in_use": k, "dns": d}. Returns (calls, seconds)."""
    total_calls, worst = 0, 0.0
    for r in regions:
        calls = {"SearchCertificates": max(1, math.ceil(r["certificates"] / 500)),
                 "DescribeCertificate": r["in_use_or_dns"]}
        total_calls += sum(calls.values())
        worst = max(worst, _time(calls, latency_s, chain=2))
    return total_calls, round(worst, 2)


def migration(regions, latency_s=0.04):
    """regions: list of {"certificates": n, "email": e, "consumers": c}."""
    total_calls, worst = 0, 0.0
    for r in regions:
        e = r["email"]
        calls = {
            "SearchCertificates": max(1, math.ceil(r["certificates"] / 500)),
            "GetResources": max(1, math.ceil(e / 100)),
            "RequestCertificate": e,
            "DescribeCertificate": 3 * e,
            "DeleteCertificate": e,
            "ConsumerUpdates": r["consumers"],
            "ChangeResourceRecordSets": max(1, math.ceil(e / 500)) if e else 0,
        }
        total_calls += sum(calls.values())
        # request -> describe -> publish -> describe -> swap -> describe -> delete
        worst = max(worst, _time(calls, latency_s, chain=7))
    return total_calls, round(worst, 2)
