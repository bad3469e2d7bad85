#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: acm_migrate
short_description: Migrate email-validated ACM certificates to DNS validation, in place or by replacement
version_added: 0.1.0
description:
  - Moves the email-validated certificates of one region (all of them, or those O(certificate_arns) and O(domains)
    select) to DNS validation, so that ACM renews them without anyone approving a mail. One run does the whole
    region; the playbook C(certshift.acm.migrate_acm) runs it once per account and region.
  - By default (O(strategy=auto)) each certificate is migrated in place. ACM switches it to DNS validation and keeps
    its ARN; the module publishes the validation CNAMEs ACM lists (O(dns_provider)) and waits until ACM reports the
    certificate DNS-validated. Nothing that uses the certificate changes, and nothing is requested or deleted.
  - Where ACM refuses to migrate a certificate in place, or with O(strategy=replace), the certificate is replaced
    instead. A DNS-validated replacement with the same names is requested and its records published; once it is
    C(ISSUED), every load balancer listener, CloudFront distribution and API Gateway domain that uses the old
    certificate is switched to it, and with O(delete_old) the old certificate is deleted once nothing uses it. This
    is M(certshift.acm.acm_dns_migrate) followed by M(certshift.acm.acm_cert_swap), in one run that switches the
    first replacements while later ones are still being requested (see O(wave_seconds)).
  - Nothing changes until everything that can be checked is checked. That covers the certificates, CAA records, the
    DNS zones and TSIG key, and that each replacement will cover every name and alias its consumers serve. A consumer
    is switched only to an C(ISSUED) replacement, and an old certificate is deleted only once a fresh scan of the
    consumers and ACM's C(InUseBy) both show it unused.
  - A certificate that fails (its validation, a consumer that cannot be switched, a denied call) fails the task once
    the others are done, and the result still lists everything that was done. The state is kept in AWS (ACM's own
    migration state, the tag C(certshift:replaces) on a replacement), so running the module again, from any machine,
    finishes what is left and changes nothing already done.
options:
  wait:
    description:
      - Wait until every replacement is C(ISSUED); a C(FAILED) one fails the task with the reason per name
        once the others are migrated, a timed-out one fails it at once.
      - Without it only replacements already C(ISSUED) are swapped.
    type: bool
    default: true
  wait_timeout:
    description: Seconds to wait for DNS changes, records to resolve and certificates to be issued, per wave;
      V(0) looks once and does not wait.
    type: int
    default: 900
  deployed_wait_timeout:
    description:
      - Seconds to wait for a CloudFront distribution to become C(Deployed). Applies after a change with
        O(wait_deployed), and before a change when another one is still in progress.
    type: int
    default: 1800
  wave_seconds:
    description:
      - Replacements only. How often, in seconds, the records of the replacements requested since the last time
        are published and waited for, their consumers switched and the old certificates deleted, while later
        replacements are still being requested.
      - Leave it unset. The default, about a quarter of the time the requests take at ACM's request quota (between 5
        and 30 seconds), suits a fleet of any size. Shorter makes the first switches and deletes come sooner; longer
        scans the consumers less often. Where ACM takes minutes to issue, a longer wave costs nothing.
    type: int
notes:
  - Check mode reports every in-place migration, request, record, switch and delete a real run makes, and changes
    nothing. ACM's refusals cannot be known in advance, so check mode plans O(strategy=auto) as in place.
  - The replacement lives in the old certificate's region (certificates used by CloudFront are in us-east-1).
  - Needs the Python library dnspython for O(dns_provider=rfc2136), CAA checks and DNS verification.
attributes:
  check_mode:
    description: Reports the requests, records, switches and deletes; changes nothing.
    support: full
  diff_mode:
    description: Returns the replacements and validation records, and every consumer's certificate, before and
      after.
    support: full
author:
  - certshift.acm developers (@certshift)
extends_documentation_fragment:
  - certshift.acm.strategy
  - certshift.acm.replacement
  - certshift.acm.swap
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Migrate every email-validated certificate of the region in place (records in Route53)
  certshift.acm.acm_migrate:
    region: eu-west-1
  register: migration

- name: Replace them instead, switch every consumer and delete the old certificates once unused
  certshift.acm.acm_migrate:
    region: eu-west-1
    strategy: replace
    delete_old: true

- name: Two certificates, records on our own BIND primary, keep the old certificates
  certshift.acm.acm_migrate:
    region: us-east-1
    certificate_arns:
      - arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555
    dns_provider: rfc2136
    rfc2136_server: 192.0.2.53
    rfc2136_key_name: acm-update
    rfc2136_key_secret: "{{ vault_acm_tsig_secret }}"
    wait_deployed: true
"""

RETURN = r"""
earlier:
  description: The region's certificates an earlier run already moved to DNS validation, as
    M(certshift.acm.acm_dns_migrate) returns them (empty with O(strategy=replace) or O(certificate_arns)).
  returned: always
  type: list
  elements: dict
certificates:
  description: One entry per old certificate, as M(certshift.acm.acm_dns_migrate) returns it (C(strategy) says
    which way it went).
  returned: always
  type: list
  elements: dict
strategy:
  description: The O(strategy) the run used.
  returned: always
  type: str
  sample: auto
in_place_waves:
  description: How many waves published and waited for in-place migrations (real runs).
  returned: when not in check mode
  type: int
swap:
  description: The swap of every replacement that was C(ISSUED), as M(certshift.acm.acm_cert_swap) returns it.
  returned: always
  type: dict
  contains:
    actions:
      description: Every consumer switch, kept consumer and delete (see M(certshift.acm.acm_cert_swap)).
      type: list
      elements: dict
    pairs:
      description: One entry per old certificate swapped, with C(deleted), C(delete_held) (why not),
        C(unknown_consumers) and C(new_certificate_state) (see M(certshift.acm.acm_cert_swap)).
      type: list
      elements: dict
waves:
  description: How many waves the replacement published, waited for and swapped.
  returned: when a real run replaced certificates
  type: int
  sample: 7
region:
  description: The region worked.
  returned: always
  type: str
  sample: eu-west-1
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.certshift.acm.plugins.module_utils._aws.aws_clients import Clients
from ansible_collections.certshift.acm.plugins.module_utils.argument_specs import (REPLACEMENT_CONSTRAINTS,
                                                                                   replacement_options, swap_options)
from ansible_collections.certshift.acm.plugins.module_utils.errors import fail_on_error
from ansible_collections.certshift.acm.plugins.module_utils._probe.https_probe import parse_resolve
from ansible_collections.certshift.acm.plugins.module_utils.input_checks import (check_non_negative, check_port,
                                                                                 check_region, check_selection)
from ansible_collections.certshift.acm.plugins.module_utils._consumers.owners import parse_owner_tags
from ansible_collections.certshift.acm.plugins.module_utils._pipeline.migration_pipeline import MigrationPipeline
from ansible_collections.certshift.acm.plugins.module_utils._pipeline.migration_strategy import StrategyRun
from ansible_collections.certshift.acm.plugins.module_utils.module_warnings import warn


def main():
    argument_spec = dict(
        **replacement_options(),
        **swap_options(),
        deployed_wait_timeout=dict(type="int", default=1800),
        wave_seconds=dict(type="int"),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        supports_check_mode=True,
        **REPLACEMENT_CONSTRAINTS,
    )
    with fail_on_error(module):
        clients = Clients(module)
        check_region(clients.region, session=clients.session)
        check_selection(module.params, "certificate_arns", "domains")
        check_non_negative(module.params, "wait_timeout", "validation_record_ttl", "in_use_wait_timeout",
                           "deployed_wait_timeout", "min_days_valid", "wave_seconds")
        check_port(module.params, "rfc2136_port")
        check_port(module.params, "verify_port")
        parse_resolve(module.params["resolve"])
        parse_owner_tags(module.params["owner_tags"])
        result = StrategyRun(
            clients, module.params, module.check_mode, warn=warn,
            replace=lambda params: MigrationPipeline(clients, params, module.check_mode, warn=warn).run(),
        ).run()
    result.setdefault("swap", {"actions": [], "pairs": []})  # nothing replaced: no consumer touched
    module.exit_json(**result)


if __name__ == "__main__":
    main()
