"""Corrections for moto's acm behaviour (placeholder until implemented)."""


def apply():
    pass
