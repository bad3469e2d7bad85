"""Corrections for moto's apigateway behaviour (placeholder until implemented)."""


def apply():
    pass
