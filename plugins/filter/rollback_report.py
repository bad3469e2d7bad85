# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: rollback_report
short_description: Merge the rollback results of several targets into one rollback report
version_added: 0.1.0
description:
  - Takes a list of per-target results (C(target), C(region), C(failed), C(error), C(failed_task), C(certificates)
    as certshift.acm.rollback_entries returns them) and returns the report rollback_acm writes as
    C(acm_rollback.json) - the targets, the ones that never finished, and a summary with a one-line C(headline).
author:
  - certshift.acm developers (@certshift)
extends_documentation_fragment:
  - certshift.acm.target_reports
options:
  check_mode:
    description: Whether the run was a plan (C(--check)); the summary then counts C(would_restore).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Merge every target's rollback
  ansible.builtin.set_fact:
    report: "{{ results | certshift.acm.rollback_report(unfinished=[], generated_at=now(utc=true).isoformat()) }}"
"""

RETURN = r"""
_value:
  description: The report (C(generated_at), C(check_mode), C(targets), C(unfinished_targets), and C(summary) with
    C(targets), C(failed_targets), C(certificates), C(restored), C(would_restore), C(already_restored),
    C(consumers_switched_back), C(consumers_would_switch_back), C(not_restored), C(held), C(no_rollback_possible),
    C(nothing_to_undo) and C(headline)).
  type: dict
"""

from ansible_collections.certshift.acm.plugins.plugin_utils.rollback_report import merge_targets
from ansible_collections.certshift.acm.plugins.plugin_utils.target_results import check_target_results


def rollback_report(results, unfinished=None, generated_at=None, check_mode=False):
    check_target_results("rollback_report", results)
    return merge_targets(results, unfinished=unfinished or [], generated_at=generated_at, check_mode=check_mode)


class FilterModule:
    def filters(self):
        return {"rollback_report": rollback_report}
