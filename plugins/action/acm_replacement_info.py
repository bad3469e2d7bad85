# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Applies module_defaults group/aws connection options (see plugin_utils/aws_group_defaults.py)."""

from __future__ import annotations

from ansible_collections.certshift.acm.plugins.plugin_utils.aws_group_defaults import AwsGroupDefaultsAction


class ActionModule(AwsGroupDefaultsAction):
    pass
