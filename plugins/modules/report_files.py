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
  - With O(history), every run's report is kept. Files named V(<name>.<extension>) are written twice - as the
    latest copies and as this run's record V(<name>-<time>.<extension>) (time in UTC, for example
    V(acm_migration-20261207T051500Z.html)), which no later run rewrites. A C(--check) run's latest copies are
    V(<name>-check.<extension>) and its record V(<name>-<time>-check.<extension>), so a plan never replaces the
    record or the latest copies of a real run. V(report-history.json) lists every run of every report written into
    O(dest), and V(index.html) and V(index.md) show them newest first (time, playbook, mode, headline counts, links).
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
  history:
    description: Keep every run's report and an index of the runs (see the description). Omit it to write only
      O(files).
    type: dict
    suboptions:
      name:
        description: The report's name, the file names of O(files) before their extension (for example
          V(acm_migration) for V(acm_migration.json) and V(acm_migration.html)).
        type: str
        required: true
      check_mode:
        description: Whether the run that made the report was a plan (C(--check)); pass C(ansible_check_mode).
        type: bool
        default: false
      playbook:
        description: The playbook that made the report, shown in the index.
        type: str
      generated_at:
        description: When the report was made, ISO 8601 (for example V(2026-12-07T05:15:00Z)); names the run's
          record. Default is now.
        type: str
      headline:
        description: Label to count, shown in the index, for example V(certificates=9) and V(migrated in place=9)
          as a dict.
        type: dict
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

- name: Write the migration report and keep every run's (index.html lists them)
  certshift.acm.report_files:
    dest: ./acm-reports
    files:
      acm_migration.json: "{{ report | to_nice_json(indent=2) }}"
      acm_migration.html: "{{ lookup('ansible.builtin.template', 'acm_migration.html.j2') }}"
    history:
      name: acm_migration
      check_mode: "{{ ansible_check_mode }}"
      playbook: migrate_acm
      generated_at: "{{ report.generated_at }}"
      headline:
        certificates: "{{ report.summary.certificates }}"
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
run:
  description: This run's entry of the history (C(report), C(run), C(generated_at), C(playbook), C(mode) V(real)
    or V(check), C(headline), C(files) by extension).
  returned: when O(history) is given
  type: dict
index:
  description: The path of the history's V(index.html).
  returned: when O(history) is given
  type: str
"""
