# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Writes a report's files on the controller, in the controller's own process.

ansible.builtin.template runs a stat and a copy module per file: about a second per file,
three seconds per report, which at 100 certificates was a tenth of a whole migration. A
report is the controller's output (playbooks write it from localhost), so it needs no
module: contents are rendered by the task (lookup('ansible.builtin.template')) and
written here, each atomically (a temporary file renamed over the old one).
"""

from __future__ import annotations

import os
import tempfile

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.text.converters import to_bytes
from ansible.plugins.action import ActionBase

ARGUMENT_SPEC = {
    "dest": {"type": "path", "required": True},
    "files": {"type": "dict", "required": True},
    "mode": {"type": "str", "default": "0644"},
}


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    _supports_check_mode = True

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self.validate_argument_spec(argument_spec=ARGUMENT_SPEC)[1]
        dest, files = args["dest"], args["files"]
        for name, content in files.items():
            if not name or os.path.basename(name) != name or name in (".", ".."):
                raise AnsibleActionFail(f"report_files: file name {name!r} is not a plain file name; "
                                        "give names such as acm_audit.json (dest is the directory)")
            if not isinstance(content, str):
                kind = "list" if isinstance(content, list) else "dict" if isinstance(content, dict) else "value"
                raise AnsibleActionFail(f"report_files: the content of {name} is a {kind}, not text; "
                                        "render it with lookup('ansible.builtin.template', ...) or to_nice_json")
        try:
            mode = int(args["mode"], 8)
        except ValueError:
            raise AnsibleActionFail(f"report_files: mode {args['mode']!r} is not an octal mode such as 0644") from None

        paths = [os.path.join(dest, name) for name in files]
        changed = [p for p, content in zip(paths, files.values()) if _differs(p, content, mode)]
        result.update(changed=bool(changed), dest=dest, files=paths, changed_files=changed)
        if self._task.check_mode:
            return result
        try:
            os.makedirs(dest, mode=0o755, exist_ok=True)
            for path in changed:
                _write_atomically(path, files[os.path.basename(path)], mode)
        except OSError as e:
            raise AnsibleActionFail(f"report_files: cannot write the reports to {dest}: {e.strerror or e}; "
                                    "choose a writable directory (acm_report_dir)") from None
        return result


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
