# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs shared by modules, matching the doc fragments of the same names."""

from __future__ import annotations

from .option_choices import CONSUMER_TYPES, TSIG_ALGORITHMS


def replacement_options():
    """acm_dns_migrate and acm_migrate (doc fragment certshift.acm.replacement, plus wait and wait_timeout)."""
    return dict(
        strategy=dict(type="str", choices=["auto", "in_place", "replace"], default="auto"),
        certificate_arns=dict(type="list", elements="str"),
        domains=dict(type="list", elements="str"),
        dns_provider=dict(type="str", choices=["route53", "rfc2136", "manual"], default="route53"),
        route53_zone_ids=dict(type="list", elements="str"),
        rfc2136_server=dict(type="str"),
        rfc2136_port=dict(type="int", default=53),
        rfc2136_key_name=dict(type="str", no_log=False),
        rfc2136_key_secret=dict(type="str", no_log=True),
        rfc2136_key_algorithm=dict(type="str", default="hmac-sha256", choices=list(TSIG_ALGORITHMS)),
        validation_record_ttl=dict(type="int", default=300),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=900),
        nameservers=dict(type="list", elements="str", default=[]),
        verify_dns=dict(type="bool", default=False),
        check_caa=dict(type="bool", default=True),
    )


REPLACEMENT_CONSTRAINTS = dict(
    required_if=[("dns_provider", "rfc2136", ["rfc2136_server"])],
    required_together=[("rfc2136_key_name", "rfc2136_key_secret")],
)


def swap_options():
    """acm_cert_swap and acm_migrate (doc fragment certshift.acm.swap)."""
    return dict(
        delete_old=dict(type="bool", default=False),
        in_use_wait_timeout=dict(type="int", default=300),
        wait_deployed=dict(type="bool", default=False),
        verify_serving=dict(type="bool", default=False),
        verify_port=dict(type="int", default=443),
        resolve=dict(type="list", elements="str", default=[]),
        consumer_types=dict(type="list", elements="str", choices=list(CONSUMER_TYPES), default=list(CONSUMER_TYPES)),
        min_days_valid=dict(type="int", default=30),
        owner_tags=dict(type="list", elements="str", default=[]),
        switch_owned_consumers=dict(type="bool", default=False),
    )
