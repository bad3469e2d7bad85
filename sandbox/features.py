"""Sandbox features beyond corrections; importing a module registers its control routes."""

from __future__ import annotations

import importlib

MODULES = ("sandbox.settings", "sandbox.aws_behaviour", "sandbox.route53_dns", "sandbox.fleets", "sandbox.https_sites",
           "sandbox.concurrent_writers", "sandbox.organization")


def load_all():
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise


def serving_at(endpoint):
    """Tell the features that call the sandbox's own API where it listens."""
    from sandbox import fleets

    fleets.serving_at(endpoint)


def seed(endpoint, fleet, **options):
    from sandbox import fleets

    return fleets.seed(endpoint, fleet, **options)
