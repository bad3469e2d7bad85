"""ELBv2 (ALB/NLB) listener certificates as AWS documents them.

AWS (Elastic Load Balancing API reference, ALB/NLB user guides):
- A HTTPS/TLS listener has one default certificate and a certificate list (SNI).
- ``ModifyListener(Certificates=[one])`` replaces the default certificate only;
  the certificate list is kept. It works on NLB TLS listeners too.
- ``DescribeListeners`` shows only the default certificate;
  ``DescribeListenerCertificates`` lists the default (IsDefault=true) and the
  certificate list (IsDefault=false; a default also in the list appears twice).
- ``AddListenerCertificates``: unknown certificate -> CertificateNotFound; a
  certificate already in the list is not added again.
- ``RemoveListenerCertificates`` cannot remove the default certificate
  (OperationNotPermitted).
- 25 certificates per load balancer besides the default ones (TooManyCertificates).
- ``CreateListener``/``ModifyListener`` with an unknown certificate -> CertificateNotFound.
  ACM certificates must be in the listener's account and region and ISSUED
  (ELB answers CertificateNotFound for a certificate still pending validation).

moto 5.2.5: ModifyListener replaces the whole list (drops SNI) and ignores
Certificates on TLS listeners, DescribeListeners shows SNI certificates,
AddListenerCertificates accepts unknown ARNs and duplicates, RemoveListenerCertificates
removes the default, CreateListener registers listener ARNs in ACM's InUseBy.

Model here: ``listener.certificate`` is the default, ``listener.sni_certificates``
the certificate list; ``listener.certificates`` is a property that reads as
``[default]`` (what DescribeListeners serializes) and, when assigned a list,
sets default = first and certificate list = the rest.
"""

from __future__ import annotations

import functools
import re

from .. import patching
from ..moto_internals import ELBv2Backend, ELBv2ClientError, FakeListener, TooManyCertificatesError
from . import in_use

MAX_SNI_CERTIFICATES = 25
_moto = functools.partial(patching.original, ELBv2Backend)  # moto's own ELBv2Backend.<name>
CERT_PROTOCOLS = ("HTTPS", "TLS")


def _get_certificates(self):
    return [self.certificate] if self.certificate else []


def _set_certificates(self, value):
    value = list(value or [])
    self.certificate = value[0] if value else None
    self.sni_certificates = value[1:]


def _sni(listener):
    if not hasattr(listener, "sni_certificates"):
        listener.sni_certificates = []
    return listener.sni_certificates


def _error(code, message):
    return ELBv2ClientError(code, message)


def _validate_certificate(backend, arn):
    """CertificateNotFound unless ``arn`` is an IAM server certificate or an ISSUED
    ACM certificate of this account and region."""
    if arn and re.match(r"arn:[^:]+:iam:", arn):
        if backend._certificate_exists(certificate_arn=arn):
            return
    elif arn and in_use.usable_certificate(arn, backend.account_id, backend.region_name):
        return
    raise _error("CertificateNotFound", f"Certificate '{arn}' not found")


def _listener(backend, arn):
    return backend.describe_listeners(load_balancer_arn=None, listener_arns=[arn])[0]


def _record(backend, listener, field, before, after):
    in_use.record_change("elbv2", listener.arn, field, before, after,
                         account=backend.account_id, region=backend.region_name)


def create_listener(self, load_balancer_arn, protocol, port, ssl_policy, certificate, actions,
                    alpn_policy=None, tags=None):
    if certificate:
        _validate_certificate(self, certificate)
    listener = _moto("create_listener")(self, load_balancer_arn, protocol, port, ssl_policy, certificate,
                                        actions, alpn_policy=alpn_policy, tags=tags)
    _sni(listener)
    if certificate:
        _record(self, listener, "DefaultCertificate", None, certificate)
    return listener


def modify_listener(self, arn, port=None, protocol=None, ssl_policy=None, certificates=None,
                    actions=None):
    listener = _listener(self, arn)
    new_protocol = (protocol or listener.protocol or "").upper()
    new_default = None
    if certificates:
        if len(certificates) != 1:
            raise _error("InvalidConfigurationRequest",
                         "You must provide exactly one certificate as the listener's default certificate.")
        if new_protocol not in CERT_PROTOCOLS:
            raise _error("InvalidConfigurationRequest",
                         f"Certificates are only supported for HTTPS and TLS listeners, not {new_protocol}")
        new_default = certificates[0]["CertificateArn"]
        _validate_certificate(self, new_default)
    elif new_protocol in CERT_PROTOCOLS and not listener.certificate:
        raise _error("InvalidConfigurationRequest",
                     f"You must provide exactly one certificate if the listener protocol is {new_protocol}.")
    moto_protocol = protocol
    if protocol is not None and protocol.upper() not in ("HTTP", "HTTPS", "TCP"):
        lb = self.load_balancers.get(listener.load_balancer_arn)
        self._validate_port_and_protocol(lb.type, port or listener.port, protocol.upper())
        moto_protocol = None
    old_default = listener.certificate
    if new_default:
        listener.certificate = new_default
    try:
        # Certificates=[] makes moto keep what the listener has (default and SNI list).
        result = _moto("modify_listener")(self, arn, port, moto_protocol, ssl_policy, [], actions)
    except Exception:
        listener.certificate = old_default
        raise
    if protocol is not None:
        result.protocol = protocol.upper()
    _record(self, result, "DefaultCertificate", old_default, result.certificate)
    return result


def add_listener_certificates(self, arn, certificates):
    listener = _listener(self, arn)
    arns = []
    for cert in certificates or []:
        cert_arn = cert["CertificateArn"]
        _validate_certificate(self, cert_arn)
        if cert_arn not in arns:
            arns.append(cert_arn)
    sni = _sni(listener)
    new = [a for a in arns if a not in sni]
    lb = self.load_balancers.get(listener.load_balancer_arn)
    in_lists = set(new)
    for other in (lb.listeners.values() if lb else [listener]):
        in_lists.update(_sni(other))
    if len(in_lists) > MAX_SNI_CERTIFICATES:
        raise TooManyCertificatesError()
    before = list(sni)
    listener.sni_certificates = sni + new
    _record(self, listener, "SniCertificates", before, list(listener.sni_certificates))
    return list(listener.sni_certificates)


def describe_listener_certificates(self, arn):
    # The response marks the first entry IsDefault=true and the rest false.
    listener = _listener(self, arn)
    return ([listener.certificate] if listener.certificate else []) + list(_sni(listener))


def remove_listener_certificates(self, arn, certificates):
    listener = _listener(self, arn)
    arns = [c["CertificateArn"] for c in certificates or []]
    sni = _sni(listener)
    for cert_arn in arns:
        if cert_arn == listener.certificate and cert_arn not in sni:
            raise _error("OperationNotPermitted",
                         "You cannot remove the default certificate of a listener; "
                         "replace it with ModifyListener")
    before = list(sni)
    listener.sni_certificates = [c for c in sni if c not in arns]
    _record(self, listener, "SniCertificates", before, list(listener.sni_certificates))


def delete_listener(self, listener_arn):
    listener = None
    for lb in self.load_balancers.values():
        listener = lb.listeners.get(listener_arn) or listener
    result = _moto("delete_listener")(self, listener_arn)
    if listener is not None:
        _record(self, listener, "DefaultCertificate", listener.certificate, None)
        _record(self, listener, "SniCertificates", list(_sni(listener)), [])
    return result


def delete_load_balancer(self, arn):
    lb = self.load_balancers.get(arn)
    listeners = list(lb.listeners.values()) if lb else []
    result = _moto("delete_load_balancer")(self, arn)
    if arn not in self.load_balancers:
        for listener in listeners:
            _record(self, listener, "DefaultCertificate", listener.certificate, None)
            _record(self, listener, "SniCertificates", list(_sni(listener)), [])
    return result


def apply():
    patching.patch(FakeListener, "certificates", property(_get_certificates, _set_certificates))
    patching.patch(ELBv2Backend, "create_listener", create_listener)
    patching.patch(ELBv2Backend, "modify_listener", modify_listener)
    patching.patch(ELBv2Backend, "add_listener_certificates", add_listener_certificates)
    patching.patch(ELBv2Backend, "describe_listener_certificates", describe_listener_certificates)
    patching.patch(ELBv2Backend, "remove_listener_certificates", remove_listener_certificates)
    patching.patch(ELBv2Backend, "delete_listener", delete_listener)
    patching.patch(ELBv2Backend, "delete_load_balancer", delete_load_balancer)
