"""No import cycles in the sandbox or the collection's plugins.

The graph is built from the source with ``ast``: one node per file (a package is its
``__init__.py``), one edge per import that runs when the file is imported (module level,
including ``try``/``if``/``with`` and class bodies; not under ``if TYPE_CHECKING:``, and not
inside functions, which import late, except for the sandbox, checked with those too). Relative imports are resolved (``from . import a, b``,
``from ..pkg import x``); ``ansible_collections.certshift.acm.plugins.X`` maps to plugins/X.
Importing ``pkg.sub`` also runs ``pkg/__init__.py``, so a file outside ``pkg`` that imports
``pkg.sub`` depends on ``pkg`` too: a package that imports back into a file using its modules
is a cycle. Cycles are the strongly connected components of that graph.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COLLECTION = "ansible_collections.certshift.acm"
PACKAGES = {
    "sandbox": ("sandbox", ROOT / "sandbox"),
    "plugins": (f"{COLLECTION}.plugins", ROOT / "plugins"),
}


def module_files(package, directory):
    """{module name: (path, is_package)} for every .py file under ``directory``."""
    modules = {}
    for path in sorted(Path(directory).rglob("*.py")):
        parts = list(path.relative_to(directory).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join([package, *parts])] = (path, is_package)
    return modules


def _is_type_checking(test):
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(body, late):
    """Import statements run when the module is imported (and, if ``late``, those in functions)."""
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not late:
            continue
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _import_nodes(node.orelse, late)
        else:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if isinstance(children, list):
                    yield from _import_nodes(children, late)


def imported_names(module, is_package, source, late=False):
    """Absolute dotted names a module imports at import time (a name may end in an attribute)."""
    names = []
    for node in _import_nodes(ast.parse(source).body, late):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
            continue
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            if node.level > 1:
                base = base[:-(node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module
        names.append(target)
        names.extend(f"{target}.{alias.name}" for alias in node.names if alias.name != "*")
    return names


def _resolve(name, modules):
    """The module a dotted name lives in, or None if outside the scanned packages."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def import_graph(modules, late=False):
    """{module: set of modules it imports at import time} over ``modules`` (see module_files);
    with ``late``, imports inside functions count too."""
    graph = {name: set() for name in modules}
    for name, (path, is_package) in modules.items():
        own_packages = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)}
        for imported in imported_names(name, is_package, path.read_text(), late):
            target = _resolve(imported, modules)
            if target is None:
                continue
            parts = target.split(".")
            # Importing pkg.sub runs pkg/__init__.py first, unless the importer is inside pkg.
            for i in range(1, len(parts) + 1):
                dependency = ".".join(parts[:i])
                if dependency in modules and dependency not in own_packages:
                    graph[name].add(dependency)
    return graph


def strongly_connected(graph):
    """Tarjan's algorithm, iterative: the components with more than one module."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return components


def _cycle_path(graph, component):
    """One cycle through the component's first module, as a list ending where it starts."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for child in sorted(graph[node] & members):
            if child == start:
                return paths[node] + [start]
            if child not in paths:
                paths[child] = paths[node] + [child]
                queue.append(child)
    return component + [start]


def import_cycles(package, directory, late=False):
    """Each cycle as "a -> b -> a"; empty when there is none."""
    graph = import_graph(module_files(package, directory), late)
    return [" -> ".join(_cycle_path(graph, component)) for component in strongly_connected(graph)]


def test_sandbox_has_no_import_cycle():
    assert import_cycles(*PACKAGES["sandbox"]) == []
    # Not even through imports inside functions: the circle issue 20 named
    # (server -> features -> fleets -> server) went through one in server.serve().
    assert import_cycles(*PACKAGES["sandbox"], late=True) == []


def test_plugins_have_no_import_cycle():
    assert import_cycles(*PACKAGES["plugins"]) == []


def test_the_graph_sees_the_sandbox_imports():
    # A checker that finds no edges finds no cycles: show that real edges are there.
    graph = import_graph(module_files(*PACKAGES["sandbox"]))
    assert "sandbox.hooks" in graph["sandbox.server"]
    assert "sandbox.corrections.acm.state" in graph["sandbox.corrections.acm"]  # from . import a, b
    assert "sandbox.moto_internals" in graph["sandbox.corrections.acm.state"] or \
        "sandbox.hooks" in graph["sandbox.corrections.acm.state"]  # from ... import x
    assert "sandbox.corrections.acm" in graph["sandbox.corrections.acm_in_place"]
    plugins = import_graph(module_files(*PACKAGES["plugins"]))
    assert any(targets for name, targets in plugins.items() if name.endswith(".modules." + name.rsplit(".", 1)[-1]))


def _package(tmp_path, files):
    for name, text in files.items():
        path = tmp_path / "pkg" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return "pkg", tmp_path / "pkg"


def test_checker_names_a_cycle_between_files(tmp_path):
    cycles = import_cycles(*_package(tmp_path, {
        "__init__.py": "",
        "a.py": "from . import b, c\n",
        "b.py": "import os\nfrom .c import thing\n",
        "c.py": "try:\n    from .sub.d import x\nexcept ImportError:\n    x = None\nthing = 1\n",
        "sub/__init__.py": "",
        "sub/d.py": "from ..a import y\n",  # back up two levels: d -> a -> c -> d
    }))
    assert cycles == ["pkg.a -> pkg.c -> pkg.sub.d -> pkg.a"]


def test_checker_sees_a_package_that_imports_back(tmp_path):
    # user imports tools.helper; importing it runs tools/__init__.py, which imports user.
    cycles = import_cycles(*_package(tmp_path, {
        "__init__.py": "",
        "user.py": "from pkg.tools.helper import help_\n",
        "tools/__init__.py": "from ..user import VALUE\n",
        "tools/helper.py": "help_ = 1\n",
    }))
    assert cycles == ["pkg.tools -> pkg.user -> pkg.tools"]


def test_checker_ignores_late_and_type_checking_imports(tmp_path):
    package = _package(tmp_path, {
        "__init__.py": "from . import a\n",  # a package importing its own modules is no cycle
        "a.py": "from typing import TYPE_CHECKING\nfrom . import b\nif TYPE_CHECKING:\n    from . import c\n",
        "b.py": "def late():\n    from . import a\n",
        "c.py": "from . import a\n",
    })
    assert import_cycles(*package) == []
    assert import_cycles(*package, late=True) == ["pkg.a -> pkg.b -> pkg.a"]
