import pytest

from ansible_collections.certshift.acm.plugins.module_utils import domain_names as dn


@pytest.mark.parametrize("pattern,name,expected", [
    ("example.com", "example.com", True),
    ("Example.COM.", "example.com", True),
    ("*.example.com", "a.example.com", True),
    ("*.example.com", "example.com", False),
    ("*.example.com", "a.b.example.com", False),
    ("*.example.com", ".example.com", False),
    ("a.example.com", "*.example.com", False),
    ("*.example.com", "*.example.com", True),
])
def test_covers_by_dns_label_rules(pattern, name, expected):
    assert dn.covers(pattern, name) is expected


@pytest.mark.parametrize("cert_name,expected", [
    ("example.com", ["example.com", "www.example.com"]),
    ("*.example.com", ["example.com", "www.example.com"]),
    ("sub.example.com", ["sub.example.com", "www.sub.example.com"]),
])
def test_https_rule_names_follow_the_table(cert_name, expected):
    assert dn.https_rule_names(cert_name) == expected


def test_uncovered_lists_names_in_order():
    assert dn.uncovered(["*.example.com"], ["a.example.com", "example.com", "x.y.example.com"]) == [
        "example.com", "x.y.example.com"]


def test_certificate_names_keep_acm_order_without_duplicates():
    detail = {"DomainName": "example.com", "SubjectAlternativeNames": ["example.com", "*.example.com", "b.example.com"]}
    assert dn.certificate_names(detail) == ["example.com", "*.example.com", "b.example.com"]
