"""acm_api answers "gone" and "not allowed" itself (missing_ok, None), so callers catch nothing,
and pages SearchCertificates with botocore's paginator."""

from __future__ import annotations

import botocore.exceptions
import pytest

from ansible_collections.certshift.acm.plugins.module_utils._aws import acm_api, tagging_api

from .. import fake_aws

ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000001"


def client_error(code, status=400):
    return botocore.exceptions.ClientError(
        {"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op")


class Acm:
    def __init__(self, error=None, results=(), page=2):
        self.error, self.results, self.page, self.calls = error, list(results), page, []

    def _answer(self, name, kwargs):
        self.calls.append((name, kwargs))
        if self.error is not None:
            raise self.error

    def describe_certificate(self, **kwargs):
        self._answer("DescribeCertificate", kwargs)
        return {"Certificate": {"CertificateArn": kwargs["CertificateArn"]}}

    def delete_certificate(self, **kwargs):
        self._answer("DeleteCertificate", kwargs)

    def update_certificate_options(self, **kwargs):
        self._answer("UpdateCertificateOptions", kwargs)

    def search_certificates(self, **kwargs):
        self._answer("SearchCertificates", kwargs)
        start = int(kwargs.get("NextToken") or 0)
        out = {"Results": self.results[start:start + self.page]}
        if start + self.page < len(self.results):
            out["NextToken"] = str(start + self.page)
        return out


def test_a_missing_certificate_is_none_only_where_the_caller_allows_it():
    gone = fake_aws.client(Acm(client_error("ResourceNotFoundException")))
    assert acm_api.describe_certificate(gone, ARN, missing_ok=True) is None
    assert acm_api.update_validation_method(gone, ARN, missing_ok=True) is False
    with pytest.raises(botocore.exceptions.ClientError, match="ResourceNotFoundException"):
        acm_api.describe_certificate(gone, ARN)
    with pytest.raises(botocore.exceptions.ClientError, match="ResourceNotFoundException"):
        acm_api.update_validation_method(gone, ARN)
    assert acm_api.describe_certificate(fake_aws.client(Acm()), ARN, missing_ok=True) == {"CertificateArn": ARN}
    assert acm_api.update_validation_method(fake_aws.client(Acm()), ARN, missing_ok=True) is True


def test_other_errors_are_never_taken_for_a_missing_certificate():
    denied = fake_aws.client(Acm(client_error("AccessDeniedException")))
    with pytest.raises(botocore.exceptions.ClientError, match="AccessDeniedException"):
        acm_api.describe_certificate(denied, ARN, missing_ok=True)
    with pytest.raises(botocore.exceptions.ClientError, match="AccessDeniedException"):
        acm_api.delete_certificate(denied, ARN)


@pytest.mark.parametrize("error, outcome", [(None, "deleted"), (client_error("ResourceNotFoundException"), "absent"),
                                            (client_error("ResourceInUseException"), "in_use")])
def test_delete_says_what_happened(error, outcome):
    assert acm_api.delete_certificate(fake_aws.client(Acm(error)), ARN) == outcome


def test_search_follows_next_token_and_stops_when_the_caller_does():
    acm = Acm(results=[{"CertificateArn": str(i)} for i in range(5)])
    found = acm_api.search_certificates(fake_aws.client(acm), {"Filter": {}})
    assert [r["CertificateArn"] for r in found] == ["0", "1", "2", "3", "4"]
    assert [c[1].get("NextToken") for c in acm.calls] == [None, "2", "4"]
    assert all(c[1]["MaxResults"] == acm_api.SEARCH_PAGE and c[1]["FilterStatement"] == {"Filter": {}}
               for c in acm.calls)
    acm.calls.clear()
    first = next(acm_api.search_pages(fake_aws.client(acm), sort_by="CREATED_AT"))
    assert [r["CertificateArn"] for r in first] == ["0", "1"] and len(acm.calls) == 1
    assert acm.calls[0][1]["SortOrder"] == "DESCENDING"


@pytest.mark.parametrize("error", [client_error("AccessDeniedException"), client_error("AccessDenied"),
                                   client_error("UnknownOperationException"), client_error("Whatever", status=404),
                                   client_error("NotImplemented", status=501)])
def test_a_search_not_allowed_or_not_there_is_none(error):
    assert acm_api.search_certificates(fake_aws.client(Acm(error)), None) is None
    assert acm_api.search_pages(fake_aws.client(Acm(error))) is None


def test_a_search_failing_otherwise_raises():
    with pytest.raises(botocore.exceptions.ClientError, match="ThrottlingException"):
        acm_api.search_certificates(fake_aws.client(Acm(client_error("ThrottlingException"))), None)


def test_the_tag_scan_is_none_where_not_allowed_or_not_there():
    class Tagging:
        def __init__(self, error):
            self.error = error

        def get_resources(self, **_kwargs):
            raise self.error

    for code in ("AccessDeniedException", "UnauthorizedOperation", "UnknownOperationException"):
        tagging = fake_aws.client(Tagging(client_error(code)), "resourcegroupstaggingapi")
        assert tagging_api.acm_certificate_tags(tagging) is None
    with pytest.raises(botocore.exceptions.ClientError, match="ThrottlingException"):
        tagging_api.acm_certificate_tags(fake_aws.client(Tagging(client_error("ThrottlingException")),
                                                         "resourcegroupstaggingapi"))
