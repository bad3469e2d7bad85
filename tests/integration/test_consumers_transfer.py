"""Transfer Family servers (FTPS) on the replacement path: acm_migrate (strategy replace) finds a
server by its certificate, predicts the switch in check mode, switches it in place with
UpdateServer, deletes the old certificate once nothing uses it, and changes nothing on a rerun;
the safety gate checks the server's custom host name."""

from __future__ import annotations

import time

from tests.integration.test_cert_swap import cert, exists, ok, swap

EU = "eu-west-1"
MIGRATE = "certshift.acm.acm_migrate"
HOSTNAME_TAG = "aws:transfer:customHostname"
MUTATING = {"transfer:UpdateServer", "acm:RequestCertificate", "acm:DeleteCertificate",
            "route53:ChangeResourceRecordSets"}


def email_certificate(sandbox, names, region=EU):
    """An ISSUED EMAIL-validated certificate (the sandbox approves EMAIL requests at once), with a
    public Route53 zone for its names so the replacement's records can be published."""
    acm, r53 = sandbox.client("acm", region), sandbox.client("route53")
    apex = ".".join(names[0].split(".")[-2:])
    if not any(z["Name"] == apex + "." for z in r53.list_hosted_zones()["HostedZones"]):
        r53.create_hosted_zone(Name=apex, CallerReference=f"{apex}-{time.time()}")
    arn = acm.request_certificate(DomainName=names[0], SubjectAlternativeNames=list(names),
                                  ValidationMethod="EMAIL")["CertificateArn"]
    deadline = time.monotonic() + 30
    while acm.describe_certificate(CertificateArn=arn)["Certificate"]["Status"] != "ISSUED":
        assert time.monotonic() < deadline, f"{arn} was not issued"
        time.sleep(0.2)
    return arn


def ftps_server(sandbox, certificate_arn, hostname=None, region=EU):
    tags = [{"Key": HOSTNAME_TAG, "Value": hostname}] if hostname else []
    return sandbox.client("transfer", region).create_server(
        Protocols=["FTPS"], Certificate=certificate_arn, IdentityProviderType="API_GATEWAY",
        IdentityProviderDetails={"Url": "https://idp.example.com", "InvocationRole": "arn:aws:iam::123456789012:role/idp"},
        Tags=tags)["ServerId"]


def server_certificate(sandbox, server_id, region=EU):
    return sandbox.client("transfer", region).describe_server(ServerId=server_id)["Server"]["Certificate"]


def mutating_calls(sandbox):
    return {k: v for k, v in sandbox.calls()["by_action"].items() if k in MUTATING}


def migrate(ansible, args, check=False):
    result = ansible.module(MIGRATE, {"strategy": "replace", **args}, check=check, region=EU)
    result.pop("_run")
    return ok(result)


def transfer_actions(result):
    return [a for a in result["swap"]["actions"] if a["resource_type"] == "transfer"]


def test_replacement_switches_the_server_in_place_and_deletes_the_old_certificate(ansible, sandbox):
    old = email_certificate(sandbox, ["files.example.com", "ftp.example.com"])
    named = ftps_server(sandbox, old, hostname="files.example.com")
    unnamed = ftps_server(sandbox, old)
    arns = {s["ServerId"]: s["Arn"] for s in sandbox.client("transfer", EU).list_servers()["Servers"]}
    # every EMAIL-validated certificate of the region (only this one): a rerun selects nothing
    args = {"delete_old": True, "wave_seconds": 1, "wait_timeout": 120}
    sandbox.reset_calls()

    predicted = migrate(ansible, args, check=True)
    assert predicted["changed"] is True
    assert mutating_calls(sandbox) == {}
    assert sorted((a["server_id"], a["resource_arn"], a["action"], a["before"]) for a in transfer_actions(predicted)) \
        == sorted((s, arns[s], "swap", old) for s in (named, unnamed))
    assert [p["deleted"] for p in predicted["swap"]["pairs"]] == [True]

    done = migrate(ansible, args)
    assert done["changed"] is True
    new = done["swap"]["pairs"][0]["new_certificate_arn"]
    assert {a["server_id"]: a["after"] for a in transfer_actions(done)} == {named: new, unnamed: new}
    assert server_certificate(sandbox, named) == server_certificate(sandbox, unnamed) == new
    assert done["swap"]["pairs"][0]["deleted"] is True and not exists(sandbox, old, EU)
    calls = mutating_calls(sandbox)
    assert calls["transfer:UpdateServer"] == 2 and calls["acm:DeleteCertificate"] == 1
    # the replacement is in use by both servers, as ACM reports it
    in_use = sandbox.client("acm", EU).describe_certificate(CertificateArn=new)["Certificate"]["InUseBy"]
    assert sorted(in_use) == sorted(arns.values())

    sandbox.reset_calls()
    for check in (True, False):
        again = migrate(ansible, args, check=check)
        assert again["changed"] is False, again
    assert mutating_calls(sandbox) == {}


def test_the_gate_checks_the_servers_custom_host_name(ansible, sandbox):
    old = cert(sandbox, ["files.example.com"], region=EU)
    new = cert(sandbox, ["files.example.com"], region=EU, replaces=old)
    server = ftps_server(sandbox, old, hostname="sftp.example.com")  # a host name its certificate never covered
    sandbox.reset_calls()
    result = swap(ansible, {"pairs": [{"old": old, "new": new}], "delete_old": True}, region=EU)
    assert result["failed"] and "nothing was changed" in result["msg"], result
    assert f"does not cover sftp.example.com served by Transfer Family server {server}" in result["msg"]
    assert mutating_calls(sandbox) == {}
    assert server_certificate(sandbox, server) == old and exists(sandbox, old, EU)


def test_consumer_types_without_transfer_leave_the_server_and_hold_the_delete(ansible, sandbox):
    old = cert(sandbox, ["files.example.com"], region=EU)
    new = cert(sandbox, ["files.example.com"], region=EU, replaces=old)
    server = ftps_server(sandbox, old, hostname="files.example.com")
    args = {"pairs": [{"old": old, "new": new}], "delete_old": True, "consumer_types": ["elb"]}
    done = ok(swap(ansible, args, region=EU))
    action = next(a for a in done["actions"] if a["resource_type"] == "transfer")
    assert action["action"] == "none" and "transfer is not in consumer_types" in action["reason"]
    assert server_certificate(sandbox, server) == old and exists(sandbox, old, EU)
    assert done["pairs"][0]["deleted"] is False
