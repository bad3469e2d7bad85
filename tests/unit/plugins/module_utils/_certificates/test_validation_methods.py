"""A certificate's validation method from both shapes ACM gives (DescribeCertificate per
name, SearchCertificates for the whole certificate), used by the audit, the migration plan
and the swap's report alike."""

import pytest

from ansible_collections.certshift.acm.plugins.module_utils._certificates.certificate_inventory import from_search
from ansible_collections.certshift.acm.plugins.module_utils._replace.migration_plan import skip_reason
from ansible_collections.certshift.acm.plugins.module_utils._certificates.validation_methods import (validation_method,
                                                                                                     validation_methods)

DESCRIBED = {"DomainValidationOptions": [{"DomainName": "a.example.com", "ValidationMethod": "EMAIL"},
                                         {"DomainName": "b.example.com", "ValidationMethod": "DNS"}]}


def searched(method):
    return from_search({"CertificateArn": "arn:aws:acm:eu-west-1:123456789012:certificate/x",
                        "X509Attributes": {"Subject": {"CommonName": "a.example.com"}},
                        "CertificateMetadata": {"AcmCertificateMetadata": {
                            "Status": "ISSUED", "Type": "AMAZON_ISSUED", "ValidationMethod": method}}})


@pytest.mark.parametrize("detail, methods, method", [
    (DESCRIBED, {"EMAIL", "DNS"}, "EMAIL"),
    (searched("DNS"), {"DNS"}, "DNS"),
    (searched("EMAIL"), {"EMAIL"}, "EMAIL"),
    ({}, set(), None),
])
def test_both_shapes(detail, methods, method):
    assert validation_methods(detail) == methods
    assert validation_method(detail) == method


def test_a_dns_validated_search_result_is_not_planned_for_replacement():
    assert skip_reason(searched("DNS")).startswith("already DNS-validated")
    assert skip_reason({**searched("EMAIL"), "KeyAlgorithm": "RSA-2048"}) is None
