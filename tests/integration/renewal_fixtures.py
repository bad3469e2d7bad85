"""Certificates, sites and DNS records for the renewal-check and audit tests."""

from __future__ import annotations

import datetime
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

LB_ARN = "arn:aws:elasticloadbalancing:{region}:123456789012:loadbalancer/app/web/0123456789abcdef"


def request(sandbox, names, method="EMAIL", region="eu-west-1", in_use=True):
    """An ISSUED (EMAIL) or requested (DNS) certificate, in use by a load balancer unless told not."""
    acm = sandbox.client("acm", region)
    kwargs = {"DomainName": names[0], "ValidationMethod": method}
    if len(names) > 1:
        kwargs["SubjectAlternativeNames"] = list(names)
    arn = acm.request_certificate(**kwargs)["CertificateArn"]
    if in_use:
        sandbox.control("POST", "acm/in_use_extra", {"certificate_arn": arn, "resource_arn": LB_ARN.format(region=region)})
    return arn


def wait_issued(sandbox, arns, region="eu-west-1", timeout=20):
    acm = sandbox.client("acm", region)
    deadline = time.monotonic() + timeout
    pending = list(arns)
    while pending:
        pending = [a for a in pending if acm.describe_certificate(CertificateArn=a)["Certificate"]["Status"] != "ISSUED"]
        if pending and time.monotonic() > deadline:
            raise AssertionError(f"not ISSUED in time: {pending}")
        if pending:
            time.sleep(0.2)


def validation_records(sandbox, arn, region="eu-west-1", timeout=10):
    acm = sandbox.client("acm", region)
    deadline = time.monotonic() + timeout
    while True:
        options = acm.describe_certificate(CertificateArn=arn)["Certificate"]["DomainValidationOptions"]
        records = {o["ResourceRecord"]["Name"]: o["ResourceRecord"]["Value"] for o in options if o.get("ResourceRecord")}
        if len(records) and all(o.get("ResourceRecord") for o in options):
            return records
        assert time.monotonic() < deadline, f"no validation records for {arn}"
        time.sleep(0.2)


def import_self_signed(sandbox, name, region="eu-west-1", days=60):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=days))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, hashes.SHA256()))
    return sandbox.client("acm", region).import_certificate(
        Certificate=cert.public_bytes(serialization.Encoding.PEM),
        PrivateKey=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()),
    )["CertificateArn"]


def set_not_after(sandbox, arn, days_from_now):
    not_after = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=days_from_now)
    return sandbox.control("POST", "acm/certificate", {"arn": arn, "not_after": not_after.isoformat()})


def https_fleet(sandbox):
    """EMAIL certificates covering every row of the HTTPS rule table and every failure reason,
    with their local sites. Returns (arns by role, sites reply, resolve entries)."""
    c = {
        "apex": request(sandbox, ["example.com", "www.example.com"]),          # row 1, met
        "wildcard_sub_only": request(sandbox, ["*.example.net"]),              # row 2, only sub.example.net
        "wildcard_apex_other": request(sandbox, ["*.example.com"]),            # row 2, apex serves "apex"
        "wildcard_ok": request(sandbox, ["*.example.org"]),                    # row 2, met
        "sub_ok": request(sandbox, ["shop.example.com"]),                      # row 3, met
        "sub_no_www": request(sandbox, ["api.example.com"]),                   # row 3, no www.api site
        "refused": request(sandbox, ["refused.example.com"]),
        "tarpit": request(sandbox, ["tarpit.example.com"]),
        "garbage": request(sandbox, ["garbage.example.com"]),
        "unused": request(sandbox, ["old.example.com"], in_use=False),
    }
    # Sites read the certificate from ACM: only once it is issued.
    wait_issued(sandbox, c.values())
    sites = sandbox.control("POST", "sites", {"sites": {
        "example.com": c["apex"], "www.example.com": c["apex"],
        "sub.example.net": c["wildcard_sub_only"],
        "sub.example.com": c["wildcard_apex_other"],
        "example.org": c["wildcard_ok"], "www.example.org": c["wildcard_ok"],
        "shop.example.com": c["sub_ok"], "www.shop.example.com": c["sub_ok"],
        "api.example.com": c["sub_no_www"],
        "old.example.com": c["unused"], "www.old.example.com": c["unused"],
    }})
    port = sites["port"]
    resolve = [f"{host}:{port}:127.0.0.1" for host in sites["sites"]]
    for mode in ("refused", "tarpit", "garbage"):
        for host in (f"{mode}.example.com", f"www.{mode}.example.com"):
            resolve.append(f"{host}:{port}:{sites[mode]['address']}")
    return c, sites, resolve
