# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: markdown_cell
short_description: A value as literal text in one Markdown table cell
version_added: 0.2.0
description:
  - Returns the value as text that Markdown (CommonMark and GitHub's tables) shows exactly as it is, on one line.
  - HTML is escaped (C(<script>) shows as text, never as a tag), and so is everything Markdown would read as
    syntax (links and images, emphasis, code, headings, the table's C(|)); line breaks become spaces.
  - Certificate names of imported certificates, tags, error messages and inventory host names reach the reports
    unchecked; the HTML reports escape them too.
author:
  - certshift.acm developers (@certshift)
options:
  _input:
    description: Any value; null shows as C(-).
    type: raw
    required: true
"""

EXAMPLES = r"""
- name: One row of a Markdown table
  ansible.builtin.debug:
    msg: "| {{ name | certshift.acm.markdown_cell }} | {{ reason | certshift.acm.markdown_cell }} |"
"""

RETURN = r"""
_value:
  description: The escaped text.
  type: str
"""

import html
import re

# Punctuation Markdown reads as inline syntax (a backslash makes it literal); < > & are HTML-escaped instead,
# since a backslash before an entity would show the entity.
_SYNTAX = re.compile(r"([\\`*_{}\[\]()!|~])")


def markdown_cell(value):
    if value is None:
        return "-"
    text = " ".join(str(value).split())  # one line: tables end a row at a line break
    text = _SYNTAX.sub(r"\\\1", text)
    return html.escape(text, quote=False)


class FilterModule:
    def filters(self):
        return {"markdown_cell": markdown_cell}
