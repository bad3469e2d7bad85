# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Apply planned swap actions in place: concurrently across resources, one change at a
time per resource (listener, load balancer, distribution, domain name).

- ELBv2 default: ModifyListener with one certificate (the SNI list stays).
- ELBv2 SNI: AddListenerCertificates, then RemoveListenerCertificates only once the
  listener lists the new certificate.
- Classic ELB: SetLoadBalancerListenerSSLCertificate on the listener, in place.
- CloudFront: read config and ETag, change only ViewerCertificate.ACMCertificateArn
  (deprecated Certificate/CertificateSource dropped), UpdateDistribution with IfMatch,
  re-read and retry on PreconditionFailed; never start a change while one is in progress.
- API Gateway v1: a replace patch operation; v2: DomainNameConfigurations.
"""

from __future__ import annotations

import itertools
import time

try:
    import botocore.exceptions
except ImportError:
    pass

from .._aws import apigateway_api, cloudfront_api, elb_api, elbv2_api
from ..concurrency import map_concurrently
from ..errors import CertshiftError, describe_client_error, error_code

# Enough for every service to work at its own quota at once (ELB 20/s, API Gateway 10/s, ...).
APPLY_WORKERS = 16
ETAG_RETRIES = 5
POLL_SECONDS = 5.0


class Applier:
    def __init__(self, clients, wait_deployed=False, deployed_wait_timeout=1800, workers=APPLY_WORKERS,
                 sleep=time.sleep, clock=time.monotonic, poll_seconds=POLL_SECONDS):
        self.clients = clients
        self.wait_deployed = wait_deployed
        self.deployed_wait_timeout = deployed_wait_timeout
        self.workers = workers
        self.sleep = sleep
        self.clock = clock
        self.poll_seconds = poll_seconds

    def apply(self, actions):
        """Apply every swap action; returns a list of {action, error} for those that failed."""
        groups = {}
        for action in actions:
            if action["action"] in ("swap_default", "swap_sni", "swap"):
                groups.setdefault(_lock_key(action), []).append(action)

        def run_group(group):
            failures = []
            sni = [a for a in group if a["resource_type"] == "elbv2_sni"]
            if len(sni) > 1:  # one listener's SNI swaps in a few batched calls
                group = [a for a in group if a["resource_type"] != "elbv2_sni"]
            for action in group:
                try:
                    self._apply_one(action)
                except CertshiftError as e:
                    failures.append({"action": action, "error": e.msg})
                except botocore.exceptions.ClientError as e:
                    failures.append({"action": action, "error": describe_client_error(e)})
                if failures:
                    break  # keep the remaining changes of this resource for a re-run
            if len(sni) > 1 and not failures:
                try:
                    failures.extend(self._swap_sni_batch(sni))
                except botocore.exceptions.ClientError as e:
                    failures.extend({"action": action, "error": describe_client_error(e)} for action in sni)
            return failures

        return [f for found in map_concurrently(run_group, _interleaved(groups), self.workers) for f in found]

    def _apply_one(self, action):
        kind = action["resource_type"]
        if kind == "elbv2_default":
            elbv2_api.set_default_certificate(self.clients.get("elbv2"), action["listener_arn"], action["after"])
        elif kind == "elbv2_sni":
            self._swap_sni(action)
        elif kind == "elb":
            elb_api.set_listener_certificate(self.clients.get("elb"), action["load_balancer_name"], action["port"],
                                             action["after"])
        elif kind == "cloudfront":
            self._swap_cloudfront(action)
        elif kind == "apigateway":
            apigateway_api.replace_certificate_v1(self.clients.get("apigateway"), action["domain_name"],
                                                  action["patch_path"], action["after"])
        elif kind == "apigatewayv2":
            self._swap_apigatewayv2(action)
        else:  # pragma: no cover - plan never produces others
            raise CertshiftError(f"unknown consumer type {kind}")

    def _swap_sni(self, action):
        client = self.clients.get("elbv2")
        listener, old, new = action["listener_arn"], action["before"], action["after"]
        if action.get("add_new", True):
            elbv2_api.add_listener_certificate(client, listener, new)
        present = {c["CertificateArn"] for c in elbv2_api.describe_listener_certificates(client, listener)}
        if new not in present:
            raise CertshiftError(
                f"listener {listener} does not list {new} after AddListenerCertificates; {old} was left in place",
                listener_arn=listener,
            )
        elbv2_api.remove_listener_certificate(client, listener, old)

    def _swap_sni_batch(self, actions):
        """Several SNI swaps on one listener: add a batch of new certificates, check the
        listener lists them, remove their old ones; batches sized to the room left under the
        load balancer's certificate quota (one at a time when the quota is reached), so the
        old certificate of every swap stays until its new one is listed. Returns failures."""
        client = self.clients.get("elbv2")
        listener = actions[0]["listener_arn"]
        listed = elbv2_api.describe_listener_certificates(client, listener)
        todo, failures, one_at_a_time = list(actions), [], False
        while todo:
            room = elbv2_api.MAX_SNI_CERTIFICATES - len([c for c in listed if not c.get("IsDefault")])
            size = 1 if one_at_a_time else max(1, min(len(todo), room))
            batch, todo = todo[:size], todo[size:]
            present = {c["CertificateArn"] for c in listed}
            adds = list(dict.fromkeys(a["after"] for a in batch if a["after"] not in present))
            if adds:
                try:
                    elbv2_api.add_listener_certificates(client, listener, adds)
                except botocore.exceptions.ClientError as e:
                    if error_code(e) != "TooManyCertificates" or size == 1:
                        raise
                    todo, one_at_a_time = batch + todo, True  # other listeners share the quota
                    continue
            listed = elbv2_api.describe_listener_certificates(client, listener)
            present = {c["CertificateArn"] for c in listed}
            done = [a for a in batch if a["after"] in present]
            for action in batch:
                if action["after"] not in present:
                    failures.append({"action": action, "error": (
                        f"listener {listener} does not list {action['after']} after AddListenerCertificates; "
                        f"{action['before']} was left in place")})
            if done:
                elbv2_api.remove_listener_certificates(client, listener, [a["before"] for a in done])
                removed = {a["before"] for a in done}
                listed = [c for c in listed if c.get("IsDefault") or c["CertificateArn"] not in removed]
            if failures:
                break  # keep the remaining changes of this listener for a re-run
        return failures

    def _swap_cloudfront(self, action):
        client = self.clients.cloudfront()
        dist_id, old, new = action["distribution_id"], action["before"], action["after"]
        for _attempt in range(ETAG_RETRIES):
            self.wait_until_deployed(client, dist_id, "before changing its certificate")
            config, etag = cloudfront_api.get_distribution_config(client, dist_id)
            viewer = dict(config.get("ViewerCertificate") or {})
            current = viewer.get("ACMCertificateArn")
            if current == new:
                break
            if current != old:
                raise CertshiftError(
                    f"CloudFront distribution {dist_id} now uses {current}, not {old}: it changed during the run; "
                    "run again to re-plan", distribution_id=dist_id,
                )
            config["ViewerCertificate"] = _viewer_certificate(viewer, new)
            try:
                cloudfront_api.update_distribution(client, dist_id, config, etag)
                break
            except botocore.exceptions.ClientError as e:
                if not cloudfront_api.is_precondition_failed(e):
                    raise
                # Someone changed the distribution since we read it: read it again.
        else:
            raise CertshiftError(
                f"CloudFront distribution {dist_id} kept changing (PreconditionFailed {ETAG_RETRIES} times); "
                "run again when nobody else is updating it", distribution_id=dist_id,
            )
        if self.wait_deployed:
            self.wait_until_deployed(client, dist_id, "after changing its certificate")

    def wait_until_deployed(self, client, dist_id: str, when: str) -> None:
        """Poll until CloudFront distribution ``dist_id`` is Deployed; CertshiftError after deployed_wait_timeout.
        ``when`` says in the message what waited (before or after a change, before a delete)."""
        deadline = self.clock() + self.deployed_wait_timeout
        while cloudfront_api.get_distribution_status(client, dist_id) != "Deployed":
            if self.clock() >= deadline:
                raise CertshiftError(
                    f"CloudFront distribution {dist_id} was still InProgress {when} after {self.deployed_wait_timeout}s: "
                    "raise deployed_wait_timeout or run again later", distribution_id=dist_id,
                )
            self.sleep(self.poll_seconds)

    def _swap_apigatewayv2(self, action):
        client = self.clients.get("apigatewayv2")
        domain = apigateway_api.get_domain_name_v2(client, action["domain_name"])
        configs, changed = [], False
        for config in domain.get("DomainNameConfigurations") or []:
            kept = {k: config[k] for k in apigateway_api.V2_WRITABLE_FIELDS if config.get(k) is not None}
            if kept.get("CertificateArn") == action["before"] and config.get("EndpointType") == action.get("endpoint_type"):
                kept["CertificateArn"] = action["after"]
                changed = True
            configs.append(kept)
        if changed:
            apigateway_api.update_domain_name_v2(client, action["domain_name"], configs)


def _viewer_certificate(viewer, new):
    """Only the ACM ARN changes; deprecated fields go, SSLSupportMethod and
    MinimumProtocolVersion stay as they are."""
    updated = {k: v for k, v in viewer.items() if k not in ("Certificate", "CertificateSource")}
    updated["ACMCertificateArn"] = new
    updated["CloudFrontDefaultCertificate"] = False
    return updated


def _interleaved(groups):
    """The groups, services taking turns: each service has its own quota, so working through
    all of one service's resources before the next would leave the others idle."""
    by_service = {}
    for key, group in groups.items():
        by_service.setdefault(key[0], []).append(group)
    return [g for turn in itertools.zip_longest(*by_service.values()) for g in turn if g is not None]


def _lock_key(action):
    kind = action["resource_type"]
    if kind.startswith("elbv2"):
        return ("elbv2", action["listener_arn"])
    if kind == "elb":
        return ("elb", action["load_balancer_name"])
    if kind == "cloudfront":
        return ("cloudfront", action["distribution_id"])
    return ("apigateway", action["domain_name"])
