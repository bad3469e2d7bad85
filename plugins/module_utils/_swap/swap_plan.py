# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn the consumer index and (old, new) pairs into per-resource actions, and the
actions into a diff. Pure functions: check mode returns exactly what a real run applies.

An action is a dict with ``resource_type``, ``resource_arn``, the consumer's location
(``listener_arn``/``port``/``load_balancer_name``, ``distribution_id``/``aliases``,
``domain_name``/``endpoint_type``), ``action`` (``swap_default``, ``swap_sni``,
``swap``, ``none``, or ``delete`` for the old certificate itself), ``before`` and
``after`` (certificate ARNs), the pair (``old_certificate_arn``,
``new_certificate_arn``) and, for ``none``, a ``reason``. An owned consumer (``owners.detect``
set the record's ``owner``) carries ``owner`` and ``code_change`` (the edit its code needs); it
is held (``none``) unless ``switch_owned`` is set.
"""

from __future__ import annotations

from .._consumers import owners
from .._consumers.registry import of_record_type
from ..option_choices import CONSUMER_TYPES


def selected_record_types(consumer_types):
    return {t for name in consumer_types for t in CONSUMER_TYPES[name]}


def is_selected(record, consumer_types):
    """Whether ``record`` is switched: its type selected, and not held (``held``: why it must not be)."""
    return record["type"] in selected_record_types(consumer_types) and not record.get("held")


def plan(index, pairs, consumer_types=tuple(CONSUMER_TYPES), switch_owned=False):
    """Actions for every consumer of every old certificate, in a stable order; owned consumers are
    held unless ``switch_owned``."""
    selected = selected_record_types(consumer_types)
    sni_by_listener = {}
    for r in index.consumers:
        if r["type"] == "elbv2_sni":
            sni_by_listener.setdefault(r["listener_arn"], set()).add(r["certificate_arn"])
    actions = []
    for pair in pairs:
        records = sorted(index.consumers_of(pair.old), key=_order)
        for record in records:
            actions.append(_action(record, pair, sni_by_listener, record["type"] in selected, switch_owned))
    return actions


def _action(record, pair, sni_by_listener, selected, switch_owned=False):
    consumer = of_record_type(record["type"])
    action = {
        "resource_type": record["type"],
        "resource_arn": record["resource_arn"],
        **{k: record[k] for k in consumer.location_keys if k in record},
        "old_certificate_arn": pair.old,
        "new_certificate_arn": pair.new,
        "before": pair.old,
    }
    if record.get("owner"):
        action.update(owner=record["owner"], code_change=owners.code_change(record, pair.old, pair.new))
    if record.get("held"):  # a consumer that must not be switched here (its owner would undo it)
        return {**action, "action": "none", "after": pair.old, "reason": record["held"]}
    if not selected:
        group = next(name for name, types in CONSUMER_TYPES.items() if record["type"] in types)
        return {**action, "action": "none", "after": pair.old,
                "reason": f"consumer type {group} is not in consumer_types"}
    if record.get("owner") and not switch_owned:
        return {**action, "action": "none", "after": pair.old, "reason": owners.hold_reason(record)}
    action.update(action=consumer.action_name(record["type"]), after=pair.new)
    if record["type"] == "elbv2_sni":
        sni = sni_by_listener.get(record["listener_arn"], set())
        # Add first, remove second; skip the add where the replacement already is an SNI certificate.
        action["add_new"] = pair.new not in sni
    return action


def delete_action(pair):
    return {
        "resource_type": "acm_certificate",
        "resource_arn": pair.old,
        "old_certificate_arn": pair.old,
        "new_certificate_arn": pair.new,
        "action": "delete",
        "before": pair.old,
        "after": None,
    }


def changes(actions):
    return [a for a in actions if a["action"] != "none"]


def label(action):
    if action["resource_type"] == "acm_certificate":
        return f"acm certificate {action['resource_arn']}"
    return of_record_type(action["resource_type"]).label(action)


def diff(actions):
    """{before, after}: consumer label -> certificate ARN, old certificate -> present/absent."""
    before, after = {}, {}
    for action in changes(actions):
        key = label(action)
        if action["action"] == "delete":
            before[key], after[key] = "present", "absent"
        else:
            before[key], after[key] = action["before"], action["after"]
    return {"before": before, "after": after}


def _order(record):
    return (record["type"], record["resource_arn"], record.get("listener_arn") or "", record.get("port") or 0,
            record.get("endpoint_type") or "")
