"""The architecture of plugins/module_utils, checked (docs/dev/ARCHITECTURE.md draws it).

Each subpackage sits on a floor; a file imports only from its own package or from a lower
floor, so nothing reaches back up (the audit never imports the pipeline, the AWS call layer
never imports a workflow). And no file grows past 400 lines.
"""

from __future__ import annotations

import ast
import os
import pathlib

import pytest

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
MODULE_UTILS = REPO_ROOT / "plugins" / "module_utils"
TOP = "(top)"
FLOORS = {
    TOP: 0,            # errors, argument specs, concurrency, waves, domain-name rules, option choices
    "_aws": 1,         # one small function per AWS call, the clients
    "_certificates": 2,
    "_dns": 3,
    "_probe": 4,
    "_consumers": 4,   # one module per consumer type (scan, switch), the consumer index
    "_swap": 5,
    "_in_place": 5,
    "_replace": 6,     # requests replacements
    "_audit": 6,       # predicts the in-place migration with _in_place's plan
    "_pipeline": 7,
}
MAX_LINES = 400


def package_of(parts):
    """The subpackage a module path (``["_aws", "acm_api"]``, ``["errors"]``) lies in."""
    return parts[0] if len(parts) > 1 or parts[0].startswith("_") else TOP


def imported_packages(path, root=MODULE_UTILS):
    """(line, package) for each module_utils package a file imports from (relative imports)."""
    rel = path.relative_to(root).parts
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        base = list(rel[:-1])[:len(rel) - node.level]
        target = base + (node.module.split(".") if node.module else [])
        modules = [target + [alias.name] for alias in node.names] if node.module is None else [target]
        for module in modules:
            yield node.lineno, package_of(module)


def layering_violations(root=MODULE_UTILS, floors=FLOORS):
    found = []
    for path in sorted(root.rglob("*.py")):
        own = package_of(path.relative_to(root).with_suffix("").parts)
        for line, package in imported_packages(path, root):
            if package != own and floors.get(package, 99) >= floors.get(own, 99):
                found.append(f"{path.relative_to(root)}:{line} ({own}, floor {floors.get(own)}) imports {package} "
                             f"(floor {floors.get(package)})")
    return found


def test_every_subpackage_has_a_floor():
    packages = {p.name for p in MODULE_UTILS.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages == set(FLOORS) - {TOP}


def test_nothing_imports_up_or_sideways():
    assert layering_violations() == []


def test_the_layering_check_sees_an_upward_import(tmp_path):
    for name in ("_aws", "_pipeline"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    (tmp_path / "_pipeline" / "run.py").write_text("X = 1\n")
    (tmp_path / "_aws" / "acm.py").write_text("from .._pipeline import run\nfrom ..errors import E\n")
    (tmp_path / "errors.py").write_text("from ._aws.acm import x\n")
    found = layering_violations(tmp_path)
    assert len(found) == 2
    assert found[0].startswith(f"_aws{os.sep}acm.py:1 (_aws, floor 1) imports _pipeline")
    assert found[1].startswith("errors.py:1 ((top), floor 0) imports _aws")


@pytest.mark.parametrize("path", sorted(MODULE_UTILS.rglob("*.py")), ids=lambda p: str(p.relative_to(MODULE_UTILS)))
def test_no_file_over_400_lines(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(REPO_ROOT)} has {lines} lines: split it along its steps"
