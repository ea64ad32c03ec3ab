"""The student bundle: ``python -m casekit release OUT.zip``.

The zip holds what a learner needs and nothing an instructor keeps back:
``lessons/``, ``data/`` (with the sealed question banks in ``data/quizzes``),
``casekit/``, ``jupyter/`` settings, ``pyproject.toml``, ``environment.yml``,
the licence files, ``CITATION.cff``, and a README and a ``Makefile`` (``make lab``
only) written for students. Never ``solutions/``, the instructor guide, the tests, benchmarks,
docs or CI files. Before writing, the release checks that ``lessons/`` and
the question banks are built from the current solutions, and that no line of
a solution region or of a plain answer key appears in any file it packs.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

from ..case.folder import case_folders, main_case, read_descriptor, read_meta
from ..case.load import load_case
from ..case.sealed import SEALED_FILE, seal_columns
from ..checks.kinds import key_columns
from ..checks.registry import load_registry
from ..errors import CaseError, ReleaseError
from .banks import build_kit_banks
from .build import CODE_BEGIN, CODE_END, MD_BEGIN, MD_END, build_lessons, solution_regions

__all__ = ["ReleaseError", "bundle_files", "make_release", "secret_texts", "solution_lines", "student_readme"]

TOP_FILES = ("pyproject.toml", "environment.yml", "CITATION.cff")
# The kit's own Makefile also builds solutions and runs the tests, which the bundle leaves out.
# The JupyterLab settings (jupyter/overrides.json) come with the package: pyproject.toml installs them.
STUDENT_MAKEFILE = """# `make lab`: set up .venv the first time (again only when pyproject.toml changes), then open the course.
PYTHON ?= python3
BIN := .venv/bin
LAB_FLAGS := --ServerApp.ip=127.0.0.1 --ServerApp.port_retries=50 --LabApp.extension_manager=readonly
ifeq ($(shell id -u),0)
LAB_FLAGS += --allow-root
endif

.PHONY: lab

.venv/.installed-lab: pyproject.toml jupyter/overrides.json
\ttest -d .venv || $(PYTHON) -m venv .venv
\t$(BIN)/python -m pip install --quiet -e .
\t@touch $@

lab: .venv/.installed-lab
\t$(BIN)/jupyter lab $(LAB_FLAGS) lessons/00-start-here.ipynb
"""
TOP_GLOBS = ("LICENSE*", "COPYING*")
FOLDERS = ("lessons", "data", "casekit", "jupyter")
SKIP_PARTS = {"__pycache__", ".ipynb_checkpoints", "solutions"}
SKIP_SUFFIXES = (".pyc", ".pyo")
# Zip entries get this fixed time, so the same kit gives the same zip (reproducible).
FIXED_TIME = (2020, 1, 1, 0, 0, 0)
MIN_SECRET = 8  # a solution line shorter than this (")" or "]") is not a secret worth looking for


def bundle_files(root: str | os.PathLike) -> list[tuple[Path, str]]:
    """The kit's files that go into the bundle, as (path on disk, path in the zip) pairs, sorted."""
    root = Path(root)
    pairs: list[tuple[Path, str]] = []
    for name in TOP_FILES:
        if (root / name).is_file():
            pairs.append((root / name, name))
    for pattern in TOP_GLOBS:
        pairs += [(p, p.name) for p in sorted(root.glob(pattern)) if p.is_file()]
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            rel = path.relative_to(root)
            if (
                not path.is_file()
                or SKIP_PARTS & set(rel.parts)
                or path.suffix in SKIP_SUFFIXES
                or any(part.startswith(".") for part in rel.parts)
                or rel.parts[-1].endswith(".egg-info")
            ):
                continue
            pairs.append((path, rel.as_posix()))
    return sorted(set(pairs), key=lambda p: p[1])


def _first_heading(path: Path) -> str:
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return ""
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            text = "".join(cell.get("source", "")) if isinstance(cell.get("source"), list) else cell.get("source", "")
            m = re.search(r"^#\s+(.+)$", text, re.M)
            if m:
                return m.group(1).strip()
    return ""


def student_readme(root: str | os.PathLike) -> str:
    """The README of the student bundle: what the course is, how to start it, the lessons in order."""
    root = Path(root)
    title = "A Jupyter course"
    try:
        meta = read_meta(main_case(root / "data"))
        title = meta.get("case", {}).get("title", title)
        rights = meta.get("article", {}).get("rights", "")
    except CaseError:
        rights = ""
    lessons = sorted((root / "lessons").glob("*.ipynb"))
    first = lessons[0].name if lessons else "00-start-here.ipynb"
    rows = "\n".join(f"| `{p.stem}` | {_first_heading(p) or p.stem} |" for p in lessons)
    licences = ", ".join(f"`{p.name}`" for pattern in TOP_GLOBS for p in sorted(root.glob(pattern)) if p.is_file())
    return f"""# {title}

The student edition of a Jupyter course: notebooks that teach careful reading
of one news article, a small helper package (`casekit/`) and the case data
(`data/`). Work through the lessons in order; each one opens with its
questions and objectives and ends with key points.

## Start

You need Python 3.11 or newer. In this folder, either

```
make lab
```

(Linux or macOS: sets up `.venv` the first time, then opens JupyterLab), or,
with conda:

```
conda env create -f environment.yml
conda activate casekit
jupyter lab lessons/{first}
```

or, with plain Python:

```
python -m venv .venv
.venv/bin/python -m pip install -e .        # on Windows: .venv\\Scripts\\python -m pip install -e .
.venv/bin/jupyter lab lessons/{first}
```

Nothing is fetched from the internet while you work: every chart and quiz works offline.

## The lessons

| notebook | title |
|---|---|
{rows}

In each lesson: *Run → Run All Cells*, read, answer the quizzes, and fill in
the exercises: replace `...` with your answer and run the cell; `check(...)`
tells you what is right or missing. Your quiz answers and checks are saved on
your own computer; `progress()` shows them.

## Licences

See {licences or "the licence files"}. {rights}
"""


def _notebook_text(data: bytes) -> str:
    """A notebook's cell sources and text outputs as plain lines (its JSON escapes quotes, which would hide a match)."""
    try:
        cells = json.loads(data.decode("utf-8")).get("cells", [])
    except (UnicodeDecodeError, ValueError, AttributeError):
        return data.decode("utf-8", errors="ignore")
    parts = []
    for cell in cells if isinstance(cells, list) else []:
        src = cell.get("source", "")
        parts.append("".join(src) if isinstance(src, list) else str(src))
        for out in cell.get("outputs", []) or []:
            for value in [out.get("text", ""), *(out.get("data") or {}).values()]:
                parts.append("".join(value) if isinstance(value, list) else value if isinstance(value, str) else "")
    return "\n".join(parts)


def secret_texts(root: Path) -> list[tuple[str, str]]:
    """(where, text) for every solution line and plain answer key of the kit.

    A line inside a solution region that a lesson also shows outside one (a
    closing ``], columns=[...])`` that the worked example shares) gives nothing away and is left out.
    """
    root = Path(root)
    shown = {line.strip() for path in sorted((root / "lessons").glob("*.ipynb")) for line in _notebook_text(path.read_bytes()).splitlines()}
    secrets = [(f"solutions/{src}", line) for src, line in solution_lines(root) if line not in shown]
    for bank in sorted((root / "solutions" / "quizzes").rglob("*.toml")):
        for line in bank.read_text(encoding="utf-8").splitlines():
            if re.match(r"\s*(answer|accept|number)\s*=", line):
                secrets.append((bank.relative_to(root).as_posix(), line.strip()))
    return [(w, t) for w, t in secrets if len(t) >= MIN_SECRET and t not in (CODE_BEGIN, CODE_END, MD_BEGIN, MD_END)]


def solution_lines(root: str | os.PathLike) -> list[tuple[str, str]]:
    """(notebook, line) for every non-blank line inside a solution region of ``solutions/*.ipynb``."""
    out = []
    for path in sorted((Path(root) / "solutions").glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError) as exc:
            msg = f"{path.name}: cannot be read as a notebook ({exc}); fix it before releasing."
            raise ReleaseError(msg) from exc
        for i, cell in enumerate(cells, start=1):
            src = cell.get("source", "")
            src = "".join(src) if isinstance(src, list) else src
            markers = (CODE_BEGIN, CODE_END) if cell.get("cell_type") == "code" else (MD_BEGIN, MD_END)
            lines = src.splitlines()
            for start, stop in solution_regions(src, *markers, f"{path.name}, cell {i}"):
                out += [(path.name, line.strip()) for line in lines[start + 1 : stop] if line.strip()]
    return out


def sealed_case_files(root: Path) -> dict[str, bytes]:
    """The files of each case under data/ as the bundle holds them: the columns that hold a key taken out and packed.

    (path in the zip: its bytes) for each CSV with sealed columns, its data package and the
    case's ``sealed-columns.txt``. See ``case/sealed.py``.
    """
    out: dict[str, bytes] = {}
    for folder in case_folders(root / "data"):
        case = load_case(folder, validate=False)
        places: dict[str, list[str]] = {}
        for table, column in key_columns(case, load_registry(folder)):
            places.setdefault(table, []).append(column)
        descriptor, files, packed = seal_columns(folder, read_descriptor(folder), places)
        if not packed:
            continue
        prefix = folder.relative_to(root).as_posix()
        out |= {f"{prefix}/{path}": data for path, data in files.items()}
        out[f"{prefix}/datapackage.json"] = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        out[f"{prefix}/{SEALED_FILE}"] = packed.encode("ascii")
    return out


def make_release(root: str | os.PathLike, out: str | os.PathLike) -> list[str]:
    """Write the student bundle ``out`` (a zip) from the kit at ``root``; return the paths inside it.

    Every path sits under one folder named like the zip (``casekit-student/lessons/...``).
    Raises ReleaseError when lessons/ or the question banks are out of date, or when a
    solution line or answer key would be packed.

    Example::

        names = make_release(".", "dist/casekit-student.zip")
    """
    root, out = Path(root).resolve(), Path(out)
    if not (root / "lessons").is_dir() or not any((root / "lessons").glob("*.ipynb")):
        msg = f"{root / 'lessons'} holds no notebooks; run `python -m casekit build` first."
        raise ReleaseError(msg)
    if (root / "solutions").is_dir() and any((root / "solutions").glob("*.ipynb")):
        stale = build_lessons(root / "solutions", root / "lessons", check=True)
        if (root / "solutions" / "quizzes").is_dir():
            stale += [f"data/{n}" for n in build_kit_banks(root / "solutions" / "quizzes", root / "data", check=True)]
        if stale:
            msg = f"out of date: {', '.join(stale)}; run `python -m casekit build` first, so students get the current lessons."
            raise ReleaseError(msg)
    pairs = bundle_files(root)
    readme = student_readme(root)
    secrets = secret_texts(root)
    sealed = sealed_case_files(root)
    contents = (
        [(arc, sealed.get(arc, path.read_bytes())) for path, arc in pairs]
        + [(arc, data) for arc, data in sealed.items() if arc not in {a for _, a in pairs}]
        + [
            ("README.md", readme.encode("utf-8")),
            ("Makefile", STUDENT_MAKEFILE.encode("utf-8")),
        ]
    )
    for arc, data in contents:
        text = _notebook_text(data) if arc.endswith(".ipynb") else data.decode("utf-8", errors="ignore")
        for where, secret in secrets:
            if secret in text:
                msg = f"{arc} contains solution text from {where} ({secret[:40]!r}); remove it (or mark it as a solution) and build again."
                raise ReleaseError(msg)
    out = out if out.is_absolute() else Path.cwd() / out
    try:
        out.relative_to(root / "lessons")
    except ValueError:
        pass
    else:
        msg = f"{out}: write the bundle outside lessons/."
        raise ReleaseError(msg)
    top = out.stem
    out.parent.mkdir(parents=True, exist_ok=True)
    names = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for arc, data in sorted(contents):
            info = zipfile.ZipInfo(f"{top}/{arc}", date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
            names.append(info.filename)
    return names
