"""Corrections to moto 5.2.x, one module per service, each restoring a behaviour
AWS documents (aws-facts.md, 'moto 5.2.x, measured against the above').

Each module exposes ``apply()``; it must be idempotent and run in the process
that serves requests.
"""

from __future__ import annotations

import importlib

MODULES = ("acm", "acm_in_place", "acm_cloudfront", "in_use", "history", "elbv2", "elb", "cloudfront", "apigateway",
           "transfer", "vpclattice", "opensearch", "cognito", "elasticbeanstalk", "route53", "cloudformation")

_applied = False


def apply_all():
    global _applied
    if _applied:
        return
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}").apply()
    _applied = True
