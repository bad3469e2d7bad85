# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The input every report filter takes: one result dict per target."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError


def check_target_results(filter_name, results):
    """Raise the filter's one-line error unless ``results`` is a list of dicts."""
    if not isinstance(results, list) or not all(isinstance(r, dict) for r in results):
        raise AnsibleFilterError(f"{filter_name} expects a list of target results (dicts), got "
                                 f"{type(results).__name__}")
