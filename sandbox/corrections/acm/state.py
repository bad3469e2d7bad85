"""What the sandbox keeps per ACM certificate (on moto's CertBundle, so moto's reset clears it),
the constants ACM's rules use, and the DNS validation record of a name in an account."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import threading

from ... import hooks

# Validity of a newly issued public certificate (aws-facts.md: "now last 198 days").
ISSUED_VALIDITY = datetime.timedelta(days=198)
# Managed renewal starts this long before expiry (aws-facts.md).
RENEWAL_WINDOW = datetime.timedelta(days=45)
# Key algorithms ACM issues for RequestCertificate (others are import-only).
REQUESTABLE_KEY_ALGORITHMS = ("RSA_2048", "EC_prime256v1", "EC_secp384r1")
EMAIL_LOCAL_PARTS = ("admin", "administrator", "hostmaster", "postmaster", "webmaster")
ISSUED_LIKE = ("ISSUED", "EXPIRED", "INACTIVE", "REVOKED")

LOCK = threading.RLock()


def now_utc():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def epoch(dt):
    return dt.replace(tzinfo=datetime.timezone.utc).timestamp() if dt else None


def norm_name(name):
    return (name or "").rstrip(".").lower()


def base_name(name):
    return name[2:] if name.startswith("*.") else name


class State:
    def __init__(self, names, method, records=None, validation_domains=None):
        self.names = list(names)  # DomainName first, then SANs in request order
        self.method = method  # "DNS" | "EMAIL" | "HTTP" (CloudFront-managed) | None (imported / private)
        self.managed_by = None  # "CLOUDFRONT" for a certificate CloudFront requested (acm_cloudfront.py)
        self.records = records or {}  # base name -> (cname name, cname value)
        self.validation_domains = validation_domains or {}  # name -> ValidationDomain
        self.validated_at = None  # first time every CNAME was seen (DNS)
        self.issued_at = None
        self.frozen = False  # status set through the control API: stop evaluating
        self.failure_reason = None
        self.renewal_status = None
        self.renewal_status_reason = None
        self.renewal_updated_at = None
        self.revoked_at = None
        # The latest validation-method update (acm_in_place.py): {"status", "from", "to",
        # "requested_at", "updated_at", "validated_at"}, or None if none was requested.
        self.update = None


def sandbox_state(cert):
    """The sandbox state of a certificate; created on first use for ones made elsewhere."""
    st = getattr(cert, "sandbox", None)
    if st is None:
        names = [cert.common_name] + [n for n in cert.sans if n != cert.common_name]
        method = "DNS" if cert.type == "AMAZON_ISSUED" else None
        st = State(names, method, records_for(account_of(cert), names) if method == "DNS" else None)
        if cert.status == "ISSUED":
            st.issued_at = cert.created_at
        cert.sandbox = st
    return st


def account_of(cert):
    return cert.arn.split(":")[4]


# Why: AWS gives one validation CNAME per account and base name (aws-facts.md: the same record
# for every certificate of that name in the account, whatever the region, key algorithm or
# export setting; a wildcard shares its apex's); moto gives every name the same label in every
# account. Records are derived from (account, base name) with a keyed hash rather than kept in
# a table: no table grows with the fleet and no lock is needed. The key is drawn again at every
# /_sandbox/reset, so records an earlier test left in a DNS server never validate a later
# test's certificates, while within one sandbox state they stay fixed as in AWS.
_record_key = [secrets.token_bytes(32)]


def _new_record_key():
    _record_key[0] = secrets.token_bytes(32)


hooks.RESET_HOOKS.append(_new_record_key)


def validation_record(account, name):
    """(name, value) of the DNS validation CNAME for ``name`` in ``account``:
    `_<32 hex>.<base name>.` -> `_<32 hex>.<10 letters>.acm-validations.aws.`."""
    base = norm_name(base_name(name))
    digest = hmac.new(_record_key[0], f"{account}/{base}".encode(), hashlib.sha512).digest()
    target = "".join(chr(ord("a") + b % 26) for b in digest[32:42])
    return f"_{digest[:16].hex()}.{base}.", f"_{digest[16:32].hex()}.{target}.acm-validations.aws."


def records_for(account, names):
    """{base name: (cname name, cname value)} for the names of a certificate in ``account``."""
    return {base_name(name): validation_record(account, name) for name in names}
