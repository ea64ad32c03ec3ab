"""The built website checked before it is published: nothing loaded from another host, and (student edition) no solution text."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["external_loads", "leaked_solutions", "page_text"]

# Attributes through which a page loads something (a plain link <a href> loads nothing until followed).
LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
}
LOADING_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)""")
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        names = LOADING.get(tag, ())
        if tag == "link" and LOADING_LINK_RELS & set(values.get("rel", "").lower().split()):
            names = ("href",)
        for name in names:
            self.urls += [part.strip().split(" ")[0] for part in values.get(name, "").split(",") if part.strip()]
        self.urls += CSS_URL.findall(values.get("style", ""))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _squash(text: str) -> str:
    return " ".join(text.split())


def page_text(html: str) -> str:
    """The text a reader sees on a page (tags dropped, entities decoded, spaces squashed): code split into
    highlighted spans reads as one line again."""
    parser = _Text()
    parser.feed(html)
    return _squash(unescape("".join(parser.parts)))


def external_loads(site: Path) -> list[str]:
    """One line per script, style, font or image that a page or style sheet of ``site`` would load from another host."""
    found = []
    for path in sorted(Path(site).rglob("*")):
        if path.suffix == ".html":
            parser = _Loads()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            urls = parser.urls
        elif path.suffix == ".css":
            urls = CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace"))
        else:
            continue
        found += [f"{path.relative_to(site).as_posix()} loads {url}" for url in urls if REMOTE.match(url)]
    return found


def leaked_solutions(site: Path, secrets: list[tuple[str, str]]) -> list[str]:
    """One line per page of ``site`` that shows a solution line or an answer key (``secrets``: (where, text) pairs)."""
    wanted = [(where, _squash(text)) for where, text in secrets if _squash(text)]
    found = []
    for path in sorted(Path(site).rglob("*")):
        if path.suffix not in (".html", ".txt", ".js", ".json", ".ipynb"):
            continue
        raw = path.read_text(encoding="utf-8", errors="replace")
        text = page_text(raw) if path.suffix == ".html" else _squash(raw)
        for where, secret in wanted:
            if secret in text:
                found.append(f"{path.relative_to(site).as_posix()} shows solution text from {where} ({secret[:40]!r})")
                break
    return found
