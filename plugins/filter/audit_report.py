# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: audit_report
short_description: Merge acm_renewal_check results of several targets into one audit report
version_added: 0.1.0
description:
  - Takes a list of per-target results (C(target), C(region), C(failed), C(error), C(certificates) as
    certshift.acm.acm_renewal_check returns them) and returns one report with every certificate (soonest expiry
    first, each with its C(target)), a per-target summary and an overall summary by verdict, validation method and
    days-to-expiry bucket.
author:
  - certshift.acm developers (@certshift)
extends_documentation_fragment:
  - certshift.acm.target_reports
"""

EXAMPLES = r"""
- name: Merge every target's audit
  ansible.builtin.set_fact:
    report: "{{ results | certshift.acm.audit_report(unfinished=[], generated_at=now(utc=true).isoformat()) }}"
"""

RETURN = r"""
_value:
  description: The report (C(generated_at), C(note), C(summary), C(targets), C(unfinished_targets), C(certificates),
    C(headline), C(approval_calendar)). C(summary.left) lists what is left to do, grouped by why (C(why), C(todo),
    C(count), C(certificates)); C(summary.approvals_per_year) totals the renewal approvals a year of the email-validated
    certificates (what migrating to DNS validation removes); each certificate has C(advice), its recommendation
    without the DNS records it lists. C(approval_calendar) counts the approval mails of the email-validated
    certificates per calendar month (C(months), each C(month), C(label) and C(approvals)), from the month the targets
    were checked in (C(from), else C(generated_at)) for 12 months (to C(until)), every renewal counted in its month;
    null without a time to count from.
  type: dict
"""

from ansible_collections.certshift.acm.plugins.module_utils._audit.renewal_report import merge_targets
from ansible_collections.certshift.acm.plugins.plugin_utils.target_results import check_target_results


def audit_report(results, unfinished=None, generated_at=None):
    check_target_results("audit_report", results)
    return merge_targets(results, unfinished=unfinished or [], generated_at=generated_at)


class FilterModule:
    def filters(self):
        return {"audit_report": audit_report}
