"""``python -m casekit site``: the course website, built offline with Sphinx, MyST-NB and the Sphinx Book Theme.

Each edition is built in a temporary folder, checked (no script, style, font or
image from another host; in the student edition, no solution text), and only
then moved into ``out/<edition>/``: a page that fails a check is never left
where it could be published.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import SiteError
from ..release import secret_texts
from .pages import EDITIONS, write_sources
from .scan import external_loads, leaked_solutions

if TYPE_CHECKING:
    from collections.abc import Mapping

    import nbformat

__all__ = ["SiteError", "build_site"]


def _sphinx(src: Path, html: Path, log: Path) -> None:
    try:
        import myst_nb  # noqa: F401
        import sphinx_book_theme  # noqa: F401
    except ImportError as exc:
        msg = f"{exc.name} is not installed: install the site extras with `pip install -e '.[site]'` (make site does this)."
        raise SiteError(msg) from None
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(src / "_build" / "doctrees"), str(src), str(html)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        msg = f"Sphinx could not build {src.name} ({last}); its full output is in {log}."
        raise SiteError(msg)


def _check(html: Path, edition: str, root: Path) -> None:
    problems = external_loads(html)
    if edition == "student":
        problems += leaked_solutions(html, secret_texts(root))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        msg = f"the {edition} edition is not published: {problems[0]}{more}."
        raise SiteError(msg)


def build_site(
    root: str | Path,
    out: str | Path,
    editions: tuple[str, ...] = ("student", "instructor"),
    *,
    jobs: int = 2,
    executed: Mapping[str, nbformat.NotebookNode] | None = None,
) -> dict[str, Path]:
    """Build each edition into ``out/<edition>/``; return {edition: folder}. Raises SiteError with one sentence.

    ``executed``: notebooks already run with static outputs, by file name (see
    ``write_sources``); the test suite passes the lessons nbval has just run.

    Example::

        build_site(".", "site")   # site/student/index.html, site/instructor/index.html
    """
    root, out = Path(root).resolve(), Path(out).resolve()
    unknown = [e for e in editions if e not in EDITIONS]
    if unknown:
        msg = f"there is no {unknown[0]!r} edition; choose from {', '.join(EDITIONS)}."
        raise SiteError(msg)
    from tqdm import tqdm

    built = {}
    for name in editions:
        edition = EDITIONS[name]
        with tempfile.TemporaryDirectory(prefix=f"casekit-site-{name}-") as tmp:
            src, html = Path(tmp) / name, Path(tmp) / "html"
            count = len(list((root / edition.notebooks).glob("*.ipynb")))
            with tqdm(total=count, desc=f"{name} edition: running notebooks", unit="notebook") as bar:
                write_sources(root, edition, src, jobs=jobs, progress=lambda _name, bar=bar: bar.update(), executed=executed)
            out.mkdir(parents=True, exist_ok=True)
            _sphinx(src, html, out / f"{name}-sphinx.log")
            _check(html, name, root)
            target = out / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(str(html), target)
            built[name] = target
    return built
