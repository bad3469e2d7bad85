"""python -m bench [--quick] [--sizes 100,1000,2500] [--regions-scenario 10x100] [--audit-network 300,1000]
                 [--output DIR]

Seeds `bench` fleets in the sandbox with AWS-like latency (40 ms a call) and rate quotas,
then measures in one run: certshift.acm's audit, its migration in place (the default) and,
on a fresh fleet of the same shape, its migration by replacement, the baselines users have
today (community.aws.acm_certificate_info + community.crypto.get_certificate; a
per-certificate migration playbook) and the computed minimum of each; then the audit of
EMAIL-only fleets with a clean and a lossy resolver against the same baseline
(bench/audit_network.py). Writes results.json and RESULTS.md (the tables the README carries)
to --output (default bench/out).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(HERE)
sys.path.insert(0, REPO_ROOT)

from bench import audit_network, measure, minimum  # noqa: E402
from sandbox.client import Sandbox  # noqa: E402
from sandbox.fleets import upsert_records  # noqa: E402

TEN_REGIONS = ["eu-west-1", "us-east-1", "eu-central-1", "us-west-2", "ap-southeast-2", "eu-west-2",
               "ap-northeast-1", "sa-east-1", "ca-central-1", "eu-north-1"]
MAX_SNI = 25  # certificates per load balancer besides the default
CORES = os.cpu_count() or 1
# Module runs: the AWS modules (acm_*); report_files writes the report without a module run.
OURS = ("certshift.acm.acm_",)
BASELINE = ("community.aws.", "community.crypto.", "certshift.acm.acm_")


def _email(cert):
    return cert.get("validation_method") == "EMAIL" and cert.get("type") == "AMAZON_ISSUED" \
        and cert.get("status") == "ISSUED"


def fleet_shape(manifest):
    """Per region, what the minimum model (bench/minimum.py) needs: certificates, those in use
    or DNS-validated, tagged ones, EMAIL-validated ones and their validation records, and the
    consumers (all of them for the index, the EMAIL ones' for the updates)."""
    certs = manifest["certificates"]
    zero = dict.fromkeys(("certificates", "in_use_or_dns", "in_use", "email_in_use", "dns", "tagged", "email", "records",
                          "elbv2_load_balancers",
                          "elbv2_listeners", "elb_load_balancers", "api_domains", "distributions",
                          "email_elbv2_default", "sni_batches", "email_elb_listeners", "email_api_domains",
                          "email_distributions"), 0)
    shape = {}
    for cert in certs.values():
        r = shape.setdefault(cert["region"], {**zero, "cloudfront": cert["region"] == "us-east-1"})
        r["certificates"] += 1
        r["tagged"] += 1  # every bench certificate carries the fleet tag
        dns = cert.get("validation_method") == "DNS" and cert.get("type") == "AMAZON_ISSUED"
        if cert.get("in_use") or dns:
            r["in_use_or_dns"] += 1
        r["in_use"] += bool(cert.get("in_use") and not dns)
        r["dns"] += dns
        if _email(cert):
            r["email"] += 1
            r["email_in_use"] += bool(cert.get("in_use"))
            # one validation record per base name (a wildcard and its apex share one)
            r["records"] += len({n[2:] if n.startswith("*.") else n for n in cert["names"]})
    for consumer in manifest["consumers"].values():
        r = shape.setdefault(consumer["region"], {**zero, "cloudfront": consumer["region"] == "us-east-1"})
        kind = consumer["type"]
        if kind == "elbv2-listener":
            r["elbv2_load_balancers"] += 1
            r["elbv2_listeners"] += 1
            r["email_elbv2_default"] += _email(certs[consumer["default_certificate"]])
            sni = consumer.get("sni_certificates") or []
            email_sni = sum(1 for arn in sni if _email(certs[arn]))
            room = max(1, MAX_SNI - len(sni))
            r["sni_batches"] += math.ceil(email_sni / room)
        elif kind == "elb-listener":
            r["elb_load_balancers"] += 1
            r["email_elb_listeners"] += sum(1 for listener in consumer["listeners"] if _email(certs[listener["certificate"]]))
        elif kind == "apigateway-domain":
            r["api_domains"] += 1
            r["email_api_domains"] += _email(certs[consumer["certificate"]])
        elif kind == "cloudfront-distribution":
            r["distributions"] += 1
            r["email_distributions"] += _email(certs[consumer["certificate"]])
    return shape


def start(certificates, regions, latency_ms, **fleet_options):
    workdir = tempfile.mkdtemp(prefix="certshift-bench-")
    sandbox = Sandbox.start(os.path.join(workdir, "endpoint.json"))
    try:
        manifest = sandbox.seed("bench", certificates=certificates, regions=regions, **fleet_options)
        web = serve_sites(sandbox, manifest)
        # acm_key_pool: AWS makes a requested certificate's key on its own machines; the sandbox
        # would spend ~0.4 s of this machine's CPU per RequestCertificate on RSA key generation.
        sandbox.settings(latency_ms=latency_ms, rate_quotas=True, acm_key_pool=8)
    except BaseException:
        sandbox.stop()
        raise
    return sandbox, manifest, workdir, web


def serve_sites(sandbox, manifest):
    """The web the HTTPS probes meet, as in a real fleet: each certificate in use serves its
    apex over TLS, its www name does not exist, and every name is answered at once by an
    authoritative nameserver (the sandbox's Route53 zones over DNS). Without this the probes
    would measure this machine's resolver, which drops queries under load."""
    sites = {}
    for arn, cert in manifest["certificates"].items():
        if cert["in_use"]:
            sites[next(n for n in cert["names"] if not n.startswith(("*.", "www.")))] = arn
    group = sandbox.control("POST", "sites", {"sites": sites, "name": "bench"})
    zone_id = next(iter(manifest["zones"].values()))["id"]
    upsert_records(sandbox.client("route53"), zone_id, dict.fromkeys(sites, group["address"]), record_type="A")
    return {"port": group["port"], "address": group["address"],
            "nameserver": sandbox.control("GET", "dns")["nameserver"]}


def run_scenario(name, certificates, regions, args):
    print(f"\n== {name}: {certificates} certificates x {len(regions)} region(s)", flush=True)
    result = {"name": name, "certificates_per_region": certificates, "regions": len(regions)}
    extra = {"acm_regions": regions, "acm_wait_timeout": 3600}

    sandbox, manifest, workdir, web = start(certificates, regions, args.latency_ms)
    extra.update(acm_nameservers=[web["nameserver"]], acm_https_port=web["port"], acm_site_address=web["address"])
    shape = fleet_shape(manifest)
    result["fleet"] = shape
    try:
        extra["acm_report_dir"] = os.path.join(workdir, "audit")
        result["audit"] = measure.run(sandbox, os.path.join(REPO_ROOT, "playbooks", "audit_acm.yml"), extra, OURS)
        print(f"   audit (certshift.acm): {result['audit']['wall_seconds']} s, {result['audit']['api_calls']} calls",
              flush=True)
        if certificates * len(regions) <= args.max_baseline_audit:
            result["audit_baseline"] = measure.run(sandbox, os.path.join(HERE, "baseline_audit.yml"), extra, BASELINE)
            print(f"   audit (baseline): {result['audit_baseline']['wall_seconds']} s, "
                  f"{result['audit_baseline']['api_calls']} calls", flush=True)
        extra["acm_report_dir"] = os.path.join(workdir, "in-place")
        result["in_place"] = measure.run(sandbox, os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml"), extra, OURS)
        print(f"   migration in place (certshift.acm, the default): {result['in_place']['wall_seconds']} s, "
              f"{result['in_place']['api_calls']} calls", flush=True)
    finally:
        sandbox.stop()

    # The replacement on a fresh fleet of the same shape (the in-place run left nothing to replace).
    sandbox, manifest, workdir, web = start(certificates, regions, args.latency_ms)
    extra.update(acm_nameservers=[web["nameserver"]], acm_https_port=web["port"], acm_site_address=web["address"])
    try:
        extra["acm_report_dir"] = os.path.join(workdir, "migrate")
        result["migration"] = measure.run(sandbox, os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml"),
                                          {**extra, "acm_migration_strategy": "replace"}, OURS)
        print(f"   migration by replacement (certshift.acm): {result['migration']['wall_seconds']} s, "
              f"{result['migration']['api_calls']} calls", flush=True)
    finally:
        sandbox.stop()

    if certificates * len(regions) <= args.max_baseline_migration:
        sandbox, manifest, workdir, web = start(certificates, regions, args.latency_ms)
        extra.update(acm_nameservers=[web["nameserver"]], acm_https_port=web["port"], acm_site_address=web["address"])
        try:
            result["migration_baseline"] = measure.run(sandbox, os.path.join(HERE, "baseline_migrate.yml"),
                                                       {**extra, "acm_report_dir": workdir}, BASELINE)
            print(f"   migration (baseline): {result['migration_baseline']['wall_seconds']} s", flush=True)
        finally:
            sandbox.stop()

    latency = args.latency_ms / 1000.0
    calls, seconds, by_action = minimum.audit(list(shape.values()), latency)
    result["audit_minimum"] = {"api_calls": calls, "wall_seconds": seconds, "api_calls_by_action": by_action}
    calls, seconds, by_action = minimum.in_place(list(shape.values()), latency)
    result["in_place_minimum"] = {"api_calls": calls, "wall_seconds": seconds, "api_calls_by_action": by_action}
    calls, seconds, by_action = minimum.migration(list(shape.values()), latency)
    result["migration_minimum"] = {"api_calls": calls, "wall_seconds": seconds, "api_calls_by_action": by_action}
    return result


def command(args):
    """The command line that reproduces this run."""
    parts, skip = [".venv/bin/python -m bench"], False
    for arg in sys.argv[1:]:
        if skip or arg.startswith("--output"):
            skip = arg == "--output"
            continue
        parts.append(arg)
    return " ".join(parts)


JOB_LABELS = {"audit": "audit", "in_place": "migration in place", "migration": "migration by replacement"}


def ratio(a, b):
    return f"{a / b:.1f}x" if a and b else "-"


def render(results, args):
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on a {CORES}-core machine against the sandbox with {args.latency_ms} ms per "
        "call and ACM's rate quotas enforced (token buckets per account, region and API). One run; command: "
        f"`{command(args)}`.",
        "",
        "| fleet | job | certshift.acm s | calls | module runs | peak MB | throttles | baseline s | baseline calls | "
        "speed-up | minimum s | minimum calls | s / minimum | calls / minimum | CPU s: playbook + sandbox | "
        "CPU floor s |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        fleet = f"{r['certificates_per_region']} x {r['regions']}"
        for job in ("audit", "in_place", "migration"):
            ours, base, low = r.get(job), r.get(f"{job}_baseline"), r.get(f"{job}_minimum")
            if not ours:
                continue
            ok = "" if ours["ok"] else " (failed)"
            lines.append(
                f"| {fleet} | {JOB_LABELS[job]}{ok} | {ours['wall_seconds']} | {ours['api_calls']} | {ours['module_invocations']} | "
                f"{ours['peak_rss_mb']} | {ours['throttles']} | {base['wall_seconds'] if base else '-'} | "
                f"{base['api_calls'] if base else '-'} | {ratio(base['wall_seconds'], ours['wall_seconds']) if base else '-'} | "
                f"{low['wall_seconds']} | {low['api_calls']} | {ratio(ours['wall_seconds'], low['wall_seconds'])} | "
                f"{ratio(ours['api_calls'], low['api_calls'])} | {cpu_text(ours)} | {cpu_floor(ours)} |")
    lines += ["", "CPU floor: the CPU seconds of the playbook (controller, workers, modules) and of the sandbox "
              f"(the emulated AWS, on the same machine), divided by the {CORES} cores. Real AWS spends its "
              "share elsewhere; here no run can be faster than this."]
    return "\n".join(lines) + "\n"


def tables(results, network_results, args):
    """RESULTS.md: the tables of the scenarios that ran."""
    parts = ([render(results, args)] if results else []) + \
        ([audit_network.render(network_results)] if network_results else [])
    return "\n".join(parts)


def _cpu(run):
    """(playbook, sandbox) CPU seconds of a run, or None where either was not measured."""
    shares = (run.get("cpu_seconds"), run.get("sandbox_cpu_seconds"))
    return None if None in shares else shares


def cpu_text(run):
    shares = _cpu(run)
    return "-" if shares is None else f"{shares[0]} + {shares[1]}"


def cpu_floor(run):
    shares = _cpu(run)
    return "-" if shares is None else round(sum(shares) / CORES, 1)


def main():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,2500", help="certificates in one region, comma-separated")
    parser.add_argument("--regions-scenario", default="10x100", help="REGIONSxCERTIFICATES, or 'none'")
    parser.add_argument("--latency-ms", type=int, default=40)
    parser.add_argument("--max-baseline-audit", type=int, default=1000)
    parser.add_argument("--max-baseline-migration", type=int, default=100)
    parser.add_argument("--audit-network", default="300,1000",
                        help="sizes of the EMAIL-only fleets audited with a clean and a lossy resolver, or 'none'")
    parser.add_argument("--max-baseline-audit-network", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="100 certificates only (a smoke run)")
    parser.add_argument("--output", default=os.path.join(HERE, "out"))
    args = parser.parse_args()
    scenarios = [(f"{n} in one region", int(n), TEN_REGIONS[:1]) for n in args.sizes.split(",") if n]
    if args.regions_scenario != "none":
        count, per = (int(x) for x in args.regions_scenario.split("x"))
        scenarios.append((f"{count} regions of {per}", per, TEN_REGIONS[:count]))
    network = [int(n) for n in args.audit_network.split(",") if n] if args.audit_network != "none" else []
    if args.quick:
        scenarios, network = scenarios[:1], network[:1]
    os.makedirs(args.output, exist_ok=True)
    results, network_results = [], []

    def save():
        with open(os.path.join(args.output, "results.json"), "w") as f:
            json.dump({"fleets": results, "audit_network": network_results}, f, indent=2)
        with open(os.path.join(args.output, "RESULTS.md"), "w") as f:
            f.write(tables(results, network_results, args))

    for name, certificates, regions in scenarios:
        results.append(run_scenario(name, certificates, regions, args))
        save()
    for certificates in network:
        network_results.append(audit_network.run_fleet(certificates, args, start, REPO_ROOT, HERE, OURS, BASELINE,
                                                       certificates <= args.max_baseline_audit_network))
        save()
    print("\n" + tables(results, network_results, args))
    print(f"Results: {args.output}/results.json and RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
