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
  - The whole migration of a region in one run. By O(strategy), in place (ACM switches each certificate to DNS
    validation, its ARN kept; its records are published and it is waited for, nothing else changes), or by
    replacement, where M(certshift.acm.acm_dns_migrate) (request DNS-validated replacements, publish their
    validation records, wait until C(ISSUED)) and M(certshift.acm.acm_cert_swap) (switch every consumer in place,
    prove the old certificate unused, delete it) run as one pipeline.
  - In place, per certificate at ACM's quotas, the migration is started (5/s) and its records listed (10/s), while
    earlier certificates' records are published and waited for, in waves.
  - Called one after the other, those two modules each wait on their own ACM quota. Every request (5/s) comes
    first, every delete (10/s) after. Here each replacement goes on as soon as its records are read. Every few
    seconds (O(wave_seconds)) a wave publishes what arrived, waits until it is C(ISSUED), switches its consumers and deletes
    its old certificates, while later replacements are still being requested. A region then takes about as long
    as its requests.
  - The same promises as the two modules. Everything that can be checked is checked before the first request.
    That covers the certificates, CAA, the DNS zones, the TSIG key, and the swap's safety gate on the replacements
    as they will be (every name and alias a consumer serves covered). A consumer is switched only to an
    C(ISSUED) replacement. An old certificate is deleted only once a fresh scan of the consumers after its wave
    and ACM's C(InUseBy) both show it unused.
  - The consumer index is built once, while the replacements are planned. Each wave ends with a fresh scan that
    its deletes need and the next wave plans on.
  - A replacement that fails validation, or a consumer that cannot be switched, fails the task once every other
    certificate is migrated. The result then still names everything done. Any later run finds the work
    already done (the C(certshift:replaces) tag) and converges.
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
      - How often a wave starts. Each wave publishes the records of the replacements requested since the last
        one, waits for them, swaps them and ends with a fresh consumer scan.
      - Shorter waves start deleting sooner and leave a shorter tail after the last request; longer ones scan
        the consumers less often. Where ACM takes minutes to issue, a longer wave loses nothing.
      - Default is about a quarter of the time the requests take at ACM's quota, between 5 and 30 seconds.
      - The last two waves hold only the last 4.5 seconds of requests (3 and then 1.5), cut at the last request's
        forecast (from the requests' pace so far), so the tail after the last request is short. A wave's deletes
        run while the next wave works.
    type: int
notes:
  - Check mode runs the check modes of M(certshift.acm.acm_dns_migrate) and then M(certshift.acm.acm_cert_swap)
    with O(certshift.acm.acm_cert_swap#module:allow_planned_replacement). It reports every request, record,
    switch and delete a real run makes.
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
- name: Migrate every email-validated certificate of the region and delete the old ones (Route53)
  certshift.acm.acm_migrate:
    region: eu-west-1
    delete_old: true
  register: migration

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

from ansible_collections.certshift.acm.plugins.module_utils.aws_clients import Clients
from ansible_collections.certshift.acm.plugins.module_utils.argument_specs import (REPLACEMENT_CONSTRAINTS,
                                                                                   replacement_options, swap_options)
from ansible_collections.certshift.acm.plugins.module_utils.errors import fail_on_error
from ansible_collections.certshift.acm.plugins.module_utils.https_probe import parse_resolve
from ansible_collections.certshift.acm.plugins.module_utils.input_checks import (check_non_negative, check_port,
                                                                                 check_region, check_selection)
from ansible_collections.certshift.acm.plugins.module_utils.migration_pipeline import MigrationPipeline
from ansible_collections.certshift.acm.plugins.module_utils.migration_strategy import StrategyRun
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
        result = StrategyRun(
            clients, module.params, module.check_mode, warn=warn,
            replace=lambda params: MigrationPipeline(clients, params, module.check_mode, warn=warn).run(),
        ).run()
    result.setdefault("swap", {"actions": [], "pairs": []})  # nothing replaced: no consumer touched
    module.exit_json(**result)


if __name__ == "__main__":
    main()
