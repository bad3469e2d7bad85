"""A rerun's report says what state the certificates an earlier run moved are in (issue 19: an idempotent
rerun reported '0 certificate(s)'): one search of the region's DNS-validated certificates, replacements
named by their certshift:replaces tag."""

from __future__ import annotations

from ansible_collections.certshift.acm.plugins.module_utils._certificates import (certificate_inventory,
                                                                                  earlier_migrations)


def _detail(arn, name):
    return {"CertificateArn": arn, "DomainName": name, "SubjectAlternativeNames": [name]}


def test_dns_validated_certificates_are_named_by_how_they_got_there(monkeypatch):
    searched = []

    def search(acm, statement):
        searched.append(statement)
        return {"in-place": _detail("in-place", "b.example.com"), "twin": _detail("twin", "a.example.com"),
                "mine": _detail("mine", "c.example.com"), "other": _detail("other", "z.other.org")}

    monkeypatch.setattr(certificate_inventory, "search", search)
    tagged = {"twin": {"certshift:replaces": "gone-old"}}
    found = earlier_migrations.find(None, tagged, exclude={"mine"}, domains=["*.example.com"])
    assert [(e["old_arn"], e["arn"], e["status"]) for e in found] == [
        ("gone-old", "twin", "earlier_replaced"), ("in-place", "in-place", "earlier_in_place")]
    assert "replaced earlier" in found[0]["reason"] and found[1]["reason"].startswith("DNS-validated already")
    conditions = [f["Filter"]["AcmCertificateMetadataFilter"] for f in searched[0]["And"]]
    assert {"ValidationMethod": "DNS"} in conditions and {"Status": "ISSUED"} in conditions


def test_without_search_or_tags_nothing_is_claimed(monkeypatch):
    monkeypatch.setattr(certificate_inventory, "search", lambda acm, statement: None)
    assert earlier_migrations.find(None, None) == []
    monkeypatch.setattr(certificate_inventory, "search",
                        lambda acm, statement: {"a": _detail("a", "a.example.com")})
    assert [e["status"] for e in earlier_migrations.find(None, None)] == ["earlier_in_place"]


def test_a_replacement_of_a_certificate_this_run_handles_is_not_listed_twice(monkeypatch):
    monkeypatch.setattr(certificate_inventory, "search",
                        lambda acm, statement: {"twin": _detail("twin", "a.example.com")})
    assert earlier_migrations.find(None, {"twin": {"certshift:replaces": "old"}}, exclude={"old"}) == []
