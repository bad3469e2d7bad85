# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: input_problems
short_description: Every problem with a certshift.acm playbook's variables, each naming the variable and the fix
version_added: 0.2.0
description:
  - Takes the playbook variables that are set (a dict of name to value) and returns one message per problem,
    an empty list when all is well. The playbooks run it on the controller before any AWS call.
  - A list variable that is set but names nothing (C(" "), an empty AWX survey textarea, C([]), a template
    that rendered to C("")) is a problem, never "everything". Unset or null means the documented default.
  - Secrets (TSIG key secrets) are checked but never quoted.
author:
  - certshift.acm developers (@certshift)
options:
  _input:
    description: The playbook's variables that are set, by name (for example every C(acm_*) variable).
    type: dict
    required: true
  playbook:
    description: Which playbook's variables these are.
    type: str
    choices: [audit, migrate, rollback]
    required: true
  target_regions:
    description:
      - The regions of the run's targets (the C(acm_targets) hosts' C(acm_region)). Given, every ARN of
        C(acm_certificate_arns) must be in one of them; the ARNs outside are named.
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: Stop before any AWS call when a variable is wrong
  ansible.builtin.assert:
    that: _problems | length == 0
    fail_msg: "{{ _problems | join(' | ') }}"
  vars:
    _problems: "{{ {'acm_certificate_arns': '  '} | certshift.acm.input_problems(playbook='migrate') }}"
"""

RETURN = r"""
_value:
  description: One message per problem, each naming the variable and what to do.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.certshift.acm.plugins.plugin_utils import playbook_inputs


def input_problems(given, playbook, target_regions=None):
    if not isinstance(given, dict):
        raise AnsibleFilterError(f"input_problems expects a dict of variables, got a {type(given).__name__}")
    try:
        found = playbook_inputs.problems(given, playbook)
    except ValueError as e:
        raise AnsibleFilterError(str(e)) from None
    if target_regions is not None and not found:
        outside = playbook_inputs.untargeted_arns(playbook_inputs.selected_arns(given), set(target_regions))
        found.extend([outside] if outside else [])
    return found


class FilterModule:
    def filters(self):
        return {"input_problems": input_problems}
