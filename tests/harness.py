"""Run real ansible-playbook processes against the sandbox, with the collection
built and installed into a private collections path."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD_DIR = os.path.join(REPO_ROOT, "build")
DEFAULT_COLLECTIONS_PATH = os.path.join(BUILD_DIR, "collections")


def build_and_install(collections_path=DEFAULT_COLLECTIONS_PATH):
    """ansible-galaxy collection build + install, as a user would get it."""
    bindir = os.path.dirname(sys.executable)
    galaxy = os.path.join(bindir, "ansible-galaxy")
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([galaxy, "collection", "build", REPO_ROOT, "--output-path", out, "--force"],
                       check=True, capture_output=True, text=True)
        tarball = [f for f in os.listdir(out) if f.endswith(".tar.gz")][0]
        target = os.path.join(collections_path, "ansible_collections", "certshift", "acm")
        shutil.rmtree(target, ignore_errors=True)
        # --no-deps: amazon.aws comes from the ansible package in this venv (Galaxy is unreachable).
        subprocess.run([galaxy, "collection", "install", os.path.join(out, tarball), "-p", collections_path,
                        "--force", "--no-deps"], check=True, capture_output=True, text=True)
        # Kept for the execution environment (execution-environment.yml copies it in).
        os.makedirs(BUILD_DIR, exist_ok=True)
        shutil.copyfile(os.path.join(out, tarball), os.path.join(BUILD_DIR, "certshift-acm.tar.gz"))
    return collections_path


class PlaybookResult:
    def __init__(self, proc, json_out):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.data = json_out

    def task_results(self, name):
        """Every host's result of the tasks called ``name``, in play order."""
        found = []
        for play in (self.data or {}).get("plays", []):
            for task in play.get("tasks", []):
                if task["task"]["name"] == name:
                    found.extend(task["hosts"].values())
        return found

    def result(self, name):
        results = self.task_results(name)
        assert results, f"no task named {name!r} ran; stdout:\n{self.stdout}\nstderr:\n{self.stderr}"
        return results[0]

    @property
    def stats(self):
        return (self.data or {}).get("stats", {})

    def failures(self):
        """(task name, host, msg) of every failed task result, to explain a red run."""
        found = []
        for play in (self.data or {}).get("plays", []):
            for task in play.get("tasks", []):
                for host, res in task.get("hosts", {}).items():
                    items = res.get("results") if isinstance(res.get("results"), list) else [res]
                    for item in items:
                        if isinstance(item, dict) and item.get("failed"):
                            found.append((task["task"]["name"], host, item.get("msg") or item.get("stderr")
                                          or item.get("exception", "")[-1500:]))
        return found

    def __repr__(self):
        if self.data is not None:
            failed = "\n".join(f"  {t} [{h}]: {m}" for t, h, m in self.failures())
            return f"PlaybookResult(rc={self.rc})\n--- failed tasks\n{failed}\n--- stderr\n{self.stderr[-4000:]}"
        return f"PlaybookResult(rc={self.rc})\n--- stdout\n{self.stdout[-8000:]}\n--- stderr\n{self.stderr[-4000:]}"


class Ansible:
    """ansible-playbook bound to a sandbox endpoint and a collections path."""

    def __init__(self, sandbox, collections_path, workdir):
        self.sandbox = sandbox
        self.collections_path = collections_path
        self.workdir = workdir

    def env(self, region="eu-west-1", extra=None, json_callback=True):
        env = dict(os.environ)
        for key in list(env):
            if key.startswith(("AWS_", "ANSIBLE_")):
                del env[key]
        env.update(self.sandbox.env(region))
        env.update({
            "ANSIBLE_COLLECTIONS_PATH": self.collections_path,
            "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "false",
            "ANSIBLE_HOME": os.path.join(self.workdir, ".ansible-home"),
            "ANSIBLE_LOCAL_TEMP": os.path.join(self.workdir, ".ansible-tmp"),
        })
        if json_callback:
            env["ANSIBLE_STDOUT_CALLBACK"] = "ansible.posix.json"
        env.update(extra or {})
        return env

    def playbook(self, playbook, extra_vars=None, check=False, diff=False, inventory=None, region="eu-west-1",
                 env=None, args=(), json_callback=True, timeout=900):
        bindir = os.path.dirname(sys.executable)
        cmd = [os.path.join(bindir, "ansible-playbook"), playbook]
        if inventory:
            cmd += ["-i", inventory]
        if extra_vars:
            path = tempfile.NamedTemporaryFile("w", suffix=".json", dir=self.workdir, delete=False)
            json.dump(extra_vars, path)
            path.close()
            cmd += ["-e", f"@{path.name}"]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        cmd += list(args)
        proc = subprocess.run(cmd, cwd=self.workdir, env=self.env(region, env, json_callback),
                              capture_output=True, text=True, timeout=timeout)
        data = None
        if json_callback:
            try:
                data = json.loads(proc.stdout[proc.stdout.index("{"):])
            except ValueError:
                data = None
        return PlaybookResult(proc, data)

    def module(self, name, args, check=False, diff=False, region="eu-west-1", env=None, no_log=False):
        """Run one module in a one-task playbook; return its result dict."""
        play = [{
            "name": f"run {name}",
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "tasks": [{"name": "module under test", name: args, "register": "out", "ignore_errors": True,
                       **({"no_log": True} if no_log else {})}],
        }]
        path = tempfile.NamedTemporaryFile("w", suffix=".yml", dir=self.workdir, delete=False)
        yaml.safe_dump(play, path)
        path.close()
        run = self.playbook(path.name, check=check, diff=diff, region=region, env=env)
        result = run.result("module under test")
        result["_run"] = run
        return result
