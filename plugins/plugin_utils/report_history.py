# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every run's report kept: the file names of one run's record and the index of every run.

A report named ``acm_migration`` is written as its latest copies (``acm_migration.json``, ``.md``,
``.html``; a ``--check`` run's as ``acm_migration-check.*``, so a plan never replaces the real
run's) and as a record of the run (``acm_migration-20261207T051500Z[-check].*``), never rewritten.
``report-history.json`` lists the runs of every report in the directory (time, playbook, mode,
headline counts, files); ``index.html`` and ``index.md`` are made from it. Pure, except
:func:`read_runs`; the action plugin report_files holds the lock and writes.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re

from ansible_collections.certshift.acm.plugins.filter.markdown_cell import markdown_cell as _md

MANIFEST = "report-history.json"
INDEX_HTML = "index.html"
INDEX_MD = "index.md"
LOCK = ".report-history.lock"
CHECK_SUFFIX = "-check"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.]*$")


class HistoryError(ValueError):
    """Bad history options: the message names the option and the fix."""


def check_options(history, files):
    """The history options, completed: ``name`` (the report's file name before its extension),
    ``check_mode``, ``playbook``, ``generated_at`` (ISO 8601, UTC), ``headline`` ({label: count})."""
    name = history.get("name") or ""
    if not _NAME.match(name):
        raise HistoryError(f"report_files: history.name {name!r} is not a report name such as acm_migration "
                           "(letters, digits, '_' and '.')")
    mine = [f for f in files if f.startswith(name + ".")]
    if not mine:
        raise HistoryError(f"report_files: history.name is {name!r} but no file is named {name}.<extension>; "
                           f"name the report's files {name}.json, {name}.md, ...")
    headline = history.get("headline") or {}
    if not isinstance(headline, dict):
        raise HistoryError("report_files: history.headline must be a dict of label to count, "
                           "for example {certificates: 9, 'migrated in place': 9}")
    return {"name": name, "check_mode": bool(history.get("check_mode")), "playbook": history.get("playbook") or "",
            "stamp": stamp(history.get("generated_at")), "generated_at": history.get("generated_at"),
            "headline": headline}


def stamp(generated_at, now=None):
    """20261207T051500Z from an ISO 8601 time (the report's generated_at), or from now (UTC)."""
    when = None
    if generated_at:
        text = str(generated_at).strip().replace("Z", "+00:00")
        try:
            when = datetime.datetime.fromisoformat(text)
        except ValueError:
            raise HistoryError(f"report_files: history.generated_at {generated_at!r} is not an ISO 8601 time "
                               "such as 2026-12-07T05:15:00Z") from None
        if when.tzinfo is not None:
            when = when.astimezone(datetime.timezone.utc)
    when = when or now or datetime.datetime.now(datetime.timezone.utc)
    return when.strftime("%Y%m%dT%H%M%SZ")


def run_files(options, files, taken=()):
    """{file name to write: content}: the latest copies and this run's record.

    ``taken``: names already in the directory; a second run in the same second gets ``-2``, ``-3``..."""
    name, check = options["name"], options["check_mode"]
    suffix = CHECK_SUFFIX if check else ""
    out, record = {}, {}
    base = f"{name}-{options['stamp']}"
    serial = 1
    while any(f"{base}{'-' + str(serial) if serial > 1 else ''}{suffix}.{ext}" in taken
              for ext in _extensions(name, files)):
        serial += 1
    run_id = f"{base}{'-' + str(serial) if serial > 1 else ''}{suffix}"
    for file_name, content in files.items():
        if not file_name.startswith(name + "."):
            out[file_name] = content
            continue
        ext = file_name[len(name) + 1:]
        out[f"{name}{suffix}.{ext}"] = content
        record[ext] = f"{run_id}.{ext}"
        out[record[ext]] = content
    return out, {"report": name, "run": run_id, "generated_at": options["generated_at"],
                 "playbook": options["playbook"], "mode": "check" if check else "real",
                 "headline": options["headline"], "files": record}


def _extensions(name, files):
    return [f[len(name) + 1:] for f in files if f.startswith(name + ".")]


def read_runs(dest):
    """The runs recorded in ``dest`` (an unreadable or foreign manifest starts a new list)."""
    try:
        with open(os.path.join(dest, MANIFEST), encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return []
    runs = data.get("runs") if isinstance(data, dict) else None
    return [r for r in runs or [] if isinstance(r, dict) and r.get("run")]


def add_run(runs, run):
    """Runs newest first, this one added (or replacing a run of the same id)."""
    kept = [r for r in runs if r.get("run") != run["run"]]
    return sorted(kept + [run], key=lambda r: (r.get("generated_at") or "", r.get("run")), reverse=True)


def manifest(runs):
    return json.dumps({"runs": runs}, indent=2, sort_keys=True) + "\n"


MODE_LABEL = {"check": "plan (--check): nothing was changed", "real": "real run"}


def _headline(run):
    return ", ".join(f"{count} {label}" for label, count in (run.get("headline") or {}).items())


def index_markdown(runs):
    lines = ["# Report history", "",
             "Every run's report, newest first. The latest real run of each report is also `<report>.html`; "
             "the latest plan `<report>-check.html`.", "",
             "| time (UTC) | report | playbook | mode | headline | files |", "|---|---|---|---|---|---|"]
    for r in runs:
        files = " ".join(f"[{ext}]({_md(path)})" for ext, path in sorted((r.get("files") or {}).items()))
        lines.append(f"| {_md(r.get('generated_at') or r['run'])} | {_md(r.get('report'))} | {_md(r.get('playbook'))} "
                     f"| {_md(MODE_LABEL.get(r.get('mode'), r.get('mode')))} | {_md(_headline(r))} | {files} |")
    if not runs:
        lines.append("| - | - | - | - | no run yet | - |")
    return "\n".join(lines) + "\n"


def index_html(runs):
    e = html.escape
    rows = []
    for r in runs:
        files = " ".join(f'<a href="{e(path)}">{e(ext)}</a>' for ext, path in sorted((r.get("files") or {}).items()))
        mode = r.get("mode")
        rows.append(f'<tr class="mode-{e(str(mode))}"><td>{e(str(r.get("generated_at") or r["run"]))}</td>'
                    f'<td>{e(str(r.get("report") or ""))}</td><td>{e(str(r.get("playbook") or ""))}</td>'
                    f'<td class="mode">{e(MODE_LABEL.get(mode, str(mode)))}</td><td>{e(_headline(r))}</td>'
                    f"<td>{files}</td></tr>")
    body = "\n".join(rows) or '<tr><td colspan="6">No run yet.</td></tr>'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>certshift.acm report history</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #1d2330; }}
h1 {{ font-size: 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; font-size: .9rem; table-layout: fixed; }}
th, td {{ border-bottom: 1px solid #d8dde6; padding: .4rem .6rem; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }}
th {{ background: #eef1f6; }}
tr.mode-check td.mode {{ color: #6639ba; font-style: italic; }}
</style>
</head>
<body>
<h1>certshift.acm report history</h1>
<p>Every run's report, newest first. The latest real run of each report is also <code>&lt;report&gt;.html</code>;
the latest plan (<code>--check</code>) <code>&lt;report&gt;-check.html</code>.</p>
<table id="runs">
<thead><tr><th>time (UTC)</th><th>report</th><th>playbook</th><th>mode</th><th>headline</th><th>files</th></tr></thead>
<tbody>
{body}
</tbody>
</table>
</body>
</html>
"""
