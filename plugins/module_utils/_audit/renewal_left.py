# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What an audit leaves to do, grouped by why: the certificates that will not renew by themselves or are at
risk, under one plain reason and one thing to do per group (imported; unused, so ACM will not renew it; ...),
so an audit after a migration says what is left instead of only counting it. Pure; used by renewal_report."""

from __future__ import annotations

# (reason codes, why, what to do), most decisive first: a certificate joins the first group one of its
# codes names.
GROUPS = (
    (("imported",), "imported: ACM never renews an imported certificate",
     "import a renewed certificate before it expires, or replace it with a DNS-validated ACM certificate"),
    (("expired", "revoked", "failed", "validation_timed_out", "inactive"), "expired or failed: it can never renew",
     "request a DNS-validated certificate for its names, switch its consumers to it, then delete this one"),
    (("not_in_use",), "unused: nothing uses it, so ACM will not renew it",
     "delete it if it is no longer needed, or attach it to its service before it expires"),
    (("renewal_failed",), "ACM reports its renewal failed", "fix the cause ACM gives, then ask ACM to renew it"),
    (("migration_pending", "migration_expired"), "its in-place migration to DNS validation is unfinished",
     "run certshift.acm.migrate_acm again: it publishes the records and waits"),
    (("validation_record_missing", "validation_record_wrong", "validation_record_unknown",
      "validation_record_unchecked", "renewal_pending_validation"),
     "its DNS validation records do not resolve as ACM expects", "restore the DNS records listed for it"),
    (("caa_forbids_amazon", "caa_unchecked"), "CAA does not let Amazon issue it", "add the CAA record listed for it"),
    (("https_rule_not_met", "https_rule_uncertain", "https_rule_unchecked", "awaiting_approval"),
     "email-validated: it renews only after a person approves ACM's mail",
     "migrate it to DNS validation in place (certshift.acm.migrate_acm)"),
    (("http_not_served",), "HTTP-validated: no CloudFront distribution serves its validation redirect",
     "put it back on its CloudFront distribution, or delete it if nothing needs it"),
    (("exported",), "exportable: it renews only if exported since its last renewal, which the API cannot show",
     "export it again after each renewal and install the new copy wherever the old one is"),
    (("pending_validation",), "not issued yet: ACM waits for its validation", "complete or cancel its validation"),
)
OTHER = ("other findings", "see its reasons")


def group_of(codes):
    """(why, what to do) of a certificate with these reason codes."""
    for group_codes, why, todo in GROUPS:
        if any(code in group_codes for code in codes or ()):
            return why, todo
    return OTHER


def left(certificates):
    """[{why, todo, count, by_verdict, certificates: [{certificate_arn, domain_name, target}]}] of every
    certificate that is not ready, in the order of GROUPS."""
    groups = {}
    for cert in certificates:
        verdict = cert.get("verdict") or "ready"
        if verdict == "ready":
            continue
        why, todo = group_of(cert.get("reason_codes"))
        group = groups.setdefault(why, {"why": why, "todo": todo, "count": 0, "by_verdict": {}, "certificates": []})
        group["count"] += 1
        group["by_verdict"][verdict] = group["by_verdict"].get(verdict, 0) + 1
        group["certificates"].append({"certificate_arn": cert.get("certificate_arn"),
                                      "domain_name": cert.get("domain_name"), "target": cert.get("target")})
    order = [why for _codes, why, _todo in GROUPS] + [OTHER[0]]
    return sorted(groups.values(), key=lambda g: order.index(g["why"]))
