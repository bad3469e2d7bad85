# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes a report's files on the controller, in the controller's own process.

ansible.builtin.template runs a stat and a copy module per file: about a second per file,
three seconds per report, which at 100 certificates was a tenth of a whole migration. A
report is the controller's output (playbooks write it from localhost), so it needs no
module: contents are rendered by the task (lookup('ansible.builtin.template')) and
written here, each atomically (a temporary file renamed over the old one).

With ``history``, every run's report is kept (plugin_utils/report_history.py): a rerun or a
--check run writes its own record and updates the index instead of replacing the last one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_bytes
from ansible.plugins.action import ActionBase
from ansible_collections.certshift.acm.plugins.plugin_utils import report_history

ARGUMENT_SPEC = {
    "dest": {"type": "path", "required": True},
    "files": {"type": "dict", "required": True},
    "mode": {"type": "str", "default": "0644"},
    "history": {"type": "dict", "options": {
        "name": {"type": "str", "required": True},
        "check_mode": {"type": "bool", "default": False},
        "playbook": {"type": "str"},
        "generated_at": {"type": "str"},
        "headline": {"type": "dict"},
    }},
}
RESERVED = (report_history.MANIFEST, report_history.INDEX_HTML, report_history.INDEX_MD)


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        dest, files = args["dest"], args["files"]
        _check_files(files)
        try:
            mode = int(args["mode"], 8)
        except ValueError:
            raise AnsibleActionFail(f"report_files: mode {args['mode']!r} is not an octal mode such as 0644") from None
        history = None
        if args["history"]:
            reserved = [n for n in files if n in RESERVED]
            if reserved:
                raise AnsibleActionFail(f"report_files: {', '.join(reserved)} is the report history's own file; "
                                        "give the report another name")
            try:
                history = report_history.check_options(args["history"], files)
            except report_history.HistoryError as e:
                raise AnsibleActionFail(str(e)) from None

        if self._task.check_mode:
            planned, run = _with_history(dest, files, history)
            return self._result(result, dest, planned, mode, run)
        try:
            os.makedirs(dest, mode=0o755, exist_ok=True)
            with _locked(dest, history):
                planned, run = _with_history(dest, files, history)
                self._result(result, dest, planned, mode, run)
                for path in result["changed_files"]:
                    _write_atomically(path, planned[os.path.basename(path)], mode)
        except OSError as e:
            raise AnsibleActionFail(f"report_files: cannot write the reports to {dest}: {e.strerror or e}; "
                                    "choose a writable directory (acm_report_dir)") from None
        return result

    @staticmethod
    def _result(result, dest, planned, mode, run):
        paths = [os.path.join(dest, name) for name in planned]
        changed = [p for p, content in zip(paths, planned.values()) if _differs(p, content, mode)]
        result.update(changed=bool(changed), dest=dest, files=paths, changed_files=changed)
        if run:
            result["run"] = run
            result["index"] = os.path.join(dest, report_history.INDEX_HTML)
        return result


def _check_files(files):
    for name, content in files.items():
        if not name or os.path.basename(name) != name or name in (".", ".."):
            raise AnsibleActionFail(f"report_files: file name {name!r} is not a plain file name; "
                                    "give names such as acm_audit.json (dest is the directory)")
        if not isinstance(content, str):
            kind = "list" if isinstance(content, list) else "dict" if isinstance(content, dict) else "value"
            raise AnsibleActionFail(f"report_files: the content of {name} is a {kind}, not text; "
                                    "render it with lookup('ansible.builtin.template', ...) or to_nice_json")


def _with_history(dest, files, history):
    """(every file to write, this run's history entry or None)."""
    if history is None:
        return dict(files), None
    try:
        taken = set(os.listdir(dest))
    except OSError:
        taken = set()
    planned, run = report_history.run_files(history, files, taken)
    runs = report_history.add_run(report_history.read_runs(dest), run)
    planned[report_history.MANIFEST] = report_history.manifest(runs)
    planned[report_history.INDEX_HTML] = report_history.index_html(runs)
    planned[report_history.INDEX_MD] = report_history.index_markdown(runs)
    return planned, run


@contextlib.contextmanager
def _locked(dest, history):
    """Runs writing into one directory at once (several playbooks) each add their run to the index."""
    if history is None:
        yield
        return
    with open(os.path.join(dest, report_history.LOCK), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _differs(path, content, mode):
    try:
        with open(path, "rb") as f:
            return (os.fstat(f.fileno()).st_mode & 0o7777) != mode or f.read() != to_bytes(content)
    except OSError:
        return True


def _write_atomically(path, content, mode):
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=f".{os.path.basename(path)}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(to_bytes(content))
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
