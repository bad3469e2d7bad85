"""Headless Chromium for the HTML reports: the DOM after scripts ran, screenshots, and the layout a person
sees at a given window width (no sideways scrolling, columns wide enough to read)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# Measures the page once laid out and writes the numbers into the DOM, which --dump-dom prints.
_MEASURE = """<script>
window.addEventListener("load", function () {
  var root = document.documentElement;
  var out = {viewport: window.innerWidth, scroll_width: root.scrollWidth, tables: [], overflowing: []};
  document.querySelectorAll("table").forEach(function (table) {
    var heads = Array.prototype.map.call(table.tHead ? table.tHead.rows[0].cells : [], function (th) {
      return {text: th.textContent.trim(), width: th.getBoundingClientRect().width};
    });
    out.tables.push({id: table.id || table.className, width: table.getBoundingClientRect().width,
                     scroll_width: table.scrollWidth, client_width: table.clientWidth, columns: heads});
  });
  document.querySelectorAll("body *").forEach(function (el) {
    var box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 && el.offsetParent !== null) {
      out.overflowing.push(el.tagName + "." + el.className + " right=" + Math.round(box.right));
    }
  });
  var pre = document.createElement("pre");
  pre.id = "layout-measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
</script>"""


def chromium(tmp_path, url, *args, width=1400, height=1000):
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           f"--window-size={width},{height}", "--hide-scrollbars", *args, url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def layout(tmp_path, html_path, width=1280):
    """{viewport, scroll_width, tables: [{id, width, scroll_width, client_width, columns: [{text, width}]}],
    overflowing: [elements reaching past the window's right edge]} of ``html_path`` at ``width`` px."""
    page = html_path.read_text().replace("</body>", _MEASURE + "</body>")
    measured = tmp_path / f"measured-{width}-{html_path.name}"
    measured.write_text(page)
    dom = chromium(tmp_path, measured.as_uri(), "--dump-dom", "--virtual-time-budget=3000", width=width)
    found = re.search(r'<pre id="layout-measured">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                      .replace("&gt;", ">"))


def column(measured, table_id, heading):
    """The width in px of the column headed ``heading`` (its start) in the table ``table_id``."""
    for table in measured["tables"]:
        if table["id"] == table_id:
            for col in table["columns"]:
                if col["text"].startswith(heading):
                    return col["width"]
    raise AssertionError(f"no column {heading!r} in table {table_id!r}: {measured['tables']}")


def assert_reads_without_sideways_scrolling(measured):
    assert measured["scroll_width"] <= measured["viewport"], measured
    for table in measured["tables"]:
        assert table["scroll_width"] <= table["client_width"] + 1, table
    assert not measured["overflowing"], measured["overflowing"][:10]
