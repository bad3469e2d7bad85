"""CertificatePlan: the typed state of one replacement, and the result entry it becomes (the module's
RETURN shape, unchanged from the dicts it replaced)."""

from ansible_collections.certshift.acm.plugins.module_utils._replace.certificate_plan import CertificatePlan
from ansible_collections.certshift.acm.plugins.module_utils._replace.migration_result import (
    certificate_result, diff, failed_certificates, summary)

OLD = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000001"
NEW = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-4000-8000-000000000002"
REQUEST = {"DomainName": "a.example.com", "ValidationMethod": "DNS", "IdempotencyToken": "t0",
           "Tags": [{"Key": "certshift:replaces", "Value": OLD}]}


def test_replan_takes_the_new_decisions_and_keeps_what_later_steps_added():
    plan = CertificatePlan(OLD, ["a.example.com"], request=REQUEST)
    plan.error = {"step": "requesting its replacement", "message": "denied"}
    plan.records = [{"name": "_x.a.example.com."}]
    fresher = CertificatePlan(OLD, ["a.example.com", "b.example.com"], request={**REQUEST, "IdempotencyToken": "t1"},
                              other_replacements=[NEW])
    plan.replan(fresher)
    assert plan.names == ["a.example.com", "b.example.com"] and plan.request["IdempotencyToken"] == "t1"
    assert plan.other_replacements == [NEW]
    assert plan.error["message"] == "denied" and plan.records == [{"name": "_x.a.example.com."}]


def test_skip_and_hold_drop_the_request():
    skipped, held = CertificatePlan(OLD, [], request=REQUEST), CertificatePlan(OLD, [], request=REQUEST)
    skipped.skip("gone")
    held.hold("held, not replaced")
    assert (skipped.skipped, skipped.request, skipped.held) == ("gone", None, False)
    assert (held.skipped, held.request, held.held) == ("held, not replaced", None, True)
    assert certificate_result(skipped, "manual", False)["status"] == "skipped"
    assert certificate_result(held, "manual", False)["status"] == "held"


def test_defaults_are_not_shared_between_plans():
    first, second = CertificatePlan(OLD, []), CertificatePlan(OLD, [])
    first.records.append({"name": "x"})
    assert second.records == [] and first.replacement_arn is None and first.replacement_status is None


def test_result_of_a_reused_replacement_has_the_module_shape():
    record = {"name": "_x.a.example.com.", "type": "CNAME", "value": "_y.acm-validations.aws.", "ttl": 300,
              "domains": ["a.example.com"], "state": "manual", "previous": None}
    plan = CertificatePlan(OLD, ["a.example.com"], replacement={"CertificateArn": NEW, "Status": "PENDING_VALIDATION"},
                           records=[record])
    assert certificate_result(plan, "manual", check_mode=True) == {
        "old_arn": OLD, "names": ["a.example.com"], "skipped": None, "new_arn": NEW, "status": "PENDING_VALIDATION",
        "validation_records": [{k: v for k, v in record.items() if k != "previous"}],
        "actions": [{"action": "reuse_replacement", "certificate_arn": NEW, "status": "PENDING_VALIDATION"},
                    {"action": "publish_record_manually", "name": "_x.a.example.com.", "type": "CNAME",
                     "value": "_y.acm-validations.aws.", "ttl": 300}],
        "failed_replacements": [], "other_replacements": [], "ignored_replacements": []}
    assert diff([plan], True) == {"before": {OLD: {"replacement_arn": NEW, "validation_records": {record["name"]: None}}},
                                  "after": {OLD: {"replacement_arn": NEW, "validation_records": {record["name"]: None}}}}
    assert summary([plan], "manual", True)["changed"] is False


def test_a_request_that_failed_before_it_was_made_is_reported_failed():
    plan = CertificatePlan(OLD, ["a.example.com"], request=REQUEST,
                           error={"step": "requesting its replacement", "message": "denied"})
    res = certificate_result(plan, "route53", check_mode=False)
    assert (res["status"], res["error"], res["failed_step"]) == ("failed", "denied", "requesting its replacement")
    assert failed_certificates([plan, CertificatePlan(NEW, [])]) == [(OLD, "requesting its replacement", "denied")]
