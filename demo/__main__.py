"""Start the sandbox with the demo fleet, run the demo playbooks against it, stop it.

No AWS account is needed: every AWS call goes to the local sandbox.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
sys.path.insert(0, REPO_ROOT)

from sandbox.client import Sandbox  # noqa: E402

BIN = os.path.dirname(sys.executable)
PLAYBOOKS = os.path.join(REPO_ROOT, "playbooks")
REGIONS = '{"acm_regions": ["eu-west-1", "us-east-1"]}'
RESEED = "reseed"
# (title, playbook or RESEED, report sub-directory, extra variables)
STEPS = [
    ("Audit before: which certificates will not renew by themselves", "audit_acm.yml", "before", {}),
    ("Migrate in place (the default): ACM switches each certificate to DNS validation, its ARN kept; "
     "no consumer touched, nothing requested or deleted", "migrate_acm.yml", "in-place", {}),
    ("Audit after the in-place migration", "audit_acm.yml", "in-place/after", {}),
    ("Second act, on a fresh demo fleet: acm_migration_strategy=replace (DNS-validated twins, every consumer "
     "switched, the old certificates deleted; the one only an AppSync domain uses is held)", RESEED, "", {}),
    ("Migrate by replacement", "migrate_acm.yml", "replace", {"acm_migration_strategy": "replace"}),
    ("Audit after the replacement", "audit_acm.yml", "replace/after", {}),
]


def run_step(title, playbook, env, extra_args):
    print(f"\n=== {title}\n    ansible-playbook playbooks/{playbook}", flush=True)
    cmd = [os.path.join(BIN, "ansible-playbook"), os.path.join(PLAYBOOKS, playbook), *extra_args]
    return subprocess.call(cmd, cwd=REPO_ROOT, env=env)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--report-dir", default=os.path.join(REPO_ROOT, "acm-reports"),
                        help="where the reports go (default ./acm-reports)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="certshift-demo-")
    report_dir = os.path.abspath(args.report_dir)
    print("Starting the local AWS sandbox with the demo fleet ...", flush=True)
    sandbox = Sandbox.start(os.path.join(workdir, "endpoint.json"), fleets=["demo"])
    try:
        # Never reach a real account: drop the caller's AWS settings (profiles, keys, endpoints).
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(sandbox.env("eu-west-1"))
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": os.environ.get("ANSIBLE_COLLECTIONS_PATH",
                                                       os.path.join(REPO_ROOT, "build", "collections")),
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        })
        # The sandbox serves its Route53 zones over DNS, so DNS checks see the published records.
        nameserver = sandbox.control("GET", "dns")["nameserver"]
        for title, playbook, subdir, variables in STEPS:
            if playbook == RESEED:
                print(f"\n=== {title}", flush=True)
                sandbox.reset()
                sandbox.seed("demo")
                continue
            extra = ["-e", REGIONS, "-e", f"acm_report_dir={os.path.normpath(os.path.join(report_dir, subdir))}",
                     "-e", json.dumps({"acm_nameservers": [nameserver], **variables})]
            rc = run_step(title, playbook, env, extra)
            if rc != 0:
                print(f"\nDemo step '{title}' failed (exit {rc}).", flush=True)
                return rc
    finally:
        sandbox.stop()
    print(f"\nDemo finished in {time.monotonic() - started:.0f} s. Reports in {report_dir}:\n"
          f"  before/acm_audit.html               the audit before (also .md, .json)\n"
          f"  in-place/acm_migration.html         the in-place migration (also .md, .json)\n"
          f"  in-place/after/acm_audit.html       the audit after it\n"
          f"  replace/acm_migration.html          the migration by replacement, on a fresh fleet\n"
          f"  replace/after/acm_audit.html        the audit after it\n"
          f"Each directory's index.html lists every run written there (a rerun or --check adds its own).", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
