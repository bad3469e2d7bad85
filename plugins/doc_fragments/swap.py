# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Options of acm_cert_swap and acm_migrate: how consumers are switched and old certificates retired."""
    DOCUMENTATION = r"""
options:
  delete_old:
    description:
      - Delete each replaced certificate once nothing uses it (see the description for the conditions). A
        certificate migrated in place is never deleted (it is the same certificate).
      - V(false) here, so that the module called on its own never deletes anything and the originals stay for a
        rollback (the pair reversed, as the playbook C(certshift.acm.rollback_acm) does). The playbook
        C(certshift.acm.migrate_acm) sets it from its variable C(acm_delete_old), V(true) by default, since a
        finished replacement leaves the old certificate unused; set C(acm_delete_old=false) there to keep the
        originals for a rollback.
    type: bool
    default: false
  in_use_wait_timeout:
    description: Seconds to wait after the swap for ACM's C(InUseBy) to drop the switched consumers before the delete is held.
    type: int
    default: 300
  wait_deployed:
    description:
      - Wait until each changed CloudFront distribution is C(Deployed) again.
      - An old certificate is never deleted while a distribution that now serves its replacement is still
        C(InProgress) (for example after an interrupted run), since edge locations may still serve the old one.
        With O(wait_deployed) the delete waits for C(Deployed); without it the delete is held and the next run
        deletes it.
    type: bool
    default: false
  verify_serving:
    description:
      - After swapping, connect over TLS to every name the switched consumers serve and check that the new
        certificate is served. CloudFront aliases, API Gateway domain names, and the non-wildcard names of the old
        certificate for load balancers. A name serving anything else fails the task and holds the delete.
        An ownership-verification certificate is never served and is not probed; a private API Gateway domain
        name answers only inside its VPC (use O(resolve) to reach it through its VPC endpoint).
    type: bool
    default: false
  verify_port:
    description: Port used by O(verify_serving).
    type: int
    default: 443
  resolve:
    description:
      - Curl-style C(host:port:address) overrides for O(verify_serving).
    type: list
    elements: str
    default: []
  consumer_types:
    description:
      - Consumer types to switch. Consumers of other types keep the old certificate, are reported with action
        C(none), and hold its delete.
      - V(elasticbeanstalk) switches an Elastic Beanstalk environment's listener certificate option with
        C(UpdateEnvironment); the load balancer behind an environment is never switched as V(elbv2) or V(elb)
        (Beanstalk would put its own certificate back).
      - V(apigateway_private) switches API Gateway private custom domain names (endpoint type C(PRIVATE)), named by
        domain name and domain name ID; their old certificate's delete waits while a domain is C(UPDATING).
        V(apigateway), V(apigatewayv2) and V(apigateway_private) also switch a domain's ownership-verification
        certificate (mutual TLS) in its own field.
    type: list
    elements: str
    choices: [elbv2, elb, cloudfront, apigateway, apigatewayv2, transfer, vpc_lattice, opensearch, cognito,
              elasticbeanstalk, apigateway_private]
    default: [elbv2, elb, cloudfront, apigateway, apigatewayv2, transfer, vpc_lattice, opensearch, cognito,
              elasticbeanstalk, apigateway_private]
  min_days_valid:
    description: The new certificate must stay valid at least this many days.
    type: int
    default: 30
  owner_tags:
    description:
      - Your own tag convention for resources owned by infrastructure code, C(Key=Value) or C(Key) (for example
        V(ManagedBy=terraform), as Terraform's C(default_tags) set it). A consumer whose load balancer,
        distribution or domain name carries one is owned.
      - CloudFormation (the C(aws:cloudformation:stack-name) tags it puts on what it creates;
        C(DescribeStackResources) by physical ID for a listener, which carries none, or for every consumer where
        C(tag:GetResources) is not allowed), Elastic Beanstalk (C(elasticbeanstalk:environment-name)) and the AWS Load Balancer Controller
        (C(elbv2.k8s.aws/cluster), C(ingress.k8s.aws/stack)) are recognised without it.
    type: list
    elements: str
    default: []
  switch_owned_consumers:
    description:
      - Switch consumers that infrastructure code owns (see O(owner_tags)). A switch made outside that code is
        undone at its next apply (CloudFormation writes the old ARN back, and rolls back once it is deleted;
        Terraform sees drift; Beanstalk and the Load Balancer Controller reconcile by themselves).
      - V(false) keeps an owned consumer on the old certificate (action C(none) with the reason), holds the old
        certificate's delete, and reports in C(code_change) the edit to make in that code (resource, owner,
        property, old ARN and new ARN, and for CloudFormation the template parameter or property path where the
        template shows it). Make the change, apply it, and run again to retire the old certificate.
      - V(true) switches them too; C(code_change) still says what to write into the code before its next apply.
    type: bool
    default: false
"""
