"""input_checks: option checks the argument spec cannot express (pure)."""

from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.module_utils.errors import CertshiftError
from ansible_collections.certshift.acm.plugins.module_utils.input_checks import (check_non_negative, check_port,
                                                                                 check_region)


def test_known_regions_pass_and_unknown_ones_name_the_fix():
    for region in ("eu-west-1", "us-east-1", "cn-north-1", "us-gov-west-1", None, ""):
        check_region(region)
    with pytest.raises(CertshiftError, match="region 'eu-nowhere-9' is not an AWS region.*such as eu-west-1"):
        check_region("eu-nowhere-9")


@pytest.mark.parametrize("value,ok", [(0, True), (5, True), (None, True), (-1, False)])
def test_non_negative(value, ok):
    if ok:
        check_non_negative({"wait_timeout": value}, "wait_timeout")
    else:
        with pytest.raises(CertshiftError, match="wait_timeout is -1: it must be 0 or more"):
            check_non_negative({"wait_timeout": value}, "wait_timeout")


@pytest.mark.parametrize("value,ok", [(1, True), (65535, True), (None, True), (0, False), (65536, False)])
def test_port(value, ok):
    if ok:
        check_port({"port": value}, "port")
    else:
        with pytest.raises(CertshiftError, match=f"port is {value}: a port must be a number from 1 to 65535"):
            check_port({"port": value}, "port")
