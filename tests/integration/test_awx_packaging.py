"""AWX / Automation Controller packaging: the execution environment definition builds a
context offline, and the job template and survey cover the playbook's variables."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import yaml

from tests.harness import REPO_ROOT

BIN = os.path.dirname(sys.executable)


def test_ansible_builder_create_succeeds_offline(tmp_path):
    build = os.path.join(REPO_ROOT, "build")
    os.makedirs(build, exist_ok=True)
    subprocess.run([os.path.join(BIN, "ansible-galaxy"), "collection", "build", REPO_ROOT, "--output-path",
                    str(tmp_path), "--force"], check=True, capture_output=True)
    tarball = next(p for p in os.listdir(tmp_path) if p.endswith(".tar.gz"))
    os.replace(tmp_path / tarball, os.path.join(build, "certshift-acm.tar.gz"))
    context = tmp_path / "context"
    proc = subprocess.run([os.path.join(BIN, "ansible-builder"), "create", "-f", "execution-environment.yml",
                           "-c", str(context)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    containerfile = (context / "Dockerfile").read_text() if (context / "Dockerfile").exists() else \
        (context / "Containerfile").read_text()
    assert "certshift-acm.tar.gz" in containerfile
    requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    names = {c["name"] for c in requirements["collections"]}
    assert "amazon.aws" in names
    assert (context / "_build" / "certshift-acm.tar.gz").exists()


def test_survey_covers_every_playbook_variable():
    with open(os.path.join(REPO_ROOT, "awx", "survey_migrate.json")) as f:
        survey = json.load(f)
    variables = {q["variable"] for q in survey["spec"]}
    expected = {"acm_regions", "acm_certificate_arns", "acm_domains", "acm_dns_provider", "acm_rfc2136_server",
                "acm_rfc2136_port", "acm_rfc2136_key_name", "acm_rfc2136_key_secret", "acm_rfc2136_key_algorithm",
                "acm_nameservers", "acm_delete_old", "acm_wait_timeout", "acm_migration_strategy",
                "acm_route53_zone_ids", "acm_verify_serving", "acm_owner_tags", "acm_switch_owned_consumers"}
    assert expected <= variables
    secret = next(q for q in survey["spec"] if q["variable"] == "acm_rfc2136_key_secret")
    assert secret["type"] == "password"
    with open(os.path.join(REPO_ROOT, "awx", "job_template_migrate.json")) as f:
        template = json.load(f)
    assert template["playbook"] == "playbooks/migrate_acm.yml"
    assert os.path.exists(os.path.join(REPO_ROOT, template["playbook"]))
