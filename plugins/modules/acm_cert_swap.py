#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
---
module: acm_cert_swap
short_description: Switch every consumer of ACM certificates to their replacements in place, then retire the old ones
version_added: 0.1.0
description:
  - Points every consumer of an old ACM certificate at its replacement without downtime, proves the old
    certificate is unused and optionally deletes it. One invocation works one region.
  - Discovery builds the region's consumer index once. ELBv2 (ALB and NLB) HTTPS and TLS listeners with their
    default and SNI certificates, Classic ELB HTTPS and SSL listeners, API Gateway v1 (edge and regional) and v2
    custom domain names and, when the region is C(us-east-1), CloudFront distributions.
  - An ARN in ACM's C(InUseBy) that the index does not explain is an unknown consumer. It is reported, never
    touched, and it holds the delete.
  - A safety gate runs before anything changes. The new certificate must be C(ISSUED), valid for at least
    O(min_days_valid) more days, in the same region, and cover every name of the old certificate and every
    CloudFront alias and API Gateway domain name it will serve (wildcards match one DNS label). A failing gate
    changes nothing and names the uncovered name.
  - Swaps are in place. C(ModifyListener) for a listener's default certificate (the SNI list stays),
    C(AddListenerCertificates) then C(RemoveListenerCertificates) for SNI certificates,
    C(SetLoadBalancerListenerSSLCertificate) for Classic ELB listeners, only C(ViewerCertificate.ACMCertificateArn)
    of a CloudFront distribution (read with its ETag, written with C(IfMatch), re-read and retried on
    C(PreconditionFailed)), patch operations for API Gateway v1 and C(DomainNameConfigurations) for v2.
  - The old certificate is deleted (O(delete_old)) only if the new one carries the tag
    C(certshift:replaces=<old ARN>), even for explicit O(pairs). This proves the two belong together and keeps a
    rollback (the pair reversed) from deleting the replacement. All of its consumers must have been switched.
    A scan taken after its consumers were switched must find no consumer (for a certificate with nothing to
    switch, this run's scan, so it is deleted while the others' consumers are switched), and ACM must show it
    unused (C(InUse) in the search, else an empty C(InUseBy), waiting up to O(in_use_wait_timeout) for ACM's lag).
    C(ResourceInUseException) means it is still in use. An already deleted certificate is fine.
  - Rollback is the same module with the pair reversed (see playbook C(certshift.acm.rollback_acm)).
author:
  - certshift.acm developers (@certshift)
options:
  pairs:
    description:
      - Old certificates and their replacements, as C(old) and C(new) ARNs in the module's region.
      - Mutually exclusive with O(certificate_arns).
    type: list
    elements: dict
    suboptions:
      old:
        description: ARN of the certificate to move consumers away from.
        type: str
        required: true
      new:
        description: ARN of the certificate to move them to.
        type: str
        required: true
  certificate_arns:
    description:
      - Old certificates whose replacement is the certificate tagged C(certshift:replaces=<old ARN>), as
        M(certshift.acm.acm_dns_migrate) requests it. A certificate that no longer exists counts as retired.
      - Mutually exclusive with O(pairs).
    type: list
    elements: str
  deployed_wait_timeout:
    description:
      - Seconds to wait for a CloudFront distribution to become C(Deployed). Applies after a change with
        O(wait_deployed), and before a change when another one is still in progress.
      - Named as in M(certshift.acm.acm_migrate); C(wait_timeout) means the validation wait there, so the
        alias O(wait_timeout) is deprecated.
    type: int
    default: 1800
    aliases: [wait_timeout]
  allow_planned_replacement:
    description:
      - In check mode only, an old certificate with no replacement yet is planned as if
        M(certshift.acm.acm_dns_migrate) had requested it (same names, tagged as replacing it). This lets a
        playbook's C(--check) run predict every swap of a migration.
      - The planned ARN has the old certificate's region and account and an ID derived from the old ARN; the pair
        reports C(new_certificate_planned=true). Ignored outside check mode.
    type: bool
    default: false
notes:
  - Supports check mode and diff mode. Check mode returns the exact swap actions of a real run. The delete of an
    old certificate is predicted from what ACM shows before the swap. A real run may still hold it while
    C(InUseBy) lags.
  - API Gateway edge domain names in other regions than the module's can use a us-east-1 certificate. They are
    not scanned, but they appear in C(InUseBy) and therefore hold the delete as unknown consumers.
extends_documentation_fragment:
  - certshift.acm.swap
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Switch consumers to the tagged replacements and delete the old certificates
  certshift.acm.acm_cert_swap:
    region: eu-west-1
    certificate_arns:
      - arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555
    delete_old: true

- name: Roll back, restoring the old certificate while it exists
  certshift.acm.acm_cert_swap:
    region: us-east-1
    pairs:
      - old: arn:aws:acm:us-east-1:123456789012:certificate/new-one
        new: arn:aws:acm:us-east-1:123456789012:certificate/old-one
    wait_deployed: true
"""

RETURN = r"""
changed:
  description: Whether a consumer was switched or a certificate deleted (check mode predicts it).
  returned: always
  type: bool
region:
  description: The region worked.
  returned: always
  type: str
actions:
  description:
    - One record per consumer of an old certificate, plus one C(delete) record per deleted old certificate.
  returned: always
  type: list
  elements: dict
  contains:
    resource_type:
      description: C(elbv2_default), C(elbv2_sni), C(elb), C(cloudfront), C(apigateway), C(apigatewayv2),
        C(apigateway_private), C(transfer),
        C(vpc_lattice), C(opensearch), C(cognito) or C(acm_certificate).
      type: str
    resource_arn:
      description: Load balancer, distribution, domain name, Transfer Family server, VPC Lattice service, OpenSearch
        domain, user pool or certificate ARN.
      type: str
    listener_arn:
      description: ELBv2 listener.
      type: str
    port:
      description: Listener port (load balancers).
      type: int
    load_balancer_name:
      description: Load balancer name.
      type: str
    distribution_id:
      description: CloudFront distribution ID.
      type: str
    aliases:
      description: CloudFront aliases.
      type: list
      elements: str
    domain_name:
      description: API Gateway custom domain name, or OpenSearch domain name.
      type: str
    custom_endpoint:
      description: OpenSearch domain's custom endpoint (the host name it serves).
      type: str
    domain:
      description: Cognito user pool custom domain.
      type: str
    user_pool_id:
      description: Cognito user pool of the custom domain.
      type: str
    user_pool_region:
      description: Region of that user pool.
      type: str
    cloudfront_distribution:
      description: The AWS-managed CloudFront distribution serving a Cognito custom domain.
      type: str
    endpoint_type:
      description: API Gateway endpoint type (C(EDGE) or C(REGIONAL)).
      type: str
    domain_name_id:
      description: API Gateway private custom domain name's ID (with O(consumer_types) V(apigateway_private)).
      type: str
    role:
      description:
        - What the certificate does for an API Gateway domain name, C(certificate) (serves it) or
          C(ownership_verification) (proves its ownership for mutual TLS; switched in that field only).
      type: str
    patch_path:
      description: API Gateway v1 field the switch replaces (C(/certificateArn), C(/regionalCertificateArn),
        C(/ownershipVerificationCertificateArn)).
      type: str
    field:
      description: API Gateway v2 domain name configuration field the switch replaces.
      type: str
    server_id:
      description: Transfer Family server ID.
      type: str
    protocols:
      description: Transfer Family server protocols.
      type: list
      elements: str
    service_id:
      description: VPC Lattice service ID.
      type: str
    service_name:
      description: VPC Lattice service name.
      type: str
    action:
      description: C(swap_default), C(swap_sni), C(swap), C(none) or C(delete).
      type: str
    before:
      description: Certificate ARN before.
      type: str
    after:
      description: Certificate ARN after (null for C(delete)).
      type: str
    reason:
      description: Why a consumer is left alone (action C(none)).
      type: str
    owner:
      description: The infrastructure code that owns the consumer (C(kind) V(cloudformation) with C(stack),
        C(logical_id) and C(template_location) where found, V(elasticbeanstalk) with C(environment),
        V(aws_load_balancer_controller) with C(cluster), or V(tag) with the matching C(tag); C(name) in words).
      returned: for owned consumers
      type: dict
    code_change:
      description: The edit the owner's code needs so that its next apply keeps the new certificate (C(resource),
        C(owner), C(property), C(before), C(after), C(template_location) where a CloudFormation template shows
        the parameter or property path). An owned consumer is held (action C(none)) unless
        O(switch_owned_consumers).
      returned: for owned consumers
      type: dict
    old_certificate_arn:
      description: The pair the action belongs to.
      type: str
    new_certificate_arn:
      description: The pair the action belongs to.
      type: str
pairs:
  description: Per (old, new) pair.
  returned: always
  type: list
  elements: dict
  contains:
    old_certificate_arn:
      description: Old certificate.
      type: str
    new_certificate_arn:
      description: Replacement (null if the old one is already gone and none was looked up).
      type: str
    old_status:
      description: The old certificate's ACM status before the run, or C(absent).
      type: str
    consumers:
      description: Number of consumers of the old certificate found.
      type: int
    switched:
      description: Number of consumers switched (or to switch, in check mode).
      type: int
    unknown_consumers:
      description: C(InUseBy) ARNs nothing in the index explains.
      type: list
      elements: str
    new_certificate_planned:
      description: The new certificate is only planned (check mode with O(allow_planned_replacement)).
      type: bool
    deleted:
      description: Whether the old certificate was (check mode - would be) deleted.
      type: bool
    delete_held:
      description: Why the old certificate was kept although O(delete_old) was set.
      type: str
    verified:
      description: With O(verify_serving), one TLS probe finding per name served.
      type: list
      elements: dict
    new_certificate_state:
      description:
        - The replacement as ACM reports it at the end of a real run (not in check mode), read from
          SearchCertificates pages rather than a DescribeCertificate per certificate.
        - A DNS-validated certificate renews by itself while it is in use and its validation
          CNAME stays in DNS.
      type: dict
      contains:
        status:
          description: ACM status, for example C(ISSUED).
          type: str
        validation_method:
          description: C(DNS) for a replacement requested by acm_dns_migrate.
          type: str
        in_use:
          description: Whether ACM reports the replacement in use.
          type: bool
        renewal_eligibility:
          description: ACM's C(RenewalEligibility).
          type: str
diff:
  description: Consumer -> certificate ARN before and after; deleted certificates as present/absent.
  returned: always
  type: dict
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.certshift.acm.plugins.module_utils._aws.aws_clients import Clients
from ansible_collections.certshift.acm.plugins.module_utils.argument_specs import swap_options
from ansible_collections.certshift.acm.plugins.module_utils._swap.cert_swap import CertSwap
from ansible_collections.certshift.acm.plugins.module_utils.errors import fail_on_error
from ansible_collections.certshift.acm.plugins.module_utils._probe.https_probe import parse_resolve
from ansible_collections.certshift.acm.plugins.module_utils.input_checks import (check_non_negative, check_port,
                                                                                 check_region, check_selection)
from ansible_collections.certshift.acm.plugins.module_utils.module_warnings import warn


def main():
    argument_spec = dict(
        pairs=dict(type="list", elements="dict",
                   options=dict(old=dict(type="str", required=True), new=dict(type="str", required=True))),
        certificate_arns=dict(type="list", elements="str"),
        deployed_wait_timeout=dict(type="int", default=1800, aliases=["wait_timeout"],
                                   deprecated_aliases=[dict(name="wait_timeout", version="2.0.0",
                                                            collection_name="certshift.acm")]),
        allow_planned_replacement=dict(type="bool", default=False),
        **swap_options(),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        mutually_exclusive=[("pairs", "certificate_arns")],
        required_one_of=[("pairs", "certificate_arns")],
        supports_check_mode=True,
    )
    with fail_on_error(module):
        clients = Clients(module)
        check_region(clients.region, session=clients.session)
        check_selection(module.params, "certificate_arns", empty_ok=("certificate_arns",))
        check_non_negative(module.params, "in_use_wait_timeout", "deployed_wait_timeout", "min_days_valid")
        check_port(module.params, "verify_port")
        parse_resolve(module.params["resolve"])
        swap = CertSwap(clients, module.params, check_mode=module.check_mode)
        result = swap.run()
    for warning in swap.warnings:
        warn(warning)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
