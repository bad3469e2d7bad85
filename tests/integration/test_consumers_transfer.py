"""Transfer Family servers (FTPS) on the replacement path: acm_migrate (strategy replace) finds a
server by its certificate, predicts the switch in check mode, switches it in place with
UpdateServer, deletes the old certificate once nothing uses it, and changes nothing on a rerun;
the safety gate checks the server's custom host name."""

from __future__ import annotations

from tests.integration.replacement_path import (MIGRATE_ARGS, REPLACEMENT_CALLS, actions_of, email_certificate,
                                                migrate, mutating_calls)
from tests.integration.test_cert_swap import cert, exists, ok, swap

EU = "eu-west-1"
HOSTNAME_TAG = "aws:transfer:customHostname"
MUTATING = REPLACEMENT_CALLS | {"transfer:UpdateServer"}


def ftps_server(sandbox, certificate_arn, hostname=None, region=EU):
    tags = {"Tags": [{"Key": HOSTNAME_TAG, "Value": hostname}]} if hostname else {}
    return sandbox.client("transfer", region).create_server(
        Protocols=["FTPS"], Certificate=certificate_arn, IdentityProviderType="API_GATEWAY",
        IdentityProviderDetails={"Url": "https://idp.example.com", "InvocationRole": "arn:aws:iam::123456789012:role/idp"},
        **tags)["ServerId"]


def server_certificate(sandbox, server_id, region=EU):
    return sandbox.client("transfer", region).describe_server(ServerId=server_id)["Server"]["Certificate"]


def test_replacement_switches_the_servers_in_place_and_deletes_the_old_certificate(ansible, sandbox):
    old = email_certificate(sandbox, ["files.example.com", "ftp.example.com"], EU)
    named = ftps_server(sandbox, old, hostname="files.example.com")
    unnamed = ftps_server(sandbox, old)
    arns = {s["ServerId"]: s["Arn"] for s in sandbox.client("transfer", EU).list_servers()["Servers"]}
    sandbox.reset_calls()

    predicted = migrate(ansible, MIGRATE_ARGS, EU, check=True)
    assert predicted["changed"] is True
    assert mutating_calls(sandbox, MUTATING) == {}
    assert sorted((a["server_id"], a["resource_arn"], a["action"], a["before"])
                  for a in actions_of(predicted, "transfer")) == sorted((s, arns[s], "swap", old) for s in arns)
    assert [p["deleted"] for p in predicted["swap"]["pairs"]] == [True]

    done = migrate(ansible, MIGRATE_ARGS, EU)
    assert done["changed"] is True
    new = done["swap"]["pairs"][0]["new_certificate_arn"]
    assert {a["server_id"]: a["after"] for a in actions_of(done, "transfer")} == {named: new, unnamed: new}
    assert server_certificate(sandbox, named) == server_certificate(sandbox, unnamed) == new
    assert done["swap"]["pairs"][0]["deleted"] is True and not exists(sandbox, old, EU)
    calls = mutating_calls(sandbox, MUTATING)
    assert calls["transfer:UpdateServer"] == 2 and calls["acm:DeleteCertificate"] == 1
    in_use = sandbox.client("acm", EU).describe_certificate(CertificateArn=new)["Certificate"]["InUseBy"]
    assert sorted(in_use) == sorted(arns.values())

    sandbox.reset_calls()
    for check in (True, False):
        again = migrate(ansible, MIGRATE_ARGS, EU, check=check)
        assert again["changed"] is False, again
    assert mutating_calls(sandbox, MUTATING) == {}


def test_the_gate_checks_the_servers_custom_host_name(ansible, sandbox):
    old = cert(sandbox, ["files.example.com"], region=EU)
    new = cert(sandbox, ["files.example.com"], region=EU, replaces=old)
    server = ftps_server(sandbox, old, hostname="sftp.example.com")  # a name its certificate never covered
    sandbox.reset_calls()
    result = swap(ansible, {"pairs": [{"old": old, "new": new}], "delete_old": True}, region=EU)
    assert result["failed"] and "nothing was changed" in result["msg"], result
    assert f"does not cover sftp.example.com served by Transfer Family server {server}" in result["msg"]
    assert mutating_calls(sandbox, MUTATING) == {}
    assert server_certificate(sandbox, server) == old and exists(sandbox, old, EU)


def test_consumer_types_without_transfer_leave_the_server_and_hold_the_delete(ansible, sandbox):
    old = cert(sandbox, ["files.example.com"], region=EU)
    new = cert(sandbox, ["files.example.com"], region=EU, replaces=old)
    server = ftps_server(sandbox, old, hostname="files.example.com")
    done = ok(swap(ansible, {"pairs": [{"old": old, "new": new}], "delete_old": True, "consumer_types": ["elb"]},
                   region=EU))
    action = next(a for a in done["actions"] if a["resource_type"] == "transfer")
    assert action["action"] == "none" and "transfer is not in consumer_types" in action["reason"]
    assert server_certificate(sandbox, server) == old and exists(sandbox, old, EU)
    assert done["pairs"][0]["deleted"] is False
