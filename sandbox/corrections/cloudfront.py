"""Corrections for moto's cloudfront behaviour (placeholder until implemented)."""


def apply():
    pass
