"""Fake AWS clients that behave like boto3 clients where the code under test relies on it.

``client(fake, service)`` puts a fake (an object with boto3-named methods: ``describe_certificate``,
``search_certificates`` ...) behind botocore's own machinery: each call of an operation first emits
botocore's ``before-call`` event on ``meta.events`` (a real botocore emitter), so
``concurrency.limit_client`` paces a fake exactly as it paces a client from aws_clients; and
``get_paginator`` pages through the fake's method with botocore's own Paginator and paginator
model (a fake that has its own ``get_paginator`` keeps it). ``limited=True`` adds the service's
quotas, as ``aws_clients.Clients.get`` does."""

from __future__ import annotations

import functools
import types

import botocore.session
from botocore import xform_name
from botocore.hooks import HierarchicalEmitter
from botocore.paginate import Paginator

from ansible_collections.certshift.acm.plugins.module_utils.concurrency import limit_service_client


@functools.lru_cache(maxsize=None)
def _service(service):
    session = botocore.session.get_session()
    model = session.get_service_model(service)
    return model, {xform_name(name): name for name in model.operation_names}, session.get_paginator_model(service)


class FakeClient:
    def __init__(self, fake, service):
        self._fake, self._service = fake, service
        self.meta = types.SimpleNamespace(events=HierarchicalEmitter())

    def __getattr__(self, name):
        value = getattr(self._fake, name)
        model, operations, _paginators = _service(self._service)
        if name not in operations:
            return value
        operation = model.operation_model(operations[name])

        def call(**kwargs):
            self.meta.events.emit(f"before-call.{model.service_id.hyphenize()}.{operation.name}",
                                  model=operation, params=kwargs)
            return value(**kwargs)
        return call

    def get_paginator(self, operation):
        if hasattr(self._fake, "get_paginator"):
            return self._fake.get_paginator(operation)
        model, operations, paginators = _service(self._service)
        name = operations[operation]
        return Paginator(getattr(self, operation), paginators.get_paginator(name), model.operation_model(name))


def client(fake, service="acm", limited=False):
    wrapped = FakeClient(fake, service)
    return limit_service_client(wrapped, service) if limited else wrapped
