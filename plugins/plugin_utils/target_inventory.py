# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The acm_targets inventory's entry points: its options checked before any AWS call, and
one discovery run turned into (targets, warnings)."""

from __future__ import annotations

from ansible.errors import AnsibleError

try:
    import botocore.exceptions
except ImportError:  # amazon.aws's require_aws_sdk reports it
    pass

from ansible_collections.certshift.acm.plugins.plugin_utils.target_discovery import Discovery, Sessions
from ansible_collections.certshift.acm.plugins.plugin_utils.target_hosts import DEFAULT_CERTIFICATE_FILTER, bad_account_ids

# The plugin's own options (the connection options are amazon.aws's).
OPTION_NAMES = ("accounts", "organizational_units", "include_accounts", "exclude_accounts", "role_name",
                "external_id", "session_name", "account_profiles", "regions", "skip_empty", "certificate_filter",
                "host_name_source", "group_by_ou", "max_concurrency")
FILTER_KEYS = ("And", "Or", "Not", "Filter")


def check_options(options):
    """The first problem with ``options`` as one sentence naming the option and the fix, or None."""
    accounts = options.get("accounts") or "organization"
    if accounts != "organization":
        if not isinstance(accounts, list) or not accounts:
            return "accounts must be 'organization' or a list of 12-digit account IDs (for example ['111122223333'])"
    for name in ("accounts", "include_accounts", "exclude_accounts"):
        values = options.get(name)
        bad = bad_account_ids(values if isinstance(values, list) else [])
        if bad:
            return f"{name} has {', '.join(repr(b) for b in bad)}, which is not a 12-digit AWS account ID; fix the list"
    regions = options.get("regions") or "enabled"
    if regions != "enabled" and (not isinstance(regions, list) or not regions
                                 or not all(isinstance(r, str) and r for r in regions)):
        return "regions must be 'enabled' or a non-empty list of region names (for example [eu-west-1, us-east-1])"
    statement = options.get("certificate_filter")
    if statement is not None and (not isinstance(statement, dict) or not statement
                                  or set(statement) - set(FILTER_KEYS) or len(statement) != 1):
        return ("certificate_filter must be one SearchCertificates FilterStatement: a mapping with exactly one of "
                f"{', '.join(FILTER_KEYS)} (for example {{Filter: {{AcmCertificateMetadataFilter: "
                "{ValidationMethod: EMAIL}}}})")
    profiles = options.get("account_profiles") or {}
    bad = bad_account_ids(list(profiles))
    if bad:
        return f"account_profiles has key {bad[0]!r}, which is not a 12-digit AWS account ID; fix the mapping"
    if options.get("max_concurrency") is not None and options["max_concurrency"] < 1:
        return "max_concurrency must be 1 or more"
    return None


def discover(connection, endpoint, region, options):
    """(targets, warnings) for ``options``; raises AnsibleError only when the caller's own
    credentials do not work (nothing could be listed at all)."""
    options = dict(options)
    options["account_profiles"] = {str(k): v for k, v in (options.get("account_profiles") or {}).items()}
    if options.get("certificate_filter") is None:
        options["certificate_filter"] = DEFAULT_CERTIFICATE_FILTER
    discovery = Discovery(Sessions(connection, endpoint, max_pool=max(10, options.get("max_concurrency") or 20)),
                          options, region)
    try:
        targets = discovery.targets()
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        code = e.response.get("Error", {}).get("Code") if isinstance(e, botocore.exceptions.ClientError) else type(e).__name__
        raise AnsibleError(f"acm_targets could not identify the caller ({code}): give working AWS credentials "
                           "(a profile, access keys or the AWS_* environment) and, against a test endpoint, "
                           "endpoint_url") from None
    return targets, discovery.warnings
