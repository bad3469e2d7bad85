#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: acm_replacement_info
short_description: List the ACM certificates a migration replaced, and whether a rollback can restore each
version_added: 0.1.0
description:
  - Lists, for one region, every certificate that M(certshift.acm.acm_dns_migrate) replaced (the replacement
    carries the tag C(certshift:replaces=<original ARN>)), with its replacement and whether a rollback can point
    the replacement's consumers back at the original.
  - An original that no longer exists was deleted after the migration switched its consumers. ACM cannot bring a
    deleted certificate back, so there is no rollback for it (C(rollback=original_deleted)). An original that is
    expired, revoked or otherwise not C(ISSUED) cannot serve again (C(cannot_restore)). A replacement that never
    became C(ISSUED) had no consumer switched to it (C(nothing_to_undo)).
  - A certificate migrated in place kept its ARN and has no replacement; M(certshift.acm.acm_renewal_check) shows
    those (C(update_summary)). There is nothing to undo for them.
  - Reads only. The playbook C(certshift.acm.rollback_acm) feeds the C(restore) entries, reversed, to
    M(certshift.acm.acm_cert_swap).
author:
  - certshift.acm developers (@certshift)
options:
  certificate_arns:
    description:
      - Only these certificates, each given by the original's ARN or its replacement's. Default is every
        replacement of the region.
      - Mutually exclusive with O(pairs).
    type: list
    elements: str
  domains:
    description: Only certificates with a name matching one of these patterns (shell-style, for example C(*.example.com)).
    type: list
    elements: str
  pairs:
    description:
      - Originals and their replacements given explicitly, as C(old) (the original) and C(new) (the replacement)
        ARNs, when the tag is missing. Each is classified the same way, without the tag.
      - Mutually exclusive with O(certificate_arns).
    type: list
    elements: dict
    suboptions:
      old:
        description: The original certificate (the one a rollback restores).
        type: str
        required: true
      new:
        description: Its replacement (the one a rollback switches away from).
        type: str
        required: true
notes:
  - Supports check mode (it reads only). The tag index (C(tag:GetResources)) finds the replacements in one scan;
    where that API is not allowed, every certificate's tags are read instead (slower, same answer).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: What can be rolled back in eu-west-1
  certshift.acm.acm_replacement_info:
    region: eu-west-1
  register: replaced

- name: Say which originals are gone for good
  ansible.builtin.debug:
    msg: "{{ item.original_arn }}: {{ item.reason }}"
  loop: "{{ replaced.certificates | rejectattr('rollback', 'equalto', 'restore') }}"
  loop_control:
    label: "{{ item.original_arn }}"
"""

RETURN = r"""
region:
  description: The region read.
  returned: always
  type: str
certificates:
  description: One entry per original certificate, ordered by its ARN.
  returned: always
  type: list
  elements: dict
  contains:
    original_arn:
      description: The certificate the migration replaced (the one a rollback restores).
      type: str
    replacement_arn:
      description: Its DNS-validated replacement (the one a rollback switches away from).
      type: str
    names:
      description: The certificate's names.
      type: list
      elements: str
    original_status:
      description: The original's ACM status, or C(absent) once deleted.
      type: str
    replacement_status:
      description: The replacement's ACM status.
      type: str
    rollback:
      description: C(restore), C(original_deleted), C(cannot_restore) or C(nothing_to_undo).
      type: str
    reason:
      description: Why there is no rollback, in one line (empty for C(restore)).
      type: str
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.certshift.acm.plugins.module_utils._swap import rollback_pairs
from ansible_collections.certshift.acm.plugins.module_utils._aws.aws_clients import Clients
from ansible_collections.certshift.acm.plugins.module_utils.errors import fail_on_error
from ansible_collections.certshift.acm.plugins.module_utils.input_checks import check_region, check_selection


def main():
    argument_spec = dict(
        certificate_arns=dict(type="list", elements="str"),
        domains=dict(type="list", elements="str"),
        pairs=dict(type="list", elements="dict",
                   options=dict(old=dict(type="str", required=True), new=dict(type="str", required=True))),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, mutually_exclusive=[("pairs", "certificate_arns")],
                              supports_check_mode=True)
    with fail_on_error(module):
        clients = Clients(module)
        check_region(clients.region, session=clients.session)
        check_selection(module.params, "certificate_arns", "domains")
        p = module.params
        certificates = rollback_pairs.find(clients.acm(), clients.get("resourcegroupstaggingapi"), clients.region,
                                           arns=p["certificate_arns"], domains=p["domains"], pairs=p["pairs"])
    module.exit_json(changed=False, region=clients.region, certificates=certificates)


if __name__ == "__main__":
    main()
