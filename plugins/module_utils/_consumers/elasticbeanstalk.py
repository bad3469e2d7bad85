# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Elastic Beanstalk environments: the listener certificate is an option of the environment
(``aws:elbv2:listener:<port>`` SSLCertificateArns, Classic ``aws:elb:listener:<port>``
SSLCertificateId), switched with UpdateEnvironment. ACM lists the environment's load balancer in
InUseBy, so a record stands for that load balancer (``resource_arn``).

Beanstalk puts its own options back on the load balancer at the environment's next update, so the
load balancer behind an environment is never switched directly: ``claim_load_balancers`` drops the
ELBv2/Classic ELB record a Beanstalk record covers (same load balancer, port and certificate) and
holds every other one on that load balancer with a reason (the delete of its old certificate waits)."""

from __future__ import annotations

from typing import Any, Dict, List

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._aws import elasticbeanstalk_api, elb_api
from ..concurrency import map_concurrently
from ..errors import CertshiftError, describe_client_error
from .consumer_type import Action, ConsumerType, InCode, Record

GONE = ("Terminating", "Terminated")
LOAD_BALANCER_TYPES = ("elbv2_default", "elbv2_sni", "elb")


def scan(clients: Any, region: str, account: str, workers: int) -> List[Record]:
    client = clients.get("elasticbeanstalk")
    environments = [e for e in elasticbeanstalk_api.describe_environments(client) if e.get("Status") not in GONE]

    def records_of(env: Record) -> List[Record]:
        settings = [(s, elasticbeanstalk_api.certificate_listener(s))
                    for s in elasticbeanstalk_api.option_settings(client, env["ApplicationName"], env["EnvironmentName"])]
        certificates = [(s, listener) for s, listener in settings if listener is not None and s.get("Value")]
        if not certificates:
            return []
        balancers = [name if name.startswith("arn:") else elb_api.load_balancer_arn(region, account, name)
                     for name in elasticbeanstalk_api.load_balancer_names(client, env["EnvironmentId"])]
        return [{
            "type": "elasticbeanstalk",
            "certificate_arn": setting["Value"],
            # ACM lists the environment's load balancer, not the environment
            "resource_arn": balancers[0] if balancers else env["EnvironmentArn"],
            "environment_id": env["EnvironmentId"],
            "environment_name": env["EnvironmentName"],
            "environment_arn": env["EnvironmentArn"],
            "application_name": env["ApplicationName"],
            "load_balancer_arns": balancers,
            "namespace": setting["Namespace"],
            "option_name": setting["OptionName"],
            "port": port,
            "names": [],
            "in_use_arns": balancers + [env["EnvironmentArn"]],
        } for setting, (_prefix, port) in certificates]

    return [r for found in map_concurrently(records_of, environments, workers) for r in found]


def claim_load_balancers(consumers: List[Record]) -> List[Record]:
    """The records with the load balancers behind Beanstalk environments left to Beanstalk: an ELBv2 or
    Classic ELB record of such a load balancer is dropped where a Beanstalk record switches the same
    certificate on the same port, else kept but held (switched directly, Beanstalk would put it back)."""
    environments: Dict[str, List[Record]] = {}
    for record in consumers:
        if record["type"] == "elasticbeanstalk":
            for arn in record["load_balancer_arns"]:
                environments.setdefault(arn, []).append(record)
    kept = []
    for record in consumers:
        owners = environments.get(record["resource_arn"]) if record["type"] in LOAD_BALANCER_TYPES else None
        if not owners:
            kept.append(record)
            continue
        if any(o["certificate_arn"] == record["certificate_arn"] and o["port"] == record.get("port")
               and record["type"] != "elbv2_sni" for o in owners):
            continue  # the Beanstalk record switches it
        owner = owners[0]
        kept.append({**record, "held": (
            f"the load balancer of Elastic Beanstalk environment {owner['environment_name']} "
            f"({owner['environment_id']}), whose options do not set this certificate: Beanstalk would put a direct "
            "change back; change it in the environment's configuration (or its .ebextensions)")})
    return kept


def switch_group(applier: Any, actions: List[Action]) -> List[Dict[str, Any]]:
    """One environment's certificate options in one UpdateEnvironment, once it is Ready; then wait until
    it is Ready again and check that its options name the new certificates (a failed update rolls back)."""
    client = applier.clients.get("elasticbeanstalk")
    env_id = actions[0]["environment_id"]
    try:
        _wait_ready(applier, client, actions[0], "before changing its certificate")
        elasticbeanstalk_api.update_options(client, env_id, [
            {"Namespace": a["namespace"], "OptionName": a["option_name"], "Value": a["after"]} for a in actions])
        _wait_ready(applier, client, actions[0], "after changing its certificate")
        now = {(s.get("Namespace"), s.get("OptionName")): s.get("Value")
               for s in elasticbeanstalk_api.option_settings(client, actions[0]["application_name"],
                                                             actions[0]["environment_name"])}
    except CertshiftError as e:
        return [{"action": action, "error": e.msg} for action in actions]
    except botocore.exceptions.ClientError as e:
        return [{"action": action, "error": describe_client_error(e)} for action in actions]
    return [{"action": a, "error": (
        f"Elastic Beanstalk environment {a['environment_name']} ({env_id}) is Ready but its option {a['namespace']} "
        f"{a['option_name']} is {now.get((a['namespace'], a['option_name']))}, not {a['after']}: the update was rolled "
        "back (see the environment's events)")}
        for a in actions if now.get((a["namespace"], a["option_name"])) != a["after"]]


def switch(applier: Any, action: Action) -> None:
    failures = switch_group(applier, [action])
    if failures:
        raise CertshiftError(failures[0]["error"], environment_id=action["environment_id"])


def _wait_ready(applier: Any, client: Any, action: Action, when: str) -> None:
    """Poll until the environment is Ready (it takes one update at a time); CertshiftError after
    deployed_wait_timeout, or when the environment is gone."""
    deadline = applier.clock() + applier.deployed_wait_timeout
    while True:
        env = elasticbeanstalk_api.describe_environment(client, action["environment_id"])
        status = (env or {}).get("Status")
        if status == elasticbeanstalk_api.READY:
            return
        if env is None or status in GONE:
            raise CertshiftError(f"Elastic Beanstalk environment {action['environment_name']} "
                                 f"({action['environment_id']}) is {status or 'gone'} {when}",
                                 environment_id=action["environment_id"])
        if applier.clock() >= deadline:
            raise CertshiftError(
                f"Elastic Beanstalk environment {action['environment_name']} ({action['environment_id']}) was still "
                f"{status} {when} after {applier.deployed_wait_timeout}s: raise deployed_wait_timeout or run again "
                "later", environment_id=action["environment_id"])
        applier.sleep(applier.poll_seconds)


def _label(action: Action) -> str:
    return f"elasticbeanstalk {action['environment_name']} {action['namespace']} {action['option_name']}"


ELASTICBEANSTALK = ConsumerType(
    name="elasticbeanstalk",
    record_types=("elasticbeanstalk",),
    service="elasticbeanstalk",
    scan=scan,
    switch=switch,
    switch_group=switch_group,
    lock=lambda action: action["environment_id"],
    location_keys=("environment_id", "environment_name", "application_name", "environment_arn", "namespace",
                   "option_name", "port"),
    describe=lambda record: f"Elastic Beanstalk environment {record['environment_name']} ({record['environment_id']})",
    label=_label,
    in_code={"elasticbeanstalk": InCode(
        "AWS::ElasticBeanstalk::Environment",
        lambda record: f"OptionSettings {record['namespace']} {record['option_name']}",
        physical_id=lambda record: record.get("environment_name"))},
    # the environment's own tags (ACM lists its load balancer); Beanstalk's tags name Beanstalk, which switches it
    tagged_arn=lambda record: str(record["environment_arn"]),
    own_tags=("elasticbeanstalk:environment-name", "elasticbeanstalk:environment-id"),
)
