"""The source folder of one edition of the course website: executed notebooks, the guides, an index, Sphinx's conf.py.

The folder mirrors the kit's own layout (``lessons/`` or ``solutions/``, ``docs/``,
``INSTRUCTORS.md``), so the links the lessons already hold (``../docs/glossary.md``,
``01-reading-the-article.ipynb``) work on the website unchanged.
"""

from __future__ import annotations

import copy
import os
import shutil
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from ...case.folder import main_case, read_meta
from ...common.display import STATIC_ENV
from ...errors import CaseError, CasekitError
from ..build import INSTRUCTOR_TAG
from ..execute import execute_fresh

__all__ = ["EDITIONS", "Edition", "write_sources"]

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class Edition:
    """One edition of the website: which notebooks it shows and which guides come along."""

    name: str
    notebooks: str  # the kit's folder the notebooks come from
    guides: tuple[str, ...]  # Markdown files of the kit, by path
    intro: str


EDITIONS = {
    "student": Edition(
        "student",
        "lessons",
        ("docs/glossary.md",),
        "The student edition: every lesson as you will see it in JupyterLab, with its tables and charts. "
        "The quizzes are self-checks here: answer for yourself first, then open the hint, and the answer last. "
        "To answer the exercises and have your work checked and saved, open the lessons in JupyterLab (see the course README).",
    ),
    "instructor": Edition(
        "instructor",
        "solutions",
        ("INSTRUCTORS.md", "docs/glossary.md", "docs/new-case.md", "docs/checks.md", "docs/question-banks.md"),
        "The instructor edition: every lesson with its worked answers and the instructor notes, and the guides for running a class. "
        "Do not publish this edition where students can read it.",
    ),
}

CONF = """# Written by `python -m casekit site`; edit casekit/instructor/site/pages.py instead.
project = {title!r}
author = "casekit"
copyright = "the authors of the course; the article belongs to its publisher (see LICENSE-CONTENT.md)"
extensions = ["myst_nb"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
# The notebooks arrive executed, with static outputs (casekit site runs them): nothing is run here.
nb_execution_mode = "off"
# No widget scripts: they would come from a CDN, and the pages have no widgets.
nb_ipywidgets_js = {{}}
myst_heading_anchors = 3
html_theme = "sphinx_book_theme"
html_title = {title!r}
html_theme_options = {{
    "use_download_button": False,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_source_button": False,
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "extra_footer": {footer!r},
}}
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
# Offline: MathJax would load from a CDN; the course has no mathematics.
mathjax_path = "mathjax-is-not-used.js"
suppress_warnings = ["myst.xref_missing", "myst.header"]
"""


def _title(root: Path) -> str:
    try:
        return str(read_meta(main_case(root / "data")).get("case", {}).get("title") or "A Jupyter course")
    except CaseError:
        return "A Jupyter course"


def _index(edition: Edition, notebooks: list[Path], title: str) -> str:
    lessons = "\n".join(f"{edition.notebooks}/{p.stem}" for p in notebooks)
    guides = "\n".join(g.removesuffix(".md") for g in edition.guides)
    return f"""# {title}

{edition.intro}

```{{toctree}}
:caption: Lessons
:maxdepth: 1

{lessons}
```

```{{toctree}}
:caption: Guides
:maxdepth: 1

{guides}
```
"""


def _static(nb: nbformat.NotebookNode, edition: Edition) -> nbformat.NotebookNode:
    """Drop what a static page cannot show or must not show: widget views, instructor cells (student edition)."""
    cells = []
    for cell in nb.cells:
        if edition.name == "student" and INSTRUCTOR_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        cell.get("metadata", {}).pop("execution", None)
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            data.pop(WIDGET_VIEW, None)
            if "image/svg+xml" in data and data.get("text/plain"):  # a chart: its description is the image's alt text
                cell.metadata.setdefault("mystnb", {}).setdefault("image", {})["alt"] = "".join(data["text/plain"])
        cell["outputs"] = [o for o in cell.get("outputs", []) if o.get("output_type") != "display_data" or o.get("data")]
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def _execute(path: Path, out: Path, edition: Edition, timeout: int) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    execute_fresh(nb, path=path, timeout=timeout, env={STATIC_ENV: "1"})
    nbformat.write(_static(nb, edition), out)


def write_sources(
    root: Path,
    edition: Edition,
    src: Path,
    *,
    jobs: int = 2,
    timeout: int = 180,
    progress=None,
    executed: Mapping[str, nbformat.NotebookNode] | None = None,
) -> list[Path]:
    """Fill ``src`` with the edition's pages; return the notebooks written.

    The notebooks are run afresh (``jobs`` at a time, each in its own kernel,
    with an empty progress folder), with static outputs: quizzes as self-check
    blocks and charts as SVG images. ``progress(name)`` is called as each ends.
    ``executed`` holds notebooks (by file name) already run that way, with
    ``CASEKIT_STATIC_OUTPUT=1`` and a newcomer's folders: they are used as they are.
    """
    executed = executed or {}
    root = Path(root)
    notebooks = sorted((root / edition.notebooks).glob("*.ipynb"))
    if not notebooks:
        msg = f"{root / edition.notebooks} holds no notebooks; run `python -m casekit build` first."
        raise CasekitError(msg)
    (src / edition.notebooks).mkdir(parents=True, exist_ok=True)
    for guide in edition.guides:
        if (root / guide).is_file():
            (src / guide).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / guide, src / guide)
    if (root / "docs" / "img").is_dir():
        shutil.copytree(root / "docs" / "img", src / "docs" / "img", dirs_exist_ok=True)
    title = _title(root)
    footer = f"Built by casekit from {edition.notebooks}/ ({edition.name} edition)."
    (src / "conf.py").write_text(CONF.format(title=title, footer=footer), encoding="utf-8")
    (src / "index.md").write_text(_index(edition, notebooks, title), encoding="utf-8")

    def run(path: Path) -> Path:
        out = src / edition.notebooks / path.name
        if path.name in executed:
            nbformat.write(_static(copy.deepcopy(executed[path.name]), edition), out)
        else:
            _execute(path, out, edition, timeout)
        if progress:
            progress(path.name)
        return out

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, os.cpu_count() or 1, len(notebooks)))) as pool:
        return list(pool.map(run, notebooks))
