"""Every report filter refuses the same bad input with the same one-line error naming itself."""

from __future__ import annotations

import importlib

import pytest

FILTERS = ("audit_report", "migration_report", "rollback_report")


@pytest.mark.parametrize("name", FILTERS)
@pytest.mark.parametrize("given, kind", [({"target": "eu"}, "dict"), ([{"target": "eu"}, "eu"], "list"), (None, "NoneType")])
def test_a_report_filter_names_itself_and_what_it_was_given(name, given, kind):
    from ansible.errors import AnsibleFilterError

    report_filter = getattr(importlib.import_module(f"ansible_collections.certshift.acm.plugins.filter.{name}"), name)
    with pytest.raises(AnsibleFilterError, match=rf"^{name} expects a list of target results \(dicts\), got {kind}$"):
        report_filter(given)
