"""markdown_cell: names, tags, errors and host names reach the Markdown reports unchecked (an imported
certificate's names are whatever its issuer wrote); a real CommonMark renderer (markdown-it-py, with
GitHub's tables) must show each exactly as text, in its own cell, with no tag or link made."""

from __future__ import annotations

import html

import pytest
from markdown_it import MarkdownIt

from ansible_collections.certshift.acm.plugins.filter.markdown_cell import markdown_cell

HOSTILE = [
    "<script>alert(1)</script>.example.com",
    "[click me](https://attacker.example/steal)",
    "![img](https://attacker.example/p.png)",
    "*bold* _em_ `code` ~~gone~~",
    "a|b|c",
    "line one\nline two\r\nthree",
    "back\\slash & <b>ampersand</b>",
    "{curly} (round) !bang",
]


def render_row(cell):
    md = MarkdownIt("commonmark").enable("table")
    return md.render(f"| head |\n|---|\n| {cell} |\n")


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_renders_as_its_own_text_in_one_cell(value):
    out = render_row(markdown_cell(value))
    body = out.split("<tbody>", 1)[1]
    assert body.count("<td>") == 1, out
    for tag in ("<script", "<a ", "<img", "<em>", "<strong>", "<code>", "<s>", "<b>", "<br"):
        assert tag not in body, out
    text = html.unescape(body.split("<td>", 1)[1].split("</td>", 1)[0])
    assert text == " ".join(value.split()), out


def test_none_is_a_dash():
    assert markdown_cell(None) == "-"
