"""VPC Lattice services on the replacement path: acm_migrate (strategy replace) finds a service
by its certificate, predicts the switch in check mode, switches it in place with UpdateService,
deletes the old certificate once nothing uses it, and changes nothing on a rerun; the safety
gate checks the service's custom domain name."""

from __future__ import annotations

from tests.integration.replacement_path import (MIGRATE_ARGS, REPLACEMENT_CALLS, actions_of, email_certificate,
                                                migrate, mutating_calls)
from tests.integration.test_cert_swap import cert, exists, ok, swap

EU = "eu-west-1"
MUTATING = REPLACEMENT_CALLS | {"vpc-lattice:UpdateService"}


def lattice_service(sandbox, name, domain, certificate_arn, region=EU):
    return sandbox.client("vpc-lattice", region).create_service(
        name=name, customDomainName=domain, certificateArn=certificate_arn, authType="AWS_IAM")


def service_certificate(sandbox, service_id, region=EU):
    return sandbox.client("vpc-lattice", region).get_service(serviceIdentifier=service_id)["certificateArn"]


def test_replacement_switches_the_service_in_place_and_deletes_the_old_certificate(ansible, sandbox):
    old = email_certificate(sandbox, ["example.com", "*.example.com"], EU)
    orders = lattice_service(sandbox, "orders", "orders.example.com", old)
    billing = lattice_service(sandbox, "billing", "billing.example.com", old)
    sandbox.reset_calls()

    predicted = migrate(ansible, MIGRATE_ARGS, EU, check=True)
    assert predicted["changed"] is True
    assert mutating_calls(sandbox, MUTATING) == {}
    assert sorted((a["service_id"], a["service_name"], a["resource_arn"], a["action"], a["before"])
                  for a in actions_of(predicted, "vpc_lattice")) == sorted(
        (s["id"], s["name"], s["arn"], "swap", old) for s in (orders, billing))
    assert [p["deleted"] for p in predicted["swap"]["pairs"]] == [True]

    done = migrate(ansible, MIGRATE_ARGS, EU)
    assert done["changed"] is True
    new = done["swap"]["pairs"][0]["new_certificate_arn"]
    assert {a["service_id"]: a["after"] for a in actions_of(done, "vpc_lattice")} == \
        {orders["id"]: new, billing["id"]: new}
    for service in (orders, billing):
        got = sandbox.client("vpc-lattice", EU).get_service(serviceIdentifier=service["id"])
        assert (got["certificateArn"], got["customDomainName"], got["authType"]) == \
            (new, service["customDomainName"], "AWS_IAM")
    assert done["swap"]["pairs"][0]["deleted"] is True and not exists(sandbox, old, EU)
    calls = mutating_calls(sandbox, MUTATING)
    assert calls["vpc-lattice:UpdateService"] == 2 and calls["acm:DeleteCertificate"] == 1
    in_use = sandbox.client("acm", EU).describe_certificate(CertificateArn=new)["Certificate"]["InUseBy"]
    assert sorted(in_use) == sorted([orders["arn"], billing["arn"]])

    sandbox.reset_calls()
    for check in (True, False):
        again = migrate(ansible, MIGRATE_ARGS, EU, check=check)
        assert again["changed"] is False, again
    assert mutating_calls(sandbox, MUTATING) == {}


def test_the_gate_checks_the_services_custom_domain_name(ansible, sandbox):
    old = cert(sandbox, ["orders.example.com"], region=EU)
    new = cert(sandbox, ["orders.example.com"], region=EU, replaces=old)
    service = lattice_service(sandbox, "orders", "orders.example.net", old)  # a name its certificate never covered
    sandbox.reset_calls()
    result = swap(ansible, {"pairs": [{"old": old, "new": new}], "delete_old": True}, region=EU)
    assert result["failed"] and "nothing was changed" in result["msg"], result
    assert "does not cover orders.example.net served by VPC Lattice service orders" in result["msg"]
    assert mutating_calls(sandbox, MUTATING) == {}
    assert service_certificate(sandbox, service["id"]) == old and exists(sandbox, old, EU)


def test_consumer_types_without_vpc_lattice_leave_the_service_and_hold_the_delete(ansible, sandbox):
    old = cert(sandbox, ["orders.example.com"], region=EU)
    new = cert(sandbox, ["orders.example.com"], region=EU, replaces=old)
    service = lattice_service(sandbox, "orders", "orders.example.com", old)
    done = ok(swap(ansible, {"pairs": [{"old": old, "new": new}], "delete_old": True, "consumer_types": ["transfer"]},
                   region=EU))
    action = next(a for a in done["actions"] if a["resource_type"] == "vpc_lattice")
    assert action["action"] == "none" and "vpc_lattice is not in consumer_types" in action["reason"]
    assert service_certificate(sandbox, service["id"]) == old and exists(sandbox, old, EU)
    assert done["pairs"][0]["deleted"] is False
