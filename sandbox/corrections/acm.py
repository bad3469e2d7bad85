"""Corrections for moto's ACM (aws-facts.md, 'moto 5.2.x, measured against the above').

What AWS does and moto 5.2.5 does not:
- RequestCertificate honours ValidationMethod (EMAIL -> ValidationEmails, no ResourceRecord),
  KeyAlgorithm, Options, Tags and IdempotencyToken (same token and names within an hour
  return the same ARN).
- DNS validation: one CNAME per account and base name, the same for every certificate of that
  name in the account, whatever the region, key algorithm or export setting; `*.example.com`
  uses `example.com`'s (see `validation_record`).
- A request is ISSUED only once validated: EMAIL after `acm_issue_delay_seconds` (as if a
  contact approved), DNS once every CNAME is in a public sandbox Route53 zone or answered by
  a server in `acm_dns_servers`, plus `acm_issue_delay_seconds`. Unvalidated requests end
  as VALIDATION_TIMED_OUT after `acm_validation_timeout_seconds`. Evaluated lazily, whenever
  the certificate is read. A pending certificate has no serial, validity or IssuedAt.
- ListCertificates pages (MaxItems/NextToken), lists RSA_2048 only unless Includes.keyTypes
  names others, and returns summaries shaped like botocore's CertificateSummary.
- SearchCertificates and RenewCertificate exist; UpdateCertificateOptions and
  ListCertificateDomainValidations, with the in-place EMAIL -> DNS migration, are in
  acm_in_place.py (applied after this module; `_State.update` holds a migration's state and
  DescribeCertificate shows it as UpdateSummary).
- RenewalSummary for AMAZON_ISSUED certificates once managed renewal has started (45 days
  before expiry) or when set through the control API.
- HTTP validation (HttpRedirect per name, ManagedBy CLOUDFRONT) for the certificates CloudFront
  requests, which acm_cloudfront.py seeds: RequestCertificate refuses HTTP, as ACM does.

Control API: POST /_sandbox/acm/certificate changes one certificate (dates, status,
renewal status; acm_in_place.py adds the migration state); GET /_sandbox/acm/certificates
lists every certificate in every account and region with its key facts.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import secrets
import threading

import cryptography.x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from moto.acm import models as acm_models
from moto.acm import responses as acm_responses
from moto.acm.exceptions import AWSError, AWSValidationException
from moto.core.responses import ActionResult, EmptyResult

from .. import control, server, settings

settings.register("acm_validation_timeout_seconds", 72 * 3600.0)

# Validity of a newly issued public certificate (aws-facts.md: "now last 198 days").
ISSUED_VALIDITY = datetime.timedelta(days=198)
# Managed renewal starts this long before expiry (aws-facts.md).
RENEWAL_WINDOW = datetime.timedelta(days=45)
# Key algorithms ACM issues for RequestCertificate (others are import-only).
REQUESTABLE_KEY_ALGORITHMS = ("RSA_2048", "EC_prime256v1", "EC_secp384r1")
EMAIL_LOCAL_PARTS = ("admin", "administrator", "hostmaster", "postmaster", "webmaster")
ISSUED_LIKE = ("ISSUED", "EXPIRED", "INACTIVE", "REVOKED")

_lock = threading.RLock()


class InvalidParameterException(AWSError):
    TYPE = "InvalidParameterException"


class InvalidStateException(AWSError):
    TYPE = "InvalidStateException"


class InvalidArgsException(AWSError):
    TYPE = "InvalidArgsException"


def _now():
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


def _epoch(dt):
    return dt.replace(tzinfo=datetime.timezone.utc).timestamp() if dt else None


def _norm(name):
    return (name or "").rstrip(".").lower()


def _base(name):
    return name[2:] if name.startswith("*.") else name


# --------------------------------------------------------------------------------------
# Sandbox state per certificate (kept on moto's CertBundle, so moto's reset clears it)
# --------------------------------------------------------------------------------------
class _State:
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


def _state(cert):
    """The sandbox state of a certificate; created on first use for ones made elsewhere."""
    st = getattr(cert, "sandbox", None)
    if st is None:
        names = [cert.common_name] + [n for n in cert.sans if n != cert.common_name]
        method = "DNS" if cert.type == "AMAZON_ISSUED" else None
        st = _State(names, method, records_for(_account(cert), names) if method == "DNS" else None)
        if cert.status == "ISSUED":
            st.issued_at = cert.created_at
        cert.sandbox = st
    return st


def _account(cert):
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


server.RESET_HOOKS.append(_new_record_key)


def validation_record(account, name):
    """(name, value) of the DNS validation CNAME for ``name`` in ``account``:
    `_<32 hex>.<base name>.` -> `_<32 hex>.<10 letters>.acm-validations.aws.`."""
    base = _norm(_base(name))
    digest = hmac.new(_record_key[0], f"{account}/{base}".encode(), hashlib.sha512).digest()
    target = "".join(chr(ord("a") + b % 26) for b in digest[32:42])
    return f"_{digest[:16].hex()}.{base}.", f"_{digest[16:32].hex()}.{target}.acm-validations.aws."


def records_for(account, names):
    """{base name: (cname name, cname value)} for the names of a certificate in ``account``."""
    return {_base(name): validation_record(account, name) for name in names}


# --------------------------------------------------------------------------------------
# Certificates: keys and X.509
# --------------------------------------------------------------------------------------
settings.register("acm_key_pool", 0)
_key_pools = {}


def _generate_key(algorithm):
    # Benchmarks: AWS makes a requested certificate's key on its own machines, off the
    # caller's clock; generating RSA keys here would put seconds of sandbox CPU per request
    # on it. With acm_key_pool = N, requests reuse N keys per algorithm (0: a fresh key each).
    pool_size = int(settings.get("acm_key_pool") or 0)
    if pool_size > 0:
        with _lock:
            pool = _key_pools.setdefault(algorithm, [])
            if len(pool) < pool_size:
                key = _fresh_key(algorithm)
                pool.append(key)
                _pooled_pems[_key_pem(key)] = key
                return key
            # Only the first N: a pool grown under a larger setting keeps its keys for later.
            return pool[secrets.randbelow(pool_size)]
    return _fresh_key(algorithm)


_pooled_pems = {}


def _validate_pk(original):
    def validate_pk(self):
        # A pooled key was checked when it was made (cryptography's RSA check takes ~0.1 s).
        key = _pooled_pems.get(self.key)
        return key if key is not None else original(self)
    validate_pk.certshift_pooled = True
    return validate_pk


def _fresh_key(algorithm):
    if algorithm.startswith("RSA_"):
        return rsa.generate_private_key(public_exponent=65537, key_size=int(algorithm[4:]))
    curve = {"EC_prime256v1": ec.SECP256R1(), "EC_secp384r1": ec.SECP384R1(), "EC_secp521r1": ec.SECP521R1()}[algorithm]
    return ec.generate_private_key(curve)


def _build_x509(names, key, not_before, not_after):
    """An Amazon-issued-looking certificate for names, self-signed by key (as moto does)."""
    issuer = cryptography.x509.Name([
        cryptography.x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
        cryptography.x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Amazon"),
        cryptography.x509.NameAttribute(NameOID.COMMON_NAME, "Amazon RSA 2048 M02"),
    ])
    subject = cryptography.x509.Name([cryptography.x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    is_rsa = isinstance(key, rsa.RSAPrivateKey)
    builder = (
        cryptography.x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(cryptography.x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(cryptography.x509.SubjectAlternativeName([cryptography.x509.DNSName(n) for n in names]), critical=False)
        .add_extension(cryptography.x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=is_rsa, data_encipherment=False,
            key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(cryptography.x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
    )
    cert = builder.sign(key, hashes.SHA256())
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())


def _reissue(cert, not_before, not_after):
    """Re-sign the certificate with the same key and names and new validity dates, so
    GetCertificate, DescribeCertificate and the PEM agree."""
    names = _state(cert).names
    pem = _build_x509(names, cert._key, not_before, not_after)
    cert.cert = pem
    cert._cert = cryptography.x509.load_pem_x509_certificate(pem)


def _not_after(cert):
    return cert._not_valid_after(cert._cert)


def _not_before(cert):
    return cert._not_valid_before(cert._cert)


# --------------------------------------------------------------------------------------
# 1. RequestCertificate honours ValidationMethod, KeyAlgorithm, Options, Tags, token
# --------------------------------------------------------------------------------------
def request_certificate(self, domain_name, idempotency_token, subject_alt_names, tags,
                        cert_authority_arn=None, cert_options=None, validation_method=None,
                        key_algorithm=None, domain_validation_options=None):
    # Why: moto ignores ValidationMethod and KeyAlgorithm and keys idempotency on tags.
    names = [domain_name] + [n for n in dict.fromkeys(subject_alt_names or []) if n != domain_name]
    key_algorithm = key_algorithm or "RSA_2048"
    if key_algorithm not in REQUESTABLE_KEY_ALGORITHMS:
        raise InvalidParameterException(
            f"KeyAlgorithm {key_algorithm} is not supported for requested certificates; "
            f"use one of {', '.join(REQUESTABLE_KEY_ALGORITHMS)}")
    if cert_authority_arn is None:
        # AWS's default for a public certificate request without ValidationMethod is EMAIL.
        method = validation_method or "EMAIL"
        if method not in ("DNS", "EMAIL"):
            raise InvalidParameterException(f"ValidationMethod {method} is only available for certificates managed by CloudFront")
    else:
        method = None
    with _lock:
        if idempotency_token is not None:
            previous = self._idempotency_tokens.get(idempotency_token)
            if previous and previous["expires"] >= _now() and previous.get("names") == names \
                    and previous["arn"] in self._certificates:
                return previous["arn"]

        now = _now()
        key = _generate_key(key_algorithm)
        pem = _build_x509(names, key, now, now + ISSUED_VALIDITY)
        cert = acm_models.CertBundle(
            self.account_id, pem, _key_pem(key), region=self.region_name,
            cert_type="PRIVATE" if cert_authority_arn else "AMAZON_ISSUED",
            cert_status="ISSUED" if cert_authority_arn else "PENDING_VALIDATION",
            cert_authority_arn=cert_authority_arn,
        )
        validation_domains = {n: n for n in names}
        for option in domain_validation_options or []:
            if option.get("DomainName") in validation_domains:
                validation_domains[option["DomainName"]] = option["ValidationDomain"]
        st = _State(names, method, records_for(self.account_id, names) if method == "DNS" else None,
                    validation_domains)
        if cert_authority_arn:
            st.issued_at = now
        cert.sandbox = st
        cert.cert_options = {"CertificateTransparencyLoggingPreference": "ENABLED", "Export": "DISABLED"}
        cert.cert_options.update({k: v for k, v in (cert_options or {}).items() if k in cert.cert_options})
        if tags:
            cert.tags.add(tags)
        self._certificates[cert.arn] = cert
        if idempotency_token is not None:
            self._idempotency_tokens[idempotency_token] = {
                "arn": cert.arn, "names": names, "expires": now + datetime.timedelta(hours=1)}
        return cert.arn


def response_request_certificate(self):
    # Why: moto's handler drops ValidationMethod, KeyAlgorithm and DomainValidationOptions.
    sans = self._get_param("SubjectAlternativeNames")
    if sans is not None and len(sans) > 10:
        raise AWSError("An ACM limit has been exceeded. Need to request SAN limit to be raised",
                       exception_type="LimitExceededException")
    arn = self.acm_backend.request_certificate(
        self._get_param("DomainName"), self._get_param("IdempotencyToken"), sans,
        self._get_param("Tags"), self._get_param("CertificateAuthorityArn"), self._get_param("Options"),
        validation_method=self._get_param("ValidationMethod"),
        key_algorithm=self._get_param("KeyAlgorithm"),
        domain_validation_options=self._get_param("DomainValidationOptions"),
    )
    return ActionResult(result={"CertificateArn": arn})


# --------------------------------------------------------------------------------------
# 2./3. Validation and lazy status: issued only once validated, else timed out
# --------------------------------------------------------------------------------------
def _in_route53(account_id, region, name, value):
    """Is there a CNAME name -> value in a public sandbox Route53 zone of the account?"""
    from moto.utilities.utils import get_partition

    key = ("route53 cnames", account_id, get_partition(region))
    cache = server.request_cache()
    if cache is None:  # outside an AWS request (a control route): no cache to keep fresh
        cnames = _public_cnames(*key[1:])
    else:
        cnames = cache.get(key)
        if cnames is None:
            cnames = cache[key] = _public_cnames(*key[1:])
    return _norm(value) in cnames.get(_norm(name), ())


def _public_cnames(account_id, partition):
    """{name: {values}} of the CNAMEs in the account's public zones (each within its zone).
    Read once per AWS request: a SearchCertificates checks every pending certificate, and
    walking the zones for each of their records was a tenth of the sandbox's CPU at 10 x 100."""
    from moto.route53.models import route53_backends

    try:
        backend = route53_backends[account_id][partition]
    except KeyError:
        return {}
    cnames = {}
    for zone in list(backend.zones.values()):
        if zone.private_zone:
            continue
        zone_name = _norm(zone.name)
        for rrset in list(zone.rrsets):
            name = _norm(rrset.name)
            if rrset.type == "CNAME" and (name == zone_name or name.endswith("." + zone_name)):
                cnames.setdefault(name, set()).update(_norm(v) for v in rrset.records or [])
    return cnames


def _in_dns_servers(name, value):
    """Does one of the configured DNS servers answer the CNAME name -> value?"""
    servers = settings.get("acm_dns_servers")
    if not servers:
        return False
    import dns.exception
    import dns.message
    import dns.query
    import dns.rdatatype

    for server in servers:
        host, _, port = str(server).rpartition(":") if ":" in str(server) else (str(server), "", "53")
        try:
            answer = dns.query.udp(dns.message.make_query(name, dns.rdatatype.CNAME), host, port=int(port), timeout=1.0)
        except (dns.exception.DNSException, OSError, ValueError):
            continue
        for rrset in answer.answer:
            if rrset.rdtype == dns.rdatatype.CNAME and _norm(rrset.name.to_text()) == _norm(name):
                if any(_norm(r.target.to_text()) == _norm(value) for r in rrset):
                    return True
    return False


def _cname_published(cert, name, value):
    region = cert.arn.split(":")[3]
    account = cert.arn.split(":")[4]
    return _in_route53(account, region, name, value) or _in_dns_servers(name, value)


def _records_published(cert):
    return all(_cname_published(cert, n, v) for n, v in _state(cert).records.values())


def _issue(cert, now):
    st = _state(cert)
    _reissue(cert, now, now + ISSUED_VALIDITY)
    cert.status = "ISSUED"
    st.issued_at = now


def check(self):
    # Why: moto issues every request after MOTO_ACM_VALIDATION_WAIT whether or not it was
    # validated; AWS issues only validated requests and times the rest out.
    st = _state(self)
    timeout = float(settings.get("acm_validation_timeout_seconds"))
    delay = float(settings.get("acm_issue_delay_seconds") or 0)
    # DNS look-ups happen outside the lock: a slow DNS server must not stall every reader.
    published = (st.method == "DNS" and not st.frozen and self.status == "PENDING_VALIDATION"
                 and st.validated_at is None and (_now() - self.created_at).total_seconds() <= timeout
                 and _records_published(self))
    with _lock:
        now = _now()
        if self.status == "ISSUED" and _not_after(self) <= now:
            self.status = "EXPIRED"
            return
        if st.frozen or self.type != "AMAZON_ISSUED" or self.status != "PENDING_VALIDATION":
            return
        waited = (now - self.created_at).total_seconds()
        if st.method == "EMAIL":
            validated_at = self.created_at  # as if a contact approved the mail at once
        else:
            if st.validated_at is None and published:
                st.validated_at = now
            validated_at = st.validated_at
        if validated_at is not None and (now - validated_at).total_seconds() >= delay:
            _issue(self, now)
        elif waited > timeout:
            self.status = "VALIDATION_TIMED_OUT"


# --------------------------------------------------------------------------------------
# DescribeCertificate shaped like AWS
# --------------------------------------------------------------------------------------
_EKU_NAMES = {
    "1.3.6.1.5.5.7.3.1": "TLS_WEB_SERVER_AUTHENTICATION", "1.3.6.1.5.5.7.3.2": "TLS_WEB_CLIENT_AUTHENTICATION",
    "1.3.6.1.5.5.7.3.3": "CODE_SIGNING", "1.3.6.1.5.5.7.3.4": "EMAIL_PROTECTION",
    "1.3.6.1.5.5.7.3.5": "IPSEC_END_SYSTEM", "1.3.6.1.5.5.7.3.6": "IPSEC_TUNNEL", "1.3.6.1.5.5.7.3.7": "IPSEC_USER",
    "1.3.6.1.5.5.7.3.8": "TIME_STAMPING", "1.3.6.1.5.5.7.3.9": "OCSP_SIGNING", "2.5.29.37.0": "ANY",
}
_KU_NAMES = (("digital_signature", "DIGITAL_SIGNATURE"), ("content_commitment", "NON_REPUDIATION"),
             ("key_encipherment", "KEY_ENCIPHERMENT"), ("data_encipherment", "DATA_ENCIPHERMENT"),
             ("key_agreement", "KEY_AGREEMENT"), ("key_cert_sign", "CERTIFICATE_SIGNING"), ("crl_sign", "CRL_SIGNING"))


def _usages(cert):
    """(KeyUsages, ExtendedKeyUsages) read from the X.509 certificate."""
    x509 = cert._cert
    try:
        ku = x509.extensions.get_extension_for_class(cryptography.x509.KeyUsage).value
        key_usages = [{"Name": name} for attr, name in _KU_NAMES if getattr(ku, attr)]
    except cryptography.x509.ExtensionNotFound:
        key_usages = []
    try:
        eku = x509.extensions.get_extension_for_class(cryptography.x509.ExtendedKeyUsage).value
        ext = [{"Name": _EKU_NAMES.get(o.dotted_string, "CUSTOM"), "OID": o.dotted_string} for o in eku]
    except cryptography.x509.ExtensionNotFound:
        ext = []
    return key_usages, ext


def _validation_options(cert, for_renewal=False):
    st = _state(cert)
    if cert.status == "ISSUED" and not for_renewal:
        status = "SUCCESS"
    elif cert.status in ("VALIDATION_TIMED_OUT", "FAILED"):
        status = "FAILED"
    elif cert.status == "PENDING_VALIDATION" or for_renewal:
        status = "PENDING_VALIDATION"
    else:
        status = "SUCCESS"
    options = []
    for name in st.names:
        option = {"DomainName": name, "ValidationStatus": status, "ValidationMethod": st.method}
        if st.method == "EMAIL":
            domain = _base(st.validation_domains.get(name, name))
            option["ValidationDomain"] = domain
            option["ValidationEmails"] = [f"{local}@{domain}" for local in EMAIL_LOCAL_PARTS]
        elif st.method == "HTTP":
            option["ValidationDomain"] = name
            option["HttpRedirect"] = http_redirect(cert, name)
        else:
            option["ValidationDomain"] = name
            rr_name, rr_value = st.records[_base(name)]
            option["ResourceRecord"] = {"Name": rr_name, "Type": "CNAME", "Value": rr_value}
        options.append(option)
    return options


def http_redirect(cert, name):
    """The HttpRedirect of an HTTP-validated name: the URL the CA fetches and where it must lead
    (the token is derived from the certificate and name, so it is stable)."""
    token = hashlib.sha256(f"{cert.arn} {name}".encode()).hexdigest()[:32]
    path = f"/.well-known/pki-validation/{token}.txt"
    return {"RedirectFrom": f"http://{_base(name)}{path}",
            "RedirectTo": f"https://validation.{cert.arn.split(':')[3]}.acm-validations.aws/{_account(cert)}{path}"}


def _on_distribution(cert):
    """An HTTP-validated certificate renews while a CloudFront distribution serves its redirect."""
    return any(":distribution/" in str(user) for user in cert.in_use_by)


def _renewal_summary(cert):
    """RenewalSummary: set through the control API, or computed once managed renewal has
    started (45 days before expiry) for an issued AMAZON_ISSUED certificate."""
    st = _state(cert)
    if cert.type != "AMAZON_ISSUED":
        return None
    status, reason = st.renewal_status, st.renewal_status_reason
    if status is None:
        # ACM renews only eligible certificates (in use or exported), from 45 days before expiry.
        if _renewal_eligibility(cert) != "ELIGIBLE" or _not_after(cert) - _now() > RENEWAL_WINDOW:
            return None
        if (st.method == "DNS" and _records_published(cert)) or (st.method == "HTTP" and _on_distribution(cert)):
            status = "PENDING_AUTO_RENEWAL"
        else:
            status = "PENDING_VALIDATION"  # email contacts must approve / CNAME missing
    summary = {"RenewalStatus": status, "DomainValidationOptions": _validation_options(cert, for_renewal=status != "SUCCESS"),
               "UpdatedAt": _epoch(st.renewal_updated_at or _not_after(cert) - RENEWAL_WINDOW)}
    if reason:
        summary["RenewalStatusReason"] = reason
    return summary


def _update_summary(update):
    """UpdateSummary of a validation-method update (acm_in_place.py keeps it current)."""
    return {"Status": update["status"], "Type": "DOMAIN_VALIDATION_METHOD",
            "DomainValidationMethodUpdateSummary": {"From": update["from"], "To": update["to"]},
            "RequestedAt": _epoch(update["requested_at"]), "UpdatedAt": _epoch(update["updated_at"])}


def describe(self):
    # Why: moto reports DNS validation with one constant CNAME for every certificate, and
    # serial/validity/IssuedAt even while pending.
    st = _state(self)
    key_usages, ext_key_usages = _usages(self)
    issued = self.status in ISSUED_LIKE
    cert = {
        "CertificateArn": self.arn,
        "DomainName": st.names[0] if st.names else self.common_name,
        "SubjectAlternativeNames": list(st.names),
        "Subject": f"CN={st.names[0] if st.names else self.common_name}",
        "Issuer": "Amazon" if self.type == "AMAZON_ISSUED" else self.issuer_common_name,
        "Status": self.status,
        "Type": self.type,
        "KeyAlgorithm": _key_algorithm(self),
        "SignatureAlgorithm": self._cert.signature_algorithm_oid._name.upper().replace("ENCRYPTION", ""),
        "InUseBy": list(self.in_use_by),
        "KeyUsages": key_usages if issued or self.type != "AMAZON_ISSUED" else [],
        "ExtendedKeyUsages": ext_key_usages if issued or self.type != "AMAZON_ISSUED" else [],
        "RenewalEligibility": _renewal_eligibility(self),
        "Options": dict(self.cert_options),
    }
    if st.managed_by:
        cert["ManagedBy"] = st.managed_by
    if issued or self.type != "AMAZON_ISSUED":
        cert["Serial"] = ":".join(f"{b:02x}" for b in self._cert.serial_number.to_bytes(
            (self._cert.serial_number.bit_length() + 7) // 8 or 1, "big"))
        cert["NotBefore"] = _epoch(_not_before(self))
        cert["NotAfter"] = _epoch(_not_after(self))
    if self.type == "IMPORTED":
        cert["ImportedAt"] = _epoch(self.created_at)
    else:
        cert["CreatedAt"] = _epoch(self.created_at)
        if st.issued_at and issued:
            cert["IssuedAt"] = _epoch(st.issued_at)
    if self.type == "AMAZON_ISSUED":
        cert["DomainValidationOptions"] = _validation_options(self)
        renewal = _renewal_summary(self)
        if renewal:
            cert["RenewalSummary"] = renewal
        if st.update:
            cert["UpdateSummary"] = _update_summary(st.update)
    if self.cert_authority_arn is not None:
        cert["CertificateAuthorityArn"] = self.cert_authority_arn
    if self.status == "FAILED":
        cert["FailureReason"] = st.failure_reason or "OTHER"
    if self.status == "REVOKED" and st.revoked_at:
        cert["RevokedAt"] = _epoch(st.revoked_at)
        cert["RevocationReason"] = "UNSPECIFIED"
    return {"Certificate": cert}


def _key_algorithm(cert):
    key = cert._key
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return {"secp256r1": "EC_prime256v1", "secp384r1": "EC_secp384r1", "secp521r1": "EC_secp521r1"}.get(
            key.curve.name, f"EC_{key.curve.name}")
    return f"RSA_{key.key_size}"


def _renewal_eligibility(cert):
    # ELIGIBLE: an issued Amazon-issued certificate that is in use or exported, or a private one.
    if cert.status != "ISSUED":
        return "INELIGIBLE"
    if cert.type == "PRIVATE":
        return "ELIGIBLE"
    if cert.type == "AMAZON_ISSUED" and (cert.in_use_by or getattr(cert, "exported", False)):
        return "ELIGIBLE"
    return "INELIGIBLE"


# --------------------------------------------------------------------------------------
# 4. ListCertificates: paging, RSA_2048 default, summaries like AWS
# --------------------------------------------------------------------------------------
def _encode_token(payload):
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode()


def _decode_token(token, exception=InvalidArgsException):
    try:
        return json.loads(base64.urlsafe_b64decode(token.encode()))
    except Exception:
        raise exception("The NextToken is not valid.") from None


def _summary(cert):
    d = cert.describe()["Certificate"]
    names = d["SubjectAlternativeNames"]
    summary = {
        "CertificateArn": d["CertificateArn"],
        "DomainName": d["DomainName"],
        "SubjectAlternativeNameSummaries": names[:100],
        "HasAdditionalSubjectAlternativeNames": len(names) > 100,
        "Status": d["Status"],
        "Type": d["Type"],
        "KeyAlgorithm": d["KeyAlgorithm"],
        "KeyUsages": [u["Name"] for u in d.get("KeyUsages", [])],
        "ExtendedKeyUsages": [u["Name"] for u in d.get("ExtendedKeyUsages", [])],
        "ExportOption": cert.cert_options.get("Export", "DISABLED"),
        "InUse": bool(d.get("InUseBy")),
        "Exported": bool(getattr(cert, "exported", False)),
        "RenewalEligibility": d["RenewalEligibility"],
        "CertificateKeyPairOrigin": "CUSTOMER_PROVIDED" if d["Type"] == "IMPORTED" else "AWS_MANAGED",
    }
    for field in ("NotBefore", "NotAfter", "CreatedAt", "IssuedAt", "ImportedAt", "RevokedAt"):
        if d.get(field) is not None:
            summary[field] = d[field]
    return summary, d


def _list_matches(summary, statuses, includes):
    if statuses and summary["Status"] not in statuses:
        return False
    key_types = includes.get("keyTypes") or ["RSA_2048"]  # AWS: RSA_2048 only unless asked
    if summary["KeyAlgorithm"] not in key_types:
        return False
    if includes.get("exportOption") and summary["ExportOption"] != includes["exportOption"]:
        return False
    if includes.get("managedBy"):
        return False  # the sandbox has no certificates managed by CloudFront
    for field, wanted in (("ExtendedKeyUsages", includes.get("extendedKeyUsage")), ("KeyUsages", includes.get("keyUsage"))):
        if wanted and "ANY" not in wanted:
            have = set(summary[field]) or {"NONE"}
            if not have & set(wanted):
                return False
    return True


def _certificates_now(backend):
    """Every certificate at this moment (through get_certificate, which also advances moto's
    issuance). One deleted by a concurrent DeleteCertificate after the ARNs were read is
    simply not listed, as in AWS, instead of failing the listing with ResourceNotFoundException."""
    certs = []
    for arn in list(backend._certificates):
        try:
            certs.append(backend.get_certificate(arn))
        except (acm_models.CertificateNotFound, KeyError):  # KeyError: deleted between the two lookups
            continue
    return certs


def response_list_certificates(self):
    # Why: moto ignores MaxItems/NextToken and returns every key type.
    statuses = self._get_param("CertificateStatuses") or []
    includes = self._get_param("Includes") or {}
    max_items = self._get_param("MaxItems") or 1000
    start = _decode_token(self._get_param("NextToken"))["offset"] if self._get_param("NextToken") else 0
    certs = _certificates_now(self.acm_backend)
    certs.sort(key=lambda c: c.created_at, reverse=self._get_param("SortOrder") == "DESCENDING")
    matching = [s for s in (_summary(c)[0] for c in certs) if _list_matches(s, statuses, includes)]
    page = matching[start:start + max_items]
    result = {"CertificateSummaryList": page}
    if start + max_items < len(matching):
        result["NextToken"] = _encode_token({"offset": start + max_items})
    return ActionResult(result=result)


# --------------------------------------------------------------------------------------
# 5. SearchCertificates (botocore model: FilterStatement, MaxResults <= 500, SortBy)
# --------------------------------------------------------------------------------------
def _search_record(cert):
    """The CertificateSearchResult for a certificate plus the values filters compare."""
    _, d = _summary(cert)
    st = _state(cert)
    x509 = cert._cert
    issued = "NotAfter" in d

    def dn(name):
        out = {}
        for oid, key in ((NameOID.COMMON_NAME, "CommonName"), (NameOID.COUNTRY_NAME, "Country"),
                         (NameOID.ORGANIZATION_NAME, "Organization"), (NameOID.ORGANIZATIONAL_UNIT_NAME, "OrganizationalUnit"),
                         (NameOID.LOCALITY_NAME, "Locality"), (NameOID.STATE_OR_PROVINCE_NAME, "State")):
            attrs = name.get_attributes_for_oid(oid)
            if attrs:
                out[key] = str(attrs[0].value)
        return out

    x509_attrs = {
        "Subject": {"CommonName": d["DomainName"]} if cert.type == "AMAZON_ISSUED" else dn(x509.subject),
        "SubjectAlternativeNames": [{"DnsName": n} for n in d["SubjectAlternativeNames"]],
        "KeyAlgorithm": d["KeyAlgorithm"],
        "KeyUsages": [u["Name"] for u in d["KeyUsages"]],
        "ExtendedKeyUsages": [u["Name"] for u in d["ExtendedKeyUsages"]],
    }
    if issued:
        x509_attrs["Issuer"] = dn(x509.issuer)
        x509_attrs["SerialNumber"] = d["Serial"]
        x509_attrs["NotAfter"] = d["NotAfter"]
        x509_attrs["NotBefore"] = d["NotBefore"]
    meta = {
        "Status": d["Status"],
        "Type": d["Type"],
        "InUse": bool(d.get("InUseBy")),
        "Exported": bool(getattr(cert, "exported", False)),
        "ExportOption": cert.cert_options.get("Export", "DISABLED"),
        "RenewalEligibility": d["RenewalEligibility"],
        "CertificateKeyPairOrigin": "CUSTOMER_PROVIDED" if d["Type"] == "IMPORTED" else "AWS_MANAGED",
    }
    if st.method:
        meta["ValidationMethod"] = st.method
    if st.managed_by:
        meta["ManagedBy"] = st.managed_by
    if d.get("RenewalSummary"):
        meta["RenewalStatus"] = d["RenewalSummary"]["RenewalStatus"]
    for field in ("CreatedAt", "IssuedAt", "ImportedAt", "RevokedAt"):
        if d.get(field) is not None:
            meta[field] = d[field]
    return {"CertificateArn": cert.arn, "X509Attributes": x509_attrs,
            "CertificateMetadata": {"AcmCertificateMetadata": meta}}


def _ts(value):
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, datetime.datetime):
        return _epoch(value.astimezone(datetime.timezone.utc).replace(tzinfo=None) if value.tzinfo else value)
    return datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp()


def _string_match(value, flt):
    want = flt["Value"].lower()
    have = (value or "").lower()
    return want in have if flt["ComparisonOperator"] == "CONTAINS" else want == have


def _range_match(value, rng):
    if value is None:
        return False
    start, end = _ts(rng.get("Start")), _ts(rng.get("End"))
    return (start is None or value >= start) and (end is None or value <= end)


def _filter_match(record, flt):
    """One CertificateFilter: every attribute given must match (they are alternatives in
    the model's union; we AND whatever is present)."""
    x = record["X509Attributes"]
    meta = record["CertificateMetadata"]["AcmCertificateMetadata"]
    if "CertificateArn" in flt and flt["CertificateArn"] != record["CertificateArn"]:
        return False
    for key, xf in (flt.get("X509AttributeFilter") or {}).items():
        if key == "Subject":
            if "CommonName" in xf and not _string_match(x["Subject"].get("CommonName"), xf["CommonName"]):
                return False
        elif key == "SubjectAlternativeName":
            if "DnsName" in xf and not any(_string_match(s.get("DnsName"), xf["DnsName"]) for s in x["SubjectAlternativeNames"]):
                return False
        elif key == "ExtendedKeyUsage":
            if xf != "ANY" and xf not in (x["ExtendedKeyUsages"] or ["NONE"]):
                return False
        elif key == "KeyUsage":
            if xf != "ANY" and xf not in x["KeyUsages"]:
                return False
        elif key == "KeyAlgorithm":
            if x["KeyAlgorithm"] != xf:
                return False
        elif key == "SerialNumber":
            if _norm(x.get("SerialNumber", "")).replace(":", "") != xf.lower().replace(":", ""):
                return False
        elif key in ("NotAfter", "NotBefore"):
            if not _range_match(x.get(key), xf):
                return False
    for key, mf in (flt.get("AcmCertificateMetadataFilter") or {}).items():
        if meta.get(key) != mf and not (key in ("InUse", "Exported") and bool(meta.get(key)) == mf):
            return False
    return True


def _statement_match(record, statement):
    if "And" in statement:
        return all(_statement_match(record, s) for s in statement["And"])
    if "Or" in statement:
        return any(_statement_match(record, s) for s in statement["Or"])
    if "Not" in statement:
        return not _statement_match(record, statement["Not"])
    if "Filter" in statement:
        return _filter_match(record, statement["Filter"])
    raise AWSValidationException("FilterStatement must contain one of And, Or, Not or Filter")


_SORT_KEYS = {
    "CREATED_AT": lambda r: r["m"].get("CreatedAt") or r["m"].get("ImportedAt"),
    "NOT_AFTER": lambda r: r["x"].get("NotAfter"), "NOT_BEFORE": lambda r: r["x"].get("NotBefore"),
    "STATUS": lambda r: r["m"].get("Status"), "RENEWAL_STATUS": lambda r: r["m"].get("RenewalStatus"),
    "EXPORTED": lambda r: r["m"].get("Exported"), "IN_USE": lambda r: r["m"].get("InUse"),
    "KEY_ALGORITHM": lambda r: r["x"].get("KeyAlgorithm"), "TYPE": lambda r: r["m"].get("Type"),
    "CERTIFICATE_ARN": lambda r: r["arn"], "COMMON_NAME": lambda r: r["x"]["Subject"].get("CommonName"),
    "REVOKED_AT": lambda r: r["m"].get("RevokedAt"), "RENEWAL_ELIGIBILITY": lambda r: r["m"].get("RenewalEligibility"),
    "ISSUED_AT": lambda r: r["m"].get("IssuedAt"), "MANAGED_BY": lambda r: r["m"].get("ManagedBy"),
    "EXPORT_OPTION": lambda r: r["m"].get("ExportOption"), "VALIDATION_METHOD": lambda r: r["m"].get("ValidationMethod"),
    "IMPORTED_AT": lambda r: r["m"].get("ImportedAt"), "ACME_ENDPOINT_ARN": lambda r: r["m"].get("AcmeEndpointArn"),
    "ACME_ACCOUNT_ID": lambda r: r["m"].get("AcmeAccountId"),
    "CERTIFICATE_KEY_PAIR_ORIGIN": lambda r: r["m"].get("CertificateKeyPairOrigin"),
}


def response_search_certificates(self):
    # Why: moto has no SearchCertificates (500); AWS filters server-side, 500 a page.
    statement = self._get_param("FilterStatement")
    max_results = self._get_param("MaxResults") or 100
    if not 1 <= max_results <= 500:
        raise AWSValidationException("MaxResults must be between 1 and 500")
    sort_by = self._get_param("SortBy") or "CREATED_AT"
    if sort_by not in _SORT_KEYS:
        raise AWSValidationException(f"SortBy {sort_by} is not valid")
    descending = self._get_param("SortOrder") == "DESCENDING"
    token = self._get_param("NextToken")
    start = _decode_token(token, AWSValidationException)["offset"] if token else 0
    records = []
    for cert in _certificates_now(self.acm_backend):
        record = _search_record(cert)
        if statement is None or _statement_match(record, statement):
            records.append(record)
    key = _SORT_KEYS[sort_by]

    def sort_key(rec):
        value = key({"m": rec["CertificateMetadata"]["AcmCertificateMetadata"], "x": rec["X509Attributes"], "arn": rec["CertificateArn"]})
        return (value is None, value if value is not None else 0, rec["CertificateArn"])

    present = sorted([r for r in records if sort_key(r)[0] is False], key=sort_key, reverse=descending)
    absent = [r for r in records if sort_key(r)[0] is True]
    records = present + absent  # certificates without the sort attribute come last
    page = records[start:start + max_results]
    result = {"Results": page}
    if start + max_results < len(records):
        result["NextToken"] = _encode_token({"offset": start + max_results})
    return ActionResult(result=result)


# --------------------------------------------------------------------------------------
# 7. RenewCertificate (UpdateCertificateOptions: acm_in_place.py)
# --------------------------------------------------------------------------------------
def response_renew_certificate(self):
    # Why: moto has no RenewCertificate (500). AWS renews only eligible PRIVATE certificates.
    arn = self._get_param("CertificateArn")
    cert = self.acm_backend.get_certificate(arn)
    if cert.type != "PRIVATE":
        raise AWSValidationException(
            f"Certificate {arn} is not a private certificate; RenewCertificate only renews private certificates")
    with _lock:
        now = _now()
        _reissue(cert, now, now + (_not_after(cert) - _not_before(cert)))
        st = _state(cert)
        st.issued_at = now
        st.renewal_status, st.renewal_updated_at = "SUCCESS", now
    return EmptyResult()


# --------------------------------------------------------------------------------------
# 6. Control API: change one certificate; list every certificate
# --------------------------------------------------------------------------------------
def _parse_time(value):
    if isinstance(value, (int, float)):
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc).replace(tzinfo=None)
    dt = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return dt.astimezone(datetime.timezone.utc).replace(tzinfo=None) if dt.tzinfo else dt


def _find(arn, account=None, region=None):
    parts = arn.split(":")
    region = region or parts[3]
    account = account or parts[4]
    backend = acm_models.acm_backends[account][region]
    if arn not in backend._certificates:
        raise KeyError(f"no certificate {arn} in account {account} region {region}")
    return backend._certificates[arn], account, region


@control.route("POST", "acm/certificate")
def _set_certificate(payload):
    """Change a certificate: {"arn", "account"?, "region"?, "not_before"?, "not_after"?,
    "status"?, "failure_reason"?, "renewal_status"?, "renewal_status_reason"?}.
    Dates are ISO 8601 or epoch seconds; "status" freezes lazy evaluation. acm_in_place.py
    serves this route, adding "update_status"? and "update_requested_at"?."""
    with _lock:
        cert, account, region = _find(payload["arn"], payload.get("account"), payload.get("region"))
        st = _state(cert)
        now = _now()
        if "status" in payload:
            status = payload["status"]
            if status == "ISSUED" and cert.status != "ISSUED":
                _issue(cert, now)
            cert.status = status
            st.frozen = status != "PENDING_VALIDATION"
            if status == "REVOKED":
                st.revoked_at = now
            if status == "FAILED":
                st.failure_reason = payload.get("failure_reason", st.failure_reason or "OTHER")
        if "not_before" in payload or "not_after" in payload:
            nb = _parse_time(payload["not_before"]) if payload.get("not_before") is not None else _not_before(cert)
            na = _parse_time(payload["not_after"]) if payload.get("not_after") is not None else _not_after(cert)
            _reissue(cert, nb, na)
            if cert.status == "EXPIRED" and na > now:
                cert.status = "ISSUED"
        if "renewal_status" in payload:
            st.renewal_status = payload["renewal_status"]
            st.renewal_updated_at = now
            st.renewal_status_reason = None
        if "renewal_status_reason" in payload:
            st.renewal_status_reason = payload["renewal_status_reason"]
        cert.check()
        return _facts(cert, account, region)


def _facts(cert, account, region):
    d = cert.describe()["Certificate"]
    st = _state(cert)
    return {
        "arn": cert.arn, "account": account, "region": region,
        "domain_name": d["DomainName"], "names": d["SubjectAlternativeNames"],
        "status": d["Status"], "type": d["Type"],
        "validation_method": st.method,  # the active one: EMAIL until a migration to DNS succeeds
        "update_status": (st.update or {}).get("status"),
        "update": _update_facts(st.update),
        "key_algorithm": d["KeyAlgorithm"], "in_use_by": d.get("InUseBy", []),
        "not_before": d.get("NotBefore"), "not_after": d.get("NotAfter"),
        "renewal_status": (d.get("RenewalSummary") or {}).get("RenewalStatus"),
        "renewal_status_reason": (d.get("RenewalSummary") or {}).get("RenewalStatusReason"),
        "validation_records": [{"name": n, "value": v} for n, v in st.records.values()],
        "tags": {k: v for k, v in cert.tags.items()},
    }


def _update_facts(update):
    if not update:
        return None
    return {"status": update["status"], "from": update["from"], "to": update["to"],
            "requested_at": _epoch(update["requested_at"]), "updated_at": _epoch(update["updated_at"])}


@control.route("GET", "acm/certificates")
def _list_all(_payload):
    """Every certificate in every account and region with its key facts."""
    out = []
    with _lock:
        for account, regions in list(acm_models.acm_backends.items()):
            for region, backend in list(regions.items()):
                for cert in _certificates_now(backend):
                    out.append(_facts(cert, account, region))
    return {"certificates": out}


_original_export = acm_models.AWSCertificateManagerBackend.export_certificate


def export_certificate(self, certificate_arn, passphrase):
    # Why: AWS reports Exported=true (and renewal eligibility) once a certificate was exported.
    result = _original_export(self, certificate_arn, passphrase)
    self._certificates[certificate_arn].exported = True
    return result


# --------------------------------------------------------------------------------------
def apply():
    C = acm_models.CertBundle
    B = acm_models.AWSCertificateManagerBackend
    R = acm_responses.AWSCertificateManagerResponse
    C.check = check
    C.describe = describe
    if not getattr(C.validate_pk, "certshift_pooled", False):
        C.validate_pk = _validate_pk(C.validate_pk)
    B.request_certificate = request_certificate
    B.export_certificate = export_certificate
    R.request_certificate = response_request_certificate
    R.list_certificates = response_list_certificates
    R.search_certificates = response_search_certificates
    R.renew_certificate = response_renew_certificate
