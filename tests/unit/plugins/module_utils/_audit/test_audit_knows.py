"""What the audit knows of exported, HTTP-validated and email-validated certificates, end to end through the pure
code: renewal_check's entry, the summary, the left-to-do groups and the audit report templates."""

from __future__ import annotations

import datetime
import os

import jinja2
import pytest

from ansible_collections.certshift.acm.plugins.filter.markdown_cell import markdown_cell
from ansible_collections.certshift.acm.plugins.module_utils._certificates import certificate_inventory
from ansible_collections.certshift.acm.plugins.module_utils._audit import renewal_check
from ansible_collections.certshift.acm.plugins.module_utils._audit.renewal_left import group_of
from ansible_collections.certshift.acm.plugins.module_utils._audit.renewal_report import merge_targets

NOW = datetime.datetime(2025, 6, 1, tzinfo=datetime.timezone.utc)
TEMPLATES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "..", "roles", "acm_audit", "templates")
LB = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/x/1"


def detail(n, method="EMAIL", days=198, **extra):
    return {"CertificateArn": f"arn:aws:acm:eu-west-1:123456789012:certificate/0000000{n}", "DomainName": f"c{n}.example.com",
            "Type": "AMAZON_ISSUED", "Status": "ISSUED", "ValidationMethod": method, "InUseBy": [LB],
            "NotBefore": NOW - datetime.timedelta(days=10), "NotAfter": NOW + datetime.timedelta(days=days - 10), **extra}


def entries():
    https = [{"name": "x", "certificate_matches": True}]
    return [renewal_check._entry(detail(1), NOW, https, None, "eu-west-1"),
            renewal_check._entry(detail(2, days=47), NOW, https, None, "eu-west-1"),
            renewal_check._entry(detail(3, method="DNS", Options={"Export": "ENABLED"}), NOW, None,
                                 {"records": [], "caa": []}, "eu-west-1"),
            renewal_check._entry(detail(4, method="HTTP", ManagedBy="CLOUDFRONT", InUseBy=[]), NOW, None, None,
                                 "eu-west-1")]


def test_entries_carry_the_new_fields():
    one, two, exported, http = entries()
    assert (one["approvals_per_year"], one["next_approval_mail"], one["days_until_approval_mail"]) == (
        round(365 / 198, 1), "2025-10-22T00:00:00Z", 143)
    assert two["approvals_per_year"] == round(365 / 47, 1)
    assert exported["exportable"] and exported["verdict"] == "at_risk" and "exported" in exported["reason_codes"]
    assert exported["approvals_per_year"] is None
    assert http["managed_by"] == "CLOUDFRONT" and http["reason_codes"] == ["http_not_served"]


@pytest.mark.parametrize("code,why_part", [("exported", "exportable"), ("http_not_served", "HTTP-validated")])
def test_new_codes_have_their_own_group(code, why_part):
    assert why_part in group_of([code])[0]


def test_search_shape_keeps_managed_by_and_export():
    found = certificate_inventory.from_search({"CertificateArn": "arn", "CertificateMetadata": {"AcmCertificateMetadata": {
        "ManagedBy": "CLOUDFRONT", "ExportOption": "ENABLED", "ValidationMethod": "HTTP"}}})
    assert found["ManagedBy"] == "CLOUDFRONT" and found["Options"] == {"Export": "ENABLED"}


def render(name, report):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True)
    env.filters["certshift.acm.markdown_cell"] = markdown_cell
    return env.get_template(name).render(_acm_audit_report=report, acm_audit_report_dir="/reports")


def test_reports_show_the_fleet_total_and_each_next_mail():
    report = merge_targets([{"target": "prod", "region": "eu-west-1", "certificates": entries()}],
                           generated_at="2025-06-01T00:00:00Z")
    total = round(365 / 198, 1) + round(365 / 47, 1)
    assert report["summary"]["approvals_per_year"] == round(total, 1)
    md = render("acm_audit.md.j2", report)
    assert f"Email-validated certificates: {round(total, 1):g} approvals a year that migrating removes." in md
    assert "| 2025-10-22T00:00:00Z \\(in 143 days; 1.8 a year\\) |" in md  # markdown_cell escapes brackets
    assert "| 2025-05-24T00:00:00Z \\(due now: its renewal window is open; 7.8 a year\\) |" in md  # in its renewal window: the mails are out
    html = render("acm_audit.html.j2", report)
    assert f'<div class="card" id="approvals-per-year"><b>{round(total, 1):g}</b>approvals a year that migrating removes' in html
    assert "Next approval mails: 2025-10-22T00:00:00Z (in 143 days); 1.8 approvals a year" in html
    assert f"approvals a year that migrating removes: {round(total, 1):g}" in render("summary.txt.j2", report)
