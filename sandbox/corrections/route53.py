"""Corrections for moto's route53 behaviour (placeholder until implemented)."""


def apply():
    pass
