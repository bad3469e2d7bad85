"""A tiny local TLS server for unit tests: serves a certificate chosen by SNI,
plus endpoints that refuse, stall or speak garbage."""

from __future__ import annotations

import datetime
import os
import socket
import ssl
import tempfile
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def make_cert(names):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=90))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), critical=False)
            .sign(key, hashes.SHA256()))
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return cert_pem, key_pem


class TLSSites:
    """``sites``: {sni name: (cert_pem, key_pem)}; unknown SNI gets the ``default`` pair."""

    def __init__(self, sites, default):
        self._dir = tempfile.mkdtemp()
        self.contexts = {name: self._context(pair) for name, pair in sites.items()}
        self.default = self._context(default)
        self.default.sni_callback = self._pick
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._serve, daemon=True).start()
        # A port nothing listens on.
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.refused_port = probe.getsockname()[1]
        probe.close()
        # A listener that never completes a handshake.
        self.tarpit = socket.socket()
        self.tarpit.bind(("127.0.0.1", 0))
        self.tarpit.listen(16)
        self.tarpit_port = self.tarpit.getsockname()[1]
        # A listener that answers with plain text.
        self.garbage = socket.socket()
        self.garbage.bind(("127.0.0.1", 0))
        self.garbage.listen(16)
        self.garbage_port = self.garbage.getsockname()[1]
        threading.Thread(target=self._serve_garbage, daemon=True).start()

    def _context(self, pair):
        cert_pem, key_pem = pair
        path = os.path.join(self._dir, f"{id(pair)}.pem")
        with open(path, "w") as f:
            f.write(key_pem + cert_pem)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(path)
        return ctx

    def _pick(self, sslobj, server_name, _ctx):
        if server_name in self.contexts:
            sslobj.context = self.contexts[server_name]

    def _serve(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handshake, args=(conn,), daemon=True).start()

    def _handshake(self, conn):
        try:
            with self.default.wrap_socket(conn, server_side=True) as tls:
                tls.settimeout(2)
                tls.recv(1)
        except (OSError, ssl.SSLError):
            pass

    def _serve_garbage(self):
        while not self._stop:
            try:
                conn, _ = self.garbage.accept()
            except OSError:
                return
            try:
                conn.sendall(b"HTTP/1.0 400 Bad Request\r\n\r\nnot tls\r\n" * 4)
            finally:
                conn.close()

    def close(self):
        self._stop = True
        for s in (self.sock, self.tarpit, self.garbage):
            s.close()
