# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: as_list
short_description: A list variable as given, from a YAML list or one item per line
version_added: 0.2.0
description:
  - Takes a YAML list, or a string with one item per line (as an AWX survey textarea gives it), and returns
    its items trimmed, blank ones dropped.
  - C(null) stays C(null) (the variable was not given), so a caller can tell "not given" from "names nothing"
    (an empty list), which certshift.acm refuses instead of widening a selection.
author:
  - certshift.acm developers (@certshift)
options:
  _input:
    description: A list, a string, or null.
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: ARNs from a survey textarea
  ansible.builtin.set_fact:
    arns: "{{ 'arn:aws:acm:eu-west-1:123456789012:certificate/1\n\n' | certshift.acm.as_list }}"
    # ['arn:aws:acm:eu-west-1:123456789012:certificate/1']
"""

RETURN = r"""
_value:
  description: The items, or null when the input is null.
  type: list
  elements: str
"""

from ansible.errors import AnsibleFilterError
from ansible_collections.certshift.acm.plugins.plugin_utils import playbook_inputs


def as_list(value):
    try:
        return playbook_inputs.as_list(value)
    except TypeError as e:
        raise AnsibleFilterError(f"as_list expects a list, a string or null, got a {e}") from None


class FilterModule:
    def filters(self):
        return {"as_list": as_list}
