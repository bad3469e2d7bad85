"""Local HTTPS sites on loopback that serve ACM certificates by SNI.

They let tests meet and break the historical renewal rule for EMAIL-validated
certificates (aws-facts.md): for every name, a site on port 443 serving that very
certificate. Here every site of a group shares one port; probes reach it with
curl-style ``resolve`` entries (``host:port:address``).

Control API (JSON):

``POST /_sandbox/sites``
    ``{"sites": {"<hostname>": "<acm certificate arn>", ...}, "name"?: "default",
    "account"?: "123456789012"}`` starts (or reconfigures, keeping its port) the TLS
    server of group ``name`` on 127.0.0.1 at a free port. A hostname may be a
    wildcard (``*.example.com``) that answers for one label below it. The server
    presents, for the SNI name of a handshake, the ACM certificate (leaf + chain and
    private key, read from moto's ACM backend in this process); an unknown or absent
    SNI name gets a handshake_failure alert. After the handshake it answers a
    minimal HTTP response and closes.

    Failure modes share the site's port on other loopback addresses, so one
    ``port`` plus per-name ``resolve`` entries can mix them in one probe run:

    - ``refused``: nothing listens there (a bound, non-listening socket keeps the
      port ours) -> connection refused;
    - ``tarpit``: accepts TCP and never answers the TLS handshake -> timeout;
    - ``garbage``: answers the ClientHello with plain-text bytes -> TLS error.

    Reply: ``{"name", "address", "port", "sites": {host: arn}, "refused": {"address",
    "port"}, "tarpit": {...}, "garbage": {...}, "resolve": ["host:port:127.0.0.1", ...]}``.

``GET /_sandbox/sites``
    Every running group, as above.

``POST /_sandbox/sites/stop``
    ``{"name"?: ...}`` stops that group, or every group when no name is given.
    ``POST /_sandbox/reset`` stops them all too.
"""

from __future__ import annotations

import os
import re
import socket
import ssl
import tempfile
import threading

from . import control, hooks, moto_internals

LOOPBACK = "127.0.0.1"
# The failure modes live on these loopback addresses, at the same port as the sites.
FAILURE_ADDRESSES = {"refused": "127.0.0.2", "tarpit": "127.0.0.3", "garbage": "127.0.0.4"}
GARBAGE = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\nthis is not TLS\r\n"
HTTP_RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n"
                 b"Connection: close\r\n\r\nok\n")
_ARN = re.compile(r"^arn:aws[\w-]*:acm:(?P<region>[\w-]+):(?P<account>\d{12}):certificate/.+$")

_lock = threading.Lock()
_groups = {}  # name -> SiteGroup


class SitesError(ValueError):
    pass


def _bundle(arn, account=None):
    """The moto CertBundle behind an ACM ARN (this process's backends)."""
    match = _ARN.match(arn or "")
    if not match:
        raise SitesError(f"not an ACM certificate ARN: {arn!r}")
    region = match["region"]
    account = match["account"] or account
    backend = moto_internals.acm_backends[account][region]
    if arn not in backend._certificates:
        raise SitesError(f"no such certificate in the sandbox: {arn} (account {account}, region {region})")
    # get_certificate brings the status up to date (the sandbox re-signs a certificate when
    # it is issued), so what we serve is what GetCertificate returns.
    return backend.get_certificate(arn)


def _context_for(bundle):
    """A server SSLContext presenting the bundle's certificate, chain and key."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    chain = bundle.cert.strip() + b"\n"
    if bundle.chain:
        chain += bundle.chain.strip() + b"\n"
    # load_cert_chain only reads files; keep them only for the call.
    with tempfile.TemporaryDirectory(prefix="certshift-site-") as tmp:
        cert_file = os.path.join(tmp, "cert.pem")
        key_file = os.path.join(tmp, "key.pem")
        with open(cert_file, "wb") as f:
            f.write(chain)
        with open(key_file, "wb") as f:
            f.write(bundle.key)
        ctx.load_cert_chain(cert_file, key_file)
    return ctx


def _lookup(table, server_name):
    name = (server_name or "").lower().rstrip(".")
    if not name:
        return None
    if name in table:
        return table[name]
    _, _, parent = name.partition(".")
    return table.get(f"*.{parent}") if parent else None


class _Listener:
    """A listening socket whose connections are served by ``handle(conn)`` in threads."""

    def __init__(self, address, port, handle, listen=True):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((address, port))
        self.address, self.port = self.sock.getsockname()
        self.handle = handle
        self.conns = set()
        self.closed = threading.Event()
        self.thread = None
        if listen:
            self.sock.listen(64)
            self.sock.settimeout(0.2)
            self.thread = threading.Thread(target=self._accept_loop, daemon=True,
                                           name=f"https-site-{address}:{self.port}")
            self.thread.start()

    def _accept_loop(self):
        while not self.closed.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                break
            with _lock:
                self.conns.add(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            self.handle(conn, self.closed)
        except OSError:
            pass
        finally:
            with _lock:
                self.conns.discard(conn)
            try:
                conn.close()
            except OSError:
                pass

    def close(self):
        self.closed.set()
        try:
            self.sock.close()
        except OSError:
            pass
        with _lock:
            conns = list(self.conns)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                conn.close()
            except OSError:
                pass
        if self.thread is not None:
            self.thread.join(2)


class SiteGroup:
    def __init__(self, name):
        self.name = name
        self.sites = {}  # hostname -> arn
        self.account = None
        self.contexts = {}  # (arn, certificate PEM) -> SSLContext
        self.base = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.base.sni_callback = self._pick_certificate
        self.listeners = {}
        self._start()

    def _start(self, attempts=20):
        last = None
        for _ in range(attempts):
            main = _Listener(LOOPBACK, 0, self._serve_tls)
            try:
                self.listeners = {
                    "sites": main,
                    "refused": _Listener(FAILURE_ADDRESSES["refused"], main.port, None, listen=False),
                    "tarpit": _Listener(FAILURE_ADDRESSES["tarpit"], main.port, _tarpit),
                    "garbage": _Listener(FAILURE_ADDRESSES["garbage"], main.port, _garbage),
                }
                return
            except OSError as e:  # that port is taken on another loopback address: try another
                last = e
                main.close()
                for listener in list(self.listeners.values()):
                    listener.close()
                self.listeners = {}
        raise SitesError(f"could not find a free port on every loopback address: {last}")

    @property
    def port(self):
        return self.listeners["sites"].port

    def configure(self, sites, account=None):
        sites = {host.lower().rstrip("."): arn for host, arn in sites.items()}
        for arn in set(sites.values()):
            self._context(arn, account)  # fail now on an unknown ARN or a bad key
        with _lock:
            self.sites = sites
            self.account = account

    def _context(self, arn, account=None):
        """The SSLContext for the certificate as ACM has it now (cached per PEM, so a
        certificate re-signed later, e.g. with new dates, is served as it is then)."""
        bundle = _bundle(arn, account)
        key = (arn, bundle.cert)
        with _lock:
            ctx = self.contexts.get(key)
        if ctx is None:
            ctx = _context_for(bundle)
            with _lock:
                self.contexts = {k: v for k, v in self.contexts.items() if k[0] != arn}
                self.contexts[key] = ctx
        return ctx

    def _pick_certificate(self, ssl_sock, server_name, _ctx):
        with _lock:
            arn = _lookup(self.sites, server_name)
            account = self.account
        if arn is None:
            return ssl.ALERT_DESCRIPTION_HANDSHAKE_FAILURE
        try:
            ssl_sock.context = self._context(arn, account)
        except Exception:  # the certificate is gone: no certificate to present
            return ssl.ALERT_DESCRIPTION_HANDSHAKE_FAILURE
        return None

    def _serve_tls(self, conn, closed):
        conn.settimeout(10)
        try:
            tls = self.base.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            tls.settimeout(2)
            try:
                tls.recv(4096)  # a request, if the client sends one
            except (ssl.SSLError, OSError):
                pass
            tls.sendall(HTTP_RESPONSE)
            try:
                tls.unwrap()
            except (ssl.SSLError, OSError, ValueError):
                pass
        finally:
            tls.close()

    def describe(self):
        with _lock:
            sites = dict(self.sites)
        port = self.port
        return {
            "name": self.name,
            "address": LOOPBACK,
            "port": port,
            "sites": sites,
            **{mode: {"address": address, "port": port} for mode, address in FAILURE_ADDRESSES.items()},
            "resolve": [f"{host}:{port}:{LOOPBACK}" for host in sorted(sites) if not host.startswith("*.")],
        }

    def stop(self):
        for listener in self.listeners.values():
            listener.close()
        self.listeners = {}


def _tarpit(conn, closed):
    """Accept and hold the connection, never answering, until stopped or the peer leaves."""
    conn.settimeout(0.5)
    while not closed.is_set():
        try:
            if not conn.recv(4096):
                return
        except (TimeoutError, socket.timeout):
            continue


def _garbage(conn, _closed):
    conn.settimeout(2)
    try:
        conn.recv(4096)
    except (TimeoutError, socket.timeout):
        pass
    conn.sendall(GARBAGE)


# --- in-process API (also used by fleets) ---------------------------------------------
def start(sites, name="default", account=None):
    """Start or reconfigure the site group ``name``; returns its description."""
    if not isinstance(sites, dict) or not sites:
        raise SitesError('"sites" must be a non-empty object {hostname: certificate arn}')
    with _lock:
        group = _groups.get(name)
    created = group is None
    if created:
        group = SiteGroup(name)
    try:
        group.configure(sites, account)
    except Exception:
        if created:
            group.stop()
        raise
    with _lock:
        _groups[name] = group
    return group.describe()


def stop(name=None):
    with _lock:
        names = [name] if name is not None else list(_groups)
        groups = [_groups.pop(n) for n in names if n in _groups]
    for group in groups:
        group.stop()
    return [g.name for g in groups]


def describe_all():
    with _lock:
        groups = list(_groups.values())
    return {g.name: g.describe() for g in groups}


@control.route("POST", "sites")
def _sites(payload):
    return start(payload.get("sites"), name=payload.get("name", "default"), account=payload.get("account"))


@control.route("GET", "sites")
def _sites_show(_payload):
    return {"groups": describe_all()}


@control.route("POST", "sites/stop")
def _sites_stop(payload):
    return {"stopped": stop(payload.get("name"))}


hooks.RESET_HOOKS.append(stop)
