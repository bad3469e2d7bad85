# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The audit's view of who owns the consumers of email-validated certificates (owners.detect on the
consumer index): infrastructure code naming the ARN, which a replacement would have to be written
into and the in-place migration keeps."""

from __future__ import annotations

from .._certificates.validation_methods import validation_method


def migration_possible(detail):
    """An ISSUED, ACM-issued, EMAIL-validated certificate: its UpdateSummary (DescribeCertificate only) says
    whether an in-place migration to DNS is in progress or expired."""
    return (validation_method(detail) == "EMAIL" and detail.get("Type") == "AMAZON_ISSUED"
            and detail.get("Status") == "ISSUED")


def consumer_owners(details, index, find_owners, warn):
    """``ConsumerOwners`` of the email-validated certificates: the code that owns each consumer (a
    replacement would have to be written into it; the in-place migration keeps the ARN it names)."""
    email = {d["CertificateArn"]: index.consumers_of(d["CertificateArn"]) for d in details if migration_possible(d)}
    records = [r for found in email.values() for r in found]
    if not records:
        return
    for warning in find_owners(records):
        if warn:
            warn(warning)
    for detail in details:
        owned = [r for r in email.get(detail["CertificateArn"], []) if r.get("owner")]
        if owned:
            detail["ConsumerOwners"] = [{"type": r["type"], "resource_arn": r.get("listener_arn") or r["resource_arn"],
                                         "owner": r["owner"]} for r in owned]


def read_owners(details, index, scan, find_owners, warn):
    """``ConsumerOwners`` where ``find_owners`` is given: on ``index`` (the scan already taken), else on
    ``scan()`` where an email-validated certificate is in use (certificates described one by one)."""
    if find_owners is None:
        return
    if index is None and scan is not None and any(migration_possible(d) and d.get("InUseBy") for d in details):
        index = scan()
    if index is not None:
        consumer_owners(details, index, find_owners, warn)
