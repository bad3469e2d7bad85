# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which way each selected certificate moves to DNS validation, and the one result of both ways.

``strategy``:
- ``auto`` (default): in place (ACM's own switch, the ARN kept, nothing else touched) wherever ACM
  accepts it; a certificate whose replacement is already under way (an earlier ``replace`` run)
  finishes that replacement; one ACM refuses to migrate in place is replaced, with ACM's reason.
- ``in_place``: never replaced; a refusal fails that certificate, the others go on.
- ``replace``: today's replacement (a DNS-validated twin, consumers switched, the old deleted),
  whatever ACM would allow.

The replacement is the caller's (``replace``: acm_migrate's pipeline or acm_dns_migrate's run),
called once with the ARNs it gets: those already under way, then those ACM refused.
"""

from __future__ import annotations

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from .._aws import tagging_api
from .._certificates import certificate_inventory, earlier_migrations
from .._certificates.replacement_lookup import classify, find_replacements
from .._certificates.replacement_tags import REPLACES_TAG
from .._in_place import in_place_result
from .._in_place.in_place_migration import InPlaceMigration
from .._in_place.in_place_plan import plan, skip_reason
from .._replace.dns_migration import SELECT_STATUSES, Migration
from ..domain_names import certificate_names, matches_any
from ..errors import CertshiftError, certificate_failures_message, from_client_error

STRATEGIES = ("auto", "in_place", "replace")
REPLACE_ONLY_OPTIONS = ("strategy",)


class StrategyRun:
    """``replace(params)`` runs the replacement for ``params`` (certificate ARNs given) and returns
    its module result; ``dns_params`` are the options the in-place part understands."""

    def __init__(self, clients, params, check_mode, replace, dns_params=None, warn=None):
        self.clients = clients
        self.params = params
        self.strategy = params.get("strategy") or "auto"
        if self.strategy not in STRATEGIES:
            raise CertshiftError(f"strategy is '{self.strategy}': use auto (in place where ACM allows, else "
                                 "replaced), in_place or replace", option="strategy")
        self.check_mode = check_mode
        self.replace = replace
        self.dns_params = dns_params if dns_params is not None else params
        self.warn = warn or (lambda msg: None)
        self.certs, self.details = [], {}
        self.under_way = {}  # {old ARN: replacement ARN} of replacements an earlier run started
        self.tagged = False  # {ARN: tags} of the replacements (tagged certshift:replaces) once scanned

    def run(self):
        if self.strategy == "replace":
            return {"earlier": [], **_tagged(self.replace(self.params), "replace")}
        m = Migration(self.clients, self.dns_params, self.check_mode, self.warn)
        self.details = {d["CertificateArn"]: d for d in self._select(m)}
        self.certs = [plan(detail) for detail in self.details.values()]
        if self.strategy == "auto":
            self.under_way = self._replacements_under_way(m)
        mine = [c for c in self.certs if c.arn not in self.under_way]
        in_place = InPlaceMigration(m, self.check_mode)
        try:
            in_place.run(mine)
        except CertshiftError as e:
            raise CertshiftError(e.msg, **{**e.details, **self._result(m, in_place, mine, None)}) from None
        except botocore.exceptions.ClientError as e:  # an AWS error of a wave: report what was done with it
            raise from_client_error(e, **self._result(m, in_place, mine, None)) from None
        replaced = self._replace(mine)
        result = self._result(m, in_place, mine, replaced)
        result["earlier"] = self._earlier(m, result["certificates"])
        problems = self._problems(mine, replaced, in_place)
        if problems:
            raise CertshiftError(" | ".join(problems), **result)
        return result

    # --- selection ------------------------------------------------------------------
    def _select(self, m):
        """The certificates to migrate: the given ARNs (described: their UpdateSummary too), or the region's
        ISSUED, ACM-issued, EMAIL-validated ones (one search), narrowed by ``domains``."""
        arns = self.params.get("certificate_arns") or []
        domains = self.params.get("domains") or None
        if arns:
            certificate_inventory.check_arns_in_region(arns, self.clients.region)
            return certificate_inventory.load(m.acm, arns=arns, domains=domains)
        found = m.select()
        if found is None:
            found = certificate_inventory.load(m.acm, statuses=SELECT_STATUSES)
        found = [d for d in found if skip_reason(d) is None]
        if domains:
            found = [d for d in found if matches_any(domains, certificate_names(d))]
        return found

    def _replacements_under_way(self, m):
        """{old ARN: replacement ARN} of the selected certificates an earlier ``replace`` run started
        replacing (a usable replacement tagged certshift:replaces): auto finishes those the same way."""
        olds = {c.arn: self.details[c.arn] for c in self.certs if not c.skipped}
        if not olds:
            return {}
        tagged = self._replacement_tags(m)
        found = find_replacements(m.acm, list(olds.values()), tagged=tagged)
        under_way = {}
        for arn, replacements in found.items():
            reusable, _failed, _others, _ignored = classify(replacements, olds[arn])
            if reusable is not None:
                under_way[arn] = reusable["CertificateArn"]
        return under_way

    def _replacement_tags(self, m):
        if self.tagged is False:
            self.tagged = tagging_api.acm_certificate_tags(m.tagging, REPLACES_TAG)
        return self.tagged

    def _earlier(self, m, entries):
        """The region's certificates an earlier run already moved (a selection by search only: given ARNs
        are each described, and one already migrated is an entry of its own)."""
        if self.params.get("certificate_arns"):
            return []
        exclude = {e.get("old_arn") for e in entries} | {e.get("new_arn") for e in entries if e.get("new_arn")}
        return earlier_migrations.find(m.acm, self._replacement_tags(m), exclude, self.params.get("domains") or None)

    # --- the replacement part -----------------------------------------------------------
    def _replace(self, mine):
        """The replacement's result for the certificates already under way and (auto) those ACM refused."""
        refused = [c.arn for c in mine if c.refused] if self.strategy == "auto" else []
        arns = list(self.under_way) + refused
        if not arns:
            return None
        replaced = _tagged(self.replace({**self.params, "certificate_arns": arns, "domains": None}), "replace")
        reasons = {c.arn: c.refused for c in mine if c.refused}
        for entry in replaced["certificates"]:
            if entry["old_arn"] in reasons:
                entry["fallback_reason"] = f"ACM refused to migrate it in place: {reasons[entry['old_arn']]}"
            elif entry["old_arn"] in self.under_way:
                entry["fallback_reason"] = (f"its replacement {self.under_way[entry['old_arn']]} was already under "
                                            "way (an earlier replace run): finished the same way")
        return replaced

    # --- the result -------------------------------------------------------------------
    def _result(self, m, in_place, mine, replaced):
        moved = {e["old_arn"] for e in (replaced or {}).get("certificates", [])}
        entries = [in_place_result.entry(c, m.provider, self.check_mode) for c in mine if c.arn not in moved]
        replaced = replaced or {"changed": False, "certificates": [], "diff": {"before": {}, "after": {}}}
        in_place_diff = in_place_result.diff([c for c in mine if c.arn not in moved], self.check_mode)
        result = {k: v for k, v in replaced.items() if k not in ("changed", "certificates", "diff")}
        result.update(
            changed=bool(replaced["changed"] or in_place_result.changed(mine, self.check_mode)),
            region=self.clients.region,
            strategy=self.strategy,
            certificates=entries + replaced["certificates"],
            diff={"before": {"in_place": in_place_diff["before"], **_replacement_diff(replaced, "before")},
                  "after": {"in_place": in_place_diff["after"], **_replacement_diff(replaced, "after")}},
        )
        if not self.check_mode:
            result["in_place_waves"] = in_place.waves
        return result

    def _problems(self, mine, replaced, in_place):
        failed = [(c.arn, c.error["step"], c.error["message"]) for c in mine if c.error]
        if self.strategy == "in_place":
            failed += [(c.arn, "migrating it in place",
                        f"ACM refused: {c.refused} (strategy auto or replace, playbook variable acm_migration_strategy, "
                        "replaces it instead)")
                       for c in mine if c.refused]
        problems = [certificate_failures_message(failed)] if failed else []
        pending = [c.arn for c in mine if not self.check_mode and in_place.wait and not c.migrated
                   and not (c.skipped or c.error or c.refused)]
        if pending:
            problems.append(f"{len(pending)} in-place migration(s) did not succeed within {in_place.m.timeout} s: "
                            f"{', '.join(pending)}. Check that their validation CNAMEs resolve publicly, then run "
                            "again: the migrations stay in progress (72 hours) and are continued, not restarted")
        return problems


def _tagged(result, strategy):
    for entry in result.get("certificates", []):
        entry.setdefault("strategy", strategy)
    return result


def _replacement_diff(result, side):
    """The replacement's diff under its own keys (acm_migrate: replacements and consumers)."""
    part = result.get("diff", {}).get(side, {})
    if "replacements" in part or "consumers" in part:
        return part
    return {"replacements": part}
