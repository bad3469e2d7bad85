# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The safety gate in front of every certificate swap. Pure functions: they see what
AWS reported and either pass or raise one CertshiftError naming every problem.

A consumer is switched only to a certificate that is ISSUED, valid for at least
``min_days_valid`` more days, in the old certificate's region (us-east-1 for
CloudFront), and covers every name of the old certificate and every host name the
consumer serves (CloudFront aliases, API Gateway domain names), wildcards matched by
DNS label rules.
"""

from __future__ import annotations

import datetime

from .._aws.aws_clients import CLOUDFRONT_REGION
from .._certificates.certificate_inventory import check_arns_in_region, parse_arn
from .._consumers.registry import of_record_type
from ..domain_names import certificate_names, uncovered
from ..errors import CertshiftError
from .pair import Pair


def validate_pairs(pairs, region):
    """Well-formed Pairs (from the module's {old, new} dicts) in ``region``; duplicates dropped, order kept.

    An old certificate may appear in one pair only, a pair may not swap a certificate
    for itself, and a new certificate may not also be an old one (no chains).
    """
    seen = {}
    result = []
    for pair in pairs:
        old, new = pair.get("old"), pair.get("new")
        old_region, new_region = parse_arn(old)[0], parse_arn(new)[0]
        if old_region == region != new_region:
            raise CertshiftError(
                f"new certificate {new} is in {new_region}, but this run targets {region}, where {old} and its "
                "consumers are: a replacement must be in its original's region (CloudFront distributions and edge "
                f"API Gateway domain names use certificates from {CLOUDFRONT_REGION} only)",
                certificate_arn=new,
            )
        check_arns_in_region((old, new), region, drop="the pair")
        if old == new:
            raise CertshiftError(f"pair swaps {old} for itself: give a different new certificate", certificate_arn=old)
        if old in seen:
            if seen[old] != new:
                raise CertshiftError(
                    f"certificate {old} is paired with both {seen[old]} and {new}: give one replacement per certificate",
                    certificate_arn=old,
                )
            continue
        seen[old] = new
        result.append(Pair(old, new))
    accounts = sorted({parse_arn(arn)[1] for pair in result for arn in (pair.old, pair.new)})
    if len(accounts) > 1:
        raise CertshiftError(
            f"the pairs name certificates of accounts {' and '.join(accounts)}: one run works one account, the one "
            "its credentials reach; run once per account (acm_targets host with acm_assume_role_arn)",
            accounts=accounts,
        )
    chained = sorted(set(seen.values()) & set(seen))
    if chained:
        raise CertshiftError(
            f"certificate {chained[0]} is both a replacement and replaced in this run: swap in one direction per run",
            certificate_arn=chained[0],
        )
    return result


def pair_problems(old, new, consumers, region, min_days_valid, now, new_arn=None):
    """Problems blocking the swap of ``old`` (DescribeCertificate detail) for ``new``
    (detail or None; ``new_arn`` names it when it is missing) at the given ``consumers``
    (records that will be switched)."""
    old_arn = old["CertificateArn"]
    if new is None:
        named = f" {new_arn}" if new_arn else ""
        return [{"reason": "new_missing", "msg": f"replacement certificate{named} for {old_arn} does not exist "
                 "in this account and region: check the ARN (or request the replacement first)"}]
    new_arn = new["CertificateArn"]
    problems = []
    status = new.get("Status")
    if status != "ISSUED":
        problems.append({"reason": "not_issued", "msg": f"new certificate {new_arn} is {status}, not ISSUED: "
                         "wait until ACM issues it (publish its validation records)"})
    not_after = new.get("NotAfter")
    if status == "ISSUED" and not_after is not None:
        days = (not_after - now).total_seconds() / 86400
        if days < min_days_valid:
            problems.append({"reason": "expires_soon", "msg": f"new certificate {new_arn} expires on "
                             f"{not_after.date().isoformat()}, within {min_days_valid} days: use a newer certificate"})
    old_region, new_region = parse_arn(old_arn)[0], parse_arn(new_arn)[0]
    if new_region != old_region:
        problems.append({"reason": "region", "msg": f"new certificate {new_arn} is in {new_region}, "
                         f"but {old_arn} and its consumers are in {old_region}"})
    new_names = certificate_names(new)
    missing = uncovered(new_names, certificate_names(old))
    if missing:
        problems.append({"reason": "uncovered", "names": missing,
                         "msg": f"new certificate {new_arn} does not cover {', '.join(missing)} "
                                f"(a name of {old_arn}): request one that covers every name"})
    for record in consumers:
        consumer = of_record_type(record["type"])
        if consumer.certificate_region not in (None, new_region):
            problems.append({"reason": "region", "msg": f"{consumer.describe(record)} needs a certificate from "
                             f"{consumer.certificate_region}; {new_arn} is in {new_region}"})
        missing = [n for n in uncovered(new_names, record.get("names") or []) if n not in
                   {m for p in problems for m in p.get("names", [])}]
        if missing:
            where = consumer.describe(record)
            problems.append({"reason": "uncovered", "names": missing,
                             "msg": f"new certificate {new_arn} does not cover {', '.join(missing)} "
                                    f"served by {where}: add the name to the replacement or remove it from {where}"})
    return problems


def check(pairs, details, consumers_by_pair, region, min_days_valid, now=None):
    """Raise one CertshiftError listing every problem of every pair; return nothing."""
    now = now or datetime.datetime.now(datetime.timezone.utc)
    found = []
    for pair, consumers in zip(pairs, consumers_by_pair):
        old = details.get(pair.old)
        if old is None:
            continue  # already retired: nothing to swap
        for problem in pair_problems(old, details.get(pair.new), consumers, region, min_days_valid, now,
                                     new_arn=pair.new):
            found.append({"old": pair.old, "new": pair.new, **problem})
    if found:
        uncovered_names = [n for p in found for n in p.get("names", [])]
        msg = "safety gate failed, nothing was changed: " + "; ".join(p["msg"] for p in found)
        raise CertshiftError(msg, problems=found, uncovered_names=uncovered_names)
