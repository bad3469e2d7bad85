# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: acm_targets
short_description: One host per AWS account and region that holds certificates to audit or migrate
description:
  - Lists the accounts of an AWS organization (or given accounts), the enabled regions of each, and keeps the
    account/region targets that hold matching ACM certificates (one C(SearchCertificates) per target,
    concurrently within ACM's quotas).
  - Every host is in group C(acm_targets) with the variables C(certshift.acm.audit_acm), C(migrate_acm) and
    C(rollback_acm) read (C(acm_region), C(acm_assume_role_arn) or C(acm_aws_profile)), so they run on it unchanged.
  - Hosts are named C(<account-alias-or-id>_<region>) and grouped by account (C(account_<alias-or-id>)), region
    (C(region_<region>)) and organizational unit (C(ou_<name>)); C(keyed_groups), C(groups) and C(compose) work as
    in C(amazon.aws.aws_ec2).
  - An account whose role cannot be assumed, a region that is not enabled, or Organizations denied give one
    warning naming the account or region and the fix; the other targets are still listed.
  - The configuration file must end with C(acm_targets.yml) or C(acm_targets.yaml).
author:
  - certshift.acm developers (@certshift)
extends_documentation_fragment:
  - inventory_cache
  - constructed
  - amazon.aws.boto3
  - amazon.aws.common.plugins
  - amazon.aws.region.plugins
  - amazon.aws.assume_role.plugins
options:
  plugin:
    description: Marks the file as this plugin's configuration.
    required: true
    choices: ['certshift.acm.acm_targets']
    type: str
  accounts:
    description:
      - V(organization) lists the active accounts of the caller's AWS organization (C(ListAccounts), or
        C(ListAccountsForParent) under O(organizational_units)).
      - Otherwise a list of 12-digit account IDs.
    type: raw
    default: organization
  organizational_units:
    description: With O(accounts=organization), only the accounts under these OUs (IDs such as C(ou-ab12-cdef3456)), nested OUs included.
    type: list
    elements: str
    default: []
  include_accounts:
    description: Only these account IDs (after O(accounts) is resolved).
    type: list
    elements: str
    default: []
  exclude_accounts:
    description: Never these account IDs.
    type: list
    elements: str
    default: []
  role_name:
    description:
      - The IAM role to assume in each account (C(arn:<partition>:iam::<account>:role/<role_name>)); it becomes the
        host variable C(acm_assume_role_arn), which the playbooks assume again for their own calls.
      - The caller's own account is reached with the caller's credentials, never through the role.
    type: str
    default: OrganizationAccountAccessRole
  external_id:
    description:
      - The external ID the roles' trust policies require, if any.
      - It becomes the host variable C(acm_assume_role_external_id) of the targets reached through O(role_name), which the
        playbooks give when they assume the role (AWS does not treat an external ID as a secret).
    type: str
  session_name:
    description: The role session name of discovery's AssumeRole calls.
    type: str
    default: certshift-acm-inventory
  account_profiles:
    description:
      - A profile per account ID, used instead of O(role_name) for that account, for example V(prod) for C(111122223333).
      - It becomes the host variable C(acm_aws_profile).
    type: dict
    default: {}
  regions:
    description: V(enabled) (each account's enabled regions, from C(account:ListRegions)) or a list of regions.
    type: raw
    default: enabled
  skip_empty:
    description:
      - Keep only targets that hold at least one certificate matching O(certificate_filter), found with one
        C(SearchCertificates) per account and region; the counts become host variables
        C(acm_certificate_count) and C(acm_email_certificate_count).
      - V(false) lists every account/region target without searching.
    type: bool
    default: true
  certificate_filter:
    description:
      - A C(SearchCertificates) C(FilterStatement) (C(And), C(Or), C(Not), C(Filter)) selecting the certificates that
        make a target worth keeping.
      - Default, certificates the audit flags for action; EMAIL-validated, or a renewal pending validation or failed.
    type: dict
  host_name_source:
    description:
      - What names a host before C(_<region>).
      - V(alias), the account alias (the ID in an account without one); V(id); V(name), the organization's account name.
    type: str
    choices: [alias, id, name]
    default: alias
  group_by_ou:
    description:
      - Add C(ou_<name>) groups, named after the OU that directly holds the account, with O(accounts=organization).
      - The organization's tree is walked once (one C(ListOrganizationalUnitsForParent) and one C(ListAccountsForParent)
        per OU), which lists the accounts too, not one call per account. Where the tree cannot be read, the accounts
        come from C(ListAccounts), with one warning and no C(ou_) groups.
    type: bool
    default: true
  max_concurrency:
    description: Calls in flight at once during discovery; each account and region is still kept within its own quotas.
    type: int
    default: 20
"""

EXAMPLES = r"""
# fleet.acm_targets.yml: every active account of the organization, every enabled region,
# only where a certificate needs attention
plugin: certshift.acm.acm_targets
role_name: certshift-audit
groups:
  has_email: acm_email_certificate_count | default(0) > 0
keyed_groups:
  - key: acm_organizational_unit | default('none')
    prefix: unit
# Other choices, for example: two accounts, two regions, every target whether it holds certificates or not:
# accounts: ['111122223333', '444455556666']
# regions: [eu-west-1, us-east-1]
# skip_empty: false
"""

from ansible.errors import AnsibleParserError
from ansible.utils.display import Display
from ansible_collections.amazon.aws.plugins.plugin_utils.botocore import get_aws_connection_info
from ansible_collections.amazon.aws.plugins.plugin_utils.inventory import AWSInventoryBase
from ansible_collections.certshift.acm.plugins.plugin_utils.target_hosts import host_groups, host_name, host_vars
from ansible_collections.certshift.acm.plugins.plugin_utils.target_inventory import (
    OPTION_NAMES, check_options, discover)

display = Display()


class InventoryModule(AWSInventoryBase):
    NAME = "certshift.acm.acm_targets"
    INVENTORY_FILE_SUFFIXES = ("acm_targets.yml", "acm_targets.yaml")

    class TemplatedOptions(AWSInventoryBase.TemplatedOptions):
        # amazon.aws templates every list element with disable_lookups, which ansible-core 2.19 deprecates
        # (one deprecation warning per run): our regions is 'enabled' or plain region names, never a template.
        TEMPLATABLE_OPTIONS = tuple(o for o in AWSInventoryBase.TemplatedOptions.TEMPLATABLE_OPTIONS if o != "regions")

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache=cache)
        options = {name: self.get_option(name) for name in OPTION_NAMES}
        problem = check_options(options)
        if problem:
            raise AnsibleParserError(f"{path}: {problem}")
        was_cached, found = self.get_cached_result(path, cache)
        if not was_cached or not isinstance(found, dict) or "targets" not in found:  # none, or an older layout
            region, endpoint, connection = get_aws_connection_info(self)
            connection.update(self._frozen_credentials)  # assume_role_arn's credentials, when given
            targets, warnings = discover(connection, endpoint, region, options)
            found = {"targets": targets, "warnings": warnings}
        # the warnings are cached with the targets: a listing from the cache still says what it left out
        for warning in found["warnings"]:
            display.warning(warning)
        self._populate(found["targets"], options["host_name_source"])
        self.update_cached_result(path, cache, found)

    def _populate(self, targets, name_source):
        strict = self.get_option("strict")
        for target in targets:
            host = host_name(target, name_source)
            for group in host_groups(target, name_source):
                self.inventory.add_group(group)
                self.inventory.add_host(host, group=group)
            variables = host_vars(target)
            for key, value in variables.items():
                self.inventory.set_variable(host, key, value)
            self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)
