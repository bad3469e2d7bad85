"""Make the working tree importable as ansible_collections.certshift.acm for unit tests
(amazon.aws comes from the ansible package in the venv; both are namespace packages)."""

from __future__ import annotations

import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_ROOT = os.path.join(REPO_ROOT, "build", "unit-path")
_LINK = os.path.join(_ROOT, "ansible_collections", "certshift", "acm")

if not os.path.islink(_LINK):
    os.makedirs(os.path.dirname(_LINK), exist_ok=True)
    try:
        os.symlink(REPO_ROOT, _LINK)
    except FileExistsError:
        pass
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
