"""An AWS organization in the sandbox: the ``organization`` fleet, the Account API's
``ListRegions`` (moto has no such operation) and, for the fleet's member accounts, IAM's
refusal to let anyone assume a role that does not exist (moto issues credentials for any
role ARN, which other fleets and tests rely on, so only the organization's accounts are held to it).

``organization`` (options: ``accounts`` members (3), ``regions`` (int: the first N of
``DEFAULT_REGIONS``, or a list; default 2), ``role_name`` (certshift-audit), ``holding``
([[account index, region], ...]: 0 is the management account, 1.. the members; default: the
management account's first region and member 1's last), ``certificate_share`` (used instead
of ``holding`` when given: that share of all targets, spread evenly), ``certificates_per_target`` (2),
``unassumable`` (members, counted from the last, that have no role), ``disabled_regions``
({account index: [regions]}), ``external_id`` (the members' roles require it))
    Organizations with the default account as management account, OUs ``prod`` (odd
    members) and ``dev`` (even members), ``role_name`` in every member but the unassumable
    ones, an account alias ``member-<i>`` for odd members, and EMAIL-validated certificates
    in each held target (names under example.com, a Route53 zone in each account that holds any).

AWS behaviour restored (AWS Account Management API reference, ListRegions; IAM user guide,
"Troubleshooting IAM roles"):
- ``account:ListRegions`` lists every region with its ``RegionOptStatus``: the 17 regions that
  predate opt-in regions are ENABLED_BY_DEFAULT; the opt-in ones DISABLED until enabled.
  ``AccountId`` (a member, asked by the management account) or the caller's own account.
- ``sts:AssumeRole`` of a role that does not exist answers AccessDenied ("... is not authorized to
  perform: sts:AssumeRole on resource ..."), and so does one whose trust policy requires an external ID
  (``"Condition": {"StringEquals": {"sts:ExternalId": ...}}``) the request does not give.
- A call in a region that is not enabled in the account answers UnrecognizedClientException
  ("The security token included in the request is invalid").
"""

from __future__ import annotations

import json
import threading
from urllib.parse import parse_qs

import time

from . import control, fleets, hooks, moto_internals, settings

# Regions enabled by default in every account (those launched before March 2019).
DEFAULT_REGIONS = ("us-east-1", "eu-west-1", "us-east-2", "us-west-1", "us-west-2", "ap-south-1", "ap-northeast-1",
                   "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2", "ca-central-1",
                   "eu-central-1", "eu-west-2", "eu-west-3", "eu-north-1", "sa-east-1")
OPT_IN_REGIONS = ("af-south-1", "ap-east-1", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ca-west-1",
                  "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1", "me-central-1", "me-south-1")

_lock = threading.Lock()
_guarded = set()  # member accounts whose roles must exist to be assumed
_disabled = {}  # account -> regions not enabled there (default regions switched off, for tests)


def _forget():
    with _lock:
        _guarded.clear()
        _disabled.clear()


hooks.RESET_HOOKS.append(_forget)


def guard(account, disabled_regions=()):
    with _lock:
        _guarded.add(str(account))
        _disabled[str(account)] = set(disabled_regions)


# --------------------------------------------------------------------------------------
# Request hook
# --------------------------------------------------------------------------------------
def _account_of(access_key):
    try:
        return moto_internals.get_account_id_from(access_key)
    except Exception:  # noqa: BLE001 - not a key moto knows: its default account
        return moto_internals.DEFAULT_ACCOUNT_ID


def _answer(status, payload, content_type="application/json", outcome=None):
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return hooks.HookResponse(status, body, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                              outcome)


def _query_error(code, message, status="403 Forbidden"):
    body = (f'<?xml version="1.0"?><ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>'
            f"<Message>{message}</Message></Error><RequestId>sandbox</RequestId></ErrorResponse>").encode()
    return _answer(status, body, "text/xml", code)


def _body(environ):
    stream = environ["wsgi.input"]
    body = stream.read()
    stream.seek(0)
    return body


def list_regions(account, statuses=None):
    """ListRegions' Regions for ``account``, filtered by RegionOptStatusContains."""
    with _lock:
        disabled = _disabled.get(account, set())
    regions = [{"RegionName": r, "RegionOptStatus": "DISABLED" if r in disabled else "ENABLED_BY_DEFAULT"}
               for r in DEFAULT_REGIONS]
    regions += [{"RegionName": r, "RegionOptStatus": "DISABLED"} for r in OPT_IN_REGIONS]
    return [r for r in regions if not statuses or r["RegionOptStatus"] in statuses]


def before_request(service, action, region, access_key, environ):
    if service == "account" and environ.get("PATH_INFO", "").rstrip("/") == "/listRegions":
        if settings.get("latency_ms"):  # aws_behaviour's hook does not know this REST path: the same latency here
            time.sleep(settings.get("latency_ms") / 1000.0)
        params = json.loads(_body(environ) or b"{}")
        account = params.get("AccountId") or _account_of(access_key)
        raise _answer("200 OK", {"Regions": list_regions(account, params.get("RegionOptStatusContains"))},
                      outcome="ListRegions")
    if not action or not _guarded:  # no organization seeded: nothing to check (every request passes here)
        return
    caller = _account_of(access_key)
    with _lock:
        disabled = region in _disabled.get(caller, ()) if service not in ("sts", "iam", "organizations") else False
    if disabled:
        raise _answer("400 Bad Request", {"__type": "UnrecognizedClientException",
                                          "message": "The security token included in the request is invalid"},
                      "application/x-amz-json-1.1", "UnrecognizedClientException")
    if service == "sts" and action == "AssumeRole":
        params = parse_qs(_body(environ).decode("utf-8", "replace"))
        _refuse_unassumable_role(params.get("RoleArn", [""])[0], params.get("ExternalId", [None])[0], access_key)


def _refuse_unassumable_role(role_arn, external_id, access_key):
    parts = role_arn.split(":")
    if len(parts) < 6 or not parts[5].startswith("role/"):
        return
    account, name = parts[4], parts[5].split("/")[-1]
    with _lock:
        if account not in _guarded:
            return
    iam = moto_internals.iam_backends[account]["aws"]
    role = next((role for role in iam.roles.values() if role.name == name), None)
    if role is not None:
        allowed = _required_external_ids(role.assume_role_policy_document)
        if not allowed or external_id in allowed:
            return
    raise _query_error("AccessDenied", f"User: arn:aws:iam::{_account_of(access_key)}:user/sandbox is not "
                                       f"authorized to perform: sts:AssumeRole on resource: {role_arn}")


def _required_external_ids(trust_policy):
    """The ExternalId values a trust policy's ``StringEquals`` ``sts:ExternalId`` condition accepts; empty when it
    sets none (then any ExternalId, or none, passes, as in AWS)."""
    document = json.loads(trust_policy) if isinstance(trust_policy, str) else trust_policy or {}
    statements = document.get("Statement", [])
    required = set()
    for statement in statements if isinstance(statements, list) else [statements]:
        wanted = statement.get("Condition", {}).get("StringEquals", {}).get("sts:ExternalId")
        if wanted is not None:
            required.update([wanted] if isinstance(wanted, str) else wanted)
    return required


hooks.BEFORE_REQUEST.append(before_request)


@control.route("GET", "organization/regions")
def _regions_route(payload):
    return {"regions": list_regions(str(payload.get("account") or moto_internals.DEFAULT_ACCOUNT_ID))}


# --------------------------------------------------------------------------------------
# The organization fleet (sandbox.fleets.seed("organization", ...))
# --------------------------------------------------------------------------------------
ZONE = "example.com"


def _trust_policy(external_id=None):
    """The members' role trusts the management account (and, with ``external_id``, only callers giving it)."""
    statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{moto_internals.DEFAULT_ACCOUNT_ID}:root"},
                 "Action": "sts:AssumeRole"}
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def _regions(regions):
    if isinstance(regions, int) or (isinstance(regions, str) and regions.isdigit()):
        if not 1 <= int(regions) <= len(DEFAULT_REGIONS):
            raise fleets.FleetError(f"regions={regions}: between 1 and {len(DEFAULT_REGIONS)}, or a list of region names")
        return list(DEFAULT_REGIONS[:int(regions)])
    return list(regions)


def _held(targets, holding, share):
    """The (account index, region) targets that get certificates."""
    if share is not None:
        count = round(len(targets) * float(share))
        step = len(targets) / count if count else 0
        return [targets[int(i * step)] for i in range(count)]
    return [tuple(h) for h in holding]


def seed_organization(aws_for, accounts=3, regions=2, role_name="certshift-audit", holding=None,
                      certificate_share=None, certificates_per_target=2, unassumable=0, disabled_regions=None,
                      external_id=None):
    """``aws_for(account or None)``: sandbox.fleets' per-account AWS access. Returns the manifest."""
    regions = _regions(regions)
    management = aws_for(None)
    org = management.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    units = {name: org.create_organizational_unit(ParentId=root, Name=name)["OrganizationalUnit"]["Id"]
             for name in ("prod", "dev")}
    members = []
    for i in range(1, int(accounts) + 1):
        status = org.create_account(AccountName=f"member-{i}", Email=f"member-{i}@example.com")["CreateAccountStatus"]
        ou = "prod" if i % 2 else "dev"
        org.move_account(AccountId=status["AccountId"], SourceParentId=root, DestinationParentId=units[ou])
        members.append({"index": i, "id": status["AccountId"], "name": f"member-{i}", "ou": ou,
                        "alias": f"member-{i}" if i % 2 else None,
                        "role": i <= int(accounts) - int(unassumable)})
    access = {0: management}
    for member in members:
        aws = access[member["index"]] = aws_for(member["id"])
        if member["role"]:
            aws.client("iam").create_role(RoleName=role_name, AssumeRolePolicyDocument=_trust_policy(external_id))
            member["role_arn"] = f"arn:aws:iam::{member['id']}:role/{role_name}"
        if member["alias"]:
            aws.client("iam").create_account_alias(AccountAlias=member["alias"])
    targets = [(i, r) for i in range(len(members) + 1) for r in regions]
    held = _held(targets, holding or [(0, regions[0]), (min(1, len(members)), regions[-1])], certificate_share)
    certificates = {}
    by_account = {}
    for index, region in held:
        arns = [fleets._request(access[index], region, [f"www.t{index}-{region}-{n}.{ZONE}"], "EMAIL")
                for n in range(int(certificates_per_target))]
        by_account.setdefault(index, {}).setdefault(region, []).extend(arns)
    for index, arns_by_region in by_account.items():
        fleets._wait_issued(access[index], arns_by_region)
        fleets._ensure_zone(access[index], ZONE)  # the account's zone: a migration publishes its CNAMEs there
        account = access[index].account
        certificates.setdefault(account, {}).update(arns_by_region)
    for member in members:
        guard(member["id"], (disabled_regions or {}).get(member["index"]) or
              (disabled_regions or {}).get(str(member["index"])) or ())
    return {"fleet": "organization", "account": management.account, "management_account": management.account,
            "regions": regions, "role_name": role_name, "organizational_units": units,
            "members": members, "certificates": certificates,
            "held_targets": sorted({(access[i].account, r) for i, r in held})}


fleets.MULTI_ACCOUNT_FLEETS["organization"] = seed_organization
