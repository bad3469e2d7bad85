"""Offline stand-in for the get-pip script ansible-test downloads.

ansible-test runs this file with pip's bootstrap arguments (for example
``--disable-pip-version-check pip==24.2 --no-setuptools --no-wheel``) inside
the new virtualenv. The real script embeds a pip wheel; we take pip from the
interpreter's own ensurepip instead, in a subprocess so the machine's global
pip configuration (which reaches the package index) stays in effect, then let
pip install the exact version asked for.
"""

import subprocess
import sys

GET_PIP_ONLY_OPTIONS = {"--no-setuptools", "--no-wheel"}

subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"])
args = [a for a in sys.argv[1:] if a not in GET_PIP_ONLY_OPTIONS]
sys.exit(subprocess.call([sys.executable, "-m", "pip", "install"] + args))
