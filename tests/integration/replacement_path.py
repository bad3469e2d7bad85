"""Helpers for the per-consumer-type tests of the replacement path (test_consumers_*.py): an
EMAIL-validated certificate acm_migrate replaces, and acm_migrate itself (strategy replace)."""

from __future__ import annotations

import time

from tests.integration.test_cert_swap import ok, wait_issued

MIGRATE = "certshift.acm.acm_migrate"


def email_certificate(sandbox, names, region):
    """An ISSUED EMAIL-validated certificate (the sandbox approves EMAIL requests at once), with a
    public Route53 zone for its names so the replacement's records can be published."""
    acm, r53 = sandbox.client("acm", region), sandbox.client("route53")
    apex = ".".join(names[0].split(".")[-2:])
    if not any(z["Name"] == apex + "." for z in r53.list_hosted_zones()["HostedZones"]):
        r53.create_hosted_zone(Name=apex, CallerReference=f"{apex}-{time.time()}")
    arn = acm.request_certificate(DomainName=names[0], SubjectAlternativeNames=list(names),
                                  ValidationMethod="EMAIL")["CertificateArn"]
    return wait_issued(acm, arn)


def migrate(ansible, args, region, check=False):
    """acm_migrate with strategy replace; its result, asserted not failed."""
    result = ansible.module(MIGRATE, {"strategy": "replace", **args}, check=check, region=region)
    result.pop("_run")
    return ok(result)


def mutating_calls(sandbox, mutating):
    return {k: v for k, v in sandbox.calls()["by_action"].items() if k in mutating}


def actions_of(result, resource_type):
    return [a for a in result["swap"]["actions"] if a["resource_type"] == resource_type]


# Every EMAIL-validated certificate of the region (the sandbox holds only the test's): a rerun
# selects nothing, where naming the deleted original would be an error.
MIGRATE_ARGS = {"delete_old": True, "wave_seconds": 1, "wait_timeout": 120}
REPLACEMENT_CALLS = {"acm:RequestCertificate", "acm:DeleteCertificate", "route53:ChangeResourceRecordSets"}
