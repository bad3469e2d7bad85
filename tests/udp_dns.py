"""A minimal DNS server on a loopback UDP port for tests: ``answer(query)`` returns each response
(dnspython messages). For a real authoritative server with dynamic updates, see dns_server.py."""

from __future__ import annotations

import socket
import threading

import dns.message


class UdpDnsServer:
    """Answers until ``close()``. ``port``; ``nameserver`` is ``"127.0.0.1:port"``, as module options take it."""

    def __init__(self, answer):
        self.answer = answer
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.nameserver = f"127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self._stop.is_set():
            try:
                data, addr = self.sock.recvfrom(4096)
            except OSError:
                continue
            self.sock.sendto(self.answer(dns.message.from_wire(data)).to_wire(), addr)

    def close(self):
        self._stop.set()
        self.thread.join()
        self.sock.close()
