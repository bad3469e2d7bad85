"""Certificate history next to the consumer change log, so a test can replay what every
consumer pointed at against what each certificate was at that moment.

Not an AWS behaviour (AWS keeps this in CloudTrail); the sandbox records it so the
reliability tests can check, after a run, that no consumer ever pointed at a deleted
or non-ISSUED certificate and that an old certificate was deleted only once unused.

Entries go into the same ordered log as the consumer changes (in_use.record_change),
with ``service`` "acm", ``resource`` the certificate ARN and ``field`` "Status":

- created:      ``before`` None, ``after`` its status (PENDING_VALIDATION, ISSUED, ...)
- status change: ``before`` -> ``after`` (lazy evaluation makes ISSUED appear when it is read,
  which is always before a consumer can be pointed at it)
- deleted:      ``before`` its last status, ``after`` "DELETED", with its ``tags`` and ``names``

``GET /_sandbox/history`` returns ``{"changes": [...]}``: every entry of both kinds in the
order they happened (``seq``); ``GET /_sandbox/changes`` keeps showing consumer changes only.
"""

from __future__ import annotations

from sandbox import control, patching
from sandbox.moto_internals import AWSCertificateManagerBackend, CertBundle

from . import in_use

DELETED = "DELETED"


def _arn_parts(arn):
    parsed = in_use.parse_acm_arn(arn)
    return (parsed[2], parsed[1]) if parsed else (None, None)


def _record(cert, before, after, **extra):
    account, region = _arn_parts(cert.arn)
    in_use.record_change("acm", cert.arn, "Status", before, after, account=account, region=region, **extra)


def _get_status(self):
    return self.__dict__.get("_sandbox_status")


def _set_status(self, value):
    before = self.__dict__.get("_sandbox_status")
    self.__dict__["_sandbox_status"] = value
    if self.__dict__.get("_sandbox_recorded") and before != value:
        _record(self, before, value)


@control.route("GET", "history")
def _history(_payload):
    return {"changes": in_use.all_changes()}


def bundle_init(self, *args, **kwargs):
    """CertBundle.__init__: moto's, then the certificate's first status recorded."""
    patching.original(CertBundle, "__init__")(self, *args, **kwargs)
    self.__dict__["_sandbox_recorded"] = True
    _record(self, None, self.status)


def delete_certificate(self, arn, *args, **kwargs):
    """in_use's (which refuses certificates in use), then the deletion recorded."""
    cert = self._certificates.get(arn)
    result = in_use.delete_certificate(self, arn, *args, **kwargs)
    if cert is not None and arn not in self._certificates:
        names = [cert.common_name] + [n for n in (cert.sans or []) if n != cert.common_name]
        _record(cert, cert.status, DELETED, tags={k: v for k, v in cert.tags.items()}, names=names)
    return result


def apply():
    patching.patch(CertBundle, "__init__", bundle_init)
    patching.patch(CertBundle, "status", property(_get_status, _set_status))
    patching.patch(AWSCertificateManagerBackend, "delete_certificate", delete_certificate)
