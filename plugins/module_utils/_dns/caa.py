# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""May Amazon issue for a name? CAA evaluated per RFC 8659.

The Relevant RRset is the CAA RRset of the name itself or, if it has none, of
its closest ancestor that has one (tree climbing, section 3). A wildcard name
is checked at its base domain and uses ``issuewild`` properties where any exist,
``issue`` otherwise (section 4.3). An unknown property with the critical flag
forbids issuance (section 4.1). ACM issues if any applicable property names one
of Amazon's CAA domains (aws-facts.md).
"""

from __future__ import annotations

from ..domain_names import normalize
from .dns_lookup import LookupRefused

AMAZON_CAA_DOMAINS = ("amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com")
KNOWN_TAGS = ("issue", "issuewild", "iodef", "issuemail", "contactemail", "contactphone", "issuevmc")
CRITICAL = 128


def issuer_domain(value):
    """The issuer domain of an issue/issuewild value ('' for ';' = nobody)."""
    return value.split(";", 1)[0].strip().rstrip(".").lower()


def evaluate(name, properties):
    """(allowed, reason) for issuing ``name`` given its Relevant RRset.

    ``properties``: list of (flags, tag, value); empty means no CAA anywhere above.
    """
    if not properties:
        return True, "no CAA records"
    props = [(int(f), t.lower(), v) for f, t, v in properties]
    for flags, tag, value in props:
        if flags & CRITICAL and tag not in KNOWN_TAGS:
            return False, f'critical unknown CAA property {flags} {tag} "{value}"'
    wildcard = normalize(name).startswith("*.")
    tag = "issuewild" if wildcard and any(t == "issuewild" for _flags, t, _value in props) else "issue"
    applicable = [(f, t, v) for f, t, v in props if t == tag]
    if not applicable:
        return True, f"CAA records set no '{tag}' property"
    for flags, t, value in applicable:
        if issuer_domain(value) in AMAZON_CAA_DOMAINS:
            return True, f'{flags} {t} "{value}" allows Amazon'
    shown = "; ".join(f'{f} {t} "{v}"' for f, t, v in applicable)
    return False, f"CAA allows only: {shown}"


def relevant_rrset(name, lookup):
    """(owner, properties) of the Relevant RRset for ``name`` by tree climbing.

    ``lookup(name)`` returns [(flags, tag, value)] ([] when none) or raises.
    Climbing stops below the root. (None, []) when no ancestor has CAA.
    Nameservers that answered for the name but refuse an ancestor (LookupRefused: given
    authoritative-only servers asked about the zones above theirs) end the climb there.
    """
    base = normalize(name)
    if base.startswith("*."):
        base = base[2:]
    labels = base.split(".")
    for i in range(len(labels)):
        owner = ".".join(labels[i:])
        try:
            props = lookup(owner)
        except LookupRefused:
            if i == 0:
                raise
            return None, []
        if props:
            return owner, props
    return None, []


def check(name, lookup):
    """{'name', 'allowed', 'owner', 'reason'} for one certificate name."""
    owner, props = relevant_rrset(name, lookup)
    allowed, reason = evaluate(name, props)
    return {"name": name, "allowed": allowed, "owner": owner, "reason": reason}


def dns_lookup(resolver):
    """A ``lookup`` for ``relevant_rrset`` backed by a dnspython resolver."""
    from .dns_lookup import query

    def lookup(owner):
        return [(r.flags, r.tag.decode() if isinstance(r.tag, bytes) else r.tag,
                 r.value.decode() if isinstance(r.value, bytes) else r.value)
                for r in query(resolver, owner, "CAA")]

    return lookup
