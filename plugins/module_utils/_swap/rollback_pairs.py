# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a rollback can do in one region: every certificate a migration replaced, its replacement,
and whether the original can be restored (and if not, why).

Found by the replacement tag (``certshift:replaces=<original ARN>``): one ``tag:GetResources`` scan,
then the region's SearchCertificates pages (DescribeCertificate only for what they do not show). An
original that no longer exists was deleted after the migration switched its consumers: ACM cannot
bring it back, so there is no rollback for it, and the report says so rather than skipping it
silently. The classification (:func:`verdict`) is pure.
"""

from __future__ import annotations

from .._aws import tagging_api
from .._certificates import certificate_inventory
from .._certificates.replacement_lookup import REUSABLE_STATUSES, classify
from .._certificates.replacement_tags import REPLACES_TAG, replaced_arn
from ..domain_names import certificate_names, matches_any

RESTORE = "restore"
ORIGINAL_DELETED = "original_deleted"
CANNOT_RESTORE = "cannot_restore"
NOTHING_TO_UNDO = "nothing_to_undo"


def find(acm, tagging, region, arns=None, domains=None, pairs=None):
    """One entry (see :func:`verdict`) per original certificate, in a stable order.

    ``pairs`` ([{'old': original, 'new': replacement}]) are taken as given (no tag needed);
    otherwise every tagged replacement of the region, narrowed by ``arns`` (an original's or its
    replacement's ARN) and ``domains``."""
    if pairs:
        wanted = {p["old"]: [p["new"]] for p in pairs}
        for arn in (a for p in pairs for a in (p["old"], p["new"])):
            certificate_inventory.check_arns_in_region([arn], region, drop="the pair")
    else:
        wanted = _tagged_replacements(acm, tagging)
        if arns:
            certificate_inventory.check_arns_in_region(arns, region)
            selected = set(arns)
            wanted = {o: [r for r in rs if o in selected or r in selected] for o, rs in wanted.items()}
            wanted = {o: rs for o, rs in wanted.items() if rs}
    every = list(dict.fromkeys(list(wanted) + [r for rs in wanted.values() for r in rs]))
    details = _details(acm, every)
    entries = []
    for original in sorted(wanted):
        replacements = [details[r] for r in wanted[original] if r in details]
        if not replacements:
            if pairs:  # named by the user: say why nothing happens
                entries.append(_gone(original, details.get(original), wanted[original][0]))
            continue  # a tagged replacement deleted since: nothing uses it, nothing to undo
        entry = verdict(original, details.get(original), replacements, explicit=bool(pairs))
        if not domains or matches_any(domains, entry["names"]):
            entries.append(entry)
    return entries


def _details(acm, arns):
    """{ARN: detail} of those of ``arns`` that exist: from SearchCertificates pages (500 a page: names, status,
    validation method are all a verdict needs), DescribeCertificate for the rest (a deleted original, a search
    index that lags behind, or no SearchCertificates permission)."""
    if not arns:
        return {}
    searched = certificate_inventory.search(acm, None) or {}
    found = {arn: searched[arn] for arn in arns if arn in searched}
    rest = [arn for arn in arns if arn not in found]
    if rest:
        described = certificate_inventory.load(acm, arns=rest, missing_ok=True)
        found.update((d["CertificateArn"], d) for d in described)
    return found


def _tagged_replacements(acm, tagging):
    """{original ARN: [replacement ARNs]} from the tag index; where tag:GetResources is not allowed,
    from every certificate's own tags (one ListTagsForCertificate each: slower, same answer)."""
    tagged = tagging_api.acm_certificate_tags(tagging, REPLACES_TAG) if tagging is not None else None
    if tagged is None:
        tagged = {d["CertificateArn"]: d.get("Tags") or {}
                  for d in certificate_inventory.load(acm, statuses=list(REUSABLE_STATUSES),
                                                      with_tags=True)}
    found = {}
    for arn, tags in tagged.items():
        original = replaced_arn(tags)
        if original and original != arn:
            found.setdefault(original, []).append(arn)
    return found


def verdict(original_arn, original, replacements, explicit=False):
    """{'original_arn', 'replacement_arn', 'names', 'original_status', 'replacement_status', 'rollback',
    'reason'}; the reason names neither ARN (the entry does, once). ``original``: its DescribeCertificate detail, or None once deleted; ``replacements``: the
    certificates tagged as replacing it (or, ``explicit``, the one the user paired with it).

    ``rollback`` is RESTORE (its consumers can go back to the original), ORIGINAL_DELETED,
    CANNOT_RESTORE (the original exists but cannot serve: expired, revoked...) or NOTHING_TO_UNDO (no
    replacement ever became ISSUED, so no consumer was switched to one)."""
    if original is None:
        chosen = _newest_issued(replacements)
        return _entry(original_arn, None, chosen, ORIGINAL_DELETED,
                      "no rollback possible: the original was deleted after its consumers were switched to the "
                      "replacement, and ACM cannot bring a deleted certificate back; the replacement (DNS-validated, "
                      "renews by itself) keeps serving them")
    if explicit:
        chosen = replacements[0]
    else:
        chosen, failed, _others, ignored = classify(replacements, original)
        if chosen is None:
            what = "; ".join([f"{f['CertificateArn']} is {f.get('Status')}" for f in failed]
                             + [f"{i['arn']} is no replacement ({i['reason']})" for i in ignored])
            return _entry(original_arn, original, (failed or replacements)[0], NOTHING_TO_UNDO,
                          f"nothing to undo: no replacement of it was ever ISSUED ({what}), so no consumer was "
                          "switched away from it")
    if not explicit and chosen.get("Status") != "ISSUED":
        return _entry(original_arn, original, chosen, NOTHING_TO_UNDO,
                      f"nothing to undo: its replacement is still {chosen.get('Status')}, "
                      "so no consumer was switched to it (the migration finishes it on its next run)")
    if original.get("Status") != "ISSUED":
        return _entry(original_arn, original, chosen, CANNOT_RESTORE,
                      f"no rollback possible: the original is {original.get('Status')}, so switching its consumers "
                      "back would break HTTPS; the replacement keeps serving them")
    return _entry(original_arn, original, chosen, RESTORE, "")


def _gone(original_arn, original, replacement_arn):
    entry = _entry(original_arn, original, {"CertificateArn": replacement_arn, "Status": "absent"}, NOTHING_TO_UNDO,
                   "nothing to undo: the replacement no longer exists, so nothing uses it")
    if original is None:
        entry["reason"] = "nothing to roll back: neither the original nor the replacement exists in this account and region"
    return entry


def _newest_issued(replacements):
    return sorted(replacements, key=lambda r: (r.get("Status") == "ISSUED", str(r.get("CreatedAt") or "")))[-1]


def _entry(original_arn, original, replacement, rollback, reason):
    return {
        "original_arn": original_arn,
        "replacement_arn": replacement["CertificateArn"],
        "names": certificate_names(original or replacement) if (original or replacement.get("DomainName")) else [],
        "original_status": (original or {}).get("Status") or "absent",
        "replacement_status": replacement.get("Status"),
        "rollback": rollback,
        "reason": reason,
    }
