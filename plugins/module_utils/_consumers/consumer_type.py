# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the swap, its gate and the audit need to know about one kind of consumer, in one place.

A consumer record (what ``scan`` returns) is a plain dict: ``type`` (one of ``record_types``),
``certificate_arn``, ``resource_arn``, ``names`` (host names it serves where AWS says so; empty
for load balancers, which serve whatever DNS points at them), ``in_use_arns`` (the ARNs ACM may
list in InUseBy for it), and the location keys the switch needs (``location_keys``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from .switch_failures import failure_of

Record = Dict[str, Any]
Action = Dict[str, Any]


def one_by_one(switch: Callable[[Any, Action], None]) -> Callable[[Any, List[Action]], List[Dict[str, Any]]]:
    """A group switch that applies a resource's actions in order and stops at the first failure
    (the remaining changes of that resource wait for a re-run)."""

    def switch_group(applier: Any, actions: List[Action]) -> List[Dict[str, Any]]:
        for action in actions:
            failure = failure_of(lambda: switch(applier, action), action)
            if failure is not None:
                return [failure]
        return []
    return switch_group


@dataclass(frozen=True)
class InCode:
    """Where infrastructure code keeps a record's certificate ARN: the CloudFormation resource type
    and ``property(record)``, its path (the API's names; Terraform's attributes follow them in snake
    case); ``physical_id(record)``: that resource's CloudFormation physical ID (what its Ref gives),
    None when it has none; ``ask_stack``: the tags that name a stack are its parent's (a listener's
    load balancer, a domain's user pool), so the stack is asked for the resource by its physical ID."""

    resource_type: str
    property: Callable[[Record], str]
    physical_id: Callable[[Record], Optional[str]] = lambda record: None
    ask_stack: bool = False


@dataclass(frozen=True)
class ConsumerType:
    """``name``: the ``consumer_types`` choice; ``scan(clients, region, account, workers)``: every
    record of the region; ``switch(applier, action)``: one in-place change (``applier`` gives
    ``clients`` and the waits); ``lock(action)``: the resource one change at a time goes to; ``describe(record)``: the
    consumer in a message; ``label(action)``: the action's key in the diff;
    ``certificate_region``: where the certificate must be (CloudFront: us-east-1), None: the
    consumer's own region; ``scanned_in(region)``: whether ``build`` scans it for ``region``'s
    certificates; ``switch_group``: several actions on one resource (default: ``switch`` each);
    ``settling(record)``: why the old certificate's delete must wait after a switch (a change still
    deploying), else None; ``in_code``: record type -> where infrastructure code keeps its
    certificate (``InCode``); ``tagged_arn(record)``: the ARN whose tags name its owner;
    ``own_tags``: tags of the consumer's own service, which switches it, so they name no owner
    (a Beanstalk environment's)."""

    name: str
    record_types: Tuple[str, ...]
    service: str
    scan: Callable[[Any, str, str, int], List[Record]]
    switch: Callable[[Any, Action], None]
    lock: Callable[[Action], str]
    location_keys: Tuple[str, ...]
    describe: Callable[[Record], str]
    label: Callable[[Action], str]
    actions: Dict[str, str] = field(default_factory=dict)
    certificate_region: Optional[str] = None
    scanned_in: Callable[[str], bool] = lambda region: True
    switch_group: Optional[Callable[[Any, List[Action]], List[Dict[str, Any]]]] = None
    settling: Callable[[Record], Optional[str]] = lambda record: None
    in_code: Dict[str, InCode] = field(default_factory=dict)
    tagged_arn: Callable[[Record], str] = lambda record: str(record["resource_arn"])
    own_tags: Tuple[str, ...] = ()

    def action_name(self, record_type: str) -> str:
        """The swap action of a record type: ``swap`` unless the type says otherwise."""
        return self.actions.get(record_type, "swap")
