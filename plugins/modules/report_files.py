#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: report_files
short_description: Write a report's files on the controller, without a module run per file
version_added: 0.1.0
description:
  - Writes text files (a report's JSON, Markdown and HTML) into one directory on the Ansible controller, creating the
    directory if needed. Each file is written atomically (a temporary file renamed over the old one) and only when its
    content or mode differs.
  - Runs entirely in the controller's process (an action plugin), so a report costs no module start-up per file, which
    M(ansible.builtin.template) pays twice per file (a stat and a copy). Use it from plays that run on C(localhost).
  - Render the contents in the task, for example with the P(ansible.builtin.template#lookup) lookup (see EXAMPLES).
options:
  dest:
    description: The directory to write into (created with mode C(0755) when missing).
    type: path
    required: true
  files:
    description: File name (no directory part) to text content.
    type: dict
    required: true
  mode:
    description: Permissions of the written files, as an octal string.
    type: str
    default: "0644"
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: Reports which files would change and writes nothing.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: posix
    details: Writes on the controller, whatever host the task runs for.
author:
  - certshift.acm developers (@certshift)
"""

EXAMPLES = r"""
- name: Write the migration report
  certshift.acm.report_files:
    dest: ./acm-reports
    files:
      acm_migration.json: "{{ report | to_nice_json(indent=2) }}"
      acm_migration.md: "{{ lookup('ansible.builtin.template', 'acm_migration.md.j2') }}"
"""

RETURN = r"""
dest:
  description: The directory written into.
  returned: always
  type: str
files:
  description: Every file of the report, with its path.
  returned: always
  type: list
  elements: str
changed_files:
  description: The files whose content or mode changed (or would change, in check mode).
  returned: always
  type: list
  elements: str
"""
