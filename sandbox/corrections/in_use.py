"""ACM ``InUseBy`` computed live from every consumer, as AWS reports it.

AWS: DescribeCertificate's ``InUseBy`` lists the ARNs of the AWS resources that
use the certificate, ListCertificates/SearchCertificates summaries carry
``InUse``, and DeleteCertificate fails with ResourceInUseException while the
certificate is associated with a resource. ``InUseBy`` lags behind changes
(minutes; ~20 min seen for API Gateway) and can list resources the account
cannot see (CloudFront-managed ones).

moto fills ``CertBundle.in_use_by`` only from ELBv2 CreateListener (with
*listener* ARNs) and Classic ELB, never clears it, and never refuses a delete.

Here ``CertBundle.in_use_by`` becomes a live property, so every reader
(DescribeCertificate, ListCertificates' ``InUse``, SearchCertificates in
corrections/acm/) sees the same answer. Entries, per certificate ARN:

- ELBv2 (ALB/NLB): the **load balancer** ARN (AWS lists the load balancer, not
  the listener), whether the certificate is a listener's default or SNI one;
- Classic ELB: ``arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/<name>``;
- CloudFront: the distribution ARN;
- API Gateway v1 and v2 custom domain names:
  ``arn:<partition>:apigateway:<region>::/domainnames/<name>``, for their certificate and their
  ownership-verification certificate alike; private ones: their ``domainNameArn``
  (``...:<account>:/domainnames/<name>+<id>``, apigateway_private.py);
- Transfer Family servers: the server ARN;
- VPC Lattice services: the service ARN;
- OpenSearch Service domains with a custom endpoint: the domain ARN;
- Cognito user pool custom domains: their AWS-managed CloudFront distribution's ARN
  (cognito.py), for the old certificate too while a switch is still distributing;
- Elastic Beanstalk: nothing of its own; ACM lists the environment's load balancer (above),
  which UpdateEnvironment changes (corrections/elasticbeanstalk.py);
- extras added with ``POST /_sandbox/acm/in_use_extra`` (unknown consumers);
- resources that stopped using it less than ``acm_in_use_lag_seconds`` ago.

This module also keeps the consumer change log served at
``GET /_sandbox/changes`` (every consumer's certificate change, recorded by the
elbv2/elb/cloudfront/apigateway/elasticbeanstalk corrections through :func:`record_change`).
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

from sandbox import control, hooks, patching, settings
from sandbox.moto_internals import (AWSCertificateManagerBackend, AWSError, CertBundle, CertificateNotFound, acm_backends,
                                    apigateway_backends, apigatewayv2_backends, cloudfront_backends, elb_backends,
                                    cognitoidp_backends, elbv2_backends, get_partition, opensearch_backends,
                                    transfer_backends, vpclattice_backends)

LAG_SETTING = "acm_in_use_lag_seconds"
settings.register(LAG_SETTING, 0.0)

# cloudformation: a stack creates, updates and deletes consumers (its listeners) in its own requests
CONSUMER_SERVICES = {"elbv2", "elb", "cloudfront", "apigateway", "apigatewayv2", "transfer", "vpc-lattice", "opensearch",
                     "cognito-idp", "elasticbeanstalk", "cloudformation"}
CERTIFICATE_SERVICES = {"acm"}  # certificate events (history.py), kept out of GET /_sandbox/changes
_READ_PREFIXES = ("Describe", "List", "Get")

_lock = threading.RLock()
_extras = {}  # certificate ARN -> set of resource ARNs
_last_seen = {}  # certificate ARN -> {resource ARN: monotonic time last seen in use}
_changes = []
_CHANGING = "in_use: consumer change"  # request_cache() key: this request changes a consumer
# The last scan, shared by requests until a consumer changes: {"version", "writing", "index"}.
# A scan walks every region's consumers; read per request, it was a quarter of the
# sandbox's CPU at 10 regions.
_shared = {"version": 0, "writing": 0, "index": {}}
# Users that depend on time rather than on a consumer change (a switch still distributing): callables
# (certificate ARN) -> resource ARNs, asked at every read instead of being kept in the shared index.
SETTLING_USERS = []


class ResourceInUseException(AWSError):
    TYPE = "ResourceInUseException"


# --- certificates ------------------------------------------------------------

def parse_acm_arn(arn):
    """(partition, region, account) of an ACM certificate ARN, or None."""
    parts = (arn or "").split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "acm" or not parts[5].startswith("certificate/"):
        return None
    return parts[1], parts[3], parts[4]


def find_certificate(arn):
    """The moto CertBundle for an ACM ARN (any account/region), or None."""
    parsed = parse_acm_arn(arn)
    if not parsed:
        return None
    _, region, account = parsed
    account_backends = dict.get(acm_backends, account)
    if account_backends is None or region not in dict.keys(account_backends):
        return None
    try:
        return dict.__getitem__(account_backends, region).get_certificate(arn)
    except CertificateNotFound:
        return None


def usable_certificate(arn, account, region):
    """The certificate if it exists in ``account``/``region`` and is ISSUED, else None."""
    parsed = parse_acm_arn(arn)
    if not parsed or parsed[1] != region or parsed[2] != account:
        return None
    bundle = find_certificate(arn)
    if bundle is None or bundle.status != "ISSUED":
        return None
    return bundle


def certificate_names(bundle):
    names = list(bundle.sans or [])
    if bundle.common_name and bundle.common_name not in names:
        names.insert(0, bundle.common_name)
    return [n.lower().rstrip(".") for n in names]


def covers(cert_names, name):
    """True if a certificate with ``cert_names`` serves ``name`` (one wildcard label)."""
    name = name.lower().rstrip(".")
    for cert_name in cert_names:
        if cert_name == name:
            return True
        if cert_name.startswith("*.") and "." in name and name.split(".", 1)[1] == cert_name[2:] \
                and not name.startswith("*."):
            return True
    return False


# --- live consumer index -------------------------------------------------------

def _items(backend_dict, account):
    account_backends = dict.get(backend_dict, account)
    if account_backends is None:
        return []
    return list(dict.items(account_backends))


def _accounts():
    return list(dict.keys(acm_backends))


def _scan(account):
    """{certificate ARN: set(resource ARN)} for every consumer in ``account``."""

    index = {}

    def add(cert, resource):
        if cert and cert.startswith("arn:") and ":acm:" in cert:
            index.setdefault(cert, set()).add(resource)

    for _region, backend in _items(elbv2_backends, account):
        for lb in list(backend.load_balancers.values()):
            for listener in list(lb.listeners.values()):
                add(listener.certificate, lb.arn)
                for cert in getattr(listener, "sni_certificates", []):
                    add(cert, lb.arn)
    for region, backend in _items(elb_backends, account):
        for lb in list(backend.load_balancers.values()):
            arn = f"arn:{get_partition(region)}:elasticloadbalancing:{region}:{account}:loadbalancer/{lb.name}"
            for listener in list(lb.listeners):
                add(listener.ssl_certificate_id, arn)
    for _partition, backend in _items(cloudfront_backends, account):
        for dist in list(backend.distributions.values()):
            add(viewer_certificate_arn(dist.distribution_config), dist.arn)
    for region, backend in _items(apigateway_backends, account):
        for name, domain in list(backend.domain_names.items()):
            arn = f"arn:{get_partition(region)}:apigateway:{region}::/domainnames/{name}"
            add(domain.certificate_arn, arn)
            add(domain.regional_certificate_arn, arn)
            add(getattr(domain, "ownership_verification_certificate_arn", None), arn)
        for domain in list(getattr(backend, "_sandbox_private_domains", {}).values()):  # apigateway_private.py
            add(domain.certificate_arn, domain._sandbox_arn)
            add(getattr(domain, "ownership_verification_certificate_arn", None), domain._sandbox_arn)
    for _region, backend in _items(apigatewayv2_backends, account):
        for domain in list(backend.domain_names.values()):
            for cfg in domain.domain_name_configurations or []:
                add((cfg or {}).get("certificateArn"), domain.domain_name_arn)
                add((cfg or {}).get("ownershipVerificationCertificateArn"), domain.domain_name_arn)
    for _region, backend in _items(transfer_backends, account):
        for server in list(backend.servers.values()):
            add(server.certificate, server.arn)
    for _region, backend in _items(vpclattice_backends, account):
        for service in list(backend.services.values()):
            add(service.certificate_arn, service.arn)
    for _region, backend in _items(opensearch_backends, account):
        for domain in list(backend.domains.values()):
            options = domain.domain_endpoint_options or {}
            if options.get("CustomEndpointEnabled"):
                add(options.get("CustomEndpointCertificateArn"), domain.arn)
    for _region, backend in _items(cognitoidp_backends, account):
        for domain in list(backend.user_pool_domains.values()):
            distribution = getattr(domain, "_sandbox_distribution_arn", None)
            if distribution:
                add((domain.custom_domain_config or {}).get("CertificateArn"), distribution)
    return index


def viewer_certificate_arn(distribution_config):
    vc = getattr(distribution_config, "ViewerCertificate", None)
    if isinstance(vc, dict):
        return vc.get("ACMCertificateArn") or None
    return getattr(vc, "acm_certificate_arn", None) or None


def _index(account, fresh=False):
    """Live index for ``account``: computed once per AWS request (hooks.request_cache), and
    shared by later requests until a consumer changes (unless ``fresh``)."""
    cache, key = hooks.request_cache(), ("in_use index", account)
    if cache is not None and key in cache and not fresh:
        return cache[key]
    with _lock:
        version, writing = _shared["version"], _shared["writing"]
        shared = _shared["index"].get(account) if not fresh and not writing else None
    if shared is not None:
        index = shared
    else:
        index = _scan(account)
        now = time.monotonic()
        with _lock:
            for cert, resources in index.items():
                seen = _last_seen.setdefault(cert, {})
                for resource in resources:
                    seen[resource] = now
            if not writing and _shared["version"] == version and not _shared["writing"]:
                _shared["index"][account] = index
    if cache is not None:
        cache[key] = index
    return index


def _is_consumer_change(service, action):
    return service in CONSUMER_SERVICES and action and not action.startswith(_READ_PREFIXES)


def in_use_by(arn):
    """Sorted resource ARNs using certificate ``arn`` now (live + lag + extras)."""
    parsed = parse_acm_arn(arn)
    if not parsed:
        return []
    resources = set(_index(parsed[2]).get(arn, ()))
    lag = float(settings.get(LAG_SETTING) or 0)
    now = time.monotonic()
    with _lock:
        if lag > 0:
            resources.update(r for r, t in _last_seen.get(arn, {}).items() if now - t < lag)
        resources.update(_extras.get(arn, ()))
    for users in SETTLING_USERS:
        resources.update(users(arn))
    return sorted(resources)


def _begin_request(service, action, region, access_key, environ):
    """BEFORE_REQUEST hook: note users before a consumer change, and stop sharing the index."""
    if _is_consumer_change(service, action):
        cache = hooks.request_cache()
        cache[_CHANGING] = True
        if float(settings.get(LAG_SETTING) or 0) > 0:
            # Observe every current user right before the change, so the lag
            # counts from the moment a resource stops using a certificate.
            for account in _accounts():
                _index(account, fresh=True)
                cache.pop(("in_use index", account), None)
        with _lock:
            _shared["writing"] += 1
            _shared["version"] += 1
            _shared["index"] = {}


def _end_request(service, action, region, access_key, environ):
    """AFTER_REQUEST hook: a consumer change is done; the next reader scans again."""
    if (hooks.request_cache() or {}).pop(_CHANGING, False):
        with _lock:
            _shared["writing"] -= 1
            _shared["version"] += 1
            _shared["index"] = {}


# --- change log ------------------------------------------------------------------

def record_change(service, resource, field, before, after, account=None, region=None, **extra):
    """Record one consumer certificate change (for GET /_sandbox/changes); ``extra`` keys
    (for example a certificate's tags, see history.py) are added to the entry as they are."""
    if before == after:
        return
    entry = {
        "time": datetime.now(timezone.utc).isoformat(),
        "service": service,
        "resource": resource,
        "field": field,
        "before": before,
        "after": after,
    }
    if account:
        entry["account"] = account
    if region:
        entry["region"] = region
    entry.update(extra)
    with _lock:
        entry["seq"] = len(_changes)
        _changes.append(entry)


@control.route("GET", "changes")
def _get_changes(_payload):
    # Consumer changes only; GET /_sandbox/history (history.py) adds certificate events.
    with _lock:
        return {"changes": [dict(c) for c in _changes if c["service"] not in CERTIFICATE_SERVICES]}


def all_changes():
    """Every entry, consumer changes and certificate events, in the order they happened."""
    with _lock:
        return [dict(c) for c in _changes]


@control.route("POST", "acm/in_use_extra")
def _add_extra(payload):
    """Add (or with "remove": true, drop) an InUseBy entry the account cannot see."""
    cert = payload["certificate_arn"]
    resource = payload["resource_arn"]
    with _lock:
        if payload.get("remove"):
            _extras.get(cert, set()).discard(resource)
        else:
            _extras.setdefault(cert, set()).add(resource)
        return {"certificate_arn": cert, "extras": sorted(_extras.get(cert, ()))}


@control.route("GET", "acm/in_use")
def _show_in_use(payload):
    """InUseBy per certificate ARN, as the sandbox computes it ({"certificate_arn": ...} optional)."""
    if payload.get("certificate_arn"):
        return {payload["certificate_arn"]: in_use_by(payload["certificate_arn"])}
    result = {}
    for account in _accounts():
        for cert in _index(account):
            result[cert] = in_use_by(cert)
    with _lock:
        for cert in _extras:
            result.setdefault(cert, in_use_by(cert))
    return result


def _reset():
    with _lock:
        _extras.clear()
        _last_seen.clear()
        _changes.clear()
        _shared["version"] += 1
        _shared["index"] = {}


# --- patches -----------------------------------------------------------------------

def _live_in_use_by(self):
    return in_use_by(self.arn) if getattr(self, "arn", None) else []


def _ignore_set(self, value):
    # moto's CertBundle.__init__ assigns []; the live property ignores stored values.
    pass


def set_certificate_in_use_by(self, arn, user):
    # moto's ELB code calls this to register users; InUseBy is live now, so
    # only keep its existence check.
    if arn not in self._certificates:
        raise CertificateNotFound(arn=arn, account_id=self.account_id)


def delete_certificate(self, arn, *args, **kwargs):
    if arn in self._certificates and in_use_by(arn):
        raise ResourceInUseException(message=f"Certificate {arn} in account {self.account_id} is in use.")
    return patching.original(AWSCertificateManagerBackend, "delete_certificate")(self, arn, *args, **kwargs)


def apply():
    patching.patch(CertBundle, "in_use_by", property(_live_in_use_by, _ignore_set))
    patching.patch(AWSCertificateManagerBackend, "set_certificate_in_use_by", set_certificate_in_use_by)
    patching.patch(AWSCertificateManagerBackend, "delete_certificate", delete_certificate)
    for hooks_list, hook in ((hooks.BEFORE_REQUEST, _begin_request), (hooks.AFTER_REQUEST, _end_request),
                             (hooks.RESET_HOOKS, _reset)):
        if hook not in hooks_list:
            hooks_list.append(hook)
