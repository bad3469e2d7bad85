"""mypy over plugins/module_utils (settings in mypy.ini): annotated code is checked, the AWS
call layer and the typed state objects must be annotated completely."""

from __future__ import annotations

import os
import subprocess
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PACKAGE = "ansible_collections.certshift.acm.plugins.module_utils"


def mypy(cwd, *targets):
    return subprocess.run([sys.executable, "-m", "mypy", "--config-file", os.path.join(REPO_ROOT, "mypy.ini"),
                           "--no-incremental", "--cache-dir", os.devnull, *targets],
                          cwd=cwd, capture_output=True, text=True, timeout=600)


def test_module_utils_type_check(collections_path):
    proc = mypy(collections_path, "-p", PACKAGE)
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-2000:]


def test_mypy_sees_an_unannotated_aws_call_and_a_wrong_type(tmp_path):
    aws = tmp_path / "ansible_collections" / "certshift" / "acm" / "plugins" / "module_utils" / "_aws"
    aws.mkdir(parents=True)
    (aws / "__init__.py").write_text("")
    (aws / "acm_api.py").write_text("def describe(client, arn):\n    return client\n\n\n"
                                    "def count(arn: str) -> int:\n    return arn\n")
    proc = mypy(str(tmp_path), "-p", f"{PACKAGE}._aws")
    assert proc.returncode == 1
    assert "Function is missing a type annotation" in proc.stdout
    assert 'Incompatible return value type (got "str", expected "int")' in proc.stdout
