"""Corrections for moto's in_use behaviour (placeholder until implemented)."""


def apply():
    pass
