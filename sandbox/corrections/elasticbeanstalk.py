"""Elastic Beanstalk environments and the load balancer certificate their options set.

AWS (Elastic Beanstalk API reference; developer guide, "Configuring HTTPS for your Elastic
Beanstalk environment" and the option namespaces):
- CreateEnvironment gives an environment an id (``e-`` and 10 characters) and a CNAME; a
  load-balanced environment gets its own load balancer, tagged
  ``elasticbeanstalk:environment-name`` and ``elasticbeanstalk:environment-id``.
- The listener's certificate is an option of the environment: ``aws:elbv2:listener:<port>``
  ``SSLCertificateArns`` (Application Load Balancer) or ``aws:elb:listener:<port>``
  ``SSLCertificateId`` (Classic). ``DescribeConfigurationSettings`` returns the environment's
  option settings; ``DescribeEnvironmentResources`` names its load balancer (an ELBv2 ARN, or a
  Classic load balancer's name).
- ``UpdateEnvironment(EnvironmentId or EnvironmentName, OptionSettings)`` changes the options and
  applies them: the load balancer's listener takes the certificate. The options are the truth: a
  certificate changed on the load balancer directly is put back at the environment's next update.
- A certificate that does not exist, is not ISSUED or is in another region fails the update with
  InvalidParameterValue, and nothing changes; so does an unknown environment.
- DescribeEnvironments lists only the environments asked for (EnvironmentIds, EnvironmentNames,
  ApplicationName).

moto 5.2.5: environments have an empty EnvironmentId and CNAME; CreateEnvironment ignores
OptionSettings; DescribeEnvironments ignores its filters (every environment, whatever was asked);
UpdateEnvironment, DescribeConfigurationSettings and DescribeEnvironmentResources are not
implemented (moto's server answers 500).

Model here: moto creates no load balancer, so whoever creates the environment creates it too
(sandbox/fleets.py, tests), tagged ``elasticbeanstalk:environment-name`` as Beanstalk tags its own:
an environment's load balancer is the one of its account and region with its name in that tag.
Only listener certificate options are applied; every other option is stored and returned.
"""

from __future__ import annotations

import random
import string

from .. import patching
from ..moto_internals import (ActionResult, BeanstalkInvalidParameterValue, EBResponse, elb_backends, elbv2_backends,
                              utcnow)
from . import in_use

ENVIRONMENT_TAG = "elasticbeanstalk:environment-name"
ELBV2_LISTENER = "aws:elbv2:listener:"
ELB_LISTENER = "aws:elb:listener:"
# namespace prefix -> the option that holds the listener's certificate
CERTIFICATE_OPTIONS = {ELBV2_LISTENER: "SSLCertificateArns", ELB_LISTENER: "SSLCertificateId"}


def _invalid(message):
    return BeanstalkInvalidParameterValue(message)


def _options(env):
    """The environment's option settings: {(namespace, option name): value}, in the order set."""
    if not hasattr(env, "sandbox_options"):
        env.sandbox_options = {}
    return env.sandbox_options


def _certificate_port(namespace, option):
    """The listener port an option sets the certificate of, or None."""
    for prefix, name in CERTIFICATE_OPTIONS.items():
        if namespace.startswith(prefix) and option == name and namespace[len(prefix):].isdigit():
            return int(namespace[len(prefix):])
    return None


def _environments(backend):
    return [env for app in backend.applications.values() for env in app.environments.values()]


def _environment(backend, environment_id=None, environment_name=None):
    for env in _environments(backend):
        if (environment_id and env.environment_id == environment_id) or \
                (not environment_id and environment_name and env.environment_name == environment_name):
            return env
    raise _invalid(f"No Environment found for {'EnvironmentId' if environment_id else 'EnvironmentName'} = "
                   f"'{environment_id or environment_name}'.")


def _load_balancer(env, account, region):
    """("elbv2", load balancer) or ("elb", load balancer) of the environment, or None."""
    elbv2 = elbv2_backends[account][region]
    for lb in list(elbv2.load_balancers.values()):
        if elbv2.tagging_service.get_tag_dict_for_resource(lb.arn).get(ENVIRONMENT_TAG) == env.environment_name:
            return "elbv2", lb
    for lb in list(elb_backends[account][region].load_balancers.values()):
        if (lb.tags or {}).get(ENVIRONMENT_TAG) == env.environment_name:
            return "elb", lb
    return None


def _apply(env, account, region):
    """Put every listener certificate the options name on the load balancer (undoing direct changes)."""
    found = _load_balancer(env, account, region)
    if found is None:
        return
    kind, lb = found
    for (namespace, option), value in _options(env).items():
        port = _certificate_port(namespace, option)
        if port is None or not value or not namespace.startswith(ELBV2_LISTENER if kind == "elbv2" else ELB_LISTENER):
            continue
        if kind == "elbv2":
            listener = next((li for li in lb.listeners.values() if int(li.port) == port), None)
            if listener is not None and listener.certificate != value:
                elbv2_backends[account][region].modify_listener(listener.arn, certificates=[{"CertificateArn": value}],
                                                                actions=[])  # [] keeps its actions
        else:
            listener = next((li for li in lb.listeners if int(li.load_balancer_port) == port), None)
            if listener is not None and listener.ssl_certificate_id != value:
                elb_backends[account][region].set_load_balancer_listener_ssl_certificate(lb.name, port, value)


def _check(settings, account, region):
    """InvalidParameterValue (nothing changed) for a listener certificate ACM would not let it use."""
    for setting in settings:
        port = _certificate_port(setting.get("Namespace") or "", setting.get("OptionName") or "")
        value = setting.get("Value")
        if port is not None and value and in_use.usable_certificate(value, account, region) is None:
            raise _invalid(f"Invalid option value: '{value}' (Namespace: '{setting['Namespace']}', OptionName: "
                           f"'{setting['OptionName']}'): the certificate does not exist in {region} or is not ISSUED.")


def _set(env, settings, account, region):
    options = _options(env)
    for setting in settings:
        key = (setting["Namespace"], setting["OptionName"])
        before, after = options.get(key), setting.get("Value")
        options[key] = after
        if _certificate_port(*key) is not None:
            in_use.record_change("elasticbeanstalk", env.environment_arn, f"{key[0]} {key[1]}", before, after,
                                 account=account, region=region)


def create_environment(self):
    settings = self._get_param("OptionSettings", [])
    _check(settings, self.current_account, self.region)
    result = patching.original(EBResponse, "create_environment")(self)
    env = _environment(self.elasticbeanstalk_backend, environment_name=self._get_param("EnvironmentName"))
    env.environment_id = "e-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=10))
    env.cname = f"{env.environment_name}.{self.region}.elasticbeanstalk.com"
    env.endpoint_url = env.cname
    _set(env, settings, self.current_account, self.region)
    return result


def describe_environments(self):
    ids, names = self._get_param("EnvironmentIds", []), self._get_param("EnvironmentNames", [])
    application = self._get_param("ApplicationName")
    return ActionResult({"Environments": [
        env for env in _environments(self.elasticbeanstalk_backend)
        if (not ids or env.environment_id in ids) and (not names or env.environment_name in names)
        and (not application or env.application_name == application)]})


def update_environment(self):
    env = _environment(self.elasticbeanstalk_backend, self._get_param("EnvironmentId"),
                       self._get_param("EnvironmentName"))
    settings = self._get_param("OptionSettings", [])
    _check(settings, self.current_account, self.region)
    _set(env, settings, self.current_account, self.region)
    _apply(env, self.current_account, self.region)
    env.date_updated = utcnow()
    return ActionResult(env)


def describe_configuration_settings(self):
    env = _environment(self.elasticbeanstalk_backend, environment_name=self._get_param("EnvironmentName"))
    settings = [{"Namespace": ns, "OptionName": name, "Value": value} for (ns, name), value in _options(env).items()]
    return ActionResult({"ConfigurationSettings": [{
        "ApplicationName": env.application_name, "EnvironmentName": env.environment_name,
        "SolutionStackName": env.solution_stack_name, "DeploymentStatus": "deployed",
        "DateCreated": env.date_created, "DateUpdated": env.date_updated, "OptionSettings": settings}]})


def describe_environment_resources(self):
    env = _environment(self.elasticbeanstalk_backend, self._get_param("EnvironmentId"),
                       self._get_param("EnvironmentName"))
    found = _load_balancer(env, self.current_account, self.region)
    balancers = [] if found is None else [{"Name": found[1].arn if found[0] == "elbv2" else found[1].name}]
    return ActionResult({"EnvironmentResources": {
        "EnvironmentName": env.environment_name, "AutoScalingGroups": [], "Instances": [], "LaunchConfigurations": [],
        "LaunchTemplates": [], "LoadBalancers": balancers, "Triggers": [], "Queues": []}})


def apply():
    patching.patch(EBResponse, "create_environment", create_environment)
    patching.patch(EBResponse, "describe_environments", describe_environments)
    patching.patch(EBResponse, "update_environment", update_environment)
    patching.patch(EBResponse, "describe_configuration_settings", describe_configuration_settings)
    patching.patch(EBResponse, "describe_environment_resources", describe_environment_resources)
