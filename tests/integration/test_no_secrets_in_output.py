"""No secret in any output or report, even at -vvv: the migrate playbook with the rfc2136
provider (TSIG secret, against the BIND9 fixture) and explicit AWS keys given through
module_defaults group/aws (extra var ``acm_credentials_auth``) and the environment, then the
audit playbook with the same keys. The secrets must appear nowhere in stdout, stderr or any
file in acm_report_dir."""

from __future__ import annotations

import os

import pytest

from tests.harness import REPO_ROOT

MIGRATE = os.path.join(REPO_ROOT, "playbooks", "migrate_acm.yml")
AUDIT = os.path.join(REPO_ROOT, "playbooks", "audit_acm.yml")
# Distinctive values: any substring match is a leak. moto accepts any secret key.
AWS_SECRET = "certshiftAwsSecretKey0123456789abcdefSECRET"
ENV_AWS_SECRET = "certshiftEnvSecretKey9876543210fedcbaSECRET"
AWS_ACCESS_KEY = "AKIACERTSHIFTTEST0001"
EXAMPLE_COM_ROLES = ["alb_default", "nlb", "clb"]  # names in example.com, a zone the BIND fixture serves


def assert_nowhere(secrets, run, report_dir):
    places = {"stdout": run.stdout, "stderr": run.stderr}
    for root, _dirs, files in os.walk(report_dir):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                places[os.path.join(root, name)] = f.read()
    assert len(places) > 2, f"no report written in {report_dir}"
    for label, secret in secrets.items():
        # base64 TSIG secrets may also leak without their padding
        for needle in {secret, secret.rstrip("=")}:
            leaks = [where for where, text in places.items() if needle in text]
            assert not leaks, f"{label} appears in {leaks}"


@pytest.fixture
def demo(sandbox):
    return sandbox.seed("demo")


def test_no_secret_at_vvv_in_migrate_and_audit(ansible, sandbox, dns, demo, tmp_path):
    sandbox.settings(acm_dns_servers=[dns.nameserver])
    secrets = {"TSIG secret": dns.key_secret, "AWS secret key": AWS_SECRET, "AWS secret key (env)": ENV_AWS_SECRET}
    auth = {"access_key": AWS_ACCESS_KEY, "secret_key": AWS_SECRET}
    env = {"AWS_SECRET_ACCESS_KEY": ENV_AWS_SECRET, "AWS_ACCESS_KEY_ID": AWS_ACCESS_KEY}
    arns = [demo["certificates"][role]["arn"] for role in EXAMPLE_COM_ROLES]

    report_dir = tmp_path / "migrate-reports"
    run = ansible.playbook(MIGRATE, json_callback=False, args=["-vvv"], env=env, extra_vars={
        "acm_regions": ["eu-west-1"], "acm_certificate_arns": arns, "acm_report_dir": str(report_dir),
        "acm_wait_timeout": 120, "acm_credentials_auth": auth,
        "acm_dns_provider": "rfc2136", "acm_rfc2136_server": dns.address, "acm_rfc2136_port": dns.port,
        "acm_rfc2136_key_name": dns.key_name, "acm_rfc2136_key_secret": dns.key_secret,
        "acm_rfc2136_key_algorithm": dns.key_algorithm, "acm_nameservers": [dns.nameserver],
    })
    assert run.rc == 0, run
    # The run did the work with those secrets: records went through TSIG, the certificates moved (in place).
    assert [r for r in dns.records("example.com") if r[1] == "CNAME"], "no validation record was published"
    now = {c["arn"]: c for c in sandbox.control("GET", "acm/certificates")["certificates"]}
    assert all(now[arn]["validation_method"] == "DNS" for arn in arns)
    assert "ESTABLISH LOCAL CONNECTION" in run.stdout  # really -vvv
    # The keys reached the modules (their invocation shows the access key, the secrets masked).
    assert AWS_ACCESS_KEY in run.stdout and "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in run.stdout
    assert_nowhere(secrets, run, report_dir)

    # A failing run prints its error paths too (TSIG refused): still no secret.
    wrong_dir = tmp_path / "wrong-reports"
    fresh = sandbox.client("acm").request_certificate(DomainName="www.example.com", ValidationMethod="EMAIL")
    failed = ansible.playbook(MIGRATE, json_callback=False, args=["-vvv"], env=env, extra_vars={
        "acm_regions": ["eu-west-1"], "acm_certificate_arns": [fresh["CertificateArn"]],
        "acm_report_dir": str(wrong_dir), "acm_credentials_auth": auth,
        "acm_dns_provider": "rfc2136", "acm_rfc2136_server": dns.address, "acm_rfc2136_port": dns.port,
        "acm_rfc2136_key_name": dns.key_name, "acm_rfc2136_key_secret": dns.wrong_secret,
    })
    assert failed.rc != 0, failed
    assert "TSIG" in failed.stdout
    assert_nowhere({**secrets, "wrong TSIG secret": dns.wrong_secret}, failed, wrong_dir)

    audit_dir = tmp_path / "audit-reports"
    audit = ansible.playbook(AUDIT, json_callback=False, args=["-vvv"], env=env, extra_vars={
        "acm_regions": ["eu-west-1", "us-east-1"], "acm_report_dir": str(audit_dir), "acm_probe_timeout": 1,
        "acm_credentials_auth": auth, "acm_nameservers": [dns.nameserver],
    })
    assert audit.rc == 0, audit
    assert_nowhere(secrets, audit, audit_dir)
