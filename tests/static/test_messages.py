"""Messages the roles and playbooks show (debug, assert, fail) read as one line: in a folded scalar
(`msg: >-`), a continuation line indented deeper than the first keeps its line break, which Ansible
then prints as a literal "\\n" in the middle of a progress message."""

from __future__ import annotations

import glob
import os
import re

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MESSAGE_KEYS = ("msg", "fail_msg", "success_msg")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def strings(node, path=()):
    """(path, text) of every string in a YAML or JSON document."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, [*path, str(key)])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from strings(value, [*path, str(i)])
    elif isinstance(node, str):
        yield path, node


def line_breaks_in_messages(text):
    """(path, message) of every message whose text, outside Jinja expressions, holds a line break."""
    found = []
    for path, value in strings(yaml.safe_load(text)):
        if path and path[-1] in MESSAGE_KEYS and "\n" in JINJA.sub("", value.strip()):
            found.append(("/".join(path), value))
    return found


def test_the_rule_catches_a_more_indented_continuation():
    folded = "- debug:\n    msg: >-\n      one {{ x\n         | length }} two\n      {{ y }}\n"
    assert line_breaks_in_messages(folded) == [("0/debug/msg", "one {{ x\n   | length }} two\n{{ y }}")]
    assert line_breaks_in_messages(folded.replace("         | length", "      | length")) == []


def test_role_and_playbook_messages_have_no_line_breaks():
    files = sorted(glob.glob(os.path.join(REPO_ROOT, "roles", "*", "tasks", "*.yml"))
                   + glob.glob(os.path.join(REPO_ROOT, "playbooks", "*.yml")))
    assert files
    found = []
    for path in files:
        with open(path) as f:
            found.extend((os.path.relpath(path, REPO_ROOT), where, msg) for where, msg in line_breaks_in_messages(f.read()))
    assert not found, "\n".join(f"{path} {where}: {msg!r}" for path, where, msg in found)
