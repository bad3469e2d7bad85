# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """The strategy option of acm_migrate and acm_dns_migrate: in place, replaced, or each where it works."""
    DOCUMENTATION = r"""
options:
  strategy:
    description:
      - How each selected EMAIL-validated certificate moves to DNS validation.
      - V(auto) migrates in place wherever ACM accepts it (C(UpdateCertificateOptions) with C(ValidationMethod=DNS),
        since August 2026). The ARN is kept, so no load balancer, distribution or domain is touched and nothing is
        deleted; the validation CNAMEs ACM lists are published and the certificate is waited for until ACM reports it
        DNS-validated. A certificate ACM refuses to migrate in place is replaced instead, with ACM's reason in
        C(fallback_reason). A certificate whose replacement an earlier V(replace) run started is finished that way.
      - V(in_place) never replaces; a certificate ACM refuses fails with ACM's reason and the others go on.
      - V(replace) requests a DNS-validated replacement for every certificate, switches every consumer to it and
        deletes the old one (with M(certshift.acm.acm_dns_migrate), the switch and delete are
        M(certshift.acm.acm_cert_swap)'s). Use it when the key algorithm or the names must change. A certificate
        used by something no scan can switch (an AppSync custom domain, an IoT domain configuration) is held, not
        replaced.
      - A migration in progress (records not yet published, or the run stopped) is continued, one whose 72 hours
        passed is started again, one that succeeded is skipped. Check mode cannot know in advance where ACM would
        refuse, so it plans V(auto) as in place.
    type: str
    choices: [auto, in_place, replace]
    default: auto
"""
