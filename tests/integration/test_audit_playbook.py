"""certshift.acm.audit_acm end to end: targets from acm_regions or an inventory, the merged
JSON/Markdown/HTML reports, set_stats for AWX, and the HTML report rendered by headless Chromium."""

from __future__ import annotations

import collections
import datetime
import json
import os
import re
import shutil

import pytest

from tests.chromium import assert_reads_without_sideways_scrolling, chromium, column, layout
from tests.fixtures_dns import dns, dns_server  # noqa: F401 - fixtures
from tests.integration.renewal_fixtures import (https_fleet, import_self_signed, request, validation_records,
                                                wait_issued)

PLAYBOOK = "certshift.acm.audit_acm"
STATS_ENV = {"ANSIBLE_SHOW_CUSTOM_STATS": "true"}
INTERNAL_CODES = ("does_not_resolve", "connection_refused", "different_certificate", "validation_record_missing",
                  "not_in_use", "will_not_renew", "at_risk")


@pytest.fixture
def two_region_fleet(sandbox, dns):
    sandbox.settings(acm_dns_servers=[dns.nameserver])
    c, sites, resolve = https_fleet(sandbox)
    c["dns_ok"] = request(sandbox, ["app.example.com"], method="DNS")
    c["dns_missing"] = request(sandbox, ["gone.example.com"], method="DNS")
    for arn in (c["dns_ok"], c["dns_missing"]):
        for name, value in validation_records(sandbox, arn).items():
            dns.add_record(name, "CNAME", value)
    wait_issued(sandbox, [c["dns_ok"], c["dns_missing"]])
    (name, _value), = validation_records(sandbox, c["dns_missing"]).items()
    dns.delete_record(name, "CNAME")
    c["imported"] = import_self_signed(sandbox, "intranet.example.com", days=10)
    c["us_unused"] = request(sandbox, ["cdn.example.com"], region="us-east-1", in_use=False)
    wait_issued(sandbox, [c["us_unused"]], region="us-east-1")
    return c, sites, resolve


def test_audit_of_two_regions_writes_every_report(ansible, sandbox, dns, two_region_fleet, tmp_path):
    c, sites, resolve = two_region_fleet
    report_dir = tmp_path / "reports"
    run = ansible.playbook(PLAYBOOK, extra_vars={
        "acm_regions": ["eu-west-1", "us-east-1"], "acm_resolve": resolve, "acm_https_port": sites["port"],
        "acm_probe_timeout": 1, "acm_nameservers": [dns.nameserver], "acm_report_dir": str(report_dir),
    }, env=STATS_ENV)
    assert run.rc == 0, run
    assert not any(t["changed"] for t in run.stats.values()), run.stats

    report = json.loads((report_dir / "acm_audit.json").read_text())
    assert [t["target"] for t in report["targets"]] == ["acm-eu-west-1", "acm-us-east-1"]
    assert not any(t["failed"] for t in report["targets"])
    summary = report["summary"]
    assert summary["total"] == 14 and summary["targets"] == 2 and summary["failed_targets"] == []
    assert summary["by_verdict"] == {"ready": 4, "at_risk": 3, "will_not_renew": 7}
    assert summary["by_validation_method"] == {"EMAIL": 11, "DNS": 2, "HTTP": 0, "NONE": 1}
    certs = {x["certificate_arn"]: x for x in report["certificates"]}
    assert certs[c["us_unused"]]["target"] == "acm-us-east-1" and certs[c["us_unused"]]["region"] == "us-east-1"
    assert certs[c["dns_missing"]]["verdict"] == "at_risk" and certs[c["dns_missing"]]["dns_fixes"]
    assert report["certificates"][0]["certificate_arn"] == c["imported"]  # soonest expiry first
    assert "historical" in report["note"]
    assert run.data["global_custom_stats"]["acm_audit"]["by_verdict"] == summary["by_verdict"]

    markdown = (report_dir / "acm_audit.md").read_text()
    assert "| will not renew | 7 |" in markdown and "| EMAIL | 11 | 3 | 2 | 6 |" in markdown
    assert markdown.count("\n| ") >= 14 + 3 + 4 + 7 + 2
    for arn, cert in certs.items():  # every one needing action has its own section
        assert (f"`{arn}`" in markdown) is (cert["verdict"] != "ready")
    assert "Restore these DNS records \\(below\\):" in markdown and "approval mails" in markdown
    # issue 19: one reason per finding and one fix per certificate, in plain words
    missing = certs[c["dns_missing"]]
    [fix] = missing["dns_fixes"]
    section = markdown[markdown.index(f"`{c['dns_missing']}`"):]
    section = section[:section.find("\n### ") if "\n### " in section else len(section)]
    assert section.count(fix) == 1, section
    assert not any(fix in reason for reason in missing["reasons"]) and ".." not in missing["recommendation"]
    assert "<br" not in markdown
    # human work: the email-validated certificates' approvals a year, totalled in the summary
    approvals = summary["approvals_per_year"]
    assert approvals > 0 and approvals == round(sum(x["approvals_per_year"] or 0 for x in certs.values()), 1)
    assert f"Email-validated certificates: {approvals:g} approvals a year that migrating removes." in markdown
    html_text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)>.*?</\1>", "",
                                              (report_dir / "acm_audit.html").read_text(), flags=re.S))
    for code in INTERNAL_CODES:
        assert code not in markdown and code.replace("_", "\\_") not in markdown and code not in html_text, code
    assert html_text.count(fix) == 1
    # what is left, and why
    left = {g["why"].split(":")[0]: g for g in summary["left"]}
    assert left["imported"]["count"] == 1 and left["unused"]["count"] >= 1
    assert "## What is left to do" in markdown and "unused: nothing uses it, so ACM will not renew it" in markdown

    html_path = report_dir / "acm_audit.html"
    html = html_path.read_text()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "the HTML report must be self-contained"
    assert "<link" not in html and "@import" not in html

    dom = chromium(tmp_path, html_path.as_uri(), "--dump-dom", "--virtual-time-budget=2000")
    rows = re.findall(r'<tr class="verdict-(\w+)" data-arn="([^"]+)"', dom)
    assert len(rows) == 14
    assert {arn: verdict for verdict, arn in rows} == {arn: x["verdict"] for arn, x in certs.items()}
    assert dom.count('class="point verdict-') == 14  # one dot per certificate on the timeline
    assert re.search(r'id="count-will_not_renew">7<', dom)
    assert f'id="approvals-per-year"><b>{approvals:g}</b>approvals a year that migrating removes' in dom
    assert dom.count('class="approvals">Next approval mails: ') == sum(
        1 for x in certs.values() if x["approvals_per_year"] is not None)
    shot = tmp_path / "audit.png"
    chromium(tmp_path, html_path.as_uri(), f"--screenshot={shot}")
    assert shot.stat().st_size > 20000
    shutil.copy(shot, os.path.join(os.environ.get("CERTSHIFT_SCREENSHOT_DIR", str(tmp_path)), "acm_audit.png"))

    # issue 19: at 1280 px the table (1546 px wide with DNS fixes) overflowed and squeezed the reasons
    measured = layout(tmp_path, html_path, width=1280)
    assert_reads_without_sideways_scrolling(measured)
    assert column(measured, "certificates", "reasons and what to do") >= 300
    assert 'class="copy"' in html and f'title="{c["dns_missing"]}"' in html  # long values: full on hover, copy


def test_sorting_the_html_table(ansible, sandbox, tmp_path):
    for days_name in ("b.example.com", "a.example.com", "c.example.com"):
        request(sandbox, [days_name], method="DNS", in_use=False)
    report_dir = tmp_path / "reports"
    run = ansible.playbook(PLAYBOOK, extra_vars={"acm_report_dir": str(report_dir)})
    assert run.rc == 0, run
    html_path = report_dir / "acm_audit.html"
    # Click "domain" once (ascending) in the page itself, then dump the DOM.
    html = html_path.read_text().replace(
        "</body>", "<script>document.querySelectorAll('#certificates th')[1].click();</script></body>")
    clicked = tmp_path / "clicked.html"
    clicked.write_text(html)
    dom = chromium(tmp_path, clicked.as_uri(), "--dump-dom", "--virtual-time-budget=2000")
    domains = re.findall(r'<td class="domain">([^<]+)</td>', dom)
    assert domains == ["a.example.com", "b.example.com", "c.example.com"]
    assert 'data-order="asc"' in dom


def test_inventory_targets_with_an_assumed_role_and_a_failing_target(ansible, sandbox, tmp_path):
    sts = sandbox.client("sts")
    role = "arn:aws:iam::111111111111:role/certshift-audit"
    creds = sts.assume_role(RoleArn=role, RoleSessionName="test")["Credentials"]
    other = sandbox.client("acm", aws_access_key_id=creds["AccessKeyId"],
                           aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
    other_arn = other.request_certificate(DomainName="other.example.com", ValidationMethod="EMAIL")["CertificateArn"]
    own = request(sandbox, ["own.example.com"], in_use=False)
    inventory = tmp_path / "inventory.yml"
    local = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}
    inventory.write_text(json.dumps({"all": {"children": {"acm_targets": {"hosts": {
        "prod-eu": {"acm_region": "eu-west-1", **local},
        "partner-eu": {"acm_region": "eu-west-1", "acm_assume_role_arn": role, **local},
        "broken": {"acm_region": "eu-nowhere-9", **local},
    }}}}}))
    report_dir = tmp_path / "reports"
    run = ansible.playbook(PLAYBOOK, inventory=str(inventory),
                           extra_vars={"acm_report_dir": str(report_dir)}, env=STATS_ENV)
    assert run.rc != 0, run  # a failed target fails the run, after the reports are written
    report = json.loads((report_dir / "acm_audit.json").read_text())
    targets = {t["target"]: t for t in report["targets"]}
    assert set(targets) == {"prod-eu", "partner-eu", "broken"}
    assert targets["broken"]["failed"] and "eu-nowhere-9" in targets["broken"]["error"]
    assert report["summary"]["failed_targets"] == ["broken"]
    by_target = {x["target"]: x["certificate_arn"] for x in report["certificates"]}
    assert by_target == {"prod-eu": own, "partner-eu": other_arn}
    assert ":111111111111:" in other_arn
    assert "broken" in (report_dir / "acm_audit.md").read_text()
    assert "eu-nowhere-9" in run.stdout


def test_html_report_shows_migrations_and_when_approval_mails_arrive(ansible, sandbox, dns, tmp_path):
    """Issue 18: the migrations in progress (pending with the records still missing, expired, succeeded) in their
    own column, and the approval mails of the next 12 months per month, as headless Chromium renders them."""
    today = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    c = {"steady": request(sandbox, ["steady.example.com"]),
         "pending": request(sandbox, ["pending.example.com", "www.pending.example.com"]),
         "expired": request(sandbox, ["expired.example.com"]),
         "done": request(sandbox, ["done.example.com"])}
    wait_issued(sandbox, c.values())
    # Validity periods of at most 47 days, which no CA/Browser Forum cap shortens: the mails below do not depend
    # on the day the test runs. (first mail, days between mails) from today: 45 days before NotAfter, then one
    # validity later each time; a mail before today (the window is open) counts in the first month.
    dates = {"steady": (-10, 30), "pending": (-5, 40), "expired": (0, 47)}
    mails = {"steady": (-15, 40), "pending": (-5, 45), "expired": (2, 47)}
    for role, (before, after) in dates.items():
        sandbox.control("POST", "acm/certificate", {"arn": c[role],
                                                    "not_before": (today + datetime.timedelta(days=before)).isoformat(),
                                                    "not_after": (today + datetime.timedelta(days=after)).isoformat()})
    acm = sandbox.client("acm", "eu-west-1")
    for role in ("pending", "expired", "done"):
        acm.update_certificate_options(CertificateArn=c[role], Options={"ValidationMethod": "DNS"})
    sandbox.control("POST", "acm/certificate", {"arn": c["expired"], "update_status": "FAILED"})
    sandbox.control("POST", "acm/certificate", {"arn": c["done"], "update_status": "SUCCESS"})
    wanted = next(x for x in sandbox.control("GET", "acm/certificates")["certificates"]
                  if x["arn"] == c["pending"])["validation_records"]
    assert len(wanted) == 2
    dns.add_record(wanted[0]["name"], "CNAME", wanted[0]["value"])  # one of its two records published

    report_dir = tmp_path / "reports"
    run = ansible.playbook(PLAYBOOK, extra_vars={
        "acm_report_dir": str(report_dir), "acm_nameservers": [dns.nameserver], "acm_probe_timeout": 1,
        "acm_now": today.strftime("%Y-%m-%dT%H:%M:%SZ")})
    assert run.rc == 0, run
    report = json.loads((report_dir / "acm_audit.json").read_text())
    certs = {x["certificate_arn"]: x for x in report["certificates"]}
    assert [certs[c[r]]["in_place_migration"]["state"] for r in ("pending", "expired", "done")] == [
        "pending", "expired", "succeeded"]
    assert certs[c["pending"]]["in_place_migration"]["records_missing"] == 1
    assert certs[c["steady"]]["in_place_migration"] is None

    # what the months must show, from the dates above
    starts = [today.replace(day=1)]
    for _i in range(12):
        starts.append((starts[-1] + datetime.timedelta(days=32)).replace(day=1))
    expected = collections.Counter({s.strftime("%b %Y"): 0 for s in starts[:12]})
    for first, step in mails.values():
        day = today + datetime.timedelta(days=first)
        while day < starts[12]:
            expected[max(day, today).strftime("%b %Y")] += 1
            day += datetime.timedelta(days=step)
    assert report["approval_calendar"]["total"] == sum(expected.values()) >= 3 * 7

    html_path = report_dir / "acm_audit.html"
    dom = chromium(tmp_path, html_path.as_uri(), "--dump-dom", "--virtual-time-budget=2000")
    chart = re.search(r'<table class="mail-chart" id="approval-mails">(.*?)</table>', dom, re.S).group(1)
    labels = dict(re.findall(r'<th scope="col" id="mails-([\d-]+)">([^<]+)</th>', chart))
    counts = re.findall(r'<td headers="mails-([\d-]+)"[^>]*><span class="count">(\d+)</span>', chart)
    assert [(labels[month], int(n)) for month, n in counts] == [(s.strftime("%b %Y"), expected[s.strftime("%b %Y")])
                                                               for s in starts[:12]]
    assert f"{sum(expected.values())} from {starts[0]:%b %Y} to {starts[11]:%b %Y}" in chart
    migration = {arn: cell for arn, cell in re.findall(
        r'<tr class="verdict-\w+" data-arn="([^"]+)".*?<td class="migration">(.*?)</td>', dom, re.S)}
    assert migration[c["pending"]].startswith(
        f'<b class="migration-pending">pending</b>since {today:%Y-%m-%d}, 1 of 2 record(s) still missing')
    assert migration[c["expired"]].startswith('<b class="migration-expired">expired</b>requested ')
    assert migration[c["done"]].startswith(f'<b class="migration-succeeded">succeeded</b>{today:%Y-%m-%d}')
    assert migration[c["steady"]] == f"<b>not started</b><br><small>{365 / 40:.1f} approvals a year</small>"
    markdown = (report_dir / "acm_audit.md").read_text()
    assert "| " + " | ".join(str(expected[s.strftime("%b %Y")]) for s in starts[:12]) + " |" in markdown
    assert "| pending: since " in markdown and "| expired: requested " in markdown

    shot = tmp_path / "audit-migrations.png"
    chromium(tmp_path, html_path.as_uri(), f"--screenshot={shot}", width=1280, height=2100)
    assert shot.stat().st_size > 20000
    shutil.copy(shot, os.path.join(os.environ.get("CERTSHIFT_SCREENSHOT_DIR", str(tmp_path)),
                                   "acm_audit_migrations.png"))
    measured = layout(tmp_path, html_path, width=1280)
    assert_reads_without_sideways_scrolling(measured)
    assert column(measured, "certificates", "reasons and what to do") >= 300
    assert column(measured, "certificates", "migration to DNS") >= 90
    assert all(column(measured, "approval-mails", s.strftime("%b %Y")) >= 80 for s in starts[:12])


NOT_PROBED = ("no HTTPS answer could change its verdict (not in use by any integrated AWS service, so ACM does not "
              "renew it)")


def test_an_unused_certificate_is_not_probed_unless_acm_probe_always(ansible, sandbox, tmp_path):
    """acm_probe auto (the default) skips the HTTPS probes of a certificate nothing uses (it does not renew whatever
    its sites serve): the result and every report say so and why, and its verdict does not count the rule as
    unchecked. acm_probe: always probes it: its names serve it, the rule is met, the verdict is the same."""
    idle = request(sandbox, ["idle.example.com"], in_use=False)
    busy = request(sandbox, ["busy.example.com"])
    wait_issued(sandbox, [idle, busy])
    sites = sandbox.control("POST", "sites", {"sites": {
        "idle.example.com": idle, "www.idle.example.com": idle, "busy.example.com": busy, "www.busy.example.com": busy}})
    resolve = [f"{host}:{sites['port']}:127.0.0.1" for host in sites["sites"]]
    base = {"acm_regions": ["eu-west-1"], "acm_resolve": resolve, "acm_https_port": sites["port"],
            "acm_probe_timeout": 2}

    run = ansible.playbook(PLAYBOOK, extra_vars={**base, "acm_report_dir": str(tmp_path / "auto")})
    assert run.rc == 0, run
    report = json.loads((tmp_path / "auto" / "acm_audit.json").read_text())
    certs = {c["certificate_arn"]: c for c in report["certificates"]}
    assert certs[idle]["https_rule"] == {"checked": False, "skipped": True, "skip_reason": NOT_PROBED}
    assert certs[idle]["verdict"] == "will_not_renew" and certs[idle]["reason_codes"] == ["not_in_use"]
    assert certs[busy]["https_rule"]["checked"] and certs[busy]["https_rule"]["met"]
    assert certs[busy]["verdict"] == "ready"
    assert report["summary"]["not_probed"] == 1
    markdown = (tmp_path / "auto" / "acm_audit.md").read_text()
    escaped = NOT_PROBED.replace("(", "\\(").replace(")", "\\)")
    assert markdown.count(f"- HTTPS rule not probed: {escaped}") == 1
    assert "HTTPS rule not probed for 1 certificate(s): no HTTPS answer could change their verdict." in markdown
    html = (tmp_path / "auto" / "acm_audit.html").read_text()
    assert html.count(f'<p class="not-probed">HTTPS rule not probed: {NOT_PROBED}</p>') == 1
    assert "HTTPS rule not probed: 1 certificate(s), as no HTTPS answer could change their verdict" in run.stdout

    always = ansible.playbook(PLAYBOOK, extra_vars={**base, "acm_probe": "always",
                                                    "acm_report_dir": str(tmp_path / "always")})
    assert always.rc == 0, always
    report = json.loads((tmp_path / "always" / "acm_audit.json").read_text())
    probed = {c["certificate_arn"]: c for c in report["certificates"]}[idle]
    assert probed["https_rule"]["checked"] and probed["https_rule"]["met"] and not probed["https_rule"]["skipped"]
    assert {n["name"] for n in probed["https_rule"]["names"]} == {"idle.example.com", "www.idle.example.com"}
    assert {n["resolved_by"] for n in probed["https_rule"]["names"]} == {"resolve"}
    assert probed["verdict"] == "will_not_renew" and probed["reason_codes"] == ["not_in_use"]
    assert report["summary"]["not_probed"] == 0
    assert "not probed" not in (tmp_path / "always" / "acm_audit.md").read_text()
    assert "not probed" not in always.stdout


def _lossy_fleet(sandbox):
    """EMAIL certificates in use whose probe names live in a sandbox Route53 zone, served by the sandbox's DNS server:
    a site serving its certificate, one without its www name, one IPv6-only name (A has no data: AAAA is asked), and
    two certificates below gone.example.com, which does not exist (nothing below it does, RFC 8020)."""
    c = {"site": request(sandbox, ["site.example.com"]), "no_www": request(sandbox, ["nowww.example.com"]),
         "v6": request(sandbox, ["v6.example.com"]),
         "gone_a": request(sandbox, ["a.gone.example.com"]), "gone_b": request(sandbox, ["b.gone.example.com"])}
    wait_issued(sandbox, c.values())
    sites = sandbox.control("POST", "sites", {"sites": {
        "site.example.com": c["site"], "www.site.example.com": c["site"], "nowww.example.com": c["no_www"]}})
    r53 = sandbox.client("route53")
    zone = r53.create_hosted_zone(Name="example.com", CallerReference="lossy")["HostedZone"]["Id"]
    records = [("site.example.com", "A", "127.0.0.1"), ("www.site.example.com", "A", "127.0.0.1"),
               ("nowww.example.com", "A", "127.0.0.1"), ("v6.example.com", "AAAA", "::1")]
    r53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": name, "Type": rtype, "TTL": 60,
                                                   "ResourceRecords": [{"Value": value}]}}
        for name, rtype, value in records]})
    return c, sites


def _probe_findings(report):
    return {c["certificate_arn"]: (c["verdict"], sorted(
        (n["name"], n["reason"], n["resolved_by"], n["address"]) for n in c["https_rule"]["names"]))
        for c in report["certificates"]}


def test_a_lossy_resolver_changes_no_verdict_and_each_question_is_asked_twice(ansible, sandbox, tmp_path):
    """The sandbox's DNS server drops the first query of every (name, type) (dns_drop_first: 1): the audit retries
    each once and reaches the very findings a clean resolver gives. Its counters show every question asked twice
    (once with the clean resolver: answers are kept for the run), AAAA only where A had no data, the parent that
    does not exist (gone.example.com) asked for A alone, and nothing below it ever."""
    c, sites = _lossy_fleet(sandbox)
    where = sandbox.control("GET", "dns")
    base = {"acm_regions": ["eu-west-1"], "acm_nameservers": [where["nameserver"]], "acm_https_port": sites["port"],
            "acm_probe_timeout": 2, "acm_dns_timeout": 1, "acm_dns_retries": 2}

    runs = {}
    for label, drop_first in (("clean", 0), ("lossy", 1)):
        sandbox.settings(dns_drop_first=drop_first)
        sandbox.control("POST", "dns/reset-counters", {})
        run = ansible.playbook(PLAYBOOK, extra_vars={**base, "acm_report_dir": str(tmp_path / label)})
        assert run.rc == 0, run
        report = json.loads((tmp_path / label / "acm_audit.json").read_text())
        runs[label] = (_probe_findings(report), sandbox.control("GET", "dns"))

    (clean, clean_counts), (lossy, counts) = runs["clean"], runs["lossy"]
    assert lossy == clean
    assert clean[c["site"]][0] == "ready" and clean[c["no_www"]][0] == "will_not_renew"
    assert {(name, reason) for name, reason, _by, _address in clean[c["no_www"]][1]} == {
        ("nowww.example.com", None), ("www.nowww.example.com", "does_not_resolve")}
    assert ("v6.example.com", "::1") in {(name, address) for name, _r, _by, address in clean[c["v6"]][1]}
    for arn in (c["gone_a"], c["gone_b"]):
        assert clean[arn][0] == "will_not_renew"
        assert {(reason, by) for _n, reason, by, _a in clean[arn][1]} == {("does_not_resolve", "negative_cache")}
    assert {by for arn in (c["site"], c["no_www"]) for _n, _r, by, _a in clean[arn][1]} == {"nameservers"}

    asked = {key: n for key, n in counts["per_name"].items() if key != ". SOA"}  # the reachability check
    assert set(asked) == {"example.com. A", "gone.example.com. A", "site.example.com. A", "www.site.example.com. A",
                          "nowww.example.com. A", "www.nowww.example.com. A", "v6.example.com. A",
                          "v6.example.com. AAAA", "www.v6.example.com. A"}
    assert set(asked.values()) == {2}, asked  # dropped once, answered once, never asked again
    assert {key: n for key, n in clean_counts["per_name"].items() if key != ". SOA"} == {key: 1 for key in asked}
    assert counts["dropped"] == counts["answered"] == len(counts["per_name"])
