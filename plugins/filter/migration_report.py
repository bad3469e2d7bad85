# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: migration_report
short_description: Merge the migration results of several targets into one migration report
version_added: 0.1.0
description:
  - Takes a list of per-target results (C(target), C(region), C(failed), C(error), C(failed_task), C(certificates)
    as certshift.acm.migration_entries returns them) and returns the report migrate_acm writes as
    C(acm_migration.json) - the targets, the ones that never finished, and a summary.
  - Linear in the number of certificates.
author:
  - certshift.acm developers (@certshift)
extends_documentation_fragment:
  - certshift.acm.target_reports
options:
  check_mode:
    description: Whether the run was a plan (C(--check)).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Merge every target's migration
  ansible.builtin.set_fact:
    report: "{{ results | certshift.acm.migration_report(unfinished=[], generated_at=now(utc=true).isoformat()) }}"
"""

RETURN = r"""
_value:
  description:
    - The report (C(generated_at), C(check_mode), C(targets), C(unfinished_targets), C(summary) and C(headline), the
      counts the report history's index shows).
    - C(summary) has C(mode) (V(real) or V(check)), C(targets), C(failed_targets), C(certificates), C(held),
      C(failed_certificates), C(dns_validated_already), C(replaced_earlier), C(unused_replacements), and for a real
      run C(migrated), C(migrated_in_place), C(in_place_pending), C(replaced), C(consumers_switched),
      C(old_deleted); for a plan instead C(would_migrate_in_place), C(would_replace), C(would_switch_consumers) and
      C(would_delete_old).
    - Each certificate carries its outcome in plain words (C(outcome), C(status_words); a plan says "would ...") and
      its C(kind) (V(done), V(planned), V(pending), V(kept), V(skipped), V(failed) or V(earlier)).
  type: dict
"""

from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import merge_targets
from ansible_collections.certshift.acm.plugins.plugin_utils.target_results import check_target_results


def migration_report(results, unfinished=None, generated_at=None, check_mode=False):
    check_target_results("migration_report", results)
    return merge_targets(results, unfinished=unfinished or [], generated_at=generated_at, check_mode=check_mode)


class FilterModule:
    def filters(self):
        return {"migration_report": migration_report}
