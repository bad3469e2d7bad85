"""The audit on any network (issue 18): fleets of EMAIL-validated certificates only, audited with
the sandbox's clean nameserver and with its lossy mode (a share of queries dropped, bursts
answered late and partly dropped, as a busy resolver does), against the baseline users have
today (community.aws.acm_certificate_info + community.crypto.get_certificate per name).

The baseline does no DNS lookups at all (get_certificate connects to the sites' address with
each name as SNI), so it runs once per fleet: the resolver cannot change it.
"""

from __future__ import annotations

import os

from bench import measure

# A resolver that drops bursts: 20% of all queries lost, and while more than 16 queries arrived
# in the last 100 ms, answers are 500 ms late and 30% more of them are lost.
LOSSY = {"dns_drop_share": 0.2, "dns_seed": 18, "dns_burst_size": 16, "dns_burst_delay_ms": 500,
         "dns_burst_drop_share": 0.3}
CLEAN = {"dns_drop_share": 0.0, "dns_burst_size": 0, "dns_burst_drop_share": 0.0}
# (label, resolver settings, acm_probe)
RUNS = (("clean", CLEAN, "auto"), ("lossy", LOSSY, "auto"), ("lossy", LOSSY, "always"))
COUNTERS = ("queries", "answered", "dropped", "delayed")


def run_fleet(certificates, args, start, repo_root, bench_dir, ours, baseline, with_baseline):
    """One fleet of ``certificates`` EMAIL-validated certificates in one region: every run in RUNS,
    then the baseline. ``start`` is bench.__main__.start (seeds the fleet and its sites)."""
    print(f"\n== audit on any network: {certificates} EMAIL-validated certificates", flush=True)
    sandbox, manifest, workdir, web = start(certificates, ["eu-west-1"], args.latency_ms,
                                            dns_share=0.0, imported_share=0.0)
    extra = {"acm_regions": ["eu-west-1"], "acm_nameservers": [web["nameserver"]], "acm_https_port": web["port"],
             "acm_site_address": web["address"]}
    result = {"certificates": certificates,
              "in_use": sum(1 for c in manifest["certificates"].values() if c["in_use"]), "runs": []}
    try:
        for label, resolver, probe in RUNS:
            sandbox.settings(**resolver)
            before = _counters(sandbox)
            audit = measure.run(sandbox, os.path.join(repo_root, "playbooks", "audit_acm.yml"),
                                {**extra, "acm_probe": probe, "acm_report_dir": os.path.join(workdir, f"{label}-{probe}")},
                                ours)
            after = _counters(sandbox)
            audit["resolver"], audit["probe"] = label, probe
            audit["dns"] = {k: after.get(k, 0) - before.get(k, 0) for k in COUNTERS}
            result["runs"].append(audit)
            print(f"   audit, {label} resolver, probe {probe}: {audit['wall_seconds']} s, "
                  f"{audit['dns']['queries']} DNS queries ({audit['dns']['dropped']} dropped)", flush=True)
        sandbox.settings(**CLEAN)
        if with_baseline:
            result["baseline"] = measure.run(sandbox, os.path.join(bench_dir, "baseline_audit.yml"),
                                             {**extra, "acm_report_dir": workdir}, baseline)
            print(f"   audit (baseline): {result['baseline']['wall_seconds']} s", flush=True)
    finally:
        sandbox.stop()
    return result


def _counters(sandbox):
    dns = sandbox.control("GET", "dns")
    return {k: int(dns.get(k) or 0) for k in COUNTERS}


def render(results):
    """The README's table: one row per run, the speed-up against the baseline and the lossy
    resolver's cost against the clean one (same fleet, same run)."""
    lines = [
        "| EMAIL certificates (in use) | resolver | probe | certshift.acm s | calls | DNS queries | dropped | "
        "answered late | baseline s | speed-up | vs clean |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fleet in results:
        base = fleet.get("baseline")
        clean = next((r for r in fleet["runs"] if r["resolver"] == "clean" and r["probe"] == "auto"), None)
        for r in fleet["runs"]:
            ok = "" if r["ok"] else " (failed)"
            lines.append(
                f"| {fleet['certificates']} ({fleet['in_use']}) | {r['resolver']}{ok} | {r['probe']} | "
                f"{r['wall_seconds']} | {r['api_calls']} | {r['dns']['queries']} | {r['dns']['dropped']} | "
                f"{r['dns']['delayed']} | {base['wall_seconds'] if base else '-'} | "
                f"{_ratio(base['wall_seconds'], r['wall_seconds']) if base else '-'} | "
                f"{_percent(r['wall_seconds'], clean['wall_seconds']) if clean and r is not clean else '-'} |")
    return "\n".join(lines) + "\n"


def _ratio(a, b):
    return f"{a / b:.1f}x" if a and b else "-"


def _percent(value, reference):
    return f"{(value / reference - 1) * 100:+.0f}%" if value and reference else "-"
