"""Talk to a running sandbox from another process (tests, demo, benchmarks)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request

import boto3

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Credentials moto accepts; they reach its default account 123456789012.
FAKE_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


class Sandbox:
    def __init__(self, endpoint, pid=None, process=None):
        self.endpoint = endpoint
        self.pid = pid
        self.process = process

    # --- control API -------------------------------------------------------
    def control(self, method, path, payload=None):
        data = json.dumps(payload or {}).encode() if method != "GET" else None
        req = urllib.request.Request(f"{self.endpoint}/_sandbox/{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=300) as resp:
                return json.load(resp)
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"sandbox {method} {path}: {e.code} {e.read().decode()}") from None

    def reset(self):
        return self.control("POST", "reset")

    def calls(self):
        return self.control("GET", "calls")

    def reset_calls(self):
        return self.control("POST", "calls/reset")

    def timeline(self):
        """Every call since the last reset_calls, in order: [seconds, action, intercepted]."""
        return self.control("GET", "calls/timeline")["calls"]

    def settings(self, **changes):
        return self.control("POST", "settings", changes) if changes else self.control("GET", "settings")

    def seed(self, fleet, **options):
        return self.control("POST", "seed", {"fleet": fleet, **options})

    # --- AWS clients and environment ----------------------------------------
    def client(self, service, region="eu-west-1", **credentials):
        creds = {
            "aws_access_key_id": credentials.get("aws_access_key_id", FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"]),
            "aws_secret_access_key": credentials.get("aws_secret_access_key", FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"]),
        }
        if credentials.get("aws_session_token"):
            creds["aws_session_token"] = credentials["aws_session_token"]
        return boto3.client(service, region_name=region, endpoint_url=self.endpoint, **creds)

    def env(self, region="eu-west-1"):
        """Environment that points boto3 and amazon.aws modules at the sandbox."""
        return {**FAKE_CREDENTIALS, "AWS_ENDPOINT_URL": self.endpoint, "AWS_DEFAULT_REGION": region}

    # --- life cycle ----------------------------------------------------------
    @classmethod
    def start(cls, endpoint_file, fleets=(), timeout=60, env=None):
        cmd = [sys.executable, "-m", "sandbox", "serve", "--quiet", "--endpoint-file", endpoint_file]
        for fleet in fleets:
            cmd += ["--fleet", fleet]
        if os.path.exists(endpoint_file):
            os.unlink(endpoint_file)
        process = subprocess.Popen(cmd, cwd=REPO_ROOT, env={**os.environ, **(env or {})})
        deadline = time.monotonic() + timeout
        while not os.path.exists(endpoint_file):
            if process.poll() is not None:
                raise RuntimeError(f"sandbox exited early with {process.returncode}")
            if time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("sandbox did not start in time")
            time.sleep(0.1)
        with open(endpoint_file) as f:
            info = json.load(f)
        return cls(info["endpoint"], info["pid"], process)

    @classmethod
    def attach(cls, endpoint_file):
        with open(endpoint_file) as f:
            info = json.load(f)
        return cls(info["endpoint"], info["pid"])

    def stop(self, timeout=15):
        """Stop the sandbox by the PID it reported (never by name)."""
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        elif self.pid:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
