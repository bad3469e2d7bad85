"""OpenSearch Service custom endpoints on the replacement path: acm_cert_swap (after the
DNS-validated replacement is issued, as acm_dns_migrate leaves it) finds the domain by its
custom endpoint, gates on the endpoint's name, switches DomainEndpointOptions in place keeping
the rest, deletes the old certificate, and a rerun changes nothing."""

from __future__ import annotations

import uuid

from tests.integration.test_cert_swap import EU, by_type, cert, exists, ok, swap

HOST = "search.example.com"
OPTIONS = {"EnforceHTTPS": True, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07", "CustomEndpointEnabled": True,
           "CustomEndpoint": HOST}


def domain(sandbox, region, certificate_arn, host=HOST):
    """(name, ARN) of a new domain whose custom endpoint ``host`` uses ``certificate_arn``."""
    name = f"logs-{uuid.uuid4().hex[:8]}"
    status = sandbox.client("opensearch", region).create_domain(
        DomainName=name, EngineVersion="OpenSearch_2.11",
        DomainEndpointOptions={**OPTIONS, "CustomEndpoint": host, "CustomEndpointCertificateArn": certificate_arn},
    )["DomainStatus"]
    return name, status["ARN"]


def endpoint_options(sandbox, region, name):
    return sandbox.client("opensearch", region).describe_domain(DomainName=name)["DomainStatus"]["DomainEndpointOptions"]


def updates(sandbox):
    return sandbox.calls()["by_action"].get("opensearch:UpdateDomainConfig", 0)


def test_custom_endpoint_switched_in_place_old_deleted_rerun_unchanged(ansible, sandbox):
    old = cert(sandbox, [HOST], region=EU)
    new = cert(sandbox, [HOST], region=EU, replaces=old)
    name, arn = domain(sandbox, EU, old)
    plain, _ = domain(sandbox, EU, cert(sandbox, ["other.example.com"], region=EU), host="other.example.com")
    sandbox.reset_calls()

    args = {"certificate_arns": [old], "delete_old": True, "in_use_wait_timeout": 30}
    planned = ok(swap(ansible, args, region=EU, check=True, diff=True))
    assert planned["changed"] is True
    actions = by_type(planned["actions"])
    assert [(a["action"], a["resource_arn"], a["domain_name"], a["custom_endpoint"], a["before"], a["after"])
            for a in actions["opensearch"]] == [("swap", arn, name, HOST, old, new)]
    assert [a["action"] for a in actions["acm_certificate"]] == ["delete"]
    assert planned["diff"]["after"][f"opensearch {name}"] == new
    assert updates(sandbox) == 0 and endpoint_options(sandbox, EU, name)["CustomEndpointCertificateArn"] == old
    assert exists(sandbox, old, EU)

    done = ok(swap(ansible, args, region=EU))
    assert done["changed"] is True and done["actions"] == planned["actions"]
    assert done["pairs"][0]["deleted"] is True and done["pairs"][0]["delete_held"] is None
    # Only the certificate changed; the endpoint's other options stay as they were.
    assert endpoint_options(sandbox, EU, name) == {**OPTIONS, "CustomEndpointCertificateArn": new}
    assert endpoint_options(sandbox, EU, plain)["CustomEndpoint"] == "other.example.com"
    assert updates(sandbox) == 1
    assert not exists(sandbox, old, EU)
    changes = [c for c in sandbox.control("GET", "changes")["changes"] if c["resource"] == arn]
    assert [(c["service"], c["before"], c["after"]) for c in changes] == [("opensearch", None, old), ("opensearch", old, new)]

    sandbox.reset_calls()
    again = ok(swap(ansible, args, region=EU))
    assert again["changed"] is False and again["actions"] == []
    assert updates(sandbox) == 0


def test_a_replacement_not_covering_the_custom_endpoint_changes_nothing(ansible, sandbox):
    old = cert(sandbox, ["example.com", "*.example.com"], region=EU)
    new = cert(sandbox, ["example.com", HOST], region=EU, replaces=old)
    name, _arn = domain(sandbox, EU, old, host="logs.example.com")
    sandbox.reset_calls()
    result = swap(ansible, {"pairs": [{"old": old, "new": new}]}, region=EU)
    assert result["failed"] and "nothing was changed" in result["msg"]
    assert f"does not cover logs.example.com served by OpenSearch domain {name}" in result["msg"]
    assert updates(sandbox) == 0
    assert endpoint_options(sandbox, EU, name)["CustomEndpointCertificateArn"] == old
