# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the acm_targets inventory makes of one discovered account/region target: its host
name, host variables and groups (pure functions, no AWS calls)."""

from __future__ import annotations

import re

from ansible.inventory.group import to_safe_group_name

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19 templates inventory variables without being told
    def trust_as_template(value):
        return value

# Every host is a target of the playbooks (roles/acm_targets adds the same group for in-memory hosts).
TARGETS_GROUP = "acm_targets"

# What skip_empty keeps by default: targets holding a certificate the audit reports on as needing
# action: EMAIL-validated (needs a human at every renewal), or a renewal ACM could not finish.
DEFAULT_CERTIFICATE_FILTER = {"Or": [
    {"Filter": {"AcmCertificateMetadataFilter": {"ValidationMethod": "EMAIL"}}},
    {"Filter": {"AcmCertificateMetadataFilter": {"RenewalStatus": "PENDING_VALIDATION"}}},
    {"Filter": {"AcmCertificateMetadataFilter": {"RenewalStatus": "FAILED"}}},
]}

ACCOUNT_ID = re.compile(r"^[0-9]{12}$")


def host_name(target, source="alias"):
    """``<account-alias-or-id>_<region>`` (``source`` id: always the ID; name: the organization's name)."""
    label = {"alias": target.get("alias"), "name": target.get("name")}.get(source) or target["account_id"]
    return f"{label}_{target['region']}"


def host_vars(target):
    """The variables the playbooks read (acm_region, acm_assume_role_arn and its external ID, acm_aws_profile),
    run locally with the controller's Python like roles/acm_targets' in-memory hosts, plus what discovery learnt."""
    found = {
        "acm_region": target["region"],
        "acm_account_id": target["account_id"],
        "ansible_connection": "local",
        # a template of our own, not of the inventory's data: ansible-core 2.19 templates only what is trusted
        "ansible_python_interpreter": trust_as_template("{{ ansible_playbook_python }}"),
    }
    optional = {
        "acm_assume_role_arn": target.get("role_arn"),
        # AWS: an external ID is not a secret (it guards against the confused deputy, not as a password)
        "acm_assume_role_external_id": target.get("external_id"),
        "acm_aws_profile": target.get("profile"),
        "acm_account_alias": target.get("alias"),
        "acm_account_name": target.get("name"),
        "acm_organizational_unit": target.get("ou"),
        "acm_certificate_count": target.get("certificate_count"),
        "acm_email_certificate_count": target.get("email_certificate_count"),
    }
    found.update({key: value for key, value in optional.items() if value is not None})
    return found


def host_groups(target, source="alias"):
    """acm_targets, then one group per account, region and organizational unit."""
    account = {"alias": target.get("alias"), "name": target.get("name")}.get(source) or target["account_id"]
    groups = [TARGETS_GROUP, f"account_{account}", f"region_{target['region']}"]
    if target.get("ou"):
        groups.append(f"ou_{target['ou']}")
    return [to_safe_group_name(group, force=True, silent=True) for group in groups]


def chosen_accounts(accounts, include=None, exclude=None):
    """``accounts`` ({"id", ...} dicts) kept by include_accounts / exclude_accounts (IDs, aliases not yet
    known here), order kept."""
    include = {str(a) for a in include or []}
    exclude = {str(a) for a in exclude or []}
    return [a for a in accounts if (not include or a["id"] in include) and a["id"] not in exclude]


def bad_account_ids(values):
    """The entries of an accounts / include_accounts / exclude_accounts list that are not 12-digit IDs."""
    return [str(v) for v in values or [] if not ACCOUNT_ID.match(str(v))]


def count_certificates(results):
    """(matching, EMAIL-validated among them) of one target's SearchCertificates results."""
    email = sum(1 for r in results if (r.get("CertificateMetadata", {}).get("AcmCertificateMetadata") or {})
                .get("ValidationMethod") == "EMAIL")
    return len(results), email
