# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACM's in-place EMAIL -> DNS migration of a region's certificates, in one pipeline: nothing that
uses a certificate changes (its ARN is kept), nothing is requested or deleted.

Per certificate, at ACM's quotas: ``UpdateCertificateOptions(ValidationMethod=DNS)`` (5/s; a
ConflictException means a migration is already in progress, which is continued; a refusal is
recorded for the caller, who may replace the certificate instead), then
``ListCertificateDomainValidations`` (10/s) for the CNAMEs ACM asks for. Meanwhile, in waves,
what arrived is published (records shared by several certificates once, records already there
left alone, nothing ever deleted) and waited for until ACM reports the certificate DNS-validated.

Before the first update: the nameservers answer, CAA lets Amazon issue for every name, and every
name's DNS zone (and TSIG key) is there. Check mode reads each certificate's UpdateSummary and
the records it would publish (those of a migration in progress, or the account's record for a
name that a DNS-validated certificate already uses: ACM's CNAMEs are per account and name).
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._aws import acm_api
from .._certificates import certificate_inventory
from .._dns.dns_lookup import wait_cnames
from ..concurrency import map_concurrently
from ..errors import CertshiftError, certificate_failure, describe_client_error, error_code
from ..waves import DONE as LAST, RequestForecast, auto_wave_seconds, collect, wave_deadline
from .in_place_plan import (CONFLICT, CONTINUE, DONE, REFUSALS, RESTART, START, active_records, known_records,
                            requested_records, state_of)
from .in_place_wait import wait_migrated

START_WORKERS = 10  # UpdateCertificateOptions 5/s, then ListCertificateDomainValidations 10/s
DESCRIBE_WORKERS = 10
RECORDS_TIMEOUT = 120  # ACM lists the requested records seconds after the update

DNS_CERTIFICATES = certificate_inventory.metadata_filter(Type="AMAZON_ISSUED", ValidationMethod="DNS")
SUCCEEDED = {"Status": "SUCCESS", "Type": "DOMAIN_VALIDATION_METHOD",
             "DomainValidationMethodUpdateSummary": {"From": "EMAIL", "To": "DNS"}}


class InPlaceMigration:
    """The in-place part of a region's migration. ``migration`` (dns_migration.Migration) lends the
    ACM client, the DNS publisher, the resolver, CAA and preflight checks, and options."""

    def __init__(self, migration, check_mode, clock=time.monotonic):
        self.m = migration
        self.acm = migration.acm
        self.check_mode = check_mode
        self.clock = clock
        self.wait = bool(migration.params.get("wait", True))
        self.wave_seconds = migration.params.get("wave_seconds")
        self.forecast = RequestForecast(0, clock=clock)
        self._entries = {}  # (name, value) -> the publisher's entry, planned once per run
        self._lock = threading.Lock()
        self.waves = 0

    def run(self, certs):
        """Migrate (or, in check mode, plan) ``certs`` (InPlaceCertificate); returns them."""
        todo = [c for c in certs if not c.skipped]
        if todo:
            self.m.preflight_names(list(dict.fromkeys(n for c in todo for n in c.names)))
            if self.check_mode:
                self._predict(todo)
            else:
                self._migrate(todo)
        return certs

    # --- check mode -----------------------------------------------------------------
    def _predict(self, certs):
        def describe(cert):
            with certificate_failure(cert, "reading its migration state"):
                detail = acm_api.describe_certificate(self.acm, cert.arn)
                cert.update, cert.state = detail.get("UpdateSummary"), state_of(detail)

        map_concurrently(describe, certs, DESCRIBE_WORKERS)
        for cert in certs:
            if cert.state == DONE:
                cert.migrated = True
        pending = [c for c in certs if c.state in (CONTINUE, RESTART) and not c.error]
        listed = dict(zip([c.arn for c in pending], map_concurrently(self._listed_records, pending, DESCRIBE_WORKERS)))
        by_base = self._account_records([c for c in certs if c.state == START and not c.error])
        planned = []
        for cert in certs:
            if cert.error or cert.migrated:
                continue
            if cert.arn in listed:
                records = listed[cert.arn]
            else:
                records, complete = known_records(cert.names, by_base)
                cert.records_unknown = not complete
            planned.append((cert, records))
        self._plan(planned)

    def _listed_records(self, cert):
        with certificate_failure(cert, "listing the records its migration asks for"):
            records, _missing = requested_records(acm_api.list_domain_validations(self.acm, cert.arn))
            return records
        return []

    def _account_records(self, certs):
        """{base name: record} ACM uses in this account, from DNS-validated certificates of the names of
        ``certs`` (a search names them, one describe per certificate needed reads their records)."""
        wanted = {(n[2:] if n.startswith("*.") else n).lower().rstrip(".") for c in certs for n in c.names}
        if not wanted:
            return {}
        found = certificate_inventory.search(self.acm, DNS_CERTIFICATES) or {}
        sources = {}
        for arn, detail in found.items():
            for name in detail.get("SubjectAlternativeNames") or []:
                base = (name[2:] if name.startswith("*.") else name).lower().rstrip(".")
                if base in wanted and base not in sources:
                    sources[base] = arn
        by_base = {}
        for detail in map_concurrently(lambda arn: acm_api.describe_certificate(self.acm, arn),
                                       list(dict.fromkeys(sources.values())), DESCRIBE_WORKERS):
            by_base.update({b: r for b, r in active_records(detail).items() if b in wanted})
        return by_base

    # --- a real run -----------------------------------------------------------------
    def _migrate(self, certs):
        if self.wave_seconds is None:
            self.wave_seconds = auto_wave_seconds(len(certs), "UpdateCertificateOptions")
        self.forecast.expected = len(certs)
        arrived, stop = queue.Queue(), threading.Event()
        with ThreadPoolExecutor(max_workers=1) as stages:
            staging = stages.submit(self._stages, arrived, stop)
            try:
                with ThreadPoolExecutor(START_WORKERS) as pool:
                    list(pool.map(lambda cert: self._start(cert, arrived, stop), certs))
            finally:
                arrived.put(LAST)
            staging.result()

    def _start(self, cert, arrived, stop):
        """Start (or find in progress) one certificate's migration and hand its records to the waves."""
        if stop.is_set():
            cert.error = {"step": "starting its migration", "message": "not started: the run stopped on an error"}
            return
        try:
            if not acm_api.update_validation_method(self.acm, cert.arn, missing_ok=True):
                cert.skipped = "deleted since it was selected"
                return
            cert.started, cert.state = True, (RESTART if cert.state == RESTART else START)
        except botocore.exceptions.ClientError as e:
            code = error_code(e)
            if code == CONFLICT:
                cert.state = CONTINUE
            elif code in REFUSALS:
                cert.refused = describe_client_error(e)
                return
            else:
                cert.error = {"step": "starting its migration", "message": describe_client_error(e)}
                return
        finally:
            self.forecast.requested()
        with certificate_failure(cert, "listing the records its migration asks for"):
            arrived.put((cert, self._records_when_listed(cert)))

    def _records_when_listed(self, cert, sleep=time.sleep):
        deadline, interval = self.clock() + RECORDS_TIMEOUT, 1.0
        while True:
            records, missing = requested_records(acm_api.list_domain_validations(self.acm, cert.arn))
            if not missing:
                return records
            if self.clock() >= deadline:
                raise CertshiftError(f"ACM has not listed DNS validation records for {', '.join(missing)} of "
                                     f"{cert.arn} within {RECORDS_TIMEOUT} s: run again later; the migration "
                                     "stays in progress and is continued")
            sleep(interval)
            interval = min(interval * 2, 10)

    def _stages(self, arrived, stop):
        """Publish and wait for what arrived, a wave at a time, until the last certificate."""
        try:
            finished = False
            while not finished:
                started = self.clock()
                wave, finished = collect(arrived, wave_deadline(started, self.wave_seconds, self.forecast.end()),
                                         self.clock)
                if wave:
                    self._wave(wave)
        except BaseException:
            stop.set()  # no further updates; the ones in flight finish
            raise

    def _wave(self, arrived):
        self.waves += 1
        self._plan(arrived)
        certs = [cert for cert, _records in arrived]
        self.m.publisher.apply([e for e in self._entries.values() if e["state"] == "write"], timeout=self.m.timeout)
        self._confirm_dns(certs)
        if self.wait:
            done, _pending = wait_migrated(self.acm, [c.arn for c in certs], self.m.timeout)
            for cert in certs:
                if cert.arn in done:
                    # A search result carries no UpdateSummary; its DNS validation says the update succeeded.
                    cert.migrated, cert.update = True, done[cert.arn].get("UpdateSummary") or SUCCEEDED

    def _plan(self, arrived):
        """Plan the records of [(cert, records)] together: each (name, value) once per run, and the zones
        read once where that takes fewer calls than a lookup per record (a lookup each was 1,672 Route53
        reads at 1,000 certificates, at 5/s)."""
        with self._lock:
            new = list({(r["name"], r["value"]): r for _cert, records in arrived for r in records
                        if (r["name"], r["value"]) not in self._entries}.values())
            if new:
                self.m.prefetch(new)
                for entry in self.m.publisher.plan(new, self.m.ttl):
                    self._entries[(entry["name"], entry["value"])] = entry
            for cert, records in arrived:
                cert.records = [self._entries[(r["name"], r["value"])] for r in records]

    def _confirm_dns(self, certs):
        """manual+wait, or verify_dns: every CNAME must resolve (via ``nameservers``) in time."""
        params = self.m.params
        if not (params.get("verify_dns") or (self.m.provider == "manual" and self.wait)):
            return
        records = list({(e["name"], e["value"]): e for c in certs for e in c.records}.values())
        missing = wait_cnames(self.m.resolver(), records, self.m.timeout) if records else []
        if missing:
            raise CertshiftError(f"validation CNAMEs do not resolve after {self.m.timeout} s: {', '.join(missing)}. "
                                 "Publish them (see validation_records) and run again; the migrations stay in "
                                 "progress for 72 hours and are continued", unresolved=missing)
