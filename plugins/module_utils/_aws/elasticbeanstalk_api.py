# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One small function per Elastic Beanstalk API call; paginators for every list call.

A load-balanced environment's listener certificate is one of its options:
``aws:elbv2:listener:<port>`` ``SSLCertificateArns`` (Application Load Balancer) or
``aws:elb:listener:<port>`` ``SSLCertificateId`` (Classic). It is changed with UpdateEnvironment,
never on the load balancer itself: Beanstalk puts its options back at the environment's next update."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from .paging import paginate

# namespace prefix -> the option holding that listener's certificate
CERTIFICATE_OPTIONS = {"aws:elbv2:listener:": "SSLCertificateArns", "aws:elb:listener:": "SSLCertificateId"}
# An environment takes one update at a time; the others are refused until it is Ready again.
READY = "Ready"


def describe_environments(client: Any) -> List[Dict[str, Any]]:
    """Every environment of the region that is not terminated."""
    return paginate(client, "describe_environments", "Environments", IncludeDeleted=False)


def describe_environment(client: Any, environment_id: str) -> Optional[Dict[str, Any]]:
    """The environment, or None once it is gone (terminated environments are not listed)."""
    found = client.describe_environments(EnvironmentIds=[environment_id], IncludeDeleted=False).get("Environments")
    return next((env for env in found or [] if env.get("EnvironmentId") == environment_id), None)


def option_settings(client: Any, application_name: str, environment_name: str) -> List[Dict[str, Any]]:
    settings = client.describe_configuration_settings(ApplicationName=application_name,
                                                      EnvironmentName=environment_name)["ConfigurationSettings"]
    return list((settings or [{}])[0].get("OptionSettings") or [])


def load_balancer_names(client: Any, environment_id: str) -> List[str]:
    """The environment's load balancers as DescribeEnvironmentResources names them: an ELBv2 load
    balancer by its ARN, a Classic one by its name."""
    resources = client.describe_environment_resources(EnvironmentId=environment_id)["EnvironmentResources"]
    return [lb["Name"] for lb in resources.get("LoadBalancers") or [] if lb.get("Name")]


def certificate_listener(setting: Dict[str, Any]) -> Optional[Tuple[str, int]]:
    """(namespace prefix, port) of an option setting that holds a listener's certificate, else None."""
    namespace = setting.get("Namespace") or ""
    for prefix, option in CERTIFICATE_OPTIONS.items():
        port = namespace[len(prefix):]
        if namespace.startswith(prefix) and setting.get("OptionName") == option and port.isdigit():
            return prefix, int(port)
    return None


def update_options(client: Any, environment_id: str, settings: List[Dict[str, str]]) -> None:
    """UpdateEnvironment with only ``settings`` ({Namespace, OptionName, Value}): the other options stay."""
    client.update_environment(EnvironmentId=environment_id, OptionSettings=settings)
