# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Discovery for the acm_targets inventory: the organization's accounts, credentials in each,
their enabled regions, and (skip_empty) one SearchCertificates per account and region.

Partial access never stops discovery: an account whose role cannot be assumed, a region that
is not enabled, Organizations denied each become one warning naming the account or region and
the fix (``Discovery.warnings``); the other targets are still returned. Messages carry account
IDs, role ARNs and AWS error codes, never credentials.
"""

from __future__ import annotations

import threading

try:
    import boto3
    import botocore.config
    import botocore.exceptions
except ImportError:  # amazon.aws's require_aws_sdk reports it
    pass

from ansible_collections.certshift.acm.plugins.module_utils._aws.acm_api import search_certificates
from ansible_collections.certshift.acm.plugins.module_utils._aws.paging import paginate
from ansible_collections.certshift.acm.plugins.module_utils.concurrency import limit_service_client, map_concurrently
from ansible_collections.certshift.acm.plugins.plugin_utils.target_hosts import chosen_accounts, count_certificates

ENABLED = ("ENABLED", "ENABLED_BY_DEFAULT")
# Organizations, IAM and the Account API are global services: one endpoint per partition, in this region.
GLOBAL_REGION = "us-east-1"
GLOBAL_REGIONS = {"aws": GLOBAL_REGION, "aws-us-gov": "us-gov-west-1", "aws-cn": "cn-northwest-1"}


def _code(error):
    if isinstance(error, botocore.exceptions.ClientError):
        return error.response.get("Error", {}).get("Code") or "error"
    return type(error).__name__


class Sessions:
    """boto3 clients for the caller and for each account's credentials: one session per
    credential set (a session parses botocore's endpoint data once), clients cached."""

    def __init__(self, connection, endpoint=None, max_pool=50):
        self._connection = dict(connection)  # amazon.aws's aws_connect_kwargs (keys, profile, aws_config)
        self._endpoint = endpoint
        self._config = botocore.config.Config(retries={"mode": "adaptive", "max_attempts": 10},
                                              max_pool_connections=max_pool)
        user_config = self._connection.pop("aws_config", None)
        if user_config:
            self._config = self._config.merge(botocore.config.Config(**user_config))
        profile = self._connection.pop("profile_name", None)
        self._own = boto3.session.Session(profile_name=profile)
        self._profiles = {}
        self._lock = threading.Lock()
        self._extra = {k: v for k, v in self._connection.items() if k in ("verify", "aws_ca_bundle")}
        self._keys = {k: v for k, v in self._connection.items()
                      if k in ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")}

    def client(self, service, region, credentials=None):
        """A client of ``service`` in ``region`` with ``credentials`` ({"profile"} or assumed keys;
        None: the caller's own), kept within the service's quotas."""
        kwargs = {"region_name": region, "endpoint_url": self._endpoint, "config": self._config}
        if "verify" in self._extra:
            kwargs["verify"] = self._extra["verify"]
        # boto3 sessions are not thread-safe: clients are made one at a time (then used concurrently).
        with self._lock:
            if credentials and credentials.get("profile"):
                profile = credentials["profile"]
                session = self._profiles.setdefault(profile, None) or boto3.session.Session(profile_name=profile)
                self._profiles[profile] = session
                keys = {}
            else:
                session, keys = self._own, (credentials or {}).get("keys") or self._keys
            made = session.client(service, **kwargs, **keys)
        return limit_service_client(made, service)


class Discovery:
    """One run of discovery; ``targets()`` returns target dicts, ``warnings`` what was left out and why."""

    def __init__(self, sessions, options, home_region=None):
        self.sessions = sessions
        self.options = options
        self.home = home_region or GLOBAL_REGION
        self.warnings = []
        self.caller = None

    def warn(self, message):
        self.warnings.append(message)

    @property
    def partition(self):
        return self.caller["Arn"].split(":")[1]

    @property
    def global_region(self):
        """Where this partition's global services (Organizations, IAM, the Account API) answer; home for an unknown one."""
        return GLOBAL_REGIONS.get(self.partition, self.home)

    # --- the whole run -----------------------------------------------------------------------
    def targets(self):
        self.caller = self.sessions.client("sts", self.home).get_caller_identity()
        accounts = chosen_accounts(self._accounts(), self.options.get("include_accounts"),
                                   self.options.get("exclude_accounts"))
        workers = self.options.get("max_concurrency") or 20
        accounts = [a for a in map_concurrently(self._prepare_account, accounts, workers) if a]
        targets = [dict(account_target(account), region=region)
                   for account in accounts for region in account["regions"]]
        if self.options.get("skip_empty", True):
            targets = [t for t in map_concurrently(self._searched, targets, workers) if t]
        for target in targets:
            target.pop("credentials", None)  # never cached, never a host variable
        return targets

    # --- accounts ----------------------------------------------------------------------------
    def _accounts(self):
        given = self.options.get("accounts") or "organization"
        own = self.caller["Account"]
        if given != "organization":
            return [{"id": str(a)} for a in given]
        org = self.sessions.client("organizations", self.global_region)
        by_ou = self.options.get("group_by_ou", True)
        try:
            listed = self._listed(org, self.options.get("organizational_units") or [], by_ou)
        except botocore.exceptions.ClientError as e:
            self.warn(f"Organizations did not list the accounts ({_code(e)}): only the caller's account {own} is "
                      "listed. Fix: run the inventory with credentials of the management account or a delegated "
                      "administrator (organizations:ListAccounts, and for ou_ groups organizations:ListRoots, "
                      "ListOrganizationalUnitsForParent and ListAccountsForParent), or give accounts as a list of "
                      "account IDs")
            return [{"id": own}]
        return [{"id": a["Id"], "name": a.get("Name"), "ou": a.get("ou") if by_ou else None} for a in listed
                if (a.get("State") or a.get("Status")) == "ACTIVE"]

    def _listed(self, org, units, by_ou):
        """The organization's accounts: those under the chosen ``units``; or, for ou_ groups, those of the tree walked
        from its root, which names their OUs as it lists them; else (or where the tree cannot be read) ListAccounts'."""
        if units:
            return self._walk(org, [(unit, self._unit_name(org, unit) if by_ou else None) for unit in units])
        if by_ou:
            try:
                return self._walk(org, [(org.list_roots()["Roots"][0]["Id"], None)])
            except botocore.exceptions.ClientError as e:
                listed = paginate(org, "list_accounts", "Accounts")  # denied too: one warning, the caller's
                self.warn(f"Organizations did not name the accounts' organizational units ({_code(e)}): no ou_ "
                          "groups. Fix: allow organizations:ListRoots, organizations:ListOrganizationalUnitsForParent "
                          "and organizations:ListAccountsForParent, or set group_by_ou to false")
                return listed
        return paginate(org, "list_accounts", "Accounts")

    def _walk(self, org, tops):
        """The accounts under ``tops`` ((OU or root ID, its name) pairs) and every OU below them, each with the
        name of the OU that holds it (``ou``; None directly under the root): one ListOrganizationalUnitsForParent
        and one ListAccountsForParent per OU, however many accounts there are."""
        accounts, todo = [], list(tops)
        while todo:
            parent, name = todo.pop(0)
            todo.extend((unit["Id"], unit.get("Name")) for unit in paginate(
                org, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent))
            accounts.extend(dict(account, ou=name) for account in paginate(
                org, "list_accounts_for_parent", "Accounts", ParentId=parent))
        return accounts

    def _unit_name(self, org, unit):
        try:
            return org.describe_organizational_unit(OrganizationalUnitId=unit)["OrganizationalUnit"]["Name"]
        except botocore.exceptions.ClientError as e:
            self.warn(f"Organizations did not name the organizational unit {unit} ({_code(e)}): its own accounts are "
                      "in no ou_ group. Fix: allow organizations:DescribeOrganizationalUnit, or set group_by_ou to false")
            return None

    # --- one account: credentials, alias, regions -----------------------------------------------
    def _prepare_account(self, account):
        account = dict(account)
        try:
            account.update(self._credentials(account["id"]))
        except _Unassumable as e:
            self.warn(f"account {_label(account)}: role {e.role_arn} could not be assumed ({e.code}); "
                      "its targets are left out. Fix: create the role in that account with a trust policy that "
                      f"allows {self.caller['Arn']} (and the external_id, if set), or add the account to "
                      "exclude_accounts")
            return None
        account["alias"] = self._alias(account)
        account["regions"] = self._regions(account)
        return account if account["regions"] else None

    def _credentials(self, account_id):
        profiles = self.options.get("account_profiles") or {}
        if account_id in profiles:
            return {"profile": profiles[account_id], "credentials": {"profile": profiles[account_id]}}
        if account_id == self.caller["Account"] or not self.options.get("role_name"):
            return {"credentials": None}
        role_arn = f"arn:{self.partition}:iam::{account_id}:role/{self.options['role_name']}"
        params = {"RoleArn": role_arn, "RoleSessionName": self.options.get("session_name") or "certshift-acm-inventory"}
        if self.options.get("external_id"):
            params["ExternalId"] = self.options["external_id"]
        try:
            found = self.sessions.client("sts", self.home).assume_role(**params)["Credentials"]
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            raise _Unassumable(role_arn, _code(e)) from None
        keys = {"aws_access_key_id": found["AccessKeyId"], "aws_secret_access_key": found["SecretAccessKey"],
                "aws_session_token": found["SessionToken"]}
        return {"role_arn": role_arn, "external_id": self.options.get("external_id"), "credentials": {"keys": keys}}

    def _alias(self, account):
        try:
            aliases = self.sessions.client("iam", self.global_region, account["credentials"]).list_account_aliases()
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError):
            return None  # an alias only names the host; the account ID does as well
        return (aliases.get("AccountAliases") or [None])[0]

    def _regions(self, account):
        given = self.options.get("regions") or "enabled"
        client = self.sessions.client("account", self.global_region, account["credentials"])
        try:
            enabled = [r["RegionName"] for r in paginate(client, "list_regions", "Regions",
                                                         RegionOptStatusContains=list(ENABLED))]
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            if given != "enabled":
                return list(given)  # the list as given; a region that is not enabled fails its search
            self.warn(f"account {_label(account)}: its enabled regions could not be listed ({_code(e)}); "
                      "its targets are left out. Fix: allow account:ListRegions, or give regions as a list")
            return []
        if given == "enabled":
            return enabled
        for region in given:
            if region not in enabled:
                self.warn(f"account {_label(account)}: region {region} is not enabled; left out. Fix: enable it "
                          "(account:EnableRegion) or remove it from regions")
        return [region for region in given if region in enabled]

    # --- one target: the certificates it holds ----------------------------------------------------
    def _searched(self, target):
        """``target`` with its certificate counts, None when it holds nothing that matches."""
        credentials = target.get("credentials")
        try:
            acm = self.sessions.client("acm", target["region"], credentials)
            results = search_certificates(acm, self.options.get("certificate_filter"))
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            self.warn(f"account {_label(target, 'account_id')} region {target['region']}: SearchCertificates failed "
                      f"({_code(e)}); left out. Fix: enable the region in that account or remove it from regions")
            return None
        if results is None:
            self.warn(f"account {_label(target, 'account_id')} region {target['region']}: SearchCertificates is not "
                      "allowed, so the target is kept without counts. Fix: allow acm:SearchCertificates")
            return target
        target["certificate_count"], target["email_certificate_count"] = count_certificates(results)
        return target if results else None


class _Unassumable(Exception):
    """AssumeRole refused: the role and AWS's error code, for the warning (never the caller's keys)."""

    def __init__(self, role_arn, code):
        super().__init__(f"{role_arn}: {code}")
        self.role_arn = role_arn
        self.code = code


def _label(record, key="id"):
    name = record.get("alias") or record.get("name")
    return f"{record[key]} ({name})" if name else record[key]


def account_target(account):
    """The fields every target of ``account`` shares (a region is added per target)."""
    keep = ("role_arn", "external_id", "profile", "alias", "name", "ou", "credentials")
    return {"account_id": account["id"], **{k: account.get(k) for k in keep if account.get(k) is not None}}
