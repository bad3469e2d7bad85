#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: acm_renewal_check
short_description: Tell which ACM certificates of a region will not renew by themselves, and why
version_added: 0.1.0
description:
  - Lists every certificate of the region (every key type), describes them concurrently within ACM's rate quotas
    and judges each one C(ready), C(at_risk) or C(will_not_renew) with reasons and a recommendation.
  - "Who uses each certificate (C(in_use_by)) comes from one scan of the region's load balancers (ELBv2 and Classic),
    API Gateway custom domain names (public and private, and their ownership-verification certificates), Transfer
    Family servers, VPC Lattice services and, in us-east-1, CloudFront
    distributions. A certificate ACM reports in use that
    the scan cannot explain (another service, such as an AppSync domain) is looked up in ACM's own C(InUseBy). Where
    the scan is not allowed, every certificate in use is looked up in ACM instead, with a warning."
  - "Email-validated certificates: applies ACM's historical HTTPS renewal rule. For every name on the certificate the
    names that had to serve it over HTTPS (C(example.com) and C(*.example.com) need C(example.com) and
    C(www.example.com); C(sub.example.com) needs C(sub.example.com) and C(www.sub.example.com)) are probed
    concurrently with a TLS handshake using SNI (no request is sent), and the served leaf certificate is compared with
    the ACM certificate. The rule is historical: current ACM mails the domain contacts for approval, so the
    recommendation for every email-validated certificate is to migrate it to DNS validation."
  - "Probes whose answer cannot change the verdict are skipped (O(probe) V(auto)): for example a certificate nothing
    uses, which ACM does not renew whatever its sites serve, or one expired or whose renewal FAILED. The decision is
    the verdict itself, judged as if every name served the certificate, as if no probe were conclusive and as if no
    name served it: where all three agree, C(https_rule) says C(skipped) and why (C(skip_reason))."
  - "Probe names are resolved with dnspython, never the C library's C(getaddrinfo) (which has no timeout): the
    O(resolve) overrides first, then O(nameservers) or the system's C(/etc/resolv.conf); A, and AAAA only where a
    name has no A records. Each query has its own timeout (O(dns_timeout)) and is asked again up to O(dns_retries)
    times after an exponential backoff; at most O(dns_concurrency) queries are in flight, halved when answers go
    missing and grown by one per answer. Names are looked up shortest first and, as RFC 8020 allows, nothing below a
    name that does not exist (NXDOMAIN) is asked; a parent several probe names share is asked once first. The DNS
    checks below use the same lookups."
  - "DNS-validated certificates: checks that every validation CNAME still resolves to the value ACM expects and that
    CAA records, where present (RFC 8659, closest ancestor with CAA), let Amazon issue. A missing or wrong CNAME or a
    CAA record that forbids Amazon makes the certificate C(at_risk), with the exact record to restore."
  - "Exportable certificates (C(Options.Export) V(ENABLED)) are C(at_risk), never C(ready): ACM renews them only if
    they were exported since they were issued or last renewed, which the API cannot show, and every exported copy
    stays the old certificate until it is exported again."
  - "HTTP-validated certificates (requested through CloudFront, C(ManagedBy) V(CLOUDFRONT), an C(HttpRedirect) per
    name) renew by themselves while a CloudFront distribution uses them and so serves the redirect: C(ready) while in
    use by a distribution, otherwise C(at_risk)."
  - "Email-validated certificates also get the human work they cost: C(approvals_per_year), the date the next approval
    mails go out (C(next_approval_mail), when the renewal window opens 45 days before expiry) and the days left; the
    summary totals C(approvals_per_year) over the region, what migrating to DNS validation removes."
  - This module never changes anything.
author:
  - certshift.acm developers (@certshift)
options:
  certificate_arns:
    description:
      - Only these certificates (ARNs in the module's region). An ARN that does not exist is an error.
      - Given, it must name at least one certificate; an empty list or a blank entry is an error, never
        "every certificate".
    type: list
    elements: str
    aliases: [arns]
  domains:
    description:
      - Only certificates with a name (domain name or SAN) matching one of these shell-style patterns,
        for example C(*.example.com) or C(api.*). Given, it must hold at least one pattern and no blank one.
    type: list
    elements: str
  validation_methods:
    description:
      - Only certificates validated this way (C(NONE) for imported certificates).
    type: list
    elements: str
    choices: [EMAIL, DNS, HTTP, NONE]
    default: []
  statuses:
    description:
      - Only certificates in these ACM statuses. Empty means every status.
    type: list
    elements: str
    choices: [PENDING_VALIDATION, ISSUED, INACTIVE, EXPIRED, VALIDATION_TIMED_OUT, REVOKED, FAILED]
    default: []
  check_https:
    description:
      - Probe the HTTPS renewal rule names of email-validated certificates. V(false) is the same as O(probe) V(never)
        (kept from before O(probe)); it cannot go with O(probe) V(always).
    type: bool
    default: true
  probe:
    description:
      - Which email-validated certificates get their HTTPS rule names probed.
      - V(auto) skips the probes whose answer cannot change the verdict (a certificate nothing uses, expired, or
        whose renewal ACM reports FAILED); their C(https_rule) says C(skipped) and C(skip_reason).
      - V(always) probes every one; V(never) none (their verdict then says the rule was not checked).
    type: str
    choices: [auto, always, never]
    default: auto
  resolve:
    description:
      - Curl-style C(host:port:address) entries that override name resolution for the HTTPS probes,
        for example C(www.example.com:443:192.0.2.10).
    type: list
    elements: str
    default: []
  port:
    description:
      - Port of the HTTPS probes. ACM's rule used 443; another port is for tests and tunnels.
    type: int
    default: 443
  timeout:
    description:
      - Seconds for each TLS handshake. DNS queries have their own O(dns_timeout).
    type: float
    default: 5
  probe_concurrency:
    description:
      - How many HTTPS probes run at once.
    type: int
    default: 20
  check_dns:
    description:
      - Check the validation CNAMEs and CAA records of DNS-validated certificates.
    type: bool
    default: true
  nameservers:
    description:
      - DNS servers (C(ip) or C(ip:port)) for the DNS checks and the HTTPS probes' address lookups.
        Empty means the system's resolver (C(/etc/resolv.conf), read by dnspython). A server that does not answer
        is an error.
      - Where the host has no resolver configured and none is given, each lookup fails with that reason (the
        certificates it concerns are C(at_risk), and a warning says so); O(resolve) entries still work.
    type: list
    elements: str
    default: []
  dns_timeout:
    description:
      - Seconds each DNS query (one try, to each nameserver) waits for its answer.
    type: float
    default: 2
  dns_retries:
    description:
      - How many times a DNS query that got no answer (a timeout or SERVFAIL) is asked again, after 0.2, 0.4, 0.8...
        seconds. An answer, NXDOMAIN and REFUSED included, is never asked again.
    type: int
    default: 2
  dns_concurrency:
    description:
      - At most this many DNS queries in flight. The window starts there, halves when a query times out (once per
        burst) and grows by one per answer, never below 1.
    type: int
    default: 16
  now:
    description:
      - Judge as if it were this ISO 8601 date and time (UTC unless it says otherwise), for deterministic results.
        Default is the current time.
    type: str
  owner_tags:
    description:
      - Your own tag convention for resources owned by infrastructure code, C(Key=Value) or C(Key) (for example
        V(ManagedBy=terraform), as Terraform's C(default_tags) set it). CloudFormation, Elastic Beanstalk and the
        AWS Load Balancer Controller are recognised without it.
      - The owners of the consumers of email-validated certificates are reported (RV(certificates[].consumer_owners))
        and the recommendation says that the in-place migration leaves their code unchanged.
    type: list
    elements: str
    default: []
notes:
  - One invocation covers the whole region; use O(certificate_arns) or O(domains) to narrow it, not a loop.
  - Needs the Python libraries C(cryptography) (to compare served certificates) and C(dnspython) (for DNS checks).
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Which certificates of eu-west-1 will not renew by themselves?
  certshift.acm.acm_renewal_check:
    region: eu-west-1
  register: renewal

- name: Show those that need action
  ansible.builtin.debug:
    msg: "{{ item.domain_name }}: {{ item.verdict }} - {{ item.recommendation }}"
  loop: "{{ renewal.certificates | rejectattr('verdict', 'equalto', 'ready') }}"
  loop_control:
    label: "{{ item.certificate_arn }}"

- name: Email-validated certificates only, probing a staging address and an internal DNS server
  certshift.acm.acm_renewal_check:
    region: us-east-1
    validation_methods: [EMAIL]
    resolve:
      - example.com:443:192.0.2.10
      - www.example.com:443:192.0.2.10
    nameservers: [10.0.0.2]
    now: "2025-06-01T00:00:00Z"

- name: Probe every email-validated certificate, even unused ones, on a resolver that loses queries
  certshift.acm.acm_renewal_check:
    region: eu-west-1
    probe: always
    dns_timeout: 1
    dns_retries: 4
    dns_concurrency: 8
"""

RETURN = r"""
region:
  description: The region checked.
  returned: always
  type: str
  sample: eu-west-1
checked_at:
  description: The time the verdicts refer to (O(now) or the current time), ISO 8601 UTC.
  returned: always
  type: str
  sample: "2025-06-01T00:00:00Z"
note:
  description: States that the HTTPS rule is ACM's historical one and that current ACM sends approval mails.
  returned: always
  type: str
summary:
  description: Counts over RV(certificates).
  returned: always
  type: dict
  contains:
    total:
      description: Number of certificates.
      type: int
    by_verdict:
      description: Count per verdict (C(ready), C(at_risk), C(will_not_renew)).
      type: dict
    by_validation_method:
      description: Count per validation method (C(EMAIL), C(DNS), C(HTTP), C(NONE)).
      type: dict
    by_days_to_expiry:
      description: Count per days-to-expiry bucket (C(expired), C(0-7), C(8-30), C(31-45), C(46-90), C(91-198), C(199+)).
      type: dict
    by_validation_method_and_verdict:
      description: Verdict counts per validation method.
      type: dict
    in_renewal_window:
      description: Certificates within 45 days of expiry.
      type: int
    needs_action:
      description: Certificates that are C(at_risk) or C(will_not_renew).
      type: int
    approvals_per_year:
      description: Renewal approvals a year summed over the email-validated certificates (RV(certificates[].approvals_per_year)),
        the human work that migrating them to DNS validation removes.
      type: float
      sample: 9.6
    not_probed:
      description: Certificates whose HTTPS probes were skipped because no answer could change their verdict
        (RV(certificates[].https_rule) says why for each).
      type: int
      sample: 3
certificates:
  description: One entry per certificate, soonest expiry first.
  returned: always
  type: list
  elements: dict
  contains:
    certificate_arn:
      description: ARN.
      type: str
    domain_name:
      description: Main name.
      type: str
    subject_alternative_names:
      description: Every name on the certificate.
      type: list
    type:
      description: C(AMAZON_ISSUED), C(IMPORTED) or C(PRIVATE).
      type: str
    validation_method:
      description: C(EMAIL), C(DNS), C(HTTP) or null (imported).
      type: str
    status:
      description: ACM status.
      type: str
    key_algorithm:
      description: Key algorithm, for example C(RSA-2048) or C(EC-prime256v1).
      type: str
    not_after:
      description: Expiry, ISO 8601 UTC.
      type: str
    days_to_expiry:
      description: Whole days left (negative once expired).
      type: int
    in_renewal_window:
      description: Whether managed renewal has started (45 days or fewer left).
      type: bool
    renewal_status:
      description: ACM RenewalSummary status, if any.
      type: str
    renewal_status_reason:
      description: ACM RenewalSummary reason, if any.
      type: str
    in_use:
      description: Whether an AWS service uses the certificate.
      type: bool
    in_use_by:
      description: ARNs of the resources using it (load balancer, distribution, custom domain name, server or service ARNs, as ACM's
        C(InUseBy) lists them), from the consumer scan or, where the scan explains none, from ACM.
      type: list
    used_by:
      description: The entries of RV(certificates[].in_use_by) as they read in a message; a consumer that cannot take
        another certificate in place (an AppSync custom domain, an IoT Core domain configuration, a Verified Access
        endpoint) is named by its kind and name, for example V(AppSync custom domain api.example.com (arn:...)).
      type: list
      elements: str
    unswitchable_consumers:
      description: Users of an EMAIL-validated certificate that no consumer scan can switch to another certificate
        (AppSync custom domains, IoT domain configurations, CloudFront-managed resources...); only an in-place
        migration keeps serving them, and the recommendation says so.
      type: list
    consumer_owners:
      description:
        - Consumers of an EMAIL-validated certificate that infrastructure code owns, each with C(type),
          C(resource_arn) (the listener for a load balancer listener) and C(owner) (C(kind) V(cloudformation) with
          C(stack) and C(logical_id), V(elasticbeanstalk) with C(environment), V(aws_load_balancer_controller) with
          C(cluster), or V(tag) with the C(tag) of O(owner_tags) that matched; C(name) says it in words).
        - Their code names the certificate's ARN; a replacement would have to be written into it, the in-place
          migration keeps it.
      type: list
      elements: dict
    update_summary:
      description: ACM's in-place validation-method update (C(status) V(PENDING_DOMAIN_VALIDATION), V(SUCCESS) or
        V(FAILED) once expired, C(type), C(from), C(to), C(requested_at), C(updated_at)), or null. A migration in
        progress is C(at_risk) with the records still missing (C(dns_fixes)), an expired one C(at_risk) to start again.
      type: dict
    in_place_migration:
      description:
        - Where its in-place migration to DNS validation stands, read from RV(certificates[].update_summary), or null
          without one. C(state) V(pending), V(expired) or V(succeeded); C(requested_at), C(updated_at);
          C(records) (how many CNAMEs ACM asks for) and C(records_missing) (how many of them do not resolve yet), null
          once it succeeded and C(records_missing) null where they were not looked up in DNS; C(detail), the rest in
          words for the reports.
      type: dict
      sample: {"state": "pending", "requested_at": "2025-06-01T00:00:00Z", "updated_at": null, "records": 2,
               "records_missing": 1, "detail": "since 2025-06-01, 1 of 2 record(s) still missing"}
    managed_by:
      description: C(CLOUDFRONT) for a certificate requested through CloudFront (HTTP-validated), else null.
      type: str
    exportable:
      description: Whether it was requested with C(Options.Export) V(ENABLED); such a certificate is C(at_risk)
        (reason code C(exported)) because the API cannot show whether it was exported since its last renewal.
      type: bool
    approvals_per_year:
      description:
        - Email-validated, ACM-issued, issued and unexpired certificates (null for any other). Renewal approvals a
          year its validity implies, 365 divided by its validity in days (NotBefore to NotAfter), or by the
          CA/Browser Forum cap in force at its next renewal when that is shorter (200 days from 2026-03-15, 100 from
          2027-03-15, 47 from 2029-03-15). One decimal.
      type: float
      sample: 1.8
    next_approval_mail:
      description: When the next approval mails go out, the day its renewal window opens (45 days before
        C(not_after)), ISO 8601 UTC; null where RV(certificates[].approvals_per_year) is.
      type: str
      sample: "2025-11-01T00:00:00Z"
    days_until_approval_mail:
      description: Whole days from O(now) to RV(certificates[].next_approval_mail); 0 once the window is open (the mails are
        out); null where RV(certificates[].approvals_per_year) is.
      type: int
      sample: 153
    managed_renewal_eligible:
      description: Whether ACM considers the certificate for managed renewal at all (issued by ACM, in use, not expired).
      type: bool
    managed_renewal_ineligible_reasons:
      description: Why not, when it is not eligible.
      type: list
    verdict:
      description: C(ready), C(at_risk) or C(will_not_renew).
      type: str
    reasons:
      description: Human-readable reasons for the verdict.
      type: list
    reason_codes:
      description: Machine-readable reasons, for example C(https_rule_not_met), C(validation_record_missing), C(not_in_use),
        C(exported) (exportable), C(http_not_served) (HTTP-validated, used by no CloudFront distribution).
      type: list
    recommendation:
      description: What to do.
      type: str
    dns_fixes:
      description: Exact DNS records to restore or add (DNS-validated certificates).
      type: list
    https_rule:
      description:
        - Email-validated, issued certificates. C(checked), C(skipped), C(met) and C(names), one per name the rule
          needs, with C(required_by), C(address), C(resolved_by) (V(resolve) for an O(resolve) entry, V(nameservers),
          V(system), or V(negative_cache) for a name below one that does not exist, not asked), C(resolved),
          C(reachable), C(certificate_matches), C(no_site), C(reason) (C(does_not_resolve), C(connection_refused),
          C(timeout), C(tls_error), C(connection_error), C(different_certificate), C(lookup_failed) when DNS gave no
          usable answer after every retry), C(message) and C(served) (fingerprint, subject CN, names, expiry, and
          the ARN when it is another ACM certificate).
        - "Not probed because the answer could not change the verdict (O(probe) V(auto)): only C(checked) V(false),
          C(skipped) V(true) and C(skip_reason), in plain words."
      type: dict
      returned: when probed or skipped (not with O(probe) V(never))
    dns_validation:
      description:
        - DNS-validated certificates. C(records) (name, expected, found, ok, reason C(missing) or C(wrong_value), fix)
          and C(caa) (name, owner of the relevant CAA set, records, allowed, fix).
      type: dict
      returned: when checked
"""

import datetime

from ansible.module_utils.basic import missing_required_lib
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.certshift.acm.plugins.module_utils._consumers import consumer_index, owners
from ansible_collections.certshift.acm.plugins.module_utils._aws.aws_clients import Clients
from ansible_collections.certshift.acm.plugins.module_utils._dns.dns_lookup import HAS_DNSPYTHON
from ansible_collections.certshift.acm.plugins.module_utils.errors import fail_on_error
from ansible_collections.certshift.acm.plugins.module_utils._probe.https_probe import HAS_CRYPTOGRAPHY
from ansible_collections.certshift.acm.plugins.module_utils.input_checks import check_selection
from ansible_collections.certshift.acm.plugins.module_utils.module_warnings import warn
from ansible_collections.certshift.acm.plugins.module_utils._audit.renewal_check import parse_now, run


def main():
    argument_spec = dict(
        certificate_arns=dict(type="list", elements="str", aliases=["arns"]),
        domains=dict(type="list", elements="str"),
        validation_methods=dict(type="list", elements="str", default=[], choices=["EMAIL", "DNS", "HTTP", "NONE"]),
        statuses=dict(type="list", elements="str", default=[],
                      choices=["PENDING_VALIDATION", "ISSUED", "INACTIVE", "EXPIRED", "VALIDATION_TIMED_OUT",
                               "REVOKED", "FAILED"]),
        check_https=dict(type="bool", default=True),
        probe=dict(type="str", default="auto", choices=["auto", "always", "never"]),
        resolve=dict(type="list", elements="str", default=[]),
        port=dict(type="int", default=443),
        timeout=dict(type="float", default=5),
        probe_concurrency=dict(type="int", default=20),
        check_dns=dict(type="bool", default=True),
        nameservers=dict(type="list", elements="str", default=[]),
        dns_timeout=dict(type="float", default=2),
        dns_retries=dict(type="int", default=2),
        dns_concurrency=dict(type="int", default=16),
        now=dict(type="str"),
        owner_tags=dict(type="list", elements="str", default=[]),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)
    if not HAS_CRYPTOGRAPHY:
        module.fail_json(msg=missing_required_lib("cryptography"))
    if not HAS_DNSPYTHON:
        module.fail_json(msg=missing_required_lib("dnspython"))

    with fail_on_error(module):
        check_selection(module.params, "certificate_arns", "domains")
        conventions = owners.parse_owner_tags(module.params["owner_tags"])
        now = parse_now(module.params["now"]) or datetime.datetime.now(datetime.timezone.utc)
        clients = Clients(module)
        if not clients.region:
            module.fail_json(msg="No AWS region was given: set the 'region' option or AWS_DEFAULT_REGION")
        region = clients.region
        result = run(clients.acm(), region, module.params, now, warn=warn, session=clients.session,
                     scan_consumers=lambda account: consumer_index.build(clients, region, account),
                     find_owners=lambda records: owners.detect(clients, records, conventions, region))
    module.exit_json(changed=False, **result)


if __name__ == "__main__":
    main()
