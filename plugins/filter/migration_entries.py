# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: migration_entries
short_description: One target's migration report entries from acm_migrate (or acm_dns_migrate and acm_cert_swap) results
version_added: 0.1.0
description:
  - Takes the result of certshift.acm.acm_migrate (or of certshift.acm.acm_dns_migrate, with the one of
    certshift.acm.acm_cert_swap as O(swap)) and returns, per old certificate it lists, the replacement, every
    consumer switched, whether the old certificate was deleted, and why not.
  - Also takes a failed task's result (C(ansible_failed_result)), so a report keeps what a failed run did.
  - Linear in the number of certificates and actions, so 2,500 certificates take milliseconds.
author:
  - certshift.acm developers (@certshift)
options:
  _input:
    description: The registered result of certshift.acm.acm_migrate or certshift.acm.acm_dns_migrate.
    type: dict
    required: true
  swap:
    description: The registered result of certshift.acm.acm_cert_swap (a skipped task's result or omitted when
      nothing was swapped). Default is the C(swap) of an acm_migrate result.
    type: dict
    default: {}
"""

EXAMPLES = r"""
- name: One entry per old certificate
  ansible.builtin.set_fact:
    entries: "{{ replacements | certshift.acm.migration_entries(swap=swap_result) }}"
"""

RETURN = r"""
_value:
  description: Entries with C(old_arn), C(names), C(new_arn), C(status), C(skipped), C(validation_records),
    C(consumers_switched), C(unknown_consumers), C(old_deleted), C(hold_reason) (why the old certificate stays,
    whenever it does), C(unused_replacement), C(status_words), C(outcome) and C(kind); then one per certificate an
    earlier run moved (the result's C(earlier), C(kind) V(earlier)).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.certshift.acm.plugins.plugin_utils.migration_report import target_entries


def migration_entries(replacements, swap=None):
    for name, value in (("input", replacements), ("swap", swap)):
        if value is not None and not isinstance(value, dict):
            raise AnsibleFilterError(f"migration_entries expects module results (dicts); {name} is a "
                                     f"{type(value).__name__}")
    if swap is None:
        swap = replacements.get("swap") or {}
    return target_entries(replacements, swap)


class FilterModule:
    def filters(self):
        return {"migration_entries": migration_entries}
