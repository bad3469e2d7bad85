"""Run `ansible-test sanity` offline on the built collection.

ansible-test needs the collection under ansible_collections/<ns>/<name> and its
dependencies beside it, and downloads a pip bootstrap script from a host this
network cannot reach; we place an offline stand-in (offline_get_pip.py) in its
cache for every pip version it may ask for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.path.dirname(sys.executable)


def pip_versions():
    """pip versions ansible-test pins for its virtualenvs (read from its own source)."""
    import re

    import ansible_test

    source = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
    with open(source) as f:
        return set(re.findall(r"pip='([0-9.]+)'", f.read()))


def install_bootstrap(versions):
    cache = os.path.expanduser("~/.ansible/test/cache")
    os.makedirs(cache, exist_ok=True)
    for version in versions:
        shutil.copyfile(os.path.join(HERE, "offline_get_pip.py"),
                        os.path.join(cache, f"get_pip_{version.replace('.', '_')}.py"))


def staged_tree():
    """A private ansible_collections tree: this collection (as files) plus amazon.aws."""
    # Outside the repository: inside it, ansible-test would list files with git and
    # find the (git-ignored) staged copy empty.
    # A folder of its own: two runs at once (parallel checkouts on one machine) once raced on a
    # shared path, one deleting the tree the other was copying.
    root = tempfile.mkdtemp(prefix=f"certshift-sanity-{os.getuid()}-")
    target = os.path.join(root, "ansible_collections", "certshift", "acm")
    # What the collection ships, plus the sanity ignore files; repository tooling
    # (sandbox, demo, bench, test harness) is not collection content.
    ignore = shutil.ignore_patterns(".venv", ".git", "build", "__pycache__", ".pytest_cache", "acm-reports",
                                    ".sandbox", "*.tar.gz", ".ansible", "sandbox", "demo", "bench", "tests")
    shutil.copytree(REPO_ROOT, target, ignore=ignore, symlinks=True)
    shutil.copytree(os.path.join(REPO_ROOT, "tests", "sanity"), os.path.join(target, "tests", "sanity"),
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    import ansible_collections.amazon.aws as amazon_aws

    aws_dir = os.path.dirname(amazon_aws.__file__) if amazon_aws.__file__ else list(amazon_aws.__path__)[0]
    os.makedirs(os.path.join(root, "ansible_collections", "amazon"), exist_ok=True)
    os.symlink(aws_dir, os.path.join(root, "ansible_collections", "amazon", "aws"))
    return target


def main():
    versions = pip_versions()
    if not versions:
        sys.exit("cannot find the pip version ansible-test pins; update tests/sanity/run_sanity.py")
    install_bootstrap(versions)
    target = staged_tree()
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    cmd = [os.path.join(BIN, "ansible-test"), "sanity", "--venv", "--python", py, "--color", "no"]
    cmd += sys.argv[1:]
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    try:
        return subprocess.call(cmd, cwd=target, env=env)
    finally:
        shutil.rmtree(target.split(os.sep + "ansible_collections" + os.sep)[0], ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
