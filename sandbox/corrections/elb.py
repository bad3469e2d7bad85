"""Corrections for moto's elb behaviour (placeholder until implemented)."""


def apply():
    pass
