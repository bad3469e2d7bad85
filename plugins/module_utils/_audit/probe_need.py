# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which email-validated certificates' HTTPS probes can change what the audit says.

No second rule list: renewal_verdict.judge itself is asked what it would say if every rule name
served the certificate, if every probe were inconclusive and if no name served it. Where the
verdict and the recommendation are the same in all three, the probes cannot change them (a
certificate nothing uses does not renew whatever its sites serve; likewise an expired one or a
renewal ACM reports FAILED), so they are skipped unless ``probe: always``.

Before DescribeCertificate has named its users, the search's ``InUse`` stands in for ``InUseBy``;
the decision is taken again on the full detail, so a certificate skipped too early is still probed.
"""

from __future__ import annotations

from .renewal_verdict import certificate_rule_names, judge

AUTO = "auto"
ALWAYS = "always"
NEVER = "never"
MODES = (AUTO, ALWAYS, NEVER)

# What a probe of every rule name could find: all serve the certificate, none answers clearly,
# none serves it (the reasons judge weighs as inconclusive and as definite).
_OUTCOMES = (
    {"certificate_matches": True, "reason": None},
    {"certificate_matches": False, "reason": "timeout"},
    {"certificate_matches": False, "reason": "does_not_resolve"},
)


def _as_known(detail):
    """The detail with ``InUseBy`` standing for the search's ``InUse`` where it is not read yet."""
    if detail.get("InUseBy") or not detail.get("InUse"):
        return detail
    return dict(detail, InUseBy=["(in use: its users are read later)"])


def skip_reason(detail, now):
    """None when probing ``detail``'s HTTPS rule names can change its verdict or recommendation;
    otherwise why it cannot (the reasons judge gives whatever the probes find), in plain words."""
    known = _as_known(detail)
    names = [n["name"] for n in certificate_rule_names(known)]
    if not names:
        return None
    said = set()
    for outcome in _OUTCOMES:
        findings = [dict(outcome, name=name, message=f"{name}: {outcome['reason']}") for name in names]
        verdict = judge(known, now, https=findings)
        said.add((verdict["verdict"], verdict["recommendation"]))
    if len(said) > 1:
        return None
    reasons = "; ".join(judge(known, now, https_skipped=True)["reasons"])
    return f"no HTTPS answer could change its verdict ({reasons})" if reasons else "no HTTPS answer could change its verdict"


def plan(details, now, mode):
    """(to probe, {arn: skip reason}) for the email-validated ``details`` under ``mode``."""
    if mode == NEVER:
        return [], {}
    if mode == ALWAYS:
        return list(details), {}
    skipped = {d["CertificateArn"]: skip_reason(d, now) for d in details}
    skipped = {arn: reason for arn, reason in skipped.items() if reason is not None}
    return [d for d in details if d["CertificateArn"] not in skipped], skipped
