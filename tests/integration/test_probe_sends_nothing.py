"""HTTPS probes complete the TLS handshake and send no request data: a local TLS server
records every application byte it receives after each handshake, and
certshift.acm.acm_renewal_check probes it through a ``resolve`` override."""

from __future__ import annotations

import datetime
import socket
import ssl
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NAMES = ["probe.example.com", "www.probe.example.com"]


def self_signed(tmp_path, names):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_file), str(key_file)


class RecordingTLSServer:
    """Accepts TLS connections on 127.0.0.1; per connection, records the SNI, whether the
    handshake completed and every application byte received until the client goes away."""

    def __init__(self, cert_file, key_file):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert_file, key_file)
        self.context.sni_callback = self._sni
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.connections = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = []
        self._sni_seen = threading.local()

    def _sni(self, tls, name, _context):
        self._sni_seen.name = name

    def start(self):
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                raw, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            t = threading.Thread(target=self._serve, args=(raw,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, raw):
        record = {"handshake": False, "sni": None, "received": b"", "error": None}
        raw.settimeout(10)
        try:
            with self.context.wrap_socket(raw, server_side=True) as tls:
                record["handshake"] = True
                record["sni"] = getattr(self._sni_seen, "name", None)
                while True:
                    try:
                        data = tls.recv(65536)
                    except (ssl.SSLEOFError, ConnectionResetError, ssl.SSLZeroReturnError):
                        break
                    if not data:
                        break
                    record["received"] += data
        except Exception as e:  # noqa: BLE001 - recorded and asserted on
            record["error"] = f"{type(e).__name__}: {e}"
        with self._lock:
            self.connections.append(record)

    def stop(self):
        self._stop.set()
        for t in self._threads:
            t.join(5)
        self.sock.close()


def test_probes_complete_the_handshake_and_send_no_request_data(ansible, sandbox, tmp_path):
    cert_file, key_file = self_signed(tmp_path, NAMES)
    server = RecordingTLSServer(cert_file, key_file).start()
    try:
        arn = sandbox.client("acm").request_certificate(
            DomainName=NAMES[0], SubjectAlternativeNames=NAMES, ValidationMethod="EMAIL")["CertificateArn"]
        result = ansible.module("certshift.acm.acm_renewal_check", {
            "certificate_arns": [arn], "check_dns": False, "port": server.port, "timeout": 5,
            "resolve": [f"{name}:{server.port}:127.0.0.1" for name in NAMES],
            "probe": "always",  # nothing uses it: probe: auto would skip it
        })
    finally:
        server.stop()
    assert not result.get("failed"), result.get("msg")
    # The probes reached the server and completed their handshakes, with the name as SNI ...
    assert len(server.connections) >= len(NAMES), server.connections
    assert all(c["handshake"] and c["error"] is None for c in server.connections), server.connections
    assert {c["sni"] for c in server.connections} == set(NAMES)
    # ... and the module saw what was served (a different certificate than the ACM one) ...
    findings = {f["name"]: f for f in result["certificates"][0]["https_rule"]["names"]}
    assert set(findings) == set(NAMES)
    for finding in findings.values():
        assert finding["reachable"] and finding["served"]["subject_cn"] == NAMES[0], finding
    # ... but not one application byte was sent after the handshake.
    assert [c["received"] for c in server.connections] == [b""] * len(server.connections)
