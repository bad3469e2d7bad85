# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The playbooks' variables, checked once on the controller before any AWS call.

A selection a user gave is taken exactly or refused: a list variable that is set but names
nothing (``" "``, ``"\\n\\n"`` from an empty AWX survey textarea, ``[]``, a template that rendered
to ``""``) is an error naming the variable, never "everything". Unset (or null, as AWX sends a
blank optional survey field) means the documented default. Every problem of a run is reported
together, each naming the variable and the fix; secrets are never quoted.
"""

from __future__ import annotations

import os
import re

from ansible_collections.certshift.acm.plugins.module_utils._certificates.certificate_inventory import ARN_PATTERN
from ansible_collections.certshift.acm.plugins.module_utils._dns.dns_checks import parse_nameservers
from ansible_collections.certshift.acm.plugins.module_utils._dns.dns_publish_route53 import check_zone_id
from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError
from ansible_collections.certshift.acm.plugins.module_utils._probe.https_probe import parse_resolve
from ansible_collections.certshift.acm.plugins.module_utils._audit.probe_need import MODES as PROBE_MODES
from ansible_collections.certshift.acm.plugins.module_utils._dns.tsig import check_key_name, check_key_secret
from ansible_collections.certshift.acm.plugins.module_utils._consumers.owners import parse_owner_tags

REGION_PATTERN = re.compile(r"^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$")
DNS_PROVIDERS = ("route53", "rfc2136", "manual")
STRATEGIES = ("auto", "in_place", "replace")
PLAYBOOKS = ("audit", "migrate", "rollback")
REPORTING = ("audit", "migrate", "rollback")  # the playbooks that write reports to acm_report_dir
DEFAULT_REPORT_DIR = "./acm-reports"

# What a list variable selects when unset, per playbook (said in the error that refuses a blank one).
_UNSET_MEANS = {
    "acm_regions": "the environment's region (AWS_DEFAULT_REGION) or the inventory's acm_targets",
    "acm_certificate_arns": "every certificate of the targeted regions",
    "acm_domains": "certificates of any name",
    "acm_nameservers": "the system's resolver",
    "acm_resolve": "ordinary DNS for the HTTPS probes",
    "acm_route53_zone_ids": "any public hosted zone of the account",
    "acm_rollback_pairs": "the pairs found in AWS by their certshift:replaces tag",
    "acm_owner_tags": "no tag convention of your own (CloudFormation, Beanstalk and the Load Balancer Controller "
                      "are still recognised)",
}
_WHAT = {
    "acm_regions": "a region",
    "acm_certificate_arns": "a certificate ARN",
    "acm_domains": "a name pattern",
    "acm_nameservers": "a nameserver",
    "acm_resolve": "a host:port:address entry",
    "acm_route53_zone_ids": "a hosted zone ID",
    "acm_rollback_pairs": "an {old, new} pair",
    "acm_owner_tags": "a Key=Value or Key tag",
}
LIST_VARIABLES = {
    "audit": ("acm_regions", "acm_certificate_arns", "acm_domains", "acm_nameservers", "acm_resolve",
              "acm_owner_tags"),
    "migrate": ("acm_regions", "acm_certificate_arns", "acm_domains", "acm_nameservers", "acm_resolve",
                "acm_route53_zone_ids", "acm_owner_tags"),
    "rollback": ("acm_regions", "acm_certificate_arns", "acm_domains", "acm_nameservers", "acm_owner_tags"),
}


def as_list(value):
    """A list variable as given: a YAML list, or one item per line (an AWX survey textarea);
    items trimmed, blank ones dropped. None stays None (not given)."""
    if value is None:
        return None
    if isinstance(value, str):
        items = value.splitlines()
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        raise TypeError(type(value).__name__)
    return [text for text in (str(item).strip() for item in items if item is not None) if text]


def _shown(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _list_problem(name, value):
    """(items or None, problem or None) for one given list variable."""
    try:
        items = as_list(value)
    except TypeError as e:
        return None, (f"{name} is a {e}: give a list, or one item per line")
    if items is not None and not items:
        return None, (f"{name} is set to {_shown(value)}, which names nothing: give at least "
                      f"{_WHAT.get(name, 'one item')}, or leave {name} unset for {_UNSET_MEANS.get(name, 'its default')}")
    return items, None


def _each(problems, items, check):
    for item in items or []:
        problem = check(item)
        if problem:
            problems.append(problem)


def _arn_problem(item):
    if not ARN_PATTERN.match(item):
        return (f"'{item}' is not an ACM certificate ARN (in acm_certificate_arns): expected "
                "arn:aws:acm:<region>:<account>:certificate/<id>")
    return None


def _region_problem(item):
    if not REGION_PATTERN.match(item):
        return f"'{item}' is not an AWS region name (expected something like eu-west-1): fix acm_regions"
    return None


def _raised(func, *args):
    try:
        func(*args)
    except CertshiftError as e:
        return e.msg
    return None


def _int_problem(name, value, minimum=0):
    if value is None:
        return None
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        number = None
    if number is None or number < minimum:
        return f"{name} is {_shown(value)}: give a whole number of seconds, {minimum} or more"
    return None


def _bool_problem(name, value):
    if value is None or isinstance(value, bool):
        return None
    if str(value).strip().lower() in ("true", "false", "yes", "no", "1", "0", "on", "off"):
        return None
    return f"{name} is {_shown(value)}: give true or false"


def _number_problem(name, value, whole, minimum, what):
    """``value`` must be a number (``whole``: an integer) of at least ``minimum`` (more than, for a fraction)."""
    if value is None:
        return None
    try:
        number = None if isinstance(value, bool) else (int if whole else float)(str(value).strip())
    except ValueError:
        number = None
    if number is None or number < minimum or (not whole and number <= minimum):
        return f"{name} is {_shown(value)}: give {what}"
    return None


def _audit_problems(given):
    probe = given.get("acm_probe")
    found = []
    if probe is not None and probe not in PROBE_MODES:
        found.append(f"acm_probe is {_shown(probe)}: use auto (the default: skip the HTTPS probes that cannot change "
                     "a verdict), always or never")
    found.extend(p for p in [
        _number_problem("acm_dns_timeout", given.get("acm_dns_timeout"), False, 0, "seconds, more than 0 (default 2)"),
        _number_problem("acm_dns_retries", given.get("acm_dns_retries"), True, 0, "a whole number, 0 or more (default 2)"),
        _number_problem("acm_dns_concurrency", given.get("acm_dns_concurrency"), True, 1,
                        "a whole number, 1 or more (default 16)"),
    ] if p)
    return found


def report_dir_problem(path):
    """Why reports cannot be written to ``path`` (created later if missing), or None."""
    if not isinstance(path, str) or not path.strip():
        return "acm_report_dir is empty: give a directory for the reports (default ./acm-reports)"
    path = os.path.abspath(os.path.expanduser(path))
    probe = path
    while not os.path.exists(probe):
        parent = os.path.dirname(probe)
        if parent == probe:
            break
        probe = parent
    if probe == path and not os.path.isdir(path):
        return f"acm_report_dir {path} exists and is not a directory: give a directory for the reports"
    # root passes os.access on anything, so a file in the way is checked by type, not by permission.
    if not os.path.isdir(probe) or not os.access(probe, os.W_OK | os.X_OK):
        why = "is not a directory" if not os.path.isdir(probe) else "is not writable by this user"
        return (f"acm_report_dir {path} cannot be written ({probe} {why}): give a writable directory; it is "
                "checked before anything changes so the run's report is never lost")
    return None


def _dns_provider_problems(given):
    provider = given.get("acm_dns_provider")
    if provider is None:
        return []
    if provider not in DNS_PROVIDERS:
        return [f"acm_dns_provider is {_shown(provider)}: use route53 (the default), rfc2136 (with "
                "acm_rfc2136_server and a TSIG key) or manual (the records are reported for you to publish)"]
    if provider != "rfc2136":
        return []
    problems = []
    if not str(given.get("acm_rfc2136_server") or "").strip():
        problems.append("acm_dns_provider is rfc2136 but acm_rfc2136_server is not set: give the DNS server "
                        "that accepts dynamic updates (and usually acm_rfc2136_key_name / acm_rfc2136_key_secret)")
    port = given.get("acm_rfc2136_port")
    if port is not None and (_int_problem("acm_rfc2136_port", port, 1) or int(str(port).strip()) > 65535):
        problems.append(f"acm_rfc2136_port is {_shown(port)}: a port must be a number from 1 to 65535")
    name, secret = given.get("acm_rfc2136_key_name") or "", given.get("acm_rfc2136_key_secret") or ""
    if bool(str(name).strip()) != bool(str(secret).strip()):
        problems.append("acm_rfc2136_key_name and acm_rfc2136_key_secret go together: give both or neither")
    elif str(name).strip():
        found = (_raised(check_key_name, str(name)),
                 _raised(check_key_secret, str(name), str(secret), given.get("acm_rfc2136_key_algorithm")))
        problems.extend(p.replace("rfc2136_key", "acm_rfc2136_key") for p in found if p)
    return problems


def _rollback_pairs_problems(value):
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        return [f"acm_rollback_pairs is a {type(value).__name__}: give a list of {{old: <original ARN>, "
                "new: <replacement ARN>}}"]
    if not value:
        return [f"acm_rollback_pairs is set to [], which names nothing: give at least {_WHAT['acm_rollback_pairs']}, "
                f"or leave it unset for {_UNSET_MEANS['acm_rollback_pairs']}"]
    problems = []
    for i, pair in enumerate(value):
        if not isinstance(pair, dict) or set(pair) != {"old", "new"}:
            problems.append(f"acm_rollback_pairs[{i}] is {_shown(pair)}: each entry is {{old: <original ARN>, "
                            "new: <replacement ARN>}} with exactly those two keys")
            continue
        for key in ("old", "new"):
            if not isinstance(pair[key], str) or not ARN_PATTERN.match(pair[key].strip()):
                problems.append(f"acm_rollback_pairs[{i}].{key} is {_shown(pair[key])}: expected an ACM "
                                "certificate ARN (arn:aws:acm:<region>:<account>:certificate/<id>)")
    return problems


def problems(given, playbook):
    """Every problem with the variables ``given`` ({name: value} of those set) for ``playbook``
    (audit, migrate or rollback), each naming the variable and the fix; [] when all is well."""
    if playbook not in PLAYBOOKS:
        raise ValueError(f"playbook must be one of {', '.join(PLAYBOOKS)}")
    found = []
    lists = {}
    for name in LIST_VARIABLES[playbook]:
        if name in given:
            lists[name], problem = _list_problem(name, given[name])
            if problem:
                found.append(problem)
    _each(found, lists.get("acm_regions"), _region_problem)
    _each(found, lists.get("acm_certificate_arns"), _arn_problem)
    if lists.get("acm_nameservers"):
        found.extend(p for p in [_raised(parse_nameservers, lists["acm_nameservers"])] if p)
    if lists.get("acm_resolve"):
        found.extend(p for p in [_raised(parse_resolve, lists["acm_resolve"])] if p)
    if lists.get("acm_owner_tags"):
        found.extend(p.replace("owner_tags", "acm_owner_tags") for p in [_raised(parse_owner_tags, lists["acm_owner_tags"])]
                     if p)
    for zone in lists.get("acm_route53_zone_ids") or []:
        found.extend(p.replace("route53_zone_ids", "acm_route53_zone_ids") for p in [_raised(check_zone_id, zone)] if p)
    if playbook in REPORTING:
        found.extend(p for p in [report_dir_problem(given.get("acm_report_dir", DEFAULT_REPORT_DIR))] if p)
    if playbook == "audit":
        found.extend(_audit_problems(given))
    if playbook == "migrate":
        strategy = given.get("acm_migration_strategy")
        if strategy is not None and strategy not in STRATEGIES:
            found.append(f"acm_migration_strategy is {_shown(strategy)}: use auto (the default: in place wherever ACM "
                         "allows it, replaced where it refuses), in_place (never replaced) or replace (a DNS-validated "
                         "twin, every consumer switched, the old one deleted)")
        found.extend(_dns_provider_problems(given))
        found.extend(p for p in [_int_problem("acm_wait_timeout", given.get("acm_wait_timeout")),
                                 _bool_problem("acm_delete_old", given.get("acm_delete_old")),
                                 _bool_problem("acm_verify_serving", given.get("acm_verify_serving")),
                                 _bool_problem("acm_switch_owned_consumers",
                                               given.get("acm_switch_owned_consumers"))] if p)
        verify = str(given.get("acm_verify_serving", False)).strip().lower() in ("true", "yes", "1", "on")
        if lists.get("acm_resolve") and not verify:
            found.append("acm_resolve is set, but migrate_acm probes HTTPS only with acm_verify_serving: true "
                         "(after the switch): set it, or drop acm_resolve")
    if playbook == "rollback":
        found.extend(_rollback_pairs_problems(given.get("acm_rollback_pairs")))
        found.extend(p for p in [_int_problem("acm_wait_timeout", given.get("acm_wait_timeout")),
                                 _bool_problem("acm_switch_owned_consumers",
                                               given.get("acm_switch_owned_consumers"))] if p)
    return found


def selected_arns(given):
    """The ARNs acm_certificate_arns names (after the checks above), or []."""
    try:
        return as_list(given.get("acm_certificate_arns")) or []
    except TypeError:
        return []


def untargeted_arns(arns, regions):
    """The ARNs of ``arns`` in none of ``regions``, each with its region, as one message or None."""
    outside = [(arn, m.group(1)) for arn, m in ((arn, ARN_PATTERN.match(arn)) for arn in arns)
               if m and m.group(1) not in regions]
    if not outside:
        return None
    listed = "; ".join(f"{arn} (region {region})" for arn, region in outside)
    return (f"acm_certificate_arns names {len(outside)} certificate(s) in no targeted region ("
            f"{', '.join(sorted(regions)) or 'none'}): {listed}. Add the region to acm_regions (or a host with that "
            "acm_region to the acm_targets group), or drop the ARN")
