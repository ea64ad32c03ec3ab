"""The HTML page the report, review and feedback files share: one self-contained file, offline, readable and printable.

No script, no web font, nothing fetched: a page opens from a USB stick or an
LMS download. Learners' text is always escaped and shown as written; the
kit's own markdown (prompts) is rendered in a small, safe subset (headings,
paragraphs, lists, tables, bold, italics, code) with no links or images.
"""

from __future__ import annotations

import re
from html import escape

__all__ = ["CSS", "markdown_html", "page"]

_BULLET = re.compile(r"^\s*[-*]\s+")
_NUMBER = re.compile(r"^\s*\d+\.\s+")

CSS = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1a1a1a;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #999}h3{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #888;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}td.num{text-align:right}
.prompt{background:#f4f4f4;border-left:4px solid #555;padding:.5rem 1rem;margin:.5rem 0}
.answer{white-space:pre-wrap;border:1px solid #888;padding:.5rem 1rem;margin:.25rem 0 1rem}
.empty{font-style:italic}
.note{color:#333;font-size:.95rem}
a{color:#0645ad}
@media print{body{margin:0;max-width:none}section,.learner{break-inside:avoid}nav{display:none}}
"""


def _inline(text: str) -> str:
    """Escaped text with **bold**, *italics* and `code`; a link keeps its words, not its address."""
    out = escape(text, quote=False)
    out = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", out)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    out = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", out)
    out = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"<em>\1</em>", out)
    return out


def _table(lines: list[str]) -> str:
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
    head = rows[0]
    body = rows[2:] if len(rows) > 1 and set("".join(rows[1])) <= set("-: ") else rows[1:]
    thead = "".join(f'<th scope="col">{_inline(c)}</th>' for c in head)
    tbody = "".join("<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in r) + "</tr>" for r in body)
    return f"<table><thead><tr>{thead}</tr></thead><tbody>{tbody}</tbody></table>"


def markdown_html(text: str, top: int = 3) -> str:
    """The kit's markdown as safe HTML; headings start at level ``top`` (a page's own h1 and h2 come first).

    >>> markdown_html("**Who?** Cite `S01`.\\n\\n- one\\n- two")
    '<p><strong>Who?</strong> Cite <code>S01</code>.</p><ul><li>one</li><li>two</li></ul>'
    """
    blocks = re.split(r"\n\s*\n", str(text).strip())
    out = []
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        heading = re.match(r"^(#{1,6})\s+(.*)$", lines[0])
        if heading and len(lines) == 1:
            level = min(6, top + len(heading.group(1)) - 1)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif all(line.lstrip().startswith("|") for line in lines):
            out.append(_table(lines))
        elif all(_BULLET.match(line) for line in lines):
            out.append("<ul>" + "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines) + "</ul>")
        elif all(_NUMBER.match(line) for line in lines):
            out.append("<ol>" + "".join(f"<li>{_inline(_NUMBER.sub('', line))}</li>" for line in lines) + "</ol>")
        else:
            if heading:
                level = min(6, top + len(heading.group(1)) - 1)
                out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
                lines = lines[1:]
            out.append("<p>" + "<br>".join(_inline(line) for line in lines) + "</p>")
    return "".join(out)


def page(title: str, body: str, css: str = "") -> str:
    """A whole HTML document: language, character set, viewport, the shared style, the title and ``body``."""
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}{css}</style></head>'
        f"<body><main>{body}</main></body></html>\n"
    )
