# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The AWS error answers the call layer turns into results ("gone", "not allowed here"),
so that callers never need to catch them."""

from __future__ import annotations

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

NOT_FOUND = "ResourceNotFoundException"
IN_USE = "ResourceInUseException"

# Besides every AccessDenied* code: an API the caller may not use, or one the endpoint does
# not offer (older partitions, test endpoints; some answer only an HTTP status).
UNAVAILABLE = ("UnauthorizedOperation", "InvalidAction", "UnknownOperation", "UnknownOperationException",
               "NotImplemented")
UNAVAILABLE_STATUSES = (404, 501)


def is_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the API is denied (every AccessDenied* code) or not there."""
    if not isinstance(error, botocore.exceptions.ClientError):
        return False
    code = error.response.get("Error", {}).get("Code", "")
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return code.startswith("AccessDenied") or code in UNAVAILABLE or status in UNAVAILABLE_STATUSES
