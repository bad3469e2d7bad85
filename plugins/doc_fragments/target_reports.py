# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Options of the filters that merge every target's result into one report (audit_report, migration_report, rollback_report)."""
    DOCUMENTATION = r"""
options:
  _input:
    description: Per-target results.
    type: list
    elements: dict
    required: true
  unfinished:
    description: Targets that never recorded a result (counted as failed).
    type: list
    elements: str
    default: []
  generated_at:
    description: Time stamp to put in the report.
    type: str
"""
