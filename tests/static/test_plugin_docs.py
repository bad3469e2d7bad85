"""What `ansible-doc` shows a user, for every module and filter of the built collection: it renders
without an error or warning, every plugin has EXAMPLES, and no markup is cut short (Ansible's
C(...), I(...), ... end at the first ")", so C(lookup('x', 'y')) showed as "lookup('x', 'y'" plus a
stray ")")."""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys

import pytest

from tests.static.test_messages import strings

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ANSIBLE_DOC = os.path.join(os.path.dirname(sys.executable), "ansible-doc")
PLUGIN_DIRS = {"module": "modules", "filter": "filter"}
# Ansible markup, classic (C, I, B, M, U, L) and semantic (O, V, RV, E, P): each ends at its first ")".
MARKUP = re.compile(r"\b(RV|[CIBMULOVEP])\(([^)]*)\)")


def plugin_names(plugin_type):
    paths = glob.glob(os.path.join(REPO_ROOT, "plugins", PLUGIN_DIRS[plugin_type], "*.py"))
    return sorted(f"certshift.acm.{os.path.basename(p)[:-3]}" for p in paths if not p.endswith("__init__.py"))


def ansible_doc(collections_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    env.update(ANSIBLE_COLLECTIONS_PATH=collections_path, ANSIBLE_NOCOLOR="1")
    proc = subprocess.run([ANSIBLE_DOC, *args], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0 and "WARNING" not in proc.stderr and "ERROR" not in proc.stderr, \
        f"ansible-doc {' '.join(args)} ({proc.returncode}):\n{proc.stderr[-4000:]}"
    return proc.stdout


def _texts(node):
    return (text for _path, text in strings(node))


def cut_markup(text):
    """Every markup whose argument holds an opening parenthesis: its closing one ended it early."""
    return [m.group(0) for m in MARKUP.finditer(text) if "(" in m.group(2)]


def test_cut_markup_finds_a_parenthesis_inside_c():
    assert cut_markup("with C(lookup('ansible.builtin.template', 'report.md.j2')).") == \
        ["C(lookup('ansible.builtin.template', 'report.md.j2')"]
    assert cut_markup("V(true) by default; see P(ansible.builtin.template#lookup) and C(certshift:replaces)") == []


@pytest.mark.parametrize("plugin_type", sorted(PLUGIN_DIRS))
def test_ansible_doc_renders_every_plugin_with_examples(collections_path, plugin_type):
    names = plugin_names(plugin_type)
    assert names
    listed = json.loads(ansible_doc(collections_path, "-t", plugin_type, "-l", "--json", "certshift.acm"))
    assert sorted(listed) == names, "ansible-doc does not list what plugins/ holds"
    docs = json.loads(ansible_doc(collections_path, "-t", plugin_type, "--json", *names))
    problems = []
    for name in names:
        entry = docs[name]
        if not (entry.get("examples") or "").strip():
            problems.append(f"{name}: no EXAMPLES")
        if not entry.get("return"):
            problems.append(f"{name}: no RETURN")
        for text in _texts(entry.get("doc", {})):
            problems.extend(f"{name}: {cut} is cut at its first ')'" for cut in cut_markup(text))
    assert not problems, "\n".join(problems)
    # the text a person reads: every plugin at once, rendered without an error
    text = ansible_doc(collections_path, "-t", plugin_type, *names)
    assert all(f"certshift.acm.{n.rsplit('.', 1)[1]}" in text for n in names)


def test_ansible_doc_renders_every_role_entry_point(collections_path):
    names = sorted(f"certshift.acm.{os.path.basename(os.path.dirname(os.path.dirname(p)))}"
                   for p in glob.glob(os.path.join(REPO_ROOT, "roles", "*", "meta", "argument_specs.yml")))
    assert names
    docs = json.loads(ansible_doc(collections_path, "-t", "role", "--json", *names))
    problems = [f"{name}: {cut} is cut at its first ')'" for name in names
                for text in _texts(docs[name]) for cut in cut_markup(text)]
    assert not problems, "\n".join(problems)
