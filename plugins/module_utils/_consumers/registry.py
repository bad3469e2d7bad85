# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every consumer type, in the order the index lists their records. A new type is one module
in this folder and one line here (and its choice in option_choices.CONSUMER_TYPES)."""

from __future__ import annotations

from typing import Dict, Tuple

from .apigateway import APIGATEWAY, APIGATEWAYV2
from .apigateway_private import APIGATEWAY_PRIVATE
from .cloudfront import CLOUDFRONT
from .cognito import COGNITO
from .consumer_type import ConsumerType
from .elasticbeanstalk import ELASTICBEANSTALK
from .elb import ELB
from .elbv2 import ELBV2
from .opensearch import OPENSEARCH
from .transfer import TRANSFER
from .vpc_lattice import VPC_LATTICE

CONSUMERS: Tuple[ConsumerType, ...] = (ELBV2, ELB, CLOUDFRONT, APIGATEWAY, APIGATEWAYV2, TRANSFER, VPC_LATTICE,
                                       OPENSEARCH, COGNITO, ELASTICBEANSTALK, APIGATEWAY_PRIVATE)

_BY_RECORD_TYPE: Dict[str, ConsumerType] = {t: c for c in CONSUMERS for t in c.record_types}


def of_record_type(record_type: str) -> ConsumerType:
    """The consumer type a record (or action) ``type``/``resource_type`` belongs to."""
    return _BY_RECORD_TYPE[record_type]
