# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a certificate is validated, from either shape ACM gives: DescribeCertificate names a
method per name (``DomainValidationOptions``), a SearchCertificates result one for the whole
certificate (``ValidationMethod``, see certificate_inventory.from_search). Pure."""

from __future__ import annotations


def validation_methods(detail):
    """Every method the certificate's names use (empty when ACM says none)."""
    methods = {o["ValidationMethod"] for o in detail.get("DomainValidationOptions") or [] if o.get("ValidationMethod")}
    if not methods and detail.get("ValidationMethod"):
        methods.add(detail["ValidationMethod"])
    return methods


def validation_method(detail):
    """EMAIL, DNS, ... or None: the certificate's method (a mixed one reports its first name's)."""
    if detail.get("ValidationMethod"):
        return detail["ValidationMethod"]
    for option in detail.get("DomainValidationOptions") or []:
        if option.get("ValidationMethod"):
            return option["ValidationMethod"]
    return None
