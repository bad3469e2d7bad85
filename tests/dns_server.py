"""A real DNS server for tests: BIND9 ``named`` on a loopback port, authoritative for a
few zones that accept TSIG-signed (hmac-sha256) dynamic updates.

Used through the fixtures in tests/fixtures_dns.py (``dns_server``, ``dns``); usable on
its own too::

    server = DnsServer.start(workdir)
    server.add_record("_x.example.com", "CNAME", "_y.acm-validations.aws.")
    server.query("_x.example.com", "CNAME")   # ['_y.acm-validations.aws.']
    server.stop()                               # by the PID we started, never by name
"""

from __future__ import annotations

import base64
import os
import secrets
import shutil
import socket
import subprocess
import time

import dns.exception
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdatatype
import dns.tsig
import dns.update
import dns.xfr
import dns.zone

ZONES = ("example.com", "example.net", "sub.example.org")
KEY_NAME = "certshift-test-key."
KEY_ALGORITHM = "hmac-sha256"
# A second key with the oldest algorithm BIND still takes, for the rfc2136 provider's hmac-md5 choice.
MD5_KEY_NAME = "certshift-md5-key."
MD5_KEY_SECRET = base64.b64encode(b"certshift-md5-test-secret-bytes!").decode()
NAMED_CANDIDATES = ("/usr/sbin/named", "named")
INSTALL_HINT = ("BIND9's `named` is needed for the DNS tests and was not found. Run `make test` "
                "(it installs the Debian packages bind9 and bind9-utils), or "
                "`apt-get install -y bind9 bind9-utils`.")


class DnsServerError(RuntimeError):
    pass


class UpdateRefused(DnsServerError):
    """The server refused a dynamic update (rcode, or a TSIG error such as BADSIG)."""

    def __init__(self, message, rcode=None):
        super().__init__(message)
        self.rcode = rcode


def find_named():
    for candidate in NAMED_CANDIDATES:
        path = candidate if os.path.isabs(candidate) else shutil.which(candidate)
        if path and os.access(path, os.X_OK):
            return path
    return None


def _free_port():
    """A port free for both UDP and TCP on 127.0.0.1 (named listens on both)."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind(("127.0.0.1", port))
                except OSError:
                    continue
        return port
    raise DnsServerError("no free port for named on 127.0.0.1")


def _absolute(name):
    return dns.name.from_text(name if name.endswith(".") else f"{name}.")


def _soa_text(zone):
    return f"ns1.{zone}. hostmaster.{zone}. 1 3600 600 86400 60"


class DnsServer:
    """A running ``named``. Attributes: ``address``, ``port``, ``nameserver``
    (``"127.0.0.1:port"``, the form module options take), ``zones``, ``key_name``,
    ``key_secret`` (base64), ``key_algorithm``, ``pid``, ``workdir``; ``md5_key_name`` and
    ``md5_key_secret``: a second key, algorithm hmac-md5, with the same rights."""

    def __init__(self, workdir, port, zones, key_name, key_secret, process):
        self.workdir = workdir
        self.address = "127.0.0.1"
        self.port = port
        self.zones = tuple(zones)
        self.key_name = key_name
        self.key_secret = key_secret
        self.key_algorithm = KEY_ALGORITHM
        self.md5_key_name, self.md5_key_secret = MD5_KEY_NAME, MD5_KEY_SECRET
        self.process = process

    # --- life cycle --------------------------------------------------------------------
    @classmethod
    def start(cls, workdir, zones=ZONES, timeout=10, attempts=3):
        named = find_named()
        if named is None:
            raise DnsServerError(INSTALL_HINT)
        os.makedirs(workdir, exist_ok=True)
        key_secret = base64.b64encode(secrets.token_bytes(32)).decode()
        last_error = None
        for _ in range(attempts):  # a port can be taken between choosing and binding
            port = _free_port()
            conf = cls._write_config(workdir, port, zones, key_secret)
            log_path = os.path.join(workdir, "named.log")
            log = open(log_path, "wb")
            process = subprocess.Popen([named, "-g", "-n", "1", "-c", conf, "-p", str(port)],
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       cwd=workdir)
            log.close()
            server = cls(workdir, port, zones, KEY_NAME, key_secret, process)
            try:
                server._wait_ready(timeout)
                return server
            except DnsServerError as e:
                server.stop()
                with open(log_path, errors="replace") as f:
                    last_error = f"{e}\n--- named log ---\n{f.read()[-4000:]}"
                if "address in use" not in last_error.lower():
                    break
        raise DnsServerError(f"named did not start: {last_error}")

    @staticmethod
    def _write_config(workdir, port, zones, key_secret):
        zone_blocks = []
        for zone in zones:
            zone_file = os.path.join(workdir, f"{zone}.db")
            journal = f"{zone_file}.jnl"
            if os.path.exists(journal):
                os.unlink(journal)
            with open(zone_file, "w") as f:
                f.write(f"$TTL 60\n@ IN SOA {_soa_text(zone)}\n@ IN NS ns1.{zone}.\nns1 IN A 127.0.0.1\n")
            zone_blocks.append(
                f'zone "{zone}" {{\n  type primary;\n  file "{zone_file}";\n'
                f'  update-policy {{ grant {KEY_NAME} zonesub ANY; grant {MD5_KEY_NAME} zonesub ANY; }};\n'
                f'  allow-transfer {{ key {KEY_NAME}; }};\n}};\n')
        conf = os.path.join(workdir, "named.conf")
        with open(conf, "w") as f:
            f.write(f"""key "{KEY_NAME}" {{
  algorithm {KEY_ALGORITHM};
  secret "{key_secret}";
}};
key "{MD5_KEY_NAME}" {{
  algorithm hmac-md5;
  secret "{MD5_KEY_SECRET}";
}};
controls {{ }};
options {{
  directory "{workdir}";
  pid-file "{workdir}/named.pid";
  session-keyfile "{workdir}/session.key";
  managed-keys-directory "{workdir}";
  listen-on port {port} {{ 127.0.0.1; }};
  listen-on-v6 {{ none; }};
  recursion no;
  allow-query {{ any; }};
  dnssec-validation no;
  notify no;
  minimal-responses yes;
}};
logging {{
  channel stderr_only {{ stderr; severity info; print-time yes; }};
  category default {{ stderr_only; }};
  category lame-servers {{ null; }};
}};
""")
            f.write("".join(zone_blocks))
        return conf

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        query = dns.message.make_query(self.zones[0], "SOA")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DnsServerError(f"named exited with {self.process.returncode}")
            try:
                response = dns.query.udp(query, self.address, port=self.port, timeout=0.2)
                if response.rcode() == dns.rcode.NOERROR and response.answer:
                    return
            except (dns.exception.Timeout, OSError):
                pass
            time.sleep(0.05)
        raise DnsServerError(f"named did not answer on {self.nameserver} within {timeout}s")

    @property
    def pid(self):
        return self.process.pid

    @property
    def nameserver(self):
        return f"{self.address}:{self.port}"

    def stop(self, timeout=10):
        """Stop named by the PID we started (never by name)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    # --- keys ----------------------------------------------------------------------------
    def keyring(self, secret=None, key_name=None):
        """A dnspython keyring for our key, or for the same name with another ``secret``."""
        name = key_name or self.key_name
        return {dns.name.from_text(name): dns.tsig.Key(name, secret or self.key_secret, KEY_ALGORITHM)}

    @property
    def wrong_secret(self):
        """A well-formed secret that is not the server's (for refusal tests)."""
        raw = bytearray(base64.b64decode(self.key_secret))
        raw[0] ^= 0xFF
        return base64.b64encode(bytes(raw)).decode()

    def zone_for(self, name):
        """The served zone holding ``name`` (longest suffix), or raise."""
        target = _absolute(name)
        best = None
        for zone in self.zones:
            origin = _absolute(zone)
            if target.is_subdomain(origin) and (best is None or len(origin) > len(best)):
                best = origin
        if best is None:
            raise DnsServerError(f"{name} is in none of the served zones {list(self.zones)}")
        return best

    # --- updates -------------------------------------------------------------------------
    def new_update(self, zone, secret=None, key_name=None):
        """A dnspython Update for ``zone``, signed with our key (or ``secret``)."""
        origin = _absolute(zone) if isinstance(zone, str) else zone
        return dns.update.UpdateMessage(origin, keyring=self.keyring(secret, key_name),
                                        keyname=dns.name.from_text(key_name or self.key_name),
                                        keyalgorithm=KEY_ALGORITHM)

    def send(self, update, timeout=5):
        """Send an update over TCP; raise UpdateRefused unless the server says NOERROR."""
        try:
            response = dns.query.tcp(update, self.address, port=self.port, timeout=timeout)
        except dns.tsig.PeerError as e:  # BADSIG / BADKEY / BADTIME in the signed reply
            raise UpdateRefused(f"update refused by {self.nameserver}: TSIG {type(e).__name__}",
                                rcode=dns.rcode.NOTAUTH) from e
        if response.rcode() != dns.rcode.NOERROR:
            raise UpdateRefused(f"update refused by {self.nameserver}: {dns.rcode.to_text(response.rcode())}",
                                rcode=response.rcode())
        return response

    def add_record(self, name, rtype, value, ttl=60, replace=True, secret=None):
        """Set ``name rtype value``. ``replace`` (default) drops the other values of that
        RRset first; ``value`` may be a list for several records."""
        update = self.new_update(self.zone_for(name), secret=secret)
        values = value if isinstance(value, (list, tuple)) else [value]
        if replace:
            update.delete(_absolute(name), rtype)
        for item in values:
            update.add(_absolute(name), ttl, rtype, item)
        return self.send(update)

    def delete_record(self, name, rtype=None, value=None, secret=None):
        """Delete one value, a whole RRset (no ``value``), or every RRset of ``name``."""
        update = self.new_update(self.zone_for(name), secret=secret)
        if rtype is None:
            update.delete(_absolute(name))
        elif value is None:
            update.delete(_absolute(name), rtype)
        else:
            update.delete(_absolute(name), rtype, value)
        return self.send(update)

    def set_caa(self, name, *records, ttl=60):
        """Replace the CAA RRset of ``name`` with ``records`` such as '0 issue "amazon.com"';
        no records deletes it."""
        if not records:
            return self.delete_record(name, "CAA")
        return self.add_record(name, "CAA", list(records), ttl=ttl)

    # --- queries -------------------------------------------------------------------------
    def query(self, name, rtype, timeout=3):
        """The values of ``name rtype`` as text (sorted), [] when absent."""
        request = dns.message.make_query(_absolute(name), rtype)
        response = dns.query.udp(request, self.address, port=self.port, timeout=timeout)
        if response.rcode() not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            raise DnsServerError(f"query {name} {rtype}: {dns.rcode.to_text(response.rcode())}")
        wanted = dns.rdatatype.from_text(rtype)
        return sorted(rd.to_text() for rrset in response.answer if rrset.rdtype == wanted
                      and rrset.name == _absolute(name) for rd in rrset)

    def records(self, zone):
        """Every (name, type, ttl, value) in ``zone`` (absolute names), by a TSIG-signed AXFR."""
        origin = _absolute(zone)
        transferred = dns.zone.Zone(origin)
        request, _ = dns.xfr.make_query(transferred, keyring=self.keyring(),
                                        keyname=dns.name.from_text(self.key_name), keyalgorithm=KEY_ALGORITHM)
        dns.query.inbound_xfr(self.address, transferred, request, port=self.port, timeout=5, lifetime=10)
        return [((name.derelativize(origin)).to_text(), dns.rdatatype.to_text(rdataset.rdtype), rdataset.ttl,
                 rd.to_text(origin=origin, relativize=False))
                for name, rdataset in transferred.iterate_rdatasets() for rd in rdataset]

    def reset(self):
        """Delete every record except the zones' SOA and NS and the NS host's address."""
        for zone in self.zones:
            origin = _absolute(zone)
            ns_host = dns.name.from_text("ns1", origin)
            update = self.new_update(origin)
            changed = False
            for name, rtype in sorted({(n, t) for n, t, _ttl, _v in self.records(zone)}):
                owner = dns.name.from_text(name)
                if owner == origin and rtype in ("SOA", "NS"):
                    continue
                if owner == ns_host and rtype == "A":
                    continue
                update.delete(owner, rtype)
                changed = True
            if changed:
                self.send(update)
