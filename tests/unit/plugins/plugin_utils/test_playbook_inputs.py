"""The playbooks' variables checked on the controller (certshift.acm.acm_inputs): table-driven."""

from __future__ import annotations

import pytest

from ansible_collections.certshift.acm.plugins.plugin_utils import playbook_inputs as pi

ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555"


@pytest.mark.parametrize("value,expected", [
    (None, None),
    ([], []),
    ("", []),
    ("\n\n", []),
    ([" ", ""], []),
    ("a\n b \n\n", ["a", "b"]),
    (["a ", None, "b"], ["a", "b"]),
])
def test_as_list(value, expected):
    assert pi.as_list(value) == expected


@pytest.mark.parametrize("given,playbook,words", [
    ({"acm_certificate_arns": " "}, "migrate", ["acm_certificate_arns is set to ' '", "names nothing"]),
    ({"acm_certificate_arns": []}, "audit", ["acm_certificate_arns is set to []"]),
    ({"acm_domains": "\n"}, "rollback", ["acm_domains is set to '\\n'"]),
    ({"acm_regions": [""]}, "migrate", ["acm_regions is set to ['']", "AWS_DEFAULT_REGION"]),
    ({"acm_regions": {"a": 1}}, "migrate", ["acm_regions is a dict"]),
    ({"acm_certificate_arns": ["cert-1"]}, "migrate", ["'cert-1' is not an ACM certificate ARN"]),
    ({"acm_regions": ["eu-west"]}, "audit", ["'eu-west' is not an AWS region name"]),
    ({"acm_nameservers": ["dns.example.com"]}, "migrate", ["nameserver 'dns.example.com' is not an IP address"]),
    ({"acm_resolve": ["x:443"]}, "audit", ["resolve entry 'x:443' is malformed"]),
    ({"acm_resolve": ["x:443:127.0.0.1"]}, "migrate", ["acm_verify_serving: true"]),
    ({"acm_migration_strategy": "twin"}, "migrate", ["acm_migration_strategy is 'twin'"]),
    ({"acm_owner_tags": ["=terraform"]}, "migrate", ["acm_owner_tags '=terraform' name no tag key"]),
    ({"acm_owner_tags": "ManagedBy=terraform\n =x"}, "audit", ["acm_owner_tags '=x' name no tag key"]),
    ({"acm_owner_tags": []}, "audit", ["acm_owner_tags"]),
    ({"acm_switch_owned_consumers": "maybe"}, "migrate", ["acm_switch_owned_consumers is 'maybe'"]),
    ({"acm_dns_provider": "godaddy"}, "migrate", ["acm_dns_provider is 'godaddy'"]),
    ({"acm_dns_provider": "rfc2136"}, "migrate", ["acm_rfc2136_server is not set"]),
    ({"acm_dns_provider": "rfc2136", "acm_rfc2136_server": "a", "acm_rfc2136_key_name": "k"}, "migrate",
     ["go together"]),
    ({"acm_dns_provider": "rfc2136", "acm_rfc2136_server": "a", "acm_rfc2136_key_name": "a..b",
      "acm_rfc2136_key_secret": "c2VjcmV0"}, "migrate", ["acm_rfc2136_key_name 'a..b' is not a valid TSIG key name"]),
    ({"acm_dns_provider": "rfc2136", "acm_rfc2136_server": "a", "acm_rfc2136_key_name": "k",
      "acm_rfc2136_key_secret": "not base64!"}, "migrate", ["acm_rfc2136_key_secret for key 'k' is not valid base64"]),
    ({"acm_wait_timeout": -1}, "migrate", ["acm_wait_timeout is -1"]),
    ({"acm_delete_old": "maybe"}, "migrate", ["acm_delete_old is 'maybe'"]),
    ({"acm_route53_zone_ids": ["example.com"]}, "migrate", ["acm_route53_zone_ids entry 'example.com'"]),
    ({"acm_rollback_pairs": [{"old": ARN}]}, "rollback", ["acm_rollback_pairs[0]"]),
    ({"acm_rollback_pairs": "x"}, "rollback", ["acm_rollback_pairs is a str"]),
    ({"acm_probe": "sometimes"}, "audit", ["acm_probe is 'sometimes'", "auto", "always", "never"]),
    ({"acm_dns_timeout": 0}, "audit", ["acm_dns_timeout is 0", "more than 0"]),
    ({"acm_dns_timeout": "soon"}, "audit", ["acm_dns_timeout is 'soon'"]),
    ({"acm_dns_retries": -1}, "audit", ["acm_dns_retries is -1", "0 or more"]),
    ({"acm_dns_retries": 1.5}, "audit", ["acm_dns_retries is 1.5", "whole number"]),
    ({"acm_dns_concurrency": 0}, "audit", ["acm_dns_concurrency is 0", "1 or more"]),
])
def test_each_problem_names_the_variable(given, playbook, words, tmp_path):
    found = pi.problems({"acm_report_dir": str(tmp_path), **given}, playbook)
    assert len(found) == 1, found
    for word in words:
        assert word in found[0], found


@pytest.mark.parametrize("given", [{"acm_probe": "always"}, {"acm_dns_timeout": "0.5"}, {"acm_dns_retries": 0},
                                   {"acm_dns_concurrency": "4"}])
def test_good_audit_settings_pass(given, tmp_path):
    assert pi.problems({"acm_report_dir": str(tmp_path), **given}, "audit") == []


def test_a_secret_is_never_quoted(tmp_path):
    secret = "c2VjcmV0IG5vdCBiYXNlNjQ=!"
    found = pi.problems({"acm_report_dir": str(tmp_path), "acm_dns_provider": "rfc2136", "acm_rfc2136_server": "a",
                         "acm_rfc2136_key_name": "k", "acm_rfc2136_key_secret": secret}, "migrate")
    assert found and all(secret not in p and secret[:-1] not in p for p in found)


def test_unset_variables_and_good_values_are_fine(tmp_path):
    assert pi.problems({"acm_report_dir": str(tmp_path)}, "migrate") == []
    assert pi.problems({"acm_report_dir": str(tmp_path), "acm_certificate_arns": f"{ARN}\n\n", "acm_domains": None,
                        "acm_regions": ["eu-west-1"], "acm_migration_strategy": "in_place"}, "migrate") == []


def test_arns_in_no_targeted_region_are_named():
    us = ARN.replace("eu-west-1", "us-east-1")
    message = pi.untargeted_arns([ARN, us], {"eu-west-1"})
    assert us in message and ARN not in message and "(region us-east-1)" in message
    assert pi.untargeted_arns([ARN], {"eu-west-1"}) is None


def test_the_report_directory_must_be_writable(tmp_path):
    (tmp_path / "file").write_text("x")
    assert pi.report_dir_problem(str(tmp_path / "new" / "deeper")) is None
    assert "is not a directory" in pi.report_dir_problem(str(tmp_path / "file"))
    assert "cannot be written" in pi.report_dir_problem(str(tmp_path / "file" / "below"))
