# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One error type, raised deep and turned into a single fail_json at the top."""

from __future__ import annotations

import contextlib

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule's own botocore check
    pass


class CertshiftError(Exception):
    """A failure the user can act on: ``msg`` says what is wrong and what to do.

    ``details`` are extra result keys (for example the offending ARN) returned
    with the failure so a playbook can branch on them.
    """

    def __init__(self, msg, **details):
        super().__init__(msg)
        self.msg = msg
        self.details = details


# AWS error codes whose generic text does not tell a user what to do next.
_HINTS = {
    "AccessDenied": "grant the action shown to the role or user running the job (see policies/ in the repository)",
    "AccessDeniedException": "grant the action shown to the role or user running the job (see policies/ in the repository)",
    "UnrecognizedClientException": "check the AWS credentials (profile, access key or assumed role)",
    "InvalidClientTokenId": "check the AWS credentials (profile, access key or assumed role)",
    "ExpiredToken": "refresh the AWS session credentials",
    "ExpiredTokenException": "refresh the AWS session credentials",
    "ThrottlingException": "the call was throttled even after retries; lower the concurrency or try again later",
}


def describe_client_error(error, operation=None):
    """A one-line message for a botocore ClientError, with a hint where one helps."""
    err = error.response.get("Error", {})
    code = err.get("Code", "Unknown")
    message = err.get("Message", str(error))
    operation = operation or getattr(error, "operation_name", None) or "AWS call"
    text = f"{operation} failed: {code}: {message}"
    hint = _HINTS.get(code)
    return f"{text} ({hint})" if hint else text


def from_client_error(error, **details):
    """The CertshiftError (one-line message, AWS error, ``details``) for a botocore ClientError;
    None for anything else."""
    if not isinstance(error, botocore.exceptions.ClientError):
        return None
    return CertshiftError(describe_client_error(error), error=error.response.get("Error", {}), **details)


def error_code(error):
    return error.response.get("Error", {}).get("Code", "")


@contextlib.contextmanager
def certificate_failure(plan, step):
    """Record an AWS or certshift failure of one certificate's ``step`` as the ``error`` of ``plan`` (a dict
    or an object) and go on: one certificate's denied or failed call must not stop the others (nor lose
    what they did)."""
    try:
        yield
    except CertshiftError as e:
        _set_error(plan, {"step": step, "message": e.msg})
    except botocore.exceptions.ClientError as e:
        _set_error(plan, {"step": step, "message": describe_client_error(e)})


def _set_error(plan, error):
    if isinstance(plan, dict):
        plan["error"] = error
    else:
        plan.error = error


def certificate_failures_message(failed):
    """One message for [(certificate ARN, step, message)], grouped by cause, naming each certificate."""
    by_cause = {}
    for arn, step, message in failed:
        by_cause.setdefault((step, message), []).append(arn)
    causes = "; ".join(f"{step}: {message} ({', '.join(arns)})" for (step, message), arns in by_cause.items())
    return (f"{len(failed)} certificate(s) could not be migrated: {causes}. The others went on; fix the cause and "
            "run again (what was done is kept and found again)")


@contextlib.contextmanager
def fail_on_error(module):
    """Turn any CertshiftError or AWS SDK error into one fail_json, never a traceback."""
    try:
        yield
    except CertshiftError as e:
        module.fail_json(msg=e.msg, **e.details)
    except botocore.exceptions.ClientError as e:
        module.fail_json(msg=describe_client_error(e), error=e.response.get("Error", {}))
    except botocore.exceptions.NoCredentialsError:
        module.fail_json(
            msg="No AWS credentials were found: set a profile (AWS_PROFILE or the 'profile' option), "
            "access keys, or run where an instance/task role is available"
        )
    except botocore.exceptions.NoRegionError:
        module.fail_json(msg="No AWS region was given: set the 'region' option or AWS_DEFAULT_REGION")
    except botocore.exceptions.EndpointConnectionError as e:
        module.fail_json(msg=f"Cannot reach the AWS endpoint ({e}): check 'endpoint_url'/AWS_ENDPOINT_URL and the network")
    except botocore.exceptions.BotoCoreError as e:
        module.fail_json(msg=f"AWS SDK error: {e}")
