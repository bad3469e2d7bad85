# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Checks of module options the argument spec cannot express, run before any AWS call.

Each raises a CertshiftError naming the option, the bad value and the fix.
"""

from __future__ import annotations

from .errors import CertshiftError


def check_region(region, service="acm", session=None):
    """``region`` must be one botocore knows for ``service`` (any partition); None is left to botocore.
    Pass the run's boto3 ``session`` (aws_clients.Clients.session) so its endpoint data is read once."""
    if not region:
        return
    try:
        import boto3

        session = session or boto3.session.Session()
        known = set()
        for partition in session.get_available_partitions():
            known.update(session.get_available_regions(service, partition_name=partition))
    except Exception:  # noqa: BLE001 - without endpoint data, let AWS judge
        return
    if known and region not in known:
        raise CertshiftError(
            f"region '{region}' is not an AWS region where ACM runs: use a region name such as eu-west-1 "
            "(see 'aws ec2 describe-regions')",
            region=region,
        )


def check_non_negative(params, *names):
    """Every option in ``names`` that is set must be 0 or more."""
    for name in names:
        value = params.get(name)
        if value is not None and value < 0:
            raise CertshiftError(f"{name} is {value}: it must be 0 or more (seconds or days, as documented)",
                                 option=name)


def check_port(params, *names):
    """Every option in ``names`` that is set must be a TCP/UDP port number."""
    for name in names:
        value = params.get(name)
        if value is not None and not 0 < value < 65536:
            raise CertshiftError(f"{name} is {value}: a port must be a number from 1 to 65535", option=name)


def check_selection(params, *names, empty_ok=()):
    """Selection options (``certificate_arns``, ``domains``): not given (None) selects everything; a
    given one must name something, so a blank entry or (except in ``empty_ok``) an empty list is an
    error, never "everything". Entries are trimmed in ``params``."""
    for name in names:
        value = params.get(name)
        if value is None:
            continue
        cleaned = [str(item).strip() if item is not None else "" for item in value]
        blank = [i for i, item in enumerate(cleaned) if not item]
        if blank:
            raise CertshiftError(f"{name} has a blank entry (item {blank[0] + 1} of {len(cleaned)}): remove it, or "
                                 "give what it should name; a blank never selects everything", option=name)
        if not cleaned and name not in empty_ok:
            raise CertshiftError(f"{name} is an empty list, which names nothing: give at least one, or omit {name} "
                                 "to select every certificate of the region", option=name)
        params[name] = cleaned
