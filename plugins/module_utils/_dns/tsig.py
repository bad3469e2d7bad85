# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TSIG keys for RFC 2136 updates: names, secrets and algorithms checked before any change,
each problem one message naming the option (never the secret)."""

from __future__ import annotations

import base64
import binascii

from ..errors import CertshiftError
from ..option_choices import TSIG_ALGORITHMS

try:
    import dns.exception
    import dns.name
    import dns.tsig
except ImportError:
    pass


def algorithm(name):
    """dnspython's name of the TSIG algorithm ``name`` (as BIND writes it)."""
    text = str(name or "hmac-sha256").strip().lower()
    if text not in TSIG_ALGORITHMS:
        raise CertshiftError(f"rfc2136_key_algorithm '{name}' is not one of {', '.join(TSIG_ALGORITHMS)}: use the "
                             "algorithm of the server's key statement")
    # hmac-md5's registered name is HMAC-MD5.SIG-ALG.REG.INT: dnspython does not know the short one.
    return dns.tsig.HMAC_MD5 if text == "hmac-md5" else dns.name.from_text(text)


def check_key_name(name):
    """The key name as a DNS name; a malformed one is one message, not dnspython's exception."""
    try:
        parsed = dns.name.from_text(str(name).strip())
    except dns.exception.DNSException as e:
        reason = (e.__doc__ or type(e).__name__).strip().rstrip(".").lower()
        raise CertshiftError(f"rfc2136_key_name '{name}' is not a valid TSIG key name ({reason}): use the name of the "
                             "server's key statement, for example acm-update or acm-update.example.com") from None
    if parsed == dns.name.root:
        raise CertshiftError("rfc2136_key_name is the root name '.': use the name of the server's key statement")
    return parsed


def check_key_secret(name, secret, algorithm_name=None):
    """The decoded secret (base64, as in the server's key statement); the algorithm is checked too."""
    algorithm(algorithm_name)
    try:
        decoded = base64.b64decode(str(secret or "").strip(), validate=True)
    except (binascii.Error, ValueError):
        decoded = b""
    if not decoded:
        raise CertshiftError(f"rfc2136_key_secret for key '{name}' is not valid base64 (as in the server's key "
                             "statement): check the secret")
    return decoded


def keyring(name, secret, algorithm_name):
    """(keyring, key name, algorithm) for dnspython's UpdateMessage."""
    key_name = check_key_name(name)
    decoded = check_key_secret(name, secret, algorithm_name)
    alg = algorithm(algorithm_name)
    return {key_name: dns.tsig.Key(key_name, decoded, alg)}, key_name, alg
