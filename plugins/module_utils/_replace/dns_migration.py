# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""acm_dns_migrate's work for one region: find or request DNS-validated replacements
of email-validated certificates, publish their validation records, wait until ISSUED.

Order, so that bad input changes nothing:
1. load the old certificates (unknown ARNs fail) and their existing replacements;
2. plan per certificate (pure): skip / reuse / request;
3. preflight, reads only: CAA for every name to be requested, the DNS zone (and for
   rfc2136 the TSIG key) of every name, the records of existing replacements;
4. check mode stops here and reports the plan;
5. request, read the new records, write every record (one batch per Route53 zone),
   optionally confirm by DNS, wait until ISSUED.

Selected by SearchCertificates, the old certificates are planned from their search results,
which lack Options (the certificate-transparency preference a request copies): only those
to be requested are described, each right before its request (see ``complete``), so the
describes run at the same time as the requests instead of before them.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Optional, Tuple

from .._aws import acm_api, tagging_api
from .._certificates import certificate_inventory
from .._certificates.replacement_lookup import find_replacements, ignored_message
from .._certificates.validation_records import wait_for_records
from .._dns import dns_checks
from .._dns.dns_lookup import make_resolver, wait_cnames
from .._consumers import consumer_index, fixed_consumers
from ..concurrency import map_concurrently
from ..domain_names import certificate_names, matches_any
from ..errors import CertshiftError, certificate_failure, certificate_failures_message
from . import migration_result
from .certificate_plan import CertificatePlan
from .issuance_wait import wait_issued
from .migration_plan import plan_certificate, skip_reason
from .migration_preflight import RECORDS_TIMEOUT, RECORDS_WORKERS, Preflight
from .migration_result import failed_message
from .record_publisher import PROVIDERS, make_publisher, prefetch

SELECT_STATUSES = ("ISSUED",)
WORKERS = 10
# RequestCertificate allows 5/s; DescribeCertificate (the old certificate before its request,
# the new one's records after it) 10/s. A request worker describes first, so it takes more of
# them to keep described certificates queued at the request quota at every moment.
REQUEST_WORKERS = 20

Detail = Dict[str, Any]


class Migration:
    def __init__(self, clients, params: Dict[str, Any], check_mode: bool, warn: Optional[Callable[[str], None]] = None,
                 scan_consumers: bool = False):
        self.clients = clients
        self.scan_consumers = scan_consumers  # run() reads the consumer index itself before requesting
        self.params = params
        self.check_mode = check_mode
        self.warn = warn or (lambda msg: None)
        self.acm = clients.acm()
        self.tagging = clients.get("resourcegroupstaggingapi")
        self.all_tags = None  # {ARN: tags} of the region's tagged certificates (tag:GetResources)
        self.from_search = False  # the old certificates are search results (no Options)
        self.tags: Dict[str, Any] = {}  # per old ARN, to plan a certificate again (complete)
        self.replacements: Dict[str, List[Detail]] = {}  # {old ARN: its replacements}, the same
        self.described: Dict[str, Detail] = {}  # {old ARN: DescribeCertificate} of those described before their request
        self.loaded: Dict[str, Detail] = {}  # {old ARN: detail} as selected
        # The region's consumer index, where the caller has one: a certificate it cannot explain a user of
        # is held instead of replaced (see _held). run() scans for itself when it would request.
        self.consumers: Optional[consumer_index.ConsumerIndex] = None
        self.provider = params["dns_provider"]
        if self.provider not in PROVIDERS:
            raise CertshiftError(f"dns_provider must be one of {', '.join(PROVIDERS)}")
        # Strict (IP addresses only), before any AWS call; dns_checks names the bad entry and the fix.
        dns_checks.parse_nameservers(params.get("nameservers"))
        self._resolver = None
        self.publisher = make_publisher(clients, params, self.resolver)
        self.ttl = int(params.get("validation_record_ttl") or 300)
        # 0 is a real choice (look once, do not wait), not "unset"
        self.timeout = 900 if params.get("wait_timeout") is None else int(params["wait_timeout"])
        self.preflight_step = Preflight(self.acm, params, self.publisher, self.resolver, self.warn, self.ttl)

    def resolver(self):
        if self._resolver is None:
            self._resolver = make_resolver(self.params.get("nameservers"))
        return self._resolver

    # --- 1. what to migrate ------------------------------------------------
    def load(self):
        arns = self.params.get("certificate_arns") or []
        domains = self.params.get("domains") or None
        if arns:
            certificate_inventory.check_arns_in_region(arns, self.clients.region)
            olds = certificate_inventory.load(self.acm, arns=arns, domains=domains)
        else:
            olds = self.select()
            if olds is None:
                olds = certificate_inventory.load(self.acm, domains=domains, statuses=SELECT_STATUSES)
            elif domains:
                olds = [o for o in olds if matches_any(domains, certificate_names(o))]
            olds = [o for o in olds if skip_reason(o) is None]
        # Tags only where a replacement may be requested (they are copied onto it): one
        # tag:GetResources scan (100 certificates a page) also names every existing replacement;
        # where it is not allowed, ListTagsForCertificate per certificate.
        need_tags = [o for o in olds if skip_reason(o) is None]
        if need_tags:
            self.all_tags = tagging_api.acm_certificate_tags(self.tagging)
        if self.all_tags is not None:
            tags = {o["CertificateArn"]: dict(self.all_tags.get(o["CertificateArn"], {})) for o in need_tags}
        else:
            tags = dict(zip([o["CertificateArn"] for o in need_tags],
                            map_concurrently(lambda o: acm_api.list_tags(self.acm, o["CertificateArn"]),
                                             need_tags, WORKERS)))
        if not arns:  # a selection silently leaves out our own replacements
            olds = [o for o in olds if skip_reason(o, tags.get(o["CertificateArn"])) is None]
        self.loaded = {o["CertificateArn"]: o for o in olds}
        return olds, tags

    def select(self):
        """The region's ISSUED, AMAZON_ISSUED, email-validated certificates by one server-side
        search (500 a page), as search results (certificate_inventory.from_search); None where
        SearchCertificates is unavailable."""
        statement = certificate_inventory.metadata_filter(Status="ISSUED", Type="AMAZON_ISSUED",
                                                          ValidationMethod="EMAIL")
        found = certificate_inventory.search(self.acm, statement)
        if found is None:
            self.warn("acm:SearchCertificates is not allowed or not available; listing and describing every "
                      "certificate instead (slower): grant it to the role running the job")
            return None
        self.from_search = True
        return list(found.values())

    # --- 2. plan -----------------------------------------------------------
    def plan(self, olds, tags):
        active = [o for o in olds if skip_reason(o, tags.get(o["CertificateArn"])) is None]
        self.tags = tags
        self.replacements = find_replacements(self.acm, active, tagged=self.all_tags)
        plans = [self.plan_one(o) for o in olds]
        for p in plans:
            if p.ignored_replacements:
                self.warn(ignored_message(p.old_arn, p.ignored_replacements))
        return plans

    def plan_one(self, old):
        arn = old["CertificateArn"]
        return plan_certificate(old, self.tags.get(arn), self.replacements.get(arn, []))

    def complete(self, p):
        """Plan ``p`` again from its old certificate's DescribeCertificate, for the Options its
        request copies (a search result has none). Only certificates to be requested need it."""
        old = acm_api.describe_certificate(self.acm, p.old_arn, missing_ok=True)
        if old is None:
            p.skip("deleted since it was selected")
            return
        self.described[old["CertificateArn"]] = old
        p.replan(self.plan_one(old))

    def complete_all(self, plans):
        """Check mode: the exact requests a real run makes (it describes them one by one)."""
        if self.from_search:
            map_concurrently(self.complete, [p for p in plans if p.request], WORKERS)

    # --- 3. preflight (reads only): migration_preflight ---------------------
    def preflight_names(self, names: List[str], any_active: bool = True) -> None:
        self.preflight_step.names(names, any_active)

    def preflight(self, plans: List[CertificatePlan]) -> None:
        self.preflight_step.plans(plans)

    def prefetch(self, records: List[Detail]) -> None:
        prefetch(self.publisher, records)

    # --- 5. apply ----------------------------------------------------------
    def request(self, plans, on_records=None, on_requested=None, cancelled=None):
        """Per certificate, pipelined: describe the old one if only searched (10/s), request
        its replacement (5/s), read the new validation records (10/s). Two describes per
        certificate at 10/s take as long as one request at 5/s, so both quotas work at once
        and a region takes about as long as its requests.

        ``on_records(p, detail, records)``: called as each replacement's records arrive, for a
        caller that publishes and swaps while later ones are still requested (its records are
        then its to plan); without it they are planned here once all are in. ``on_requested(p)``:
        called as each replacement is requested. ``cancelled()``:
        true once the caller gave up, so no further replacement is requested."""
        todo = [p for p in plans if p.request]
        if not todo:
            return
        with ThreadPoolExecutor(REQUEST_WORKERS) as requests, ThreadPoolExecutor(RECORDS_WORKERS) as reads:
            def read(p, arn):
                with certificate_failure(p, "reading the replacement's validation records"):
                    detail, records = wait_for_records(self.acm, arn, timeout=RECORDS_TIMEOUT)
                    if on_records is not None:
                        on_records(p, detail, records)
                    return detail, records
                return None

            def one(p):
                if cancelled is not None and cancelled():
                    p.skip("not requested: the run stopped on an error")
                    return None
                with certificate_failure(p, "describing it before its request"):
                    if self.from_search:
                        self.complete(p)
                if not p.request or p.error or self._held(p):
                    return None
                with certificate_failure(p, "requesting its replacement"):
                    p.new_arn = acm_api.request_certificate(self.acm, **p.request)
                if p.new_arn is None:
                    return None
                if on_requested is not None:
                    on_requested(p)
                return reads.submit(read, p, p.new_arn)

            pending_reads = [(p, f.result()) for p, f in [(p, requests.submit(one, p)) for p in todo]]
            requested = [(p, got) for p, got in ((p, f.result()) for p, f in pending_reads if f is not None)
                         if got is not None]
        if on_records is None:
            self.plan_records(requested)

    def _held(self, p):
        """Hold (never request) the replacement of a certificate used by something no consumer scan
        explains: ACM lists it in InUseBy, nothing could switch it to the twin (AppSync custom domains, IoT
        domain configurations, Verified Access endpoints...), and the twin would only cost a request."""
        if self.consumers is None:
            return False
        detail = self.described.get(p.old_arn) or self.loaded.get(p.old_arn) or {}
        if detail.get("InUseBy") is None:
            return False
        unknown = self.consumers.unknown_consumers(p.old_arn, detail["InUseBy"])
        if unknown:
            p.hold(fixed_consumers.hold_reason(unknown))
        return bool(unknown)

    def plan_records(self, requested):
        """Plan the writes of [(p, (replacement detail, validation records))]."""
        self.prefetch([r for _p, (_detail, records) in requested for r in records])
        for p, (detail, records) in requested:
            p.replacement = detail
            p.records = self.publisher.plan(records, self.ttl)

    def publish(self, plans):
        entries = [e for p in plans for e in p.records]
        self.publisher.apply(entries, timeout=self.timeout)

    def confirm_dns(self, plans):
        """manual+wait, or verify_dns: every CNAME must resolve (via ``nameservers``) in time."""
        wanted = self.params.get("verify_dns") or (self.provider == "manual" and self.params.get("wait"))
        if not wanted:
            return
        records = [e for p in plans for e in p.records
                   if p.replacement_status != "ISSUED"]
        if not records:
            return
        missing = wait_cnames(self.resolver(), records, self.timeout)
        if missing:
            raise CertshiftError(
                f"validation CNAMEs do not resolve after {self.timeout} s: {', '.join(missing)}. Publish them "
                "(see validation_records) and run again; the replacements are reused",
                unresolved=missing, certificates=self.results(plans),
            )

    def wait(self, plans):
        failed = self.wait_issued(plans)
        if failed:
            raise CertshiftError(failed_message(failed), certificates=self.results(plans))

    def wait_issued(self, plans):
        """Wait until the replacements of ``plans`` are ISSUED (each plan's replacement updated);
        {ARN: {'status', 'reasons'}} of those that failed validation."""
        if not self.params.get("wait"):
            return {}
        pending = [p.replacement["CertificateArn"] for p in plans
                   if p.replacement is not None and p.replacement.get("Status") != "ISSUED"]
        if not pending:
            return {}
        try:
            created = {p.replacement["CertificateArn"]: p.replacement.get("CreatedAt") for p in plans
                       if p.replacement is not None}
            issued, failed = wait_issued(self.acm, pending, self.timeout, use_search=True,
                                         created=created)
        except CertshiftError as e:
            raise CertshiftError(e.msg, certificates=self.results(plans), **e.details) from None
        for p in plans:
            arn = p.replacement_arn
            if arn in issued:
                p.replacement = {**p.replacement, **issued[arn]}
            elif arn in failed:
                p.replacement["Status"] = failed[arn]["status"]
                p.failure = failed[arn]
        return failed

    # --- results: migration_result -------------------------------------------
    def results(self, plans: List[CertificatePlan]) -> List[Dict[str, Any]]:
        return [migration_result.certificate_result(p, self.provider, self.check_mode) for p in plans]

    # --- the whole run -----------------------------------------------------
    def run(self):
        olds, tags = self.load()
        plans = self.plan(olds, tags)
        self.preflight(plans)
        if self.scan_consumers and self.consumers is None and any(p.request for p in plans):
            self.consumers = consumer_index.build(self.clients, self.clients.region,
                                                  certificate_inventory.parse_arn(plans[0].old_arn)[1])
        if self.check_mode:
            self.complete_all(plans)
            for p in plans:
                if p.request:
                    self._held(p)
        else:
            self.request(plans)
            self.publish(plans)
            self.confirm_dns(plans)
            self.wait(plans)
            failed = self.failed_certificates(plans)
            if failed:
                raise CertshiftError(certificate_failures_message(failed), **self.summary(plans))
        return self.summary(plans)

    @staticmethod
    def failed_certificates(plans: List[CertificatePlan]) -> List[Tuple[str, str, str]]:
        """[(old ARN, step, message)] of the certificates a call failed for (the others went on)."""
        return migration_result.failed_certificates(plans)

    def summary(self, plans: List[CertificatePlan]) -> Dict[str, Any]:
        """The module's result for ``plans``, as far as they got (a real run: only what was done)."""
        return migration_result.summary(plans, self.provider, self.check_mode)


def run(clients, params, check_mode, warn=None):
    return Migration(clients, params, check_mode, warn).run()
