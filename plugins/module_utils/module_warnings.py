# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Warnings of a module run, passed the way ansible-core supports."""

from __future__ import annotations

from ansible.module_utils.common.warnings import warn as _core_warn


def warn(message):
    """Show ``message`` as a warning of this module run.

    Not AnsibleAWSModule.warn: amazon.aws 10 also hands what it recorded to ``exit_json(warnings=...)``,
    which ansible-core 2.19 reports as a deprecation ("Passing `warnings` to `exit_json` or `fail_json`
    is deprecated") on every run that warns. ansible-core's own warn() puts it in the result once.
    """
    _core_warn(message)
