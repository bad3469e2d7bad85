# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACM's in-place EMAIL -> DNS migration of one certificate (ARN kept), as data: whether it can
be migrated, where its migration stands, and the CNAMEs ACM asks for. Pure functions.

Since 2026-08-13 ``UpdateCertificateOptions(ValidationMethod=DNS)`` starts the migration of an
ISSUED, ACM-issued, EMAIL-validated certificate; ``ListCertificateDomainValidations`` then lists
per name the requested DNS configuration with the CNAME to publish within 72 hours, and
``DescribeCertificate.UpdateSummary`` tracks it (PENDING_DOMAIN_VALIDATION, SUCCESS, FAILED once
the 72 hours passed). Nothing that uses the certificate changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .._certificates.eligibility import not_movable
from .._certificates.validation_records import fqdn
from ..domain_names import certificate_names

# UpdateCertificateOptions errors that mean "not this way" (auto falls back to a replacement);
# ConflictException means a migration is already in progress (it is continued).
REFUSALS = ("ValidationException", "InvalidStateException")
CONFLICT = "ConflictException"

# Where a certificate's migration stands before this run (UpdateSummary.Status), and what to do.
START, CONTINUE, RESTART, DONE = "start", "continue", "restart", "done"
_STATE_OF_UPDATE = {None: START, "PENDING_DOMAIN_VALIDATION": CONTINUE, "FAILED": RESTART, "SUCCESS": DONE}


@dataclass
class InPlaceCertificate:
    """One certificate's in-place migration, as planned and as far as it got."""

    arn: str
    names: list
    state: str = START  # START, CONTINUE, RESTART or DONE (from UpdateSummary, when known)
    skipped: str | None = None  # why it is not migrated in place at all
    update: dict | None = None  # UpdateSummary as last read
    records: list = field(default_factory=list)  # the publisher's planned entries
    records_unknown: bool = False  # check mode: ACM lists them only once the migration starts
    started: bool = False  # this run called UpdateCertificateOptions and ACM accepted
    migrated: bool = False  # UpdateSummary SUCCESS (validation method DNS)
    refused: str | None = None  # ACM's refusal of the update (auto replaces it instead)
    error: dict | None = None  # {"step", "message"}: a call that failed for this certificate


def skip_reason(detail):
    """Why ``detail`` cannot be migrated in place, or None. The key algorithm does not matter: the
    certificate and its key stay as they are."""
    return not_movable(detail)


def state_of(detail):
    """START, CONTINUE, RESTART or DONE from a DescribeCertificate's UpdateSummary."""
    summary = detail.get("UpdateSummary") or {}
    if summary.get("Type", "DOMAIN_VALIDATION_METHOD") != "DOMAIN_VALIDATION_METHOD":
        return START
    if (summary.get("DomainValidationMethodUpdateSummary") or {}).get("To", "DNS") != "DNS":
        return START
    return _STATE_OF_UPDATE.get(summary.get("Status"), START)


def plan(detail):
    """The InPlaceCertificate for an old certificate (search result or DescribeCertificate)."""
    cert = InPlaceCertificate(arn=detail["CertificateArn"], names=certificate_names(detail),
                              skipped=skip_reason(detail), update=detail.get("UpdateSummary"))
    cert.state = state_of(detail)
    if cert.state == DONE:
        cert.skipped = "already migrated in place to DNS validation (same ARN): nothing to do"
    return cert


def requested_records(summaries):
    """(records, names without one yet) from ListCertificateDomainValidations: the CNAME of each
    name's requested DNS configuration, one record per (name, value) with the names it validates
    (a wildcard shares its apex's)."""
    records, missing = {}, []
    for summary in summaries:
        requested = summary.get("RequestedValidationConfiguration") or {}
        if requested.get("ValidationMethod") != "DNS":
            continue
        rr = ((requested.get("ValidationChallenge") or {}).get("DnsValidationChallenge") or {}).get("ResourceRecord")
        if not rr:
            missing.append(summary.get("DomainName"))
            continue
        key = (fqdn(rr["Name"]), rr.get("Type", "CNAME").upper(), fqdn(rr["Value"]))
        record = records.setdefault(key, {"name": key[0], "type": key[1], "value": key[2], "domains": []})
        if summary.get("DomainName") not in record["domains"]:
            record["domains"].append(summary.get("DomainName"))
    if not summaries:
        missing.append("(no name listed)")
    return list(records.values()), missing


def active_records(detail):
    """{base name: record} of a DNS-validated certificate's own CNAMEs (DescribeCertificate): the same
    record ACM asks any certificate of that name in the account for, so check mode can name it."""
    found = {}
    for option in detail.get("DomainValidationOptions") or []:
        rr = option.get("ResourceRecord")
        if option.get("ValidationMethod", "DNS") == "DNS" and rr:
            base = option["DomainName"][2:] if option["DomainName"].startswith("*.") else option["DomainName"]
            found[base.lower().rstrip(".")] = {"name": fqdn(rr["Name"]), "type": rr.get("Type", "CNAME").upper(),
                                               "value": fqdn(rr["Value"])}
    return found


def known_records(names, by_base):
    """(records, complete) for ``names`` from ``by_base`` ({base name: record}), merged per record."""
    records, complete = {}, True
    for name in names:
        base = (name[2:] if name.startswith("*.") else name).lower().rstrip(".")
        rr = by_base.get(base)
        if rr is None:
            complete = False
            continue
        record = records.setdefault((rr["name"], rr["value"]), {**rr, "domains": []})
        record["domains"].append(name)
    return list(records.values()), complete
