"""Corrections for moto's elbv2 behaviour (placeholder until implemented)."""


def apply():
    pass
