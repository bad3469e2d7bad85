# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_renewal_check's work for one region: list and describe every certificate
(concurrently, within ACM's quotas), probe the HTTPS rule names of the
email-validated ones whose verdict the probes can change (probe_need), check the DNS
of the DNS-validated ones, judge each and summarise. Every DNS lookup of the run goes
through one dns_queries.DnsQueries (timeouts, retries, an AIMD window, one cache).
Input is checked before any AWS call."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._aws import acm_api
from .._aws.error_codes import is_unavailable
from .._certificates import certificate_inventory
from .._certificates.validation_methods import validation_method
from .._consumers.fixed_consumers import describe as describe_consumer
from .._dns.dns_checks import Resolver, check_caa, check_cname, validation_records
from .._in_place import in_place_plan, in_place_result
from .._probe.https_probe import HAS_CRYPTOGRAPHY, Prober, compare, fingerprint, parse_resolve, pem_to_der, serial_key
from .._probe.probe_resolution import ProbeResolver
from ..concurrency import map_concurrently
from ..domain_names import certificate_names, matches_any
from ..errors import CertshiftError, error_code
from ..input_checks import check_region
from . import probe_need
from .approval_load import approval_load
from .consumer_owners import migration_possible, read_owners
from .migration_progress import migration_progress
from .renewal_report import summarize
from .renewal_verdict import HTTPS_RULE_NOTE, exportable, iso, judge, parse_time, rule_names

# GetCertificate allows 10/s.
PEM_WORKERS = 10


def parse_now(value):
    if not value:
        return None
    try:
        return parse_time(value)
    except (TypeError, ValueError):
        raise CertshiftError(
            f"now '{value}' is not an ISO 8601 date and time: use for example 2025-06-01T00:00:00Z",
        ) from None


class _Memo:
    """Thread-safe memo for DNS lookups shared by many certificates."""

    def __init__(self, func):
        self.func = func
        self.cache = {}
        self.lock = threading.Lock()

    def __call__(self, *key):
        with self.lock:
            if key in self.cache:
                return self.cache[key]
        value = self.func(*key)
        with self.lock:
            self.cache[key] = value
        return value


def run(acm, region, params, now, scan_consumers=None, warn=None, session=None, find_owners=None):
    """The module result (without ``changed``) for one region. ``scan_consumers(account)``
    returns the region's consumer index (consumer_index.build); with it, the consumers of
    certificates in use come from one scan instead of a DescribeCertificate each.
    ``find_owners(records)`` (owners.detect) sets each record's owner and returns warnings: the
    owners of the email-validated certificates' consumers are reported."""
    # Bad input first: nothing is called before every option is known to be usable.
    check_region(region, session=session)
    arns = params.get("certificate_arns") or []
    certificate_inventory.check_arns_in_region(arns, region)
    mode = probe_mode(params)
    resolver, prober = _lookups(params)

    details = None if arns else _search(acm, params)
    by_search = details is not None
    if details is None:
        details = certificate_inventory.load(acm, arns=arns, domains=params.get("domains"),
                                             statuses=params.get("statuses"))
    methods = params.get("validation_methods")
    if methods:
        details = [d for d in details if (validation_method(d) or "NONE") in methods]

    email = [d for d in details if validation_method(d) == "EMAIL" and d.get("Type") != "IMPORTED" and d.get("Status") == "ISSUED"]
    to_probe, skipped = probe_need.plan(email, now, mode)

    def probe(todo):
        return _probe_https(acm, todo, prober, params.get("probe_concurrency") or 20,
                            everything=details if by_search else None)

    # The probes need only names and serials, which the search already gave: they run while
    # the describes wait on ACM's quota, so the slower of the two sets the pace, not their sum.
    scan = _scanner(details, scan_consumers, warn)
    with ThreadPoolExecutor(max_workers=1) as background:
        probing = background.submit(probe, to_probe) if to_probe else None
        index = _describe_where_needed(acm, details, params, scan) if by_search else None
        read_owners(details, index, None if by_search else scan, find_owners, warn)
        migrating = _migration_records(acm, details)
        migration, dns = _dns_findings(details, migrating, resolver, params.get("check_dns", True))
        https = probing.result() if probing else {}
    # The describes may have shown what the search could not (who uses it): decide again on the full detail.
    skipped, late = _decide_again(email, skipped, now)
    if late:
        https.update(probe(late))
    if resolver.queries.unusable and warn:
        warn(f"DNS lookups failed: {resolver.queries.unusable}")

    certificates = [_entry(d, now, https.get(d["CertificateArn"]), dns.get(d["CertificateArn"]), region,
                           migration.get(d["CertificateArn"]), skipped.get(d["CertificateArn"])) for d in details]
    certificates.sort(key=lambda c: (c["days_to_expiry"] if c["days_to_expiry"] is not None else 10 ** 6,
                                     c["domain_name"]))
    return {
        "region": region,
        "checked_at": iso(now),
        "certificates": certificates,
        "summary": summarize(certificates),
        "note": HTTPS_RULE_NOTE,
    }


def _lookups(params):
    """(Resolver, Prober) sharing one DnsQueries (one cache, one AIMD window); given nameservers must answer."""
    overrides = parse_resolve(params.get("resolve"))
    resolver = Resolver(params.get("nameservers"), **dns_options(params))
    if params.get("nameservers"):
        resolver.check_reachable()
    port = params.get("port") or 443
    # Given nameservers answer the probes' address lookups too; otherwise the system's resolv.conf does.
    prober = Prober(port=port, timeout=float(params.get("timeout") or 5),
                    addresses=ProbeResolver(port, overrides, resolver.queries))
    return resolver, prober


def _dns_findings(details, migrating, resolver, check):
    """({arn: in-place migration records, checked in DNS}, {arn: CNAME and CAA findings}); ``check``: check_dns."""
    checked = _check_migration_records(migrating, resolver) if migrating and check else {}
    migration = {arn: {"records": checked.get(arn), "listed": records} for arn, records in migrating.items()}
    dns_certs = [d for d in details if check and validation_method(d) == "DNS" and d.get("Type") != "IMPORTED"
                 and d.get("Status") in ("ISSUED", "PENDING_VALIDATION")]
    return migration, (_check_dns(dns_certs, resolver) if dns_certs else {})


def probe_mode(params):
    """auto, always or never: ``check_https: false`` (kept from before ``probe``) means never."""
    mode = params.get("probe") or probe_need.AUTO
    if mode not in probe_need.MODES:
        raise CertshiftError(f"probe '{mode}' is not one of {', '.join(probe_need.MODES)}: use auto (skip the "
                             "probes that cannot change a verdict), always or never")
    if params.get("check_https", True) is False:
        if mode == probe_need.ALWAYS:
            raise CertshiftError("check_https is false but probe is always: drop check_https (probe: never is the "
                                 "same as check_https: false), or set probe to never")
        return probe_need.NEVER
    return mode


def dns_options(params):
    """Resolver keyword arguments from dns_timeout, dns_retries and dns_concurrency, checked."""
    timeout, retries, concurrency = (params.get(k) for k in ("dns_timeout", "dns_retries", "dns_concurrency"))
    timeout = 2.0 if timeout is None else float(timeout)
    retries = 2 if retries is None else int(retries)
    concurrency = 16 if concurrency is None else int(concurrency)
    for name, value, low, what in (("dns_timeout", timeout, 0, "more than 0 seconds"),
                                   ("dns_retries", retries, -1, "0 or more"),
                                   ("dns_concurrency", concurrency, 0, "1 or more")):
        if value <= low:
            raise CertshiftError(f"{name} is {value:g}: it must be {what}")
    return {"timeout": timeout, "retries": retries, "concurrency": concurrency}


def _decide_again(email, skipped, now):
    """({arn: skip reason} still skipped, [details to probe after all]) once the describes are in."""
    still, late = {}, []
    for detail in email:
        if detail["CertificateArn"] in skipped:
            reason = probe_need.skip_reason(detail, now)
            if reason is None:
                late.append(detail)
            else:
                still[detail["CertificateArn"]] = reason
    return still, late


def _search(acm, params):
    """Every certificate from SearchCertificates pages (500 a page, statuses filtered
    server-side), or None where SearchCertificates is unavailable."""
    statuses = params.get("statuses") or []
    filters = [{"Filter": {"AcmCertificateMetadataFilter": {"Status": s}}} for s in statuses]
    statement = (filters[0] if len(filters) == 1 else {"Or": filters}) if filters else None
    found = certificate_inventory.search(acm, statement)
    if found is None:
        return None
    details = list(found.values())
    if params.get("domains"):
        details = [d for d in details if matches_any(params["domains"], certificate_names(d))]
    return details


def _describe_where_needed(acm, details, params, scan=None):
    """DescribeCertificate only where its answer is needed: the CNAME values of DNS-validated
    certificates, the reason of a renewal in progress, and the users of a certificate in use
    that ``scan()`` (the region's consumer index, or None) does not explain. The describes
    that are needed anyway run while the scan does. Returns the consumer index (None: not scanned)."""
    check_dns = params.get("check_dns", True)

    def needs_detail(d):
        return bool(d.get("RenewalSummary") or migration_possible(d) or (
            check_dns and validation_method(d) == "DNS" and d.get("Type") != "IMPORTED"
            and d.get("Status") in ("ISSUED", "PENDING_VALIDATION")))

    def describe(todo):
        for detail, full in zip(todo, map_concurrently(lambda d: _describe(acm, d), todo, PEM_WORKERS)):
            detail.update(full or {})

    needed = [d for d in details if needs_detail(d)]
    in_use = [d for d in details if d.get("InUse") and not needs_detail(d)]
    with ThreadPoolExecutor(max_workers=1) as background:
        describing = background.submit(describe, needed)
        # The scan names the users of certificates in use (instead of a describe each) and tells which users of an
        # EMAIL-validated one no scan can switch (a replacement could never serve them: only in place works).
        index = scan() if scan is not None and any(d.get("InUse") for d in details) else None
        unexplained = in_use
        if index is not None:
            unexplained = []
            for detail in in_use:
                users = index.users_of(detail["CertificateArn"])
                if users:
                    detail["InUseBy"] = users
                else:  # a user the scan cannot see (another service, CloudFront-managed): ask ACM
                    unexplained.append(detail)
        describe(unexplained)
        describing.result()
    if index is not None:
        for detail in details:
            if migration_possible(detail) and detail.get("InUseBy"):
                detail["UnswitchableConsumers"] = index.unknown_consumers(detail["CertificateArn"], detail["InUseBy"])
    return index


def _migration_records(acm, details):
    """{arn: records} of the certificates whose in-place migration is in progress or expired: the CNAMEs
    ACM asks for (ListCertificateDomainValidations), so the audit can say which are missing, and where."""
    migrating = [d for d in details if in_place_plan.state_of(d) in (in_place_plan.CONTINUE, in_place_plan.RESTART)
                 and migration_possible(d)]
    listed = map_concurrently(lambda d: acm_api.list_domain_validations(acm, d["CertificateArn"]),
                              migrating, PEM_WORKERS)
    return {d["CertificateArn"]: in_place_plan.requested_records(summaries)[0]
            for d, summaries in zip(migrating, listed)}


def _check_migration_records(records, resolver):
    lookup = _Memo(resolver.lookup)
    queries = list(dict.fromkeys((r["name"], "CNAME") for rs in records.values() for r in rs))
    map_concurrently(lambda q: lookup(*q), queries, resolver.queries.concurrency)
    return {arn: [check_cname(r, lookup(r["name"], "CNAME")) for r in rs] for arn, rs in records.items()}


def _scanner(details, scan_consumers, warn):
    """``scan()``: the consumer index of the certificates' account, or None (with a warning)
    where the scan is not allowed; None when there is nothing to scan for."""
    arns = [d["CertificateArn"] for d in details if certificate_inventory.ARN_PATTERN.match(d["CertificateArn"])]
    if scan_consumers is None or not arns:
        return None
    account = certificate_inventory.parse_arn(arns[0])[1]

    def scan():
        try:
            return scan_consumers(account)
        except botocore.exceptions.ClientError as e:
            if not is_unavailable(e):
                raise
            if warn:
                warn("the consumer scan (load balancers, CloudFront, API Gateway, Transfer Family, VPC Lattice) "
                     f"is not allowed ({error_code(e)}); "
                     "reading each certificate's InUseBy instead (slower): grant the read actions in "
                     "policies/certshift-acm-audit.json")
            return None
    return scan


def _describe(acm, detail):
    """DescribeCertificate; None where it was deleted since the search (keep what the search said)."""
    return acm_api.describe_certificate(acm, detail["CertificateArn"], missing_ok=True)


def _probe_https(acm, details, prober, concurrency, everything=None):
    by = "fingerprint"
    if everything is not None and HAS_CRYPTOGRAPHY and all(d.get("Serial") for d in details):
        # The served certificate is compared by serial number (in the search results)
        # instead of a GetCertificate call per certificate for its fingerprint.
        by = "serial"
        expected = {d["CertificateArn"]: serial_key(d["Serial"]) for d in details}
        known = {serial_key(d["Serial"]): d["CertificateArn"] for d in everything if d.get("Serial")}
    else:
        pems = map_concurrently(lambda d: acm_api.get_certificate_pem(acm, d["CertificateArn"]),
                                details, PEM_WORKERS)
        expected = {}
        for detail, pem in zip(details, pems):
            expected[detail["CertificateArn"]] = fingerprint(pem_to_der(pem)) if pem else None
        known = {fp: arn for arn, fp in expected.items() if fp}
    wanted = {arn: rule_names(certificate_names(d)) for arn, d in ((d["CertificateArn"], d) for d in details)}
    probes = prober.probe_all([n["name"] for names in wanted.values() for n in names], concurrency=concurrency)
    results = {}
    for arn, names in wanted.items():
        findings = []
        for needed in names:
            finding = compare(probes[needed["name"].lower()], expected[arn], known=known, timeout=prober.timeout, by=by)
            finding.update(required_by=needed["required_by"], role=needed["role"])
            findings.append(finding)
        results[arn] = findings
    return results


def _check_dns(details, resolver):
    lookup = _Memo(resolver.lookup)
    records = {d["CertificateArn"]: validation_records(d) for d in details}
    caa_names = {d["CertificateArn"]: certificate_names(d) for d in details}
    # Warm the cache concurrently; the checks below then read it.
    queries = list(dict.fromkeys([(r["name"], "CNAME") for rs in records.values() for r in rs]))
    map_concurrently(lambda q: lookup(*q), queries, resolver.queries.concurrency)
    map_concurrently(lambda n: check_caa(lambda name: lookup(name, "CAA"), n),
                     list(dict.fromkeys(n for ns in caa_names.values() for n in ns)), resolver.queries.concurrency)
    results = {}
    for detail in details:
        arn = detail["CertificateArn"]
        results[arn] = {
            "records": [check_cname(r, lookup(r["name"], "CNAME")) for r in records[arn]],
            "caa": [check_caa(lambda name: lookup(name, "CAA"), n) for n in caa_names[arn]],
        }
    return results


def _entry(detail, now, https, dns, region, migration=None, skip_reason=None):
    verdict = judge(detail, now, https=https, dns=dns, migration=migration, https_skipped=skip_reason is not None)
    renewal = detail.get("RenewalSummary") or {}
    in_use_by = list(detail.get("InUseBy") or [])
    account = certificate_inventory.parse_arn(detail["CertificateArn"])[1] \
        if certificate_inventory.ARN_PATTERN.match(detail["CertificateArn"]) else None
    entry = {
        "certificate_arn": detail["CertificateArn"],
        "region": region,
        "account": account,
        "domain_name": detail.get("DomainName"),
        "subject_alternative_names": list(detail.get("SubjectAlternativeNames") or []),
        "type": detail.get("Type"),
        "validation_method": validation_method(detail),
        "status": detail.get("Status"),
        "key_algorithm": detail.get("KeyAlgorithm"),
        "serial": detail.get("Serial"),
        "not_before": iso(detail.get("NotBefore")),
        "not_after": iso(detail.get("NotAfter")),
        "renewal_status": renewal.get("RenewalStatus"),
        "renewal_status_reason": renewal.get("RenewalStatusReason"),
        "renewal_eligibility": detail.get("RenewalEligibility"),
        "in_use": bool(in_use_by),
        "in_use_by": in_use_by,
        # the same users by name where they are consumers with no in-place switch (AppSync, IoT, Verified Access)
        "used_by": [describe_consumer(arn) for arn in in_use_by],
        # users no consumer scan can switch (AppSync, IoT, Verified Access...): only in place can migrate it
        "unswitchable_consumers": list(detail.get("UnswitchableConsumers") or []),
        # the infrastructure code owning each consumer (email-validated certificates)
        "consumer_owners": list(detail.get("ConsumerOwners") or []),
        "update_summary": in_place_result.snake_update(detail.get("UpdateSummary")),
        "in_place_migration": migration_progress(detail.get("UpdateSummary"), migration),
        "managed_by": detail.get("ManagedBy"),
        "exportable": exportable(detail),
    }
    entry.update(verdict)
    entry.update(approval_load(detail, now))
    if skip_reason is not None:
        entry["https_rule"] = {"checked": False, "skipped": True, "skip_reason": skip_reason}
    elif https is not None:
        entry["https_rule"] = {
            "checked": True,
            "skipped": False,
            "met": all(f["certificate_matches"] for f in https),
            "names": https,
        }
    if dns is not None:
        entry["dns_validation"] = {
            "checked": True,
            "records_ok": all(r["ok"] for r in dns["records"]),
            "caa_ok": all(c["allowed"] for c in dns["caa"]),
            "records": dns["records"],
            "caa": dns["caa"],
        }
    return entry
