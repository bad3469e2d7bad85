"""The one way the sandbox changes moto: ``patch(owner, name, replacement)``.

It sets ``owner.name`` (a moto class or module), remembers the
value moto had before the first patch (``original(owner, name)``, for a replacement that wraps
moto's own behaviour) and records the patch (``patches()``, served at GET /_sandbox/patches and
checked against the list in moto_internals.py). Patching again is harmless: a replacement
reaches moto's behaviour through ``original``, never through whatever the attribute holds now,
so applying a correction twice does not wrap it twice.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_originals = {}  # (id(owner), name) -> moto's value before the first patch
_patches = {}  # (id(owner), name) -> (owner, name, replacement), in the order first patched


def patch(owner, name, replacement):
    """Set ``owner.name`` to ``replacement``; return it."""
    key = (id(owner), name)
    with _lock:
        if key not in _originals:
            _originals[key] = getattr(owner, name, None)
        _patches[key] = (owner, name, replacement)
        setattr(owner, name, replacement)
    return replacement


def original(owner, name):
    """moto's ``owner.name`` as it was before the sandbox patched it."""
    return _originals[(id(owner), name)]


def patches():
    """[(owner, name, replacement)] for every attribute patched, first patch first."""
    with _lock:
        return list(_patches.values())


def owner_name(owner):
    """"module.Class" for a class, the module's name for a module."""
    if isinstance(owner, type):
        return f"{owner.__module__}.{owner.__qualname__}"
    return owner.__name__
