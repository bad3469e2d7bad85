"""python -m bench.organization [--accounts 100] [--regions 17] [--share 0.05] [--latency-ms 40] [--output DIR]

Issue 22's benchmark: an AWS organization in the sandbox (the management account and ``--accounts - 1``
members, ``--regions`` enabled regions each, certificates in ``--share`` of the account/region targets),
with AWS-like latency and rate quotas. Measured in one run:
- building the certshift.acm.acm_targets inventory with skip_empty (one SearchCertificates per target)
  and without it (every target, no search);
- audit_acm over the skip_empty inventory;
- audit_acm over a hand-written inventory of every target (what a fleet run needs without the plugin).
Goal: skip_empty inventory + its audit <= 1/5 of the audit over every target.
Writes organization.json and ORGANIZATION.md to --output (default bench/out).
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

from bench import measure  # noqa: E402
from sandbox.client import Sandbox  # noqa: E402

ROLE = "certshift-audit"
AUDIT = "certshift.acm.audit_acm"
LOCAL = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}


def every_target_inventory(manifest, path):
    """The hand-written inventory: one host per account and region, each member with its role ARN."""
    hosts = {f"{manifest['management_account']}_{r}": {"acm_region": r, **LOCAL} for r in manifest["regions"]}
    for member in manifest["members"]:
        for region in manifest["regions"]:
            hosts[f"{member['id']}_{region}"] = {"acm_region": region, "acm_assume_role_arn": member["role_arn"], **LOCAL}
    with open(path, "w") as f:
        json.dump({"acm_targets": {"hosts": hosts}}, f)
    return len(hosts)


def plugin_inventory(path, regions, skip_empty):
    with open(path, "w") as f:
        json.dump({"plugin": "certshift.acm.acm_targets", "role_name": ROLE, "regions": regions,
                   "skip_empty": skip_empty}, f)
    return path


def build_inventory(sandbox, path):
    """Wall seconds, hosts and API calls of ``ansible-inventory --list`` over ``path``."""
    sandbox.reset_calls()
    env = measure.playbook_env(sandbox)
    started = time.monotonic()
    proc = subprocess.run([os.path.join(measure.BIN, "ansible-inventory"), "-i", path, "--list"], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=7200)
    wall = time.monotonic() - started
    if proc.returncode:
        raise SystemExit(f"ansible-inventory failed:\n{proc.stderr[-3000:]}")
    listed = json.loads(proc.stdout)
    calls = sandbox.calls()
    return {"wall_seconds": round(wall, 2), "hosts": len(listed.get("acm_targets", {}).get("hosts", [])),
            "api_calls": calls["total"], "api_calls_by_action": calls["by_action"],
            "warnings": [line for line in proc.stderr.splitlines() if "WARNING" in line]}


def audit(sandbox, inventory, workdir, name):
    extra = {"acm_report_dir": os.path.join(workdir, name), "acm_probe_timeout": 1}
    result = measure.run(sandbox, AUDIT, extra, ("certshift.acm.acm_",), inventory=inventory)
    if not result["ok"]:
        raise SystemExit(f"audit over {name} failed:\n{result['stderr_tail']}\n{result['stdout_tail']}")
    return result


def render(results):
    r = results
    lines = [
        f"Organization of {r['accounts']} accounts x {r['regions']} regions ({r['targets']} targets, "
        f"{r['held_targets']} holding certificates), {r['latency_ms']} ms per AWS call, rate quotas on.",
        "",
        "| step | wall s | hosts | API calls |",
        "|---|---:|---:|---:|",
        f"| acm_targets inventory, skip_empty | {r['inventory_skip_empty']['wall_seconds']} | "
        f"{r['inventory_skip_empty']['hosts']} | {r['inventory_skip_empty']['api_calls']} |",
        f"| acm_targets inventory, every target | {r['inventory_every_target']['wall_seconds']} | "
        f"{r['inventory_every_target']['hosts']} | {r['inventory_every_target']['api_calls']} |",
        f"| audit_acm over the skip_empty inventory | {r['audit_skip_empty']['wall_seconds']} | "
        f"{r['inventory_skip_empty']['hosts']} | {r['audit_skip_empty']['api_calls']} |",
        f"| audit_acm over a hand-written inventory of every target | {r['audit_every_target']['wall_seconds']} | "
        f"{r['targets']} | {r['audit_every_target']['api_calls']} |",
        "",
        f"skip_empty inventory + audit: {r['skip_empty_total_seconds']} s, {r['ratio']:.3f} of the audit over every "
        f"target (goal: at most 0.2): {'met' if r['goal_met'] else 'NOT met'}.",
    ]
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100, help="accounts, the management account included")
    parser.add_argument("--regions", type=int, default=17)
    parser.add_argument("--share", type=float, default=0.05, help="share of targets holding certificates")
    parser.add_argument("--latency-ms", type=int, default=40)
    parser.add_argument("--output", default=os.path.join(HERE, "out"))
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="certshift-bench-org-")
    sandbox = Sandbox.start(os.path.join(workdir, "endpoint.json"))
    try:
        print(f"seeding an organization of {args.accounts} accounts x {args.regions} regions ...", flush=True)
        manifest = sandbox.seed("organization", accounts=args.accounts - 1, regions=args.regions, role_name=ROLE,
                                certificate_share=args.share)
        sandbox.settings(latency_ms=args.latency_ms, rate_quotas=True)
        regions = manifest["regions"]
        every = os.path.join(workdir, "every.json")
        results = {"accounts": args.accounts, "regions": len(regions), "latency_ms": args.latency_ms,
                   "targets": every_target_inventory(manifest, every), "held_targets": len(manifest["held_targets"])}
        skip = plugin_inventory(os.path.join(workdir, "skip.acm_targets.yml"), regions, True)
        full = plugin_inventory(os.path.join(workdir, "full.acm_targets.yml"), regions, False)
        for key, path in (("inventory_skip_empty", skip), ("inventory_every_target", full)):
            print(f"building the inventory ({key}) ...", flush=True)
            results[key] = build_inventory(sandbox, path)
        print("audit over the skip_empty inventory ...", flush=True)
        results["audit_skip_empty"] = audit(sandbox, skip, workdir, "skip")
        print(f"audit over every target ({results['targets']}) ...", flush=True)
        results["audit_every_target"] = audit(sandbox, every, workdir, "every")
    finally:
        sandbox.stop()
    total = results["inventory_skip_empty"]["wall_seconds"] + results["audit_skip_empty"]["wall_seconds"]
    results["skip_empty_total_seconds"] = round(total, 2)
    results["ratio"] = total / results["audit_every_target"]["wall_seconds"]
    results["goal_met"] = results["ratio"] <= 0.2
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "organization.json"), "w") as f:
        json.dump(results, f, indent=1)
    with open(os.path.join(args.output, "ORGANIZATION.md"), "w") as f:
        f.write(render(results))
    print(render(results))


if __name__ == "__main__":
    main()
