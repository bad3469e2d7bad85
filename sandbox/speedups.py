"""moto's per-request costs that have nothing to do with AWS, removed.

The benchmark runs the sandbox on the same cores as the job it measures, so every
millisecond moto spends on a call is a millisecond the job does not get. Measured per call
on moto 5.2.x (cProfile, bench fleet of 100): the dispatcher lists moto's package directory
(~170 ``isdir``) on every request; ``call_action`` inspects the response class's members on
every request; and the model-driven serializer took 80% of a SearchCertificates and a fifth
of a DescribeCertificate, for JSON the sandbox's ACM corrections have already built.

None of this changes an answer: ``tests/sandbox/test_speedups.py`` compares each ACM
answer with moto's own serializer's, as botocore parses them.
"""

from __future__ import annotations

import datetime
import functools
import json
import math

from . import patching, settings
from .moto_internals import AWSCertificateManagerResponse, core_responses, moto_backends

settings.register("acm_direct_json", True)


def apply():
    patching.patch(moto_backends, "list_of_moto_modules", _moto_modules)
    patching.patch(core_responses, "method_names_from_class", _method_names_from_class)
    patching.patch(AWSCertificateManagerResponse, "serialized", _direct_json)


_modules = []


def _moto_modules():
    """moto's package directory, listed once (it does not change while the sandbox runs)."""
    if not _modules:
        _modules.append(tuple(patching.original(moto_backends, "list_of_moto_modules")()))
    return _modules[0]


@functools.lru_cache(maxsize=None)
def _method_names_from_class(clazz):
    # The response classes are complete once the corrections are applied, before serving.
    return patching.original(core_responses, "method_names_from_class")(clazz)


def _direct_json(self, action_result):
    """ACM's answers, when they are plain dicts, as JSON without the model walk; errors and
    anything else go through moto's serializer."""
    result = action_result.result
    if not isinstance(result, dict) or not settings.get("acm_direct_json"):
        return patching.original(AWSCertificateManagerResponse, "serialized")(self, action_result)
    headers = dict(self.response_headers)
    headers["Content-Type"] = "application/x-amz-json-1.1"
    return 200, headers, json.dumps(_as_moto_writes(result))


def _as_moto_writes(value):
    """moto leaves out members whose value is None (botocore would parse a null) and writes
    timestamps as epoch seconds in whole milliseconds. ACM's answers hold no number but
    integers and timestamps, so every float is a timestamp."""
    if isinstance(value, dict):
        return {k: _as_moto_writes(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_as_moto_writes(v) for v in value]
    if isinstance(value, datetime.datetime):  # naive datetimes are UTC, as in moto
        value = value.replace(tzinfo=value.tzinfo or datetime.timezone.utc).timestamp()
    if isinstance(value, float):
        return math.floor(value * 1000) / 1000
    return value
