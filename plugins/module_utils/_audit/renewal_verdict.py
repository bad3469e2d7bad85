# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Will a certificate renew by itself? Pure functions from what ACM reports plus
the HTTPS and DNS findings to a verdict, its reasons and a recommendation.

Verdicts, from best to worst:
- ``ready``: nothing known stands in the way of managed renewal;
- ``at_risk``: renewal depends on something that is broken now but fixable, or
  that could not be checked (a timeout, a DNS lookup failure, a pending approval,
  an export the API cannot show, an HTTP-validated certificate no distribution serves);
- ``will_not_renew``: ACM will not renew it by itself (imported, not in use,
  expired or failed, or EMAIL-validated without the HTTPS rule met).
"""

from __future__ import annotations

import datetime

from .._certificates.validation_methods import validation_method
from .._consumers.fixed_consumers import describe as describe_consumer
from ..domain_names import certificate_names, https_rule_names, normalize

READY = "ready"
AT_RISK = "at_risk"
WILL_NOT_RENEW = "will_not_renew"
VERDICTS = (READY, AT_RISK, WILL_NOT_RENEW)
_SEVERITY = {READY: 0, AT_RISK: 1, WILL_NOT_RENEW: 2}

# ACM starts managed renewal this many days before expiry (DNS and EMAIL).
RENEWAL_WINDOW_DAYS = 45

HTTPS_RULE_NOTE = (
    "The HTTPS check for email-validated certificates is ACM's historical renewal rule (documented 2018-2023: "
    "every name's apex and www name had to serve the certificate over HTTPS on port 443). Current ACM sends "
    "approval mails to the domain contacts before expiry instead; only DNS validation renews without a person."
)

EXPORTED = ("exportable certificates renew only if exported since they were issued or last renewed, which the API "
            "cannot show; export it again after each renewal, or attach it to an integrated AWS service so that its "
            "use keeps it renewing")
EXPORTED_IN_USE = ("exportable certificate: ACM renews it while it is in use, but every exported copy (private key "
                   "included) stays the old certificate until it is exported again after each renewal, which the API "
                   "cannot show")

MIGRATE = ("migrate it to DNS validation in place (playbook certshift.acm.migrate_acm): ACM keeps its ARN, nothing "
           "that uses it changes, and it then renews by itself while its validation CNAMEs stay in DNS")

_DEFINITE_HTTPS_FAILURES = ("does_not_resolve", "connection_refused", "different_certificate")


def parse_time(value):
    """Aware UTC datetime from a datetime (naive means UTC) or an ISO 8601 string."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        dt = value
    else:
        text = str(value).strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        dt = datetime.datetime.fromisoformat(text)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    return dt.astimezone(datetime.timezone.utc)


def iso(value):
    dt = parse_time(value)
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ") if dt else None


def days_to_expiry(not_after, now):
    """Whole days left (negative once expired), or None without a NotAfter."""
    end = parse_time(not_after)
    if end is None:
        return None
    return int((end - parse_time(now)).total_seconds() // 86400)


def in_renewal_window(days):
    return days is not None and 0 <= days <= RENEWAL_WINDOW_DAYS


def rule_names(cert_names):
    """Names that had to serve the certificate under the historical HTTPS rule, each
    with the certificate names that require it (example.com and *.example.com share)."""
    needed = {}
    for cert_name in cert_names:
        for name in https_rule_names(cert_name):
            entry = needed.setdefault(name, {"name": name, "required_by": [],
                                             "role": "www" if name.startswith("www.") else "apex"})
            if cert_name not in entry["required_by"]:
                entry["required_by"].append(cert_name)
    return list(needed.values())


def managed_renewal(detail, now):
    """(eligible, reasons): does ACM consider the certificate for managed renewal at all?

    Only ACM-issued certificates that are issued, not expired and in use by an
    integrated service (or exported) are renewed; imported ones never are.
    """
    reasons = []
    cert_type = detail.get("Type")
    if cert_type == "IMPORTED":
        reasons.append("imported certificates are never renewed by ACM")
    status = detail.get("Status")
    days = days_to_expiry(detail.get("NotAfter"), now)
    if status == "EXPIRED" or (days is not None and days < 0):
        reasons.append("expired")
    elif status != "ISSUED":
        reasons.append(f"status is {status}")
    if cert_type != "IMPORTED" and not detail.get("InUseBy") and not exportable(detail):
        reasons.append("not in use by any integrated AWS service")
    return not reasons, reasons


class _Findings:
    def __init__(self):
        self.items = []

    def add(self, verdict, code, message):
        self.items.append((verdict, code, message))

    @property
    def verdict(self):
        return max((v for v, _c, _m in self.items), key=_SEVERITY.get, default=READY)

    def worst(self):
        return [(c, m) for v, c, m in self.items if v == self.verdict]


def judge(detail, now, https=None, dns=None, migration=None, https_skipped=False):
    """Verdict for one certificate.

    ``detail``: DescribeCertificate's ``Certificate``. ``https``: list of
    https_probe.compare() findings for the rule names (EMAIL-validated); ``https_skipped``: they
    were not probed because no finding could change the verdict (probe_need), so their absence is
    not a reason of its own. ``dns``:
    ``{"records": [check_cname...], "caa": [check_caa...]}`` (DNS-validated). ``migration``:
    ``{"records": [check_cname...] or None, "listed": [records]}`` of an in-place migration to DNS
    in progress or expired (its state is the detail's UpdateSummary).
    """
    findings = _Findings()
    fixes = []
    days = days_to_expiry(detail.get("NotAfter"), now)
    eligible, ineligible = managed_renewal(detail, now)
    cert_type = detail.get("Type")
    status = detail.get("Status")
    method = validation_method(detail)
    renewal = detail.get("RenewalSummary") or {}
    renewal_status = renewal.get("RenewalStatus")
    not_after = iso(detail.get("NotAfter"))

    if cert_type == "IMPORTED":
        findings.add(WILL_NOT_RENEW, "imported", "imported certificate: ACM never renews it")
    elif status == "EXPIRED" or (days is not None and days < 0):
        findings.add(WILL_NOT_RENEW, "expired", f"expired on {not_after}")
    elif status in ("REVOKED", "FAILED", "VALIDATION_TIMED_OUT", "INACTIVE"):
        findings.add(WILL_NOT_RENEW, status.lower(), f"status is {status}: it can never renew")
    elif status == "PENDING_VALIDATION":
        findings.add(AT_RISK, "pending_validation", "not issued yet: ACM is waiting for validation")
    else:
        if method == "HTTP":
            _judge_http(findings, detail)
        elif not detail.get("InUseBy") and not exportable(detail):
            findings.add(WILL_NOT_RENEW, "not_in_use",
                         "not in use by any integrated AWS service, so ACM does not renew it")
        if exportable(detail) and cert_type != "IMPORTED":
            findings.add(AT_RISK, "exported", EXPORTED_IN_USE if detail.get("InUseBy") else EXPORTED)
        if renewal_status == "FAILED":
            why = renewal.get("RenewalStatusReason")
            findings.add(WILL_NOT_RENEW, "renewal_failed",
                         "ACM reports the renewal FAILED" + (f" ({why})" if why else ""))

    update = detail.get("UpdateSummary") or {}
    if method == "EMAIL" and cert_type != "IMPORTED" and status == "ISSUED":
        if renewal_status == "PENDING_VALIDATION":
            findings.add(AT_RISK, "awaiting_approval",
                         "ACM is waiting for a domain contact to approve the renewal mails")
        fixes = _judge_migration(findings, update, migration)
        if not https_skipped:
            _judge_https(findings, https or [])
    if method == "DNS" and cert_type != "IMPORTED" and status in ("ISSUED", "PENDING_VALIDATION"):
        if renewal_status == "PENDING_VALIDATION":
            findings.add(AT_RISK, "renewal_pending_validation",
                         "ACM cannot validate the renewal yet: the validation records must resolve")
        fixes = _judge_dns(findings, dns or {})

    verdict = findings.verdict
    codes = [c for _v, c, _m in findings.items]
    reasons = [m for _v, _c, m in findings.items]
    if method == "DNS" and update.get("Status") == "SUCCESS":
        reasons.append(f"migrated in place from EMAIL to DNS validation on {iso(update.get('UpdatedAt')) or 'a past run'}")
    for owned in detail.get("ConsumerOwners") or []:
        reasons.append(f"used by {owned['resource_arn']}, owned by {owned['owner']['name']}")
    if verdict == READY:
        if method == "EMAIL":
            reasons.append("every name's apex and www name serves this certificate over HTTPS "
                           "(the historical rule for automatic renewal is met)")
        elif method == "DNS":
            reasons.append("every validation CNAME resolves to the value ACM expects and CAA allows Amazon")
        elif method == "HTTP":
            reasons.append("HTTP-validated and in use by a CloudFront distribution, which serves its validation "
                           "redirect: it renews by itself")
        else:
            reasons.append("in use and issued by ACM: managed renewal applies")
    return {
        "verdict": verdict,
        "reasons": reasons,
        "reason_codes": codes,
        "recommendation": _recommend(verdict, codes, method, cert_type, fixes, not_after,
                                     detail.get("UnswitchableConsumers") or [],
                                     sorted({o["owner"]["name"] for o in detail.get("ConsumerOwners") or []})),
        "managed_renewal_eligible": eligible,
        "managed_renewal_ineligible_reasons": ineligible,
        "days_to_expiry": days,
        "in_renewal_window": in_renewal_window(days),
        "dns_fixes": fixes,
    }


def _judge_migration(findings, update, migration):
    """Findings (and the records to publish) for an in-place migration to DNS in progress or expired."""
    status = update.get("Status")
    since = iso(update.get("RequestedAt")) or "an earlier run"
    if status == "FAILED":
        findings.add(AT_RISK, "migration_expired",
                     f"its in-place migration to DNS validation (requested {since}) expired: the records were not "
                     "published within 72 hours, so it is still email-validated")
        return []
    if status != "PENDING_DOMAIN_VALIDATION":
        return []
    checked = (migration or {}).get("records")
    missing = [r for r in checked or [] if not r.get("ok")]
    if checked is None:
        where = "its records were not checked in DNS"
    elif missing:
        where = f"{len(missing)} of its {len(checked)} validation record(s) do not resolve yet"
    else:
        where = "its validation records resolve; ACM finishes it once it sees them"
    findings.add(AT_RISK, "migration_pending",
                 f"migration to DNS validation in progress since {since} (EMAIL stays active until it succeeds): {where}")
    return [r["fix"] for r in missing if r.get("fix")]


def exportable(detail):
    """Requested with Options.Export ENABLED (DescribeCertificate's Options, SearchCertificates' ExportOption)."""
    return (detail.get("Options") or {}).get("Export") == "ENABLED"


def _judge_http(findings, detail):
    """HTTP validation (certificates CloudFront requested, ManagedBy CLOUDFRONT): ACM renews it by itself while a
    CloudFront distribution uses it and so serves the HttpRedirect of each name; otherwise nothing serves it."""
    users = detail.get("InUseBy") or []
    if any(_is_distribution(arn) for arn in users):
        return
    redirects = [o["HttpRedirect"].get("RedirectFrom") for o in detail.get("DomainValidationOptions") or []
                 if (o.get("HttpRedirect") or {}).get("RedirectFrom")]
    where = f" ({', '.join(redirects)})" if redirects else ""
    used = "not in use by any CloudFront distribution" + (f" (only by {', '.join(users)})" if users else "")
    findings.add(AT_RISK, "http_not_served",
                 f"HTTP-validated certificates renew only while a CloudFront distribution serves their validation "
                 f"redirect{where}; this one is {used} (ACM's InUseBy can lag minutes behind a change)")


def _is_distribution(arn):
    return str(arn).startswith("arn:aws:cloudfront::") or ":distribution/" in str(arn)


def _judge_https(findings, https):
    failing = [f for f in https if not f.get("certificate_matches")]
    if not https:
        findings.add(AT_RISK, "https_rule_unchecked", "the HTTPS rule was not checked")
        return
    for f in failing:
        definite = f.get("reason") in _DEFINITE_HTTPS_FAILURES
        findings.add(WILL_NOT_RENEW if definite else AT_RISK,
                     "https_rule_not_met" if definite else "https_rule_uncertain",
                     f.get("message") or f"{f['name']}: {f.get('reason')}")


def _judge_dns(findings, dns):
    fixes = []
    records = dns.get("records")
    if records is not None and not records:
        findings.add(AT_RISK, "validation_record_unknown", "ACM reports no DNS validation record to check")
    for record in records or []:
        if record.get("ok"):
            continue
        code = {"missing": "validation_record_missing", "wrong_value": "validation_record_wrong"}.get(
            record.get("reason"), "validation_record_unchecked")
        findings.add(AT_RISK, code, record.get("message"))
        if record.get("fix"):
            fixes.append(record["fix"])
    for caa in dns.get("caa") or []:
        if caa.get("allowed"):
            continue
        findings.add(AT_RISK, "caa_forbids_amazon" if caa.get("reason") == "caa_forbids_amazon" else "caa_unchecked",
                     caa.get("message"))
        if caa.get("fix") and caa["fix"] not in fixes:
            fixes.append(caa["fix"])
    return fixes


def _recommend(verdict, codes, method, cert_type, fixes, not_after, unswitchable=(), owners=()):
    if "imported" in codes:
        return (f"Import a renewed certificate before {not_after}, or replace it with an ACM-issued, "
                "DNS-validated certificate that renews by itself.")
    if any(c in codes for c in ("expired", "revoked", "failed", "validation_timed_out", "inactive")):
        return ("Request a new DNS-validated certificate for these names and switch its consumers to it "
                "(certshift.acm.migrate_acm does both for email-validated certificates); then delete this one.")
    if "not_in_use" in codes:
        return ("Nothing uses it, so ACM will not renew it: delete it if it is no longer needed, or attach it to "
                "its service before it expires" + ("; " + MIGRATE if method == "EMAIL" else "") + ".")
    if "migration_pending" in codes:
        if fixes:
            return _with_fixes("Publish the records its in-place migration asks for within 72 hours of its start "
                               "(certshift.acm.migrate_acm publishes them and waits)", fixes)
        return "Nothing to do but wait: ACM completes the in-place migration once it sees the records."
    if "migration_expired" in codes:
        return ("Start the in-place migration again (playbook certshift.acm.migrate_acm) and publish its records within "
                "72 hours: the ARN is kept and nothing that uses the certificate changes.")
    if method == "EMAIL":
        only = (f" Only in place: {', '.join(describe_consumer(arn) for arn in unswitchable)} cannot be switched to "
                "another certificate, so a replacement could never serve it; the in-place migration keeps it up."
                ) if unswitchable else ""
        if owners:
            only += (f" In place, not by replacement: {'; '.join(owners)} own(s) its consumers and keep(s) its ARN in "
                     "code, which the in-place migration keeps too; only the certificate's own code changes its "
                     "validation method to DNS (CloudFormation ValidationMethod, Terraform validation_method), or "
                     "its next apply plans a new certificate.")
        if verdict == READY:
            return ("The historical HTTPS rule is met, but current ACM renews email-validated certificates only "
                    "after a domain contact approves the mail: " + MIGRATE + "." + only)
        return "Approve the renewal mails if they arrive, and " + MIGRATE + "." + only
    if method == "DNS" and fixes:
        return _with_fixes("Restore these DNS records", fixes)
    if "http_not_served" in codes:
        return ("Put it back on its CloudFront distribution (which serves its validation redirect) before it expires, "
                "or delete it if nothing needs it.")
    if "exported" in codes:
        return ("Export it again after each renewal and install the new copy wherever the old one is (ACM cannot show "
                "whether it was exported since); the Export option cannot be changed, so where no copy outside AWS is "
                "needed, a non-exportable DNS-validated replacement ends this work.")
    if method == "DNS":
        if verdict == READY:
            return "Nothing to do: keep the validation CNAMEs in DNS."
        return "Check the validation records and CAA again once DNS answers."
    if verdict == READY:
        return "Nothing to do."
    return "Review the reasons above."


def _with_fixes(lead, fixes):
    """The recommendation that lists the records to publish, each once, last (a record ends in its own dot)."""
    return f"{lead}: {'; '.join(fixes)}"


def advice(recommendation, fixes):
    """The recommendation without the records it lists, for reports that show each record on its own line."""
    suffix = ": " + "; ".join(fixes or [])
    if fixes and recommendation and recommendation.endswith(suffix):
        return recommendation[:-len(suffix)] + " (below):"
    return recommendation


def certificate_rule_names(detail):
    """rule_names() for a DescribeCertificate detail."""
    return rule_names([normalize(n) for n in certificate_names(detail)])


def worse(a, b):
    return a if _SEVERITY[a] >= _SEVERITY[b] else b
