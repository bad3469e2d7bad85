# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""DNS name rules shared by every module: wildcard coverage by label, and the
names the historical HTTPS renewal rule needed. Pure functions."""

from __future__ import annotations

import fnmatch


def normalize(name):
    return name.strip().rstrip(".").lower()


def covers(pattern, name):
    """True if certificate name ``pattern`` covers host ``name``.

    A wildcard covers exactly one label in the left-most position
    (RFC 6125 6.4.3): ``*.example.com`` covers ``a.example.com`` but not
    ``example.com`` or ``a.b.example.com``.
    """
    pattern, name = normalize(pattern), normalize(name)
    if pattern == name:
        return True
    if pattern.startswith("*."):
        labels = name.split(".", 1)
        return len(labels) == 2 and labels[0] != "" and labels[1] == pattern[2:]
    return False


def covered_by(cert_names, name):
    return any(covers(pattern, name) for pattern in cert_names)


def uncovered(cert_names, required_names):
    """Names in ``required_names`` that no name of the certificate covers, in order."""
    return [name for name in required_names if not covered_by(cert_names, name)]


def https_rule_names(cert_name):
    """Names that had to serve the certificate over HTTPS for ``cert_name`` under
    ACM's historical email-renewal rule (aws-facts.md table)."""
    name = normalize(cert_name)
    # A wildcard or a www name stands for its base, as ACM's email validation does
    # (*.example.com and www.example.com both need example.com and www.example.com).
    base = name[2:] if name.startswith("*.") else name
    if base.startswith("www.") and base.count(".") >= 2:
        base = base[4:]
    return [base, f"www.{base}"]


def matches_any(patterns, names):
    """True if any name matches any shell-style pattern (``*.example.com``, ``api.*``)."""
    names = [normalize(n) for n in names]
    for pattern in patterns:
        p = normalize(pattern)
        if any(fnmatch.fnmatchcase(n, p) or n == p for n in names):
            return True
    return False


def certificate_names(detail):
    """DomainName first, then the other SANs in ACM's order, without duplicates."""
    names = [detail["DomainName"]]
    for san in detail.get("SubjectAlternativeNames") or []:
        if san not in names:
            names.append(san)
    return names
