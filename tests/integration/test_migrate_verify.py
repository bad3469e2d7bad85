"""The migrate role's last check: it fails, naming each replacement, when one would not
renew by itself (not ISSUED, or not DNS-validated), and passes otherwise. One assert over
the whole list, so a fleet's worth of replacements is one task result, not one per item."""

from __future__ import annotations

import yaml


def _pair(i, status="ISSUED", method="DNS"):
    return {"old_certificate_arn": f"arn:aws:acm:eu-west-1:123456789012:certificate/old-{i}",
            "new_certificate_arn": f"arn:aws:acm:eu-west-1:123456789012:certificate/new-{i}",
            "new_certificate_state": {"status": status, "validation_method": method, "in_use": True}}


def _verify(ansible, tmp_path, pairs):
    play = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "tasks": [{
        "name": "verify", "ansible.builtin.include_role": {"name": "certshift.acm.acm_migrate", "tasks_from": "verify"},
        "vars": {"_acm_migrate_run": {"swap": {"pairs": pairs}}},
    }]}]
    path = tmp_path / "verify.yml"
    path.write_text(yaml.safe_dump(play))
    return ansible.playbook(str(path))


def test_replacements_that_renew_pass_in_one_task_result(ansible, tmp_path):
    run = _verify(ansible, tmp_path, [_pair(i) for i in range(300)] + [{"old_certificate_arn": "arn:x"}])
    assert run.rc == 0, run
    result = run.result("certshift.acm.acm_migrate : Fail when a replacement would not renew by itself")
    assert "results" not in result  # not a loop


def test_each_replacement_that_would_not_renew_is_named(ansible, tmp_path):
    pairs = [_pair(0), _pair(1, status="PENDING_VALIDATION"), _pair(2, method="EMAIL"), _pair(3)]
    run = _verify(ansible, tmp_path, pairs)
    assert run.rc != 0
    msg = run.result("certshift.acm.acm_migrate : Fail when a replacement would not renew by itself")["msg"]
    assert "new-1 of arn:aws:acm:eu-west-1:123456789012:certificate/old-1 is PENDING_VALIDATION / DNS" in msg
    assert "new-2 of arn:aws:acm:eu-west-1:123456789012:certificate/old-2 is ISSUED / EMAIL" in msg
    assert "new-0" not in msg and "new-3" not in msg
    assert msg.endswith("Check them in ACM, then run again.")
