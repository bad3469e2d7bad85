"""Invariants of a migration, checked after every run in the reliability tests.

Usage::

    before = snapshot(sandbox, regions)          # before the run(s)
    ... run migrate_acm, kill it, run it again ...
    check_invariants(sandbox, before)            # raises AssertionError listing every violation

``snapshot`` records where the sandbox's ordered history (``GET /_sandbox/history``:
consumer changes and certificate events, see sandbox/corrections/history.py) stood, every
certificate and every consumer. ``check_invariants`` then asserts:

1. every consumer serves an ISSUED certificate that covers its names: the names of the
   certificate(s) it had before (load balancers: listener SNI names are unknown), its
   CloudFront aliases, its API Gateway domain name;
2. no consumer ever pointed at a deleted or non-ISSUED certificate: the whole history is
   replayed; each consumer change may only name certificates ISSUED at that moment, no
   certificate is deleted while a consumer names it, and a CloudFront distribution keeps
   serving its previous certificate until its change is deployed
   (``cloudfront_deploy_seconds``);
3. at most one replacement (tag ``certshift:replaces``) per old certificate, counting
   replacements deleted since;
4. an old certificate is deleted only once unused (part of 2: nothing referenced it then);
5. nothing outside the selected certificates and their consumers changed: every consumer
   change since the snapshot replaces a selected certificate by its own replacement; only
   replacements of selected certificates were created, only selected ones deleted; other
   certificates and consumers are as they were.

With ``converged=True`` it also asserts the migration finished: every selected certificate
is DNS-validated, either in place (the same ARN, ISSUED, with no replacement) or deleted with
its one replacement (DNS-validated, ISSUED) serving all its consumers; every ``held``
certificate (one the replacement must not touch: used by something no scan can switch) still
exists, unchanged, with no replacement.
"""

from __future__ import annotations

from datetime import datetime

from sandbox.fleets import CLOUDFRONT_REGION, DEFAULT_ACCOUNT

REPLACES_TAG = "certshift:replaces"
DELETED = "DELETED"
# Status changes the sandbox makes by itself when a certificate is read (time passing).
LAZY_TRANSITIONS = {("PENDING_VALIDATION", "ISSUED"), ("PENDING_VALIDATION", "VALIDATION_TIMED_OUT"),
                    ("ISSUED", "EXPIRED")}


# --- names ---------------------------------------------------------------------------

def covers(cert_names, name):
    """A certificate with ``cert_names`` serves ``name`` (a wildcard covers one label)."""
    name = name.lower().rstrip(".")
    for cert_name in cert_names:
        cert_name = cert_name.lower().rstrip(".")
        if cert_name == name:
            return True
        if cert_name.startswith("*.") and not name.startswith("*.") and "." in name \
                and name.split(".", 1)[1] == cert_name[2:]:
            return True
    return False


def _is_acm(arn):
    return isinstance(arn, str) and arn.startswith("arn:") and ":acm:" in arn


def _arns(value):
    values = value if isinstance(value, list) else [value]
    return [v for v in values if _is_acm(v)]


# --- what the sandbox shows --------------------------------------------------------------

def history(sandbox):
    return sandbox.control("GET", "history")["changes"]


def certificates(sandbox, account=DEFAULT_ACCOUNT):
    return {c["arn"]: c for c in sandbox.control("GET", "acm/certificates")["certificates"]
            if account is None or c["account"] == account}


def consumers(sandbox, regions):
    """{stable key: {"default": arn, "sni": [arns], "names": [served names]}} for every
    consumer in ``regions`` (CloudFront when us-east-1 is one of them), read from the APIs."""
    out = {}
    for region in regions:
        elbv2 = sandbox.client("elbv2", region)
        for lb in elbv2.describe_load_balancers()["LoadBalancers"]:
            for listener in elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"]:
                if listener["Protocol"] not in ("HTTPS", "TLS"):
                    continue
                certs = elbv2.describe_listener_certificates(ListenerArn=listener["ListenerArn"])["Certificates"]
                out[f"elbv2:{listener['ListenerArn']}"] = {
                    "default": next((c["CertificateArn"] for c in certs if c.get("IsDefault")), None),
                    "sni": sorted(c["CertificateArn"] for c in certs if not c.get("IsDefault")),
                    "names": []}
        elb = sandbox.client("elb", region)
        for lb in elb.describe_load_balancers()["LoadBalancerDescriptions"]:
            for ld in lb["ListenerDescriptions"]:
                if ld["Listener"].get("SSLCertificateId"):
                    out[f"elb:{region}:{lb['LoadBalancerName']}:{ld['Listener']['LoadBalancerPort']}"] = {
                        "default": ld["Listener"]["SSLCertificateId"], "sni": [], "names": []}
        apigw = sandbox.client("apigateway", region)
        for d in apigw.get_domain_names().get("items", []):
            name = d["domainName"] + (f"+{d['domainNameId']}" if d.get("domainNameId") else "")  # private ones
            for field in ("regionalCertificateArn", "certificateArn", "ownershipVerificationCertificateArn"):
                if d.get(field):
                    out[f"apigateway:{region}:{name}:{field}"] = {
                        "default": d[field], "sni": [], "names": [d["domainName"]]}
        apigw2 = sandbox.client("apigatewayv2", region)
        for d in apigw2.get_domain_names().get("Items", []):
            for i, conf in enumerate(d.get("DomainNameConfigurations", [])):
                if conf.get("CertificateArn"):
                    out[f"apigatewayv2:{region}:{d['DomainName']}:{i}"] = {
                        "default": conf["CertificateArn"], "sni": [], "names": [d["DomainName"]]}
    if CLOUDFRONT_REGION in regions:
        cf = sandbox.client("cloudfront", CLOUDFRONT_REGION)
        for d in cf.list_distributions()["DistributionList"].get("Items", []):
            arn = d.get("ViewerCertificate", {}).get("ACMCertificateArn")
            if arn:
                out[f"cloudfront:{d['Id']}"] = {"default": arn, "sni": [],
                                                "names": list((d.get("Aliases") or {}).get("Items") or [])}
    return out


def snapshot(sandbox, regions, account=DEFAULT_ACCOUNT):
    """The state to compare a run against (take it before the run)."""
    return {
        "regions": list(regions),
        "account": account,
        "seq": len(history(sandbox)),
        "certificates": certificates(sandbox, account),
        "consumers": consumers(sandbox, regions),
    }


def default_selection(before):
    """What migrate_acm selects by default: ISSUED, Amazon-issued, EMAIL-validated
    certificates in the snapshot's regions."""
    return sorted(arn for arn, c in before["certificates"].items()
                  if c["validation_method"] == "EMAIL" and c["type"] == "AMAZON_ISSUED"
                  and c["status"] == "ISSUED" and c["region"] in before["regions"])


# --- the check ----------------------------------------------------------------------------

def _time(entry):
    return datetime.fromisoformat(entry["time"]).timestamp()


def check_invariants(sandbox, before, selected=None, converged=False, cloudfront_deploy_seconds=None, held=()):
    """Assert the invariants in this module's doc; ``before`` comes from :func:`snapshot`,
    ``selected`` are the old certificate ARNs the run(s) were given (default: every
    certificate migrate_acm selects by default, less ``held``). Returns a summary for reports."""
    held = set(held)
    selected = set(default_selection(before) if selected is None else selected) - held
    log = history(sandbox)
    if cloudfront_deploy_seconds is None:
        cloudfront_deploy_seconds = float(sandbox.settings().get("cloudfront_deploy_seconds") or 0)
    problems, summary = find_problems(log, before, certificates(sandbox, before["account"]),
                                      consumers(sandbox, before["regions"]), selected, converged,
                                      cloudfront_deploy_seconds, held)
    assert not problems, "invariants violated:\n  " + "\n  ".join(problems)
    return summary


def find_problems(log, before, now_certs, now_consumers, selected, converged=False, cloudfront_deploy_seconds=0.0,
                  held=()):
    """Pure: (violations as sentences, summary) from the sandbox's history ``log``, the
    ``before`` snapshot, the certificates and consumers now, and the selected old ARNs."""
    selected = set(selected)
    problems = []

    # Every certificate that ever existed, with its names and tags (deleted ones from the log).
    known = {arn: {"names": c["names"], "tags": c["tags"]} for arn, c in before["certificates"].items()}
    for entry in log:
        if entry["service"] == "acm" and entry["after"] == DELETED:
            known[entry["resource"]] = {"names": entry.get("names", []), "tags": entry.get("tags", {})}
    for arn, c in now_certs.items():
        known[arn] = {"names": c["names"], "tags": c["tags"]}

    # 3. at most one replacement per old certificate (deleted replacements count too)
    replacements = {}
    for arn, c in known.items():
        old = (c["tags"] or {}).get(REPLACES_TAG)
        if old:
            replacements.setdefault(old, set()).add(arn)
    for old, news in replacements.items():
        if len(news) > 1:
            problems.append(f"{old} has {len(news)} replacements: {sorted(news)}")
    replacement_of = {old: next(iter(news)) for old, news in replacements.items() if len(news) == 1}
    ours = {arn for old in selected for arn in replacements.get(old, ())}

    # 2./4. replay the whole history
    status = {}
    refs = {}  # (resource, field) -> [certificate ARNs it names]
    lingering = []  # (until, resource, arn): CloudFront still serving arn until its change deployed
    for entry in log:
        arn = entry["resource"]
        if entry["service"] == "acm":
            if entry["after"] == DELETED:
                t = _time(entry)
                users = sorted(key[0] for key, arns in refs.items() if arn in arns)
                users += sorted(res for until, res, a in lingering if a == arn and until > t)
                if users:
                    problems.append(f"{arn} deleted while {', '.join(users)} used it (seq {entry['seq']})")
                status.pop(arn, None)
            else:
                status[arn] = entry["after"]
            continue
        key = (entry["resource"], entry["field"])
        new = _arns(entry["after"])
        for cert in new:
            if cert in refs.get(key, []):
                continue  # already there (an SNI list change keeps the others)
            if status.get(cert) != "ISSUED":
                state = status.get(cert, "deleted or unknown")
                problems.append(f"{entry['service']} {entry['resource']} {entry['field']} pointed at {cert} "
                                f"while it was {state} (seq {entry['seq']})")
        if entry["service"] == "cloudfront" and cloudfront_deploy_seconds:
            for cert in _arns(entry["before"]):
                lingering.append((_time(entry) + cloudfront_deploy_seconds, entry["resource"], cert))
        refs[key] = new

    # 5. nothing outside the selection changed
    for entry in log[before["seq"]:]:
        arn = entry["resource"]
        if entry["service"] == "acm":
            if entry["after"] == DELETED:
                if arn not in selected:
                    problems.append(f"{arn} was deleted but not selected")
            elif entry["before"] is None:
                if arn not in ours:
                    problems.append(f"{arn} was created but replaces no selected certificate")
            elif arn not in ours and (entry["before"], entry["after"]) not in LAZY_TRANSITIONS:
                problems.append(f"{arn} changed status {entry['before']} -> {entry['after']} but is neither "
                                "selected nor a replacement")
            continue
        olds, news = _arns(entry["before"]), _arns(entry["after"])
        removed = [a for a in olds if a not in news]
        added = [a for a in news if a not in olds]
        for a in removed:
            if a not in selected:
                problems.append(f"{entry['service']} {arn} {entry['field']} dropped {a}, which is not selected")
        for a in added:
            if a not in ours:
                problems.append(f"{entry['service']} {arn} {entry['field']} took {a}, which replaces no "
                                "selected certificate")
            elif isinstance(entry["before"], str) and replacement_of.get(entry["before"]) != a:
                problems.append(f"{entry['service']} {arn} {entry['field']} moved from {entry['before']} to "
                                f"{a}, which is not its replacement")
    for arn, c in before["certificates"].items():
        if arn in selected:
            continue
        now = now_certs.get(arn)
        if now is None:
            problems.append(f"{arn} (not selected) is gone")
        elif now["tags"] != c["tags"] or now["names"] != c["names"]:
            problems.append(f"{arn} (not selected) changed: tags/names {c['tags']}/{c['names']} -> "
                            f"{now['tags']}/{now['names']}")
        elif now["validation_method"] != c["validation_method"] and arn not in held:
            problems.append(f"{arn} (not selected) changed its validation method: {c['validation_method']} -> "
                            f"{now['validation_method']}")

    # 1. every consumer serves an ISSUED certificate covering its names
    for key, was in before["consumers"].items():
        now = now_consumers.get(key)
        if now is None:
            problems.append(f"consumer {key} disappeared")
            continue
        for arn in [now["default"]] + now["sni"]:
            if (now_certs.get(arn) or {}).get("status") != "ISSUED":
                problems.append(f"consumer {key} serves {arn}, which is "
                                f"{(now_certs.get(arn) or {}).get('status', 'deleted')}")
        default_names = set(known.get(was["default"], {}).get("names", [])) | set(was["names"])
        default_now = known.get(now["default"], {}).get("names", [])
        missing = sorted(n for n in default_names if not covers(default_now, n))
        if missing:
            problems.append(f"consumer {key}: default certificate {now['default']} does not cover {missing}")
        served = [n for a in [now["default"]] + now["sni"] for n in known.get(a, {}).get("names", [])]
        for arn in was["sni"]:
            missing = sorted(n for n in known.get(arn, {}).get("names", []) if not covers(served, n))
            if missing:
                problems.append(f"consumer {key}: nothing covers {missing} of its former SNI certificate {arn}")
        unselected = [a for a in [was["default"]] + was["sni"] if a not in selected]
        still = [now["default"]] + now["sni"]
        for a in unselected:
            if a not in still:
                problems.append(f"consumer {key} no longer serves {a}, which is not selected")
    for key in now_consumers:
        if key not in before["consumers"]:
            problems.append(f"consumer {key} appeared")

    if converged:
        for old in sorted(selected):
            new = replacement_of.get(old)
            if old in now_certs and new is None:  # migrated in place: the same ARN, DNS-validated now
                c = now_certs[old]
                if c["status"] != "ISSUED" or c["validation_method"] != "DNS":
                    problems.append(f"not converged: {old} is {c['status']}/{c['validation_method']}, not migrated")
                continue
            if old in now_certs:
                problems.append(f"not converged: {old} still exists")
            if new is None or new not in now_certs:
                problems.append(f"not converged: {old} has no replacement")
                continue
            c = now_certs[new]
            if c["status"] != "ISSUED" or c["validation_method"] != "DNS":
                problems.append(f"not converged: replacement {new} is {c['status']}/{c['validation_method']}")
        in_place = {old for old in selected if old in now_certs and old not in replacement_of}
        for key, now in now_consumers.items():
            stale = [a for a in [now["default"]] + now["sni"] if a in selected - in_place]
            if stale:
                problems.append(f"not converged: consumer {key} still serves {stale}")
        for arn in sorted(held):
            now, was = now_certs.get(arn), before["certificates"].get(arn)
            if now is None or arn in replacements or (was and now["validation_method"] != was["validation_method"]):
                problems.append(f"{arn} should be held (left alone, not replaced) but is "
                                f"{'gone' if now is None else 'replaced' if arn in replacements else 'changed'}")

    return problems, {
        "selected": len(selected),
        "migrated_in_place": sum(1 for old in selected if old in now_certs and old not in replacement_of
                                 and now_certs[old]["validation_method"] == "DNS"),
        "replacements": len(ours),
        "deleted": sum(1 for e in log[before["seq"]:] if e["service"] == "acm" and e["after"] == DELETED),
        "consumer_changes": sum(1 for e in log[before["seq"]:] if e["service"] != "acm"),
        "history_entries": len(log) - before["seq"],
    }
