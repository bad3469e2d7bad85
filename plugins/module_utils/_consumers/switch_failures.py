# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A failed switch as the swap reports it: {action, error}, never an exception."""

from __future__ import annotations

from typing import Any, Callable, Dict, Optional

try:
    import botocore.exceptions
except ImportError:  # handled by AnsibleAWSModule
    pass

from ..errors import CertshiftError, describe_client_error


def failure_of(change: Callable[[], Any], action: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """None when ``change()`` worked, else {action, error} naming what AWS or the check said."""
    try:
        change()
    except CertshiftError as e:
        return {"action": action, "error": e.msg}
    except botocore.exceptions.ClientError as e:
        return {"action": action, "error": describe_client_error(e)}
    return None
