# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Let ``module_defaults: group/aws`` configure certshift.acm's modules.

ansible-core defines ``group/aws`` itself (ansible.builtin.aws = amazon.aws.aws +
community.aws.aws) and a collection cannot add its modules to it; our runtime.yml
group ``certshift.acm.aws`` can only *extend* amazon.aws's. So our modules' action
plugin applies the connection options set for ``group/aws`` (or its amazon.aws /
community.aws names) where the task and our own group set nothing.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

# Group names as ansible-core stores them after resolving module_defaults.
AWS_GROUPS = ("group/ansible.builtin.aws", "group/amazon.aws.aws", "group/community.aws.aws")

# amazon.aws's connection options (doc fragments common/region/boto3) and their aliases;
# only these are taken, so other options set for amazon.aws modules never reach ours.
CONNECTION_OPTIONS = frozenset((
    "access_key", "aws_access_key_id", "aws_access_key", "ec2_access_key",
    "secret_key", "aws_secret_access_key", "aws_secret_key", "ec2_secret_key",
    "session_token", "aws_session_token", "security_token", "aws_security_token", "access_token",
    "profile", "aws_profile",
    "endpoint_url", "aws_endpoint_url", "ec2_url", "s3_url",
    "region", "aws_region", "ec2_region",
    "aws_ca_bundle", "validate_certs", "aws_config", "debug_botocore_endpoint_logs",
))


class AwsGroupDefaultsAction(ActionBase):
    """Run the module of the same name, with group/aws connection defaults merged in."""

    _supports_check_mode = True
    _supports_async = True

    def _aws_group_defaults(self):
        merged = {}
        for defaults in self._task.module_defaults or []:
            for group in AWS_GROUPS:
                if group in defaults:
                    values = self._templar.template(defaults[group])
                    if isinstance(values, dict):
                        merged.update({k: v for k, v in values.items() if k in CONNECTION_OPTIONS})
        return merged

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp
        args = dict(self._task.args)
        for key, value in self._aws_group_defaults().items():
            args.setdefault(key, value)
        result.update(self._execute_module(module_name=self._task.resolved_action or self._task.action,
                                           module_args=args, task_vars=task_vars))
        return result
