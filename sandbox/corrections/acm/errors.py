"""ACM's error answers that moto does not define."""

from __future__ import annotations

from ...moto_internals import AWSError


class InvalidParameterException(AWSError):
    TYPE = "InvalidParameterException"


class InvalidStateException(AWSError):
    TYPE = "InvalidStateException"


class InvalidArgsException(AWSError):
    TYPE = "InvalidArgsException"
