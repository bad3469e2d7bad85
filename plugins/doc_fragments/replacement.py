# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    """Options of acm_dns_migrate and acm_migrate: which certificates, where their validation records go."""
    DOCUMENTATION = r"""
options:
  certificate_arns:
    description:
      - ARNs of the certificates to migrate, all in the module's region. Each must exist.
      - Certificates that cannot be migrated this way (imported, private, already DNS-validated,
        not C(ISSUED)) are reported with a C(skipped) reason.
      - Without it, every C(ISSUED), C(AMAZON_ISSUED), email-validated certificate of the region. Given, it must
        name at least one certificate; an empty list or a blank entry is an error, never "every certificate".
    type: list
    elements: str
  domains:
    description:
      - Only certificates with a name matching one of these shell-style patterns
        (for example V(*.example.com), V(api.*)). Given, it must hold at least one pattern and no blank one.
    type: list
    elements: str
  dns_provider:
    description:
      - Where the validation CNAMEs go.
      - V(route53) UPSERTs them into the public hosted zone of this account whose name is the longest
        suffix of the record name, one change batch per zone, and waits until INSYNC. Private zones are
        ignored. Of several public zones with the same name, the delegated one is used (its NS set equals
        the delegation in the parent zone, or the NS answer from O(nameservers)); otherwise the one
        already holding the record; otherwise the module fails naming the zones.
      - V(rfc2136) sends TSIG-signed dynamic updates to O(rfc2136_server), replacing a stale value, and
        confirms each by a query.
      - V(manual) writes nothing and returns the records; with O(wait) it waits until they resolve.
    type: str
    choices: [route53, rfc2136, manual]
    default: route53
  route53_zone_ids:
    description:
      - With O(dns_provider=route53), the IDs of the public hosted zones the records may go to (C(Z0123...) or
        C(/hostedzone/Z0123...)). Only these zones are read (C(GetHostedZone), no C(ListHostedZones)) and written,
        so the IAM policy can be scoped to them; a name that none of them holds fails before any change.
      - Without it, the account's public zones are listed and the longest matching one is used.
    type: list
    elements: str
  rfc2136_server:
    description: DNS server (primary of the zones) that takes the dynamic updates. Required for V(rfc2136).
    type: str
  rfc2136_port:
    description: Port of O(rfc2136_server).
    type: int
    default: 53
  rfc2136_key_name:
    description: TSIG key name.
    type: str
  rfc2136_key_secret:
    description: TSIG key secret, base64 as in the server's C(key) statement.
    type: str
  rfc2136_key_algorithm:
    description: TSIG algorithm.
    type: str
    default: hmac-sha256
    choices: [hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384, hmac-sha512]
  validation_record_ttl:
    description: TTL of the validation CNAMEs written.
    type: int
    default: 300
  nameservers:
    description:
      - DNS servers (V(ip) or V(ip:port)) for the DNS checks (CAA, O(verify_dns), manual waiting, Route53
        delegation of duplicate zones). Default is the host's resolver.
    type: list
    elements: str
    default: []
  verify_dns:
    description: After publishing, wait until each validation CNAME resolves through O(nameservers).
    type: bool
    default: false
  check_caa:
    description: Before requesting, check that CAA records (RFC 8659, tree climbing) allow Amazon to issue
      for every name; fail naming the record if not. A lookup that fails is a warning.
    type: bool
    default: true
"""
