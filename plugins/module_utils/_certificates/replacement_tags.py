# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tag that marks a certificate as the replacement of another.

State lives in AWS: a DNS-validated replacement carries
``certshift:replaces=<old certificate ARN>`` from the moment it is requested
(tags are part of RequestCertificate), so any later run, from any machine,
finds it. acm_dns_migrate writes the tag; acm_cert_swap reads it.
"""

from __future__ import annotations

from ..errors import CertshiftError

REPLACES_TAG = "certshift:replaces"

# ACM allows 50 tags per certificate; keys starting with "aws:" are reserved.
MAX_TAGS = 50
RESERVED_PREFIX = "aws:"


def replaced_arn(tags):
    """The ARN a certificate with ``tags`` (a dict) replaces, or None."""
    return (tags or {}).get(REPLACES_TAG) or None


def replacement_tags(old_tags, old_arn):
    """The old certificate's own tags plus the replacement tag, as a dict in a stable order."""
    tags = {k: v for k, v in (old_tags or {}).items() if not k.lower().startswith(RESERVED_PREFIX) and k != REPLACES_TAG}
    tags[REPLACES_TAG] = old_arn
    if len(tags) > MAX_TAGS:
        raise CertshiftError(
            f"certificate {old_arn} has {len(tags) - 1} tags; its replacement needs them plus '{REPLACES_TAG}', "
            f"more than ACM's {MAX_TAGS}: remove a tag from the old certificate and run again",
            certificate_arn=old_arn,
        )
    return tags
