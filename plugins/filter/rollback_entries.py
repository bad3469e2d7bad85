# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: rollback_entries
short_description: One target's rollback report entries, in the user's words
version_added: 0.1.0
description:
  - Takes the result of certshift.acm.acm_replacement_info and, as options, the one of certshift.acm.acm_cert_swap run
    on the reversed pairs and the certificates certshift.acm.acm_renewal_check found migrated in place. Returns, per
    certificate, what the rollback did (C(restored)), would do (C(would_restore)) or why it cannot
    (C(original_deleted), C(cannot_restore), C(nothing_to_undo), C(migrated_in_place), C(not_found)).
  - Names the certificate consumers were restored to (the original) and switched away from (the replacement);
    the swap's own old/new, which a rollback reverses, never appear.
author:
  - certshift.acm developers (@certshift)
options:
  _input:
    description: The registered result of certshift.acm.acm_replacement_info (or a skipped task's result).
    type: dict
    required: true
  swap:
    description: The registered result of certshift.acm.acm_cert_swap on the reversed pairs ({} when nothing ran).
    type: dict
    default: {}
  in_place:
    description: The C(certificates) of a certshift.acm.acm_renewal_check result; those migrated in place (C(update_summary)
      C(status) V(SUCCESS)) get a C(migrated_in_place) line.
    type: list
    elements: dict
    default: []
  selected:
    description: The certificate ARNs the user named; one found nowhere gets its own C(not_found) line.
    type: list
    elements: str
    default: []
  check_mode:
    description: Whether the run was a plan (C(--check)); its entries say C(would_restore).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: One entry per certificate
  ansible.builtin.set_fact:
    entries: "{{ found | certshift.acm.rollback_entries(swap=swapped, in_place=[], check_mode=ansible_check_mode) }}"
"""

RETURN = r"""
_value:
  description: Entries with C(original_arn), C(replacement_arn), C(names), C(outcome), C(rollback_possible),
    C(restored_to), C(switched_away_from), C(consumers_switched_back), C(consumers_not_switched_back),
    C(consumers_held) (left on the replacement because infrastructure code owns them, each with its C(code_change))
    and C(message).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.certshift.acm.plugins.plugin_utils.rollback_report import target_entries


def rollback_entries(info, swap=None, in_place=None, selected=None, check_mode=False):
    for name, value, kind in (("input", info, dict), ("swap", swap, dict), ("in_place", in_place, list),
                              ("selected", selected, list)):
        if value is not None and not isinstance(value, kind):
            raise AnsibleFilterError(f"rollback_entries expects {name} as a {kind.__name__}, got a "
                                     f"{type(value).__name__}")
    return target_entries(info, swap, in_place, selected, check_mode=check_mode)


class FilterModule:
    def filters(self):
        return {"rollback_entries": rollback_entries}
