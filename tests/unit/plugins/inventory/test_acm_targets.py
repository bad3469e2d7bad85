"""Issue 22: the acm_targets inventory's options, host naming and groups, and discovery's warnings
(partial access never stops it), over fake AWS clients (tests/unit/plugins/module_utils/fake_aws.py)."""

from __future__ import annotations

import botocore.exceptions
import pytest

from ansible_collections.certshift.acm.plugins.inventory.acm_targets import InventoryModule
from ansible_collections.certshift.acm.plugins.plugin_utils import target_hosts
from ansible_collections.certshift.acm.plugins.plugin_utils.target_discovery import Discovery
from ansible_collections.certshift.acm.plugins.plugin_utils.target_inventory import OPTION_NAMES, check_options
from tests.unit.plugins.module_utils import fake_aws

MANAGEMENT, MEMBER, LOCKED = "111111111111", "222222222222", "333333333333"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def denied(operation, code="AccessDenied"):
    return botocore.exceptions.ClientError({"Error": {"Code": code, "Message": "no"},
                                            "ResponseMetadata": {"HTTPStatusCode": 403}}, operation)


# --- options --------------------------------------------------------------------------------------
@pytest.mark.parametrize("options, problem", [
    ({}, None),
    ({"accounts": [MEMBER], "regions": ["eu-west-1"], "include_accounts": [MEMBER]}, None),
    ({"certificate_filter": {"Filter": {"AcmCertificateMetadataFilter": {"Status": "ISSUED"}}}}, None),
    ({"accounts": "everything"}, "accounts must be 'organization' or a list of 12-digit account IDs"),
    ({"accounts": ["1234"]}, "accounts has '1234', which is not a 12-digit AWS account ID"),
    ({"exclude_accounts": ["abc"]}, "exclude_accounts has 'abc'"),
    ({"regions": "all"}, "regions must be 'enabled' or a non-empty list of region names"),
    ({"regions": []}, None),  # empty means the default, enabled
    ({"certificate_filter": {"Filters": {}}}, "certificate_filter must be one SearchCertificates FilterStatement"),
    ({"certificate_filter": {"And": [], "Or": []}}, "certificate_filter must be one SearchCertificates FilterStatement"),
    ({"account_profiles": {"prod": "x"}}, "account_profiles has key 'prod'"),
    ({"max_concurrency": 0}, "max_concurrency must be 1 or more"),
])
def test_options_are_checked_before_any_call(options, problem):
    found = check_options(options)
    assert (found is None) if problem is None else (problem in found), found


def test_every_option_checked_is_documented():
    import yaml
    from ansible_collections.certshift.acm.plugins.inventory import acm_targets

    documented = yaml.safe_load(acm_targets.DOCUMENTATION)["options"]
    assert set(OPTION_NAMES) <= set(documented)
    for name in ("accounts", "role_name", "regions", "skip_empty", "certificate_filter"):  # the contract
        assert name in documented
    assert documented["skip_empty"]["default"] is True and documented["regions"]["default"] == "enabled"


@pytest.mark.parametrize("path, wanted", [
    ("fleet.acm_targets.yml", True), ("fleet.acm_targets.yaml", True), ("acm_targets.yml", True),
    ("fleet.aws_ec2.yml", False), ("fleet.acm_targets.json", False), ("fleet.yml", False),
])
def test_verify_file_takes_only_acm_targets_files(tmp_path, path, wanted):
    (tmp_path / path).write_text("plugin: certshift.acm.acm_targets\n")
    assert InventoryModule().verify_file(str(tmp_path / path)) is wanted


# --- hosts ----------------------------------------------------------------------------------------
TARGET = {"account_id": MEMBER, "alias": "shop-prod", "name": "Shop", "region": "eu-west-1", "ou": "prod team",
          "role_arn": f"arn:aws:iam::{MEMBER}:role/audit", "certificate_count": 3, "email_certificate_count": 2}


@pytest.mark.parametrize("source, wanted", [("alias", "shop-prod_eu-west-1"), ("id", f"{MEMBER}_eu-west-1"),
                                            ("name", "Shop_eu-west-1")])
def test_host_name(source, wanted):
    assert target_hosts.host_name(TARGET, source) == wanted


def test_host_name_falls_back_to_the_account_id():
    assert target_hosts.host_name({"account_id": MEMBER, "region": "us-east-1"}) == f"{MEMBER}_us-east-1"


def test_host_vars_are_what_the_playbooks_read():
    variables = target_hosts.host_vars(TARGET)
    assert variables["acm_region"] == "eu-west-1" and variables["acm_assume_role_arn"] == TARGET["role_arn"]
    assert variables["ansible_connection"] == "local"
    assert variables["ansible_python_interpreter"] == "{{ ansible_playbook_python }}"
    assert variables["acm_certificate_count"] == 3 and variables["acm_email_certificate_count"] == 2
    assert "acm_aws_profile" not in variables  # unset values are left out, never None


def test_groups_by_account_region_and_ou():
    assert target_hosts.host_groups(TARGET) == ["acm_targets", "account_shop_prod", "region_eu_west_1", "ou_prod_team"]


def test_include_and_exclude_accounts():
    accounts = [{"id": a} for a in (MANAGEMENT, MEMBER, LOCKED)]
    assert [a["id"] for a in target_hosts.chosen_accounts(accounts, [MEMBER, LOCKED], [LOCKED])] == [MEMBER]
    assert [a["id"] for a in target_hosts.chosen_accounts(accounts, None, [MANAGEMENT])] == [MEMBER, LOCKED]


def test_count_certificates():
    results = [{"CertificateMetadata": {"AcmCertificateMetadata": {"ValidationMethod": m}}}
               for m in ("EMAIL", "DNS", "EMAIL")]
    assert target_hosts.count_certificates(results) == (3, 2)


# --- discovery over fake AWS ------------------------------------------------------------------------
UNIT_NAMES = {"ou-1": "workloads", "ou-child": "prod"}


class FakeAws:
    """One organization: MANAGEMENT (the caller), MEMBER and LOCKED (whose role cannot be assumed)."""

    def __init__(self, organizations_denied=False, disabled=(), search_fails=(), holding=(("eu-west-1", MEMBER),),
                 tree_denied=False, partition="aws"):
        self.organizations_denied = organizations_denied
        self.partition = partition
        self.regions_used = set()  # (service, region) of every client made
        self.tree_denied = tree_denied
        self.disabled = set(disabled)
        self.search_fails = set(search_fails)
        self.holding = set(holding)
        self.searched = []
        self.parents_listed = []
        self.external_ids = {}
        self.accounts_listed = 0  # ListAccounts calls

    def client(self, service, region, credentials=None):
        account = (credentials or {}).get("keys", {}).get("aws_access_key_id", MANAGEMENT)
        self.regions_used.add((service, region))
        return fake_aws.client(_Fake(self, account, region), service)


class _Fake:
    def __init__(self, aws, account, region):
        self.aws, self.account, self.region = aws, account, region

    def get_caller_identity(self):
        return {"Account": MANAGEMENT, "Arn": f"arn:{self.aws.partition}:iam::{MANAGEMENT}:user/admin"}

    def list_accounts(self, **_):
        self.aws.accounts_listed += 1
        if self.aws.organizations_denied:
            raise denied("ListAccounts", "AccessDeniedException")
        return {"Accounts": [{"Id": a, "Name": f"n{a[0]}", "Status": "ACTIVE"} for a in (MANAGEMENT, MEMBER, LOCKED)]
                + [{"Id": "444444444444", "Name": "gone", "Status": "SUSPENDED"}]}

    # the tree: root r-1 holds MANAGEMENT and LOCKED, and OU ou-1 (workloads), which holds ou-child (prod) with MEMBER
    def list_roots(self, **_):
        if self.aws.tree_denied or self.aws.organizations_denied:
            raise denied("ListRoots", "AccessDeniedException")
        return {"Roots": [{"Id": "r-1"}]}

    def list_organizational_units_for_parent(self, ParentId, **_):
        below = {"r-1": ["ou-1"], "ou-1": ["ou-child"]}.get(ParentId, [])
        return {"OrganizationalUnits": [{"Id": unit, "Name": UNIT_NAMES[unit]} for unit in below]}

    def list_accounts_for_parent(self, ParentId, **_):
        self.aws.parents_listed.append(ParentId)
        held = {"r-1": [MANAGEMENT, LOCKED], "ou-child": [MEMBER]}.get(ParentId, [])
        return {"Accounts": [{"Id": account, "Status": "ACTIVE"} for account in held]}

    def describe_organizational_unit(self, OrganizationalUnitId):
        return {"OrganizationalUnit": {"Id": OrganizationalUnitId, "Name": UNIT_NAMES[OrganizationalUnitId]}}

    def assume_role(self, RoleArn, RoleSessionName, ExternalId=None):
        account = RoleArn.split(":")[4]
        if ExternalId is not None:
            self.aws.external_ids[account] = ExternalId
        if account == LOCKED:
            raise denied("AssumeRole")
        return {"Credentials": {"AccessKeyId": account, "SecretAccessKey": SECRET, "SessionToken": SECRET}}

    def list_account_aliases(self):
        return {"AccountAliases": ["member"] if self.account == MEMBER else []}

    def list_regions(self, **_):
        return {"Regions": [{"RegionName": r, "RegionOptStatus": "ENABLED_BY_DEFAULT"}
                            for r in ("eu-west-1", "us-east-1") if (self.account, r) not in self.aws.disabled]}

    def search_certificates(self, **_):
        self.aws.searched.append((self.account, self.region))
        if (self.account, self.region) in self.aws.search_fails:
            raise denied("SearchCertificates", "UnrecognizedClientException")
        held = (self.region, self.account) in self.aws.holding
        return {"Results": [{"CertificateArn": "arn", "CertificateMetadata": {
            "AcmCertificateMetadata": {"ValidationMethod": "EMAIL"}}}] if held else []}


def discover(aws, home_region=None, **options):
    discovery = Discovery(aws, {"role_name": "audit", **options}, home_region)
    return discovery.targets(), discovery.warnings


def test_skip_empty_keeps_only_targets_holding_certificates_and_warns_once_for_an_unassumable_account():
    aws = FakeAws()
    targets, warnings = discover(aws)
    assert [(t["account_id"], t["region"]) for t in targets] == [(MEMBER, "eu-west-1")]
    assert targets[0]["alias"] == "member" and targets[0]["ou"] == "prod" and targets[0]["certificate_count"] == 1
    assert targets[0]["role_arn"] == f"arn:aws:iam::{MEMBER}:role/audit" and "credentials" not in targets[0]
    assert len(warnings) == 1 and LOCKED in warnings[0] and "exclude_accounts" in warnings[0]
    assert sorted(aws.searched) == sorted((a, r) for a in (MANAGEMENT, MEMBER) for r in ("eu-west-1", "us-east-1"))
    assert SECRET not in repr(targets) + repr(warnings)


def test_without_skip_empty_every_reachable_target_and_no_search():
    aws = FakeAws()
    targets, _ = discover(aws, skip_empty=False)
    assert {(t["account_id"], t["region"]) for t in targets} == {
        (a, r) for a in (MANAGEMENT, MEMBER) for r in ("eu-west-1", "us-east-1")}
    assert aws.searched == [] and all("credentials" not in t for t in targets)
    assert not any("role_arn" in t for t in targets if t["account_id"] == MANAGEMENT)


def test_organizations_denied_lists_the_callers_account_with_one_warning():
    targets, warnings = discover(FakeAws(organizations_denied=True), skip_empty=False)
    assert {t["account_id"] for t in targets} == {MANAGEMENT}
    assert len(warnings) == 1 and "Organizations" in warnings[0] and "accounts as a list" in warnings[0]


def test_a_given_region_not_enabled_is_one_warning_naming_account_and_region():
    targets, warnings = discover(FakeAws(disabled=[(MEMBER, "us-east-1")]), accounts=[MEMBER],
                                 regions=["eu-west-1", "us-east-1"], skip_empty=False)
    assert [(t["account_id"], t["region"]) for t in targets] == [(MEMBER, "eu-west-1")]
    assert len(warnings) == 1 and MEMBER in warnings[0] and "us-east-1 is not enabled" in warnings[0]


def test_a_failing_search_drops_only_its_target_with_a_warning():
    targets, warnings = discover(FakeAws(search_fails=[(MEMBER, "us-east-1")],
                                         holding=[("eu-west-1", MEMBER), ("us-east-1", MEMBER)]), accounts=[MEMBER])
    assert [(t["account_id"], t["region"]) for t in targets] == [(MEMBER, "eu-west-1")]
    assert len(warnings) == 1 and "us-east-1" in warnings[0] and "UnrecognizedClientException" in warnings[0]


def test_the_external_id_goes_to_assume_role_and_to_the_hosts_reached_through_the_role():
    aws = FakeAws()
    targets, warnings = discover(aws, external_id="org-audit-7", skip_empty=False, regions=["eu-west-1"])
    assert aws.external_ids == {MEMBER: "org-audit-7", LOCKED: "org-audit-7"}  # the management account assumes nothing
    by_account = {t["account_id"]: target_hosts.host_vars(t) for t in targets}
    assert by_account[MEMBER]["acm_assume_role_external_id"] == "org-audit-7"
    assert "acm_assume_role_external_id" not in by_account[MANAGEMENT]  # reached with the caller's own credentials
    targets, _ = discover(FakeAws(), skip_empty=False, regions=["eu-west-1"])
    assert all("acm_assume_role_external_id" not in target_hosts.host_vars(t) for t in targets)


def test_account_profiles_replace_the_role():
    targets, warnings = discover(FakeAws(), accounts=[MEMBER], account_profiles={MEMBER: "member"},
                                 skip_empty=False, regions=["eu-west-1"])
    assert [(t["account_id"], t["region"], t["profile"]) for t in targets] == [(MEMBER, "eu-west-1", "member")]
    assert "role_arn" not in targets[0] and not warnings
    assert target_hosts.host_vars(targets[0])["acm_aws_profile"] == "member"


def test_organizational_units_list_their_accounts_and_those_of_the_ous_below():
    aws = FakeAws()
    targets, warnings = discover(aws, organizational_units=["ou-1"], skip_empty=False, regions=["eu-west-1"])
    assert aws.parents_listed == ["ou-1", "ou-child"]
    assert [(t["account_id"], t["region"]) for t in targets] == [(MEMBER, "eu-west-1")] and not warnings


def test_ou_names_come_from_one_walk_of_the_tree_not_a_call_per_account():
    aws = FakeAws()
    targets, warnings = discover(aws, skip_empty=False, regions=["eu-west-1"])
    assert aws.parents_listed == ["r-1", "ou-1", "ou-child"]  # one ListAccountsForParent per OU and the root
    assert aws.accounts_listed == 0  # the walk lists the accounts too: no ListAccounts beside it
    assert {t["account_id"]: t.get("ou") for t in targets} == {MANAGEMENT: None, MEMBER: "prod"}  # its nearest OU
    assert len(warnings) == 1 and LOCKED in warnings[0]  # the unassumable account, nothing about OUs


def test_a_chosen_ou_names_its_own_accounts_and_the_ous_below_name_theirs():
    targets, _ = discover(FakeAws(), organizational_units=["ou-child"], skip_empty=False, regions=["eu-west-1"])
    assert [(t["account_id"], t["ou"]) for t in targets] == [(MEMBER, "prod")]
    targets, _ = discover(FakeAws(), organizational_units=["ou-1"], skip_empty=False, regions=["eu-west-1"],
                          group_by_ou=False)
    assert [(t["account_id"], t.get("ou")) for t in targets] == [(MEMBER, None)]


def test_an_organization_tree_that_cannot_be_read_is_one_warning_and_no_ou_groups():
    targets, warnings = discover(FakeAws(tree_denied=True), skip_empty=False, regions=["eu-west-1"])
    assert {t["account_id"] for t in targets} == {MANAGEMENT, MEMBER} and not any(t.get("ou") for t in targets)
    ou_warnings = [w for w in warnings if "organizational units" in w]
    assert len(ou_warnings) == 1 and "organizations:ListRoots" in ou_warnings[0] and "group_by_ou" in ou_warnings[0]


@pytest.mark.parametrize("partition, home, global_region", [
    ("aws", None, "us-east-1"), ("aws", "eu-west-1", "us-east-1"),
    ("aws-us-gov", "us-gov-east-1", "us-gov-west-1"), ("aws-cn", "cn-north-1", "cn-northwest-1")])
def test_global_services_are_called_in_the_callers_partition(partition, home, global_region):
    aws = FakeAws(partition=partition)
    targets, _ = discover(aws, home_region=home, skip_empty=False, regions=["eu-west-1"])
    assert {(service, region) for service, region in aws.regions_used if service in ("organizations", "iam", "account")} \
        == {("organizations", global_region), ("iam", global_region), ("account", global_region)}
    assert {r for service, r in aws.regions_used if service == "sts"} == {home or "us-east-1"}
    assert {t.get("role_arn") for t in targets} == {None, f"arn:{partition}:iam::{MEMBER}:role/audit"}
