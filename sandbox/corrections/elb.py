"""Classic ELB listener certificates as AWS documents them.

AWS (Elastic Load Balancing API reference, SetLoadBalancerListenerSSLCertificate):
the listener's certificate is replaced in place; an unknown load balancer gives
LoadBalancerNotFound, an unknown port ListenerNotFound, an unknown (or not
ISSUED, or other-region) certificate CertificateNotFound -- and a failed call
changes nothing.

moto 5.2.5 assigns the new certificate to the listener first and only then
raises CertificateNotFoundException, so the listener is left pointing at a
certificate that does not exist; it ignores unknown ports silently.
"""

from __future__ import annotations

import functools
import re

from .. import patching
from ..moto_internals import ELBBackend, ELBClientError, LoadBalancerNotFoundError, get_partition, iam_backends
from . import in_use

_moto = functools.partial(patching.original, ELBBackend)  # moto's own ELBBackend.<name>


def _error(code, message):
    return ELBClientError(code, message)


def _validate_certificate(backend, arn):
    if arn and re.match(r"arn:[^:]+:iam:", arn):
        if iam_backends[backend.account_id][get_partition(backend.region_name)].get_certificate_by_arn(arn):
            return
    elif arn and in_use.usable_certificate(arn, backend.account_id, backend.region_name):
        return
    raise _error("CertificateNotFound", f"Supplied certificate was not found: {arn}")


def _arn(backend, name):
    return (f"arn:{get_partition(backend.region_name)}:elasticloadbalancing:{backend.region_name}:"
            f"{backend.account_id}:loadbalancer/{name}")


def _record(backend, name, port, before, after):
    in_use.record_change("elb", _arn(backend, name), f"Listener[{port}].SSLCertificateId", before, after,
                         account=backend.account_id, region=backend.region_name)


def _port_certs(ports):
    for port in ports or []:
        cert = port.get("ssl_certificate_id", port.get("SSLCertificateId"))
        lb_port = port.get("load_balancer_port") or port.get("LoadBalancerPort")
        yield lb_port, cert


def set_load_balancer_listener_ssl_certificate(self, name, lb_port, ssl_certificate_id):
    balancer = self.load_balancers.get(name)
    if balancer is None:
        raise LoadBalancerNotFoundError(name)
    listener = next((lst for lst in balancer.listeners
                     if str(lst.load_balancer_port) == str(lb_port)), None)
    if listener is None:
        raise _error("ListenerNotFound",
                     f"There is no listener on port {lb_port} of load balancer '{name}'")
    if listener.protocol.upper() not in ("HTTPS", "SSL"):
        raise _error("InvalidConfigurationRequest",
                     f"The listener on port {lb_port} uses {listener.protocol}; "
                     "only HTTPS and SSL listeners take a certificate")
    _validate_certificate(self, ssl_certificate_id)
    before = listener.ssl_certificate_id
    listener.ssl_certificate_id = ssl_certificate_id
    _record(self, name, listener.load_balancer_port, before, ssl_certificate_id)
    return balancer


def create_load_balancer(self, name, zones, ports, *args, **kwargs):
    for _, cert in _port_certs(ports):
        if cert:
            _validate_certificate(self, cert)
    balancer = _moto("create_load_balancer")(self, name, zones, ports, *args, **kwargs)
    for listener in balancer.listeners:
        if listener.ssl_certificate_id:
            _record(self, name, listener.load_balancer_port, None, listener.ssl_certificate_id)
    return balancer


def create_load_balancer_listeners(self, name, ports):
    for _, cert in _port_certs(ports):
        if cert:
            _validate_certificate(self, cert)
    balancer = self.load_balancers.get(name)
    existing = {str(lst.load_balancer_port) for lst in balancer.listeners} if balancer else set()
    result = _moto("create_load_balancer_listeners")(self, name, ports)
    if balancer:
        for listener in balancer.listeners:
            if str(listener.load_balancer_port) not in existing and listener.ssl_certificate_id:
                _record(self, name, listener.load_balancer_port, None, listener.ssl_certificate_id)
    return result


def delete_load_balancer_listeners(self, name, ports):
    balancer = self.load_balancers.get(name)
    before = {str(lst.load_balancer_port): lst.ssl_certificate_id
              for lst in (balancer.listeners if balancer else [])}
    result = _moto("delete_load_balancer_listeners")(self, name, ports)
    after = {str(lst.load_balancer_port) for lst in (balancer.listeners if balancer else [])}
    for port, cert in before.items():
        if port not in after and cert:
            _record(self, name, port, cert, None)
    return result


def delete_load_balancer(self, load_balancer_name):
    balancer = self.load_balancers.get(load_balancer_name)
    result = _moto("delete_load_balancer")(self, load_balancer_name)
    if balancer is not None:
        for listener in balancer.listeners:
            if listener.ssl_certificate_id:
                _record(self, load_balancer_name, listener.load_balancer_port, listener.ssl_certificate_id, None)
    return result


def apply():
    patching.patch(ELBBackend, "set_load_balancer_listener_ssl_certificate", set_load_balancer_listener_ssl_certificate)
    patching.patch(ELBBackend, "create_load_balancer", create_load_balancer)
    patching.patch(ELBBackend, "create_load_balancer_listeners", create_load_balancer_listeners)
    patching.patch(ELBBackend, "delete_load_balancer_listeners", delete_load_balancer_listeners)
    patching.patch(ELBBackend, "delete_load_balancer", delete_load_balancer)
