"""The student bundle: ``python -m casekit release OUT.zip``.

The zip holds what a learner needs and nothing an instructor keeps back:
``lessons/``, ``data/`` (with the sealed question banks in ``data/quizzes``),
``casekit/``, ``jupyter/`` settings, ``pyproject.toml``, ``environment.yml``,
the licence files, ``CITATION.cff``, ``docs/glossary.md`` (the lessons link to it), and a
README (every case's rights) and a ``Makefile`` (``make lab`` only) written for students. Never
``solutions/``, the instructor guide, the tests, benchmarks, the rest of docs/ or CI files. Before writing, the release checks that ``lessons/`` and
the question banks are built from the current solutions, and that no line of
a solution region or of a plain answer key appears in any file it packs.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..case.folder import CASES_FILE, case_folders, main_case, read_descriptor, read_meta
from ..case.load import load_case
from ..case.sealed import SEALED_FILE, seal_columns
from ..checks.kinds import key_columns
from ..checks.registry import load_registry
from ..errors import CaseError, ReleaseError
from .banks import build_kit_banks
from .build import CODE_BEGIN, CODE_END, MD_BEGIN, MD_END, build_lessons, solution_regions
from .keys import lesson_number

__all__ = [
    "ReleaseError",
    "Selection",
    "bundle_files",
    "cases_used",
    "dangling_links",
    "make_release",
    "secret_texts",
    "select",
    "solution_lines",
    "student_readme",
]

TOP_FILES = ("pyproject.toml", "environment.yml", "CITATION.cff")
# The one page of docs/ the lessons link to (../docs/glossary.md); the rest of docs/ is for instructors.
STUDENT_DOCS = ("docs/glossary.md",)
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


@dataclass(frozen=True)
class Selection:
    """What a bundle holds of the kit's lessons and cases (``release --lesson``, ``--case``); None: all of them."""

    lessons: tuple[str, ...] | None = None  # notebook names in lessons/
    cases: tuple[str, ...] | None = None  # folder names under data/
    main: str | None = None  # the case data/cases.toml names as main in the bundle, when the kit's main is left out
    left_out: tuple[str, ...] = ()  # lessons that use a chosen case but also one left out, each with why

    def keeps(self, rel: Path) -> bool:
        """Whether the kit's file ``rel`` (relative to the kit) goes into the bundle."""
        parts = rel.parts
        if self.lessons is not None and parts[0] == "lessons" and len(parts) == 2 and rel.suffix == ".ipynb":
            return rel.name in self.lessons
        if self.cases is not None and parts[0] == "data" and len(parts) > 2:
            return parts[1] in self.cases
        return True


def bundle_files(root: str | os.PathLike, selection: Selection | None = None) -> list[tuple[Path, str]]:
    """The kit's files that go into the bundle, as (path on disk, path in the zip) pairs, sorted."""
    root = Path(root)
    selection = selection or Selection()
    pairs: list[tuple[Path, str]] = []
    for name in (*TOP_FILES, *STUDENT_DOCS):
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
                or not selection.keeps(rel)
            ):
                continue
            pairs.append((path, rel.as_posix()))
    return sorted(set(pairs), key=lambda p: p[1])


def cases_used(root: Path, notebook: Path) -> set[str]:
    """The case folders a lesson uses: those its text names in quotes, those that register its exercises or quizzes,
    and the main case when it calls ``load_case`` without naming one."""
    text = _notebook_text(notebook.read_bytes())
    number = notebook.name[:2]
    try:
        main = main_case(root / "data").name
    except CaseError:
        main = None
    used = set()
    for folder in case_folders(root / "data"):
        named = re.search(rf"[\"']{re.escape(folder.name)}[\"']", text)
        registers = any(any((folder / sub).glob(f"{number}-*.toml")) for sub in ("checks", "quizzes"))
        default = folder.name == main and re.search(r"load_case\(\s*(\)|lesson\s*=)", text)
        if named or registers or default:
            used.add(folder.name)
    return used


_LINK = re.compile(r"\]\(([^)\s]+)\)|(?:href|src)=[\"']([^\"']+)[\"']")


def dangling_links(root: str | os.PathLike, selection: Selection) -> list[str]:
    """Each link of a chosen lesson to a lesson the bundle leaves out, one sentence each (none for a whole bundle)."""
    if selection.lessons is None:
        return []
    notes = []
    for name in selection.lessons:
        try:
            cells = json.loads((Path(root) / "lessons" / name).read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        texts = ["".join(c.get("source", "")) for c in cells if c.get("cell_type") == "markdown"]
        links = {a or b for text in texts for a, b in _LINK.findall(text)}
        for link in sorted(links):
            target = posixpath.normpath(posixpath.join("lessons", link.split("#")[0]))
            if target.startswith("lessons/") and target.endswith(".ipynb") and target[len("lessons/") :] not in selection.lessons:
                notes.append(f"lessons/{name} links to {link}, which this bundle leaves out.")
    return notes


def select(root: str | os.PathLike, cases: list[str] | None = None, lessons: list[str] | None = None) -> Selection:
    """The lessons and cases a bundle holds: ``lessons`` (numbers or names) and the cases they use, or ``cases`` and the
    lessons that use them; both: those lessons, which must use no other case. Raise ReleaseError naming what is not there.
    """
    root = Path(root)
    if not cases and not lessons:
        return Selection()
    notebooks = sorted((root / "lessons").glob("*.ipynb"))
    known = [f.name for f in case_folders(root / "data")]
    for name in cases or []:
        if name not in known:
            msg = f"there is no case {name!r} in {root / 'data'}; the cases are: {', '.join(known) or 'none'}."
            raise ReleaseError(msg)
    chosen = notebooks
    if lessons:
        wanted = [lesson_number(n) for n in lessons]
        missing = [n for n in wanted if not any(p.name.startswith(f"{n}-") for p in notebooks)]
        if missing:
            msg = f"there is no lesson {', '.join(missing)} in lessons/; the lessons are: {', '.join(p.stem for p in notebooks)}."
            raise ReleaseError(msg)
        chosen = [p for p in notebooks if p.name[:2] in wanted]
    uses = {p.name: cases_used(root, p) for p in chosen}
    left_out: list[str] = []
    if cases:
        if not lessons:
            left_out = [
                f"{p.stem} (it also uses {', '.join(sorted(uses[p.name] - set(cases)))})"
                for p in chosen
                if uses[p.name] & set(cases) and not uses[p.name] <= set(cases)
            ]
            chosen = [p for p in chosen if uses[p.name] & set(cases) and uses[p.name] <= set(cases)]
        for p in chosen:
            other = sorted(uses[p.name] - set(cases))
            if other:
                msg = f"lesson {p.stem} also uses case {', '.join(other)}; add --case {other[0]}, or leave the lesson out with --lesson."
                raise ReleaseError(msg)
        if not chosen:
            msg = f"no lesson uses only case {', '.join(cases)}{'; left out: ' + '; '.join(left_out) if left_out else ''}; add --case for the others."
            raise ReleaseError(msg)
        kept = [c for c in known if c in cases]
    else:
        kept = [c for c in known if any(c in uses[p.name] for p in chosen)]
    try:
        main = main_case(root / "data").name
    except CaseError:
        main = None
    return Selection(tuple(p.name for p in chosen), tuple(kept), None if main in kept or not kept else kept[0], tuple(left_out))


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


def student_readme(root: str | os.PathLike, selection: Selection | None = None) -> str:
    """The README of the student bundle: what the course is, how to start it, the lessons in order, each text's rights."""
    root = Path(root)
    selection = selection or Selection()
    title = "A Jupyter course"
    try:
        main = root / "data" / selection.main if selection.main else main_case(root / "data")
        title = read_meta(main).get("case", {}).get("title", title)
    except CaseError:
        pass
    texts = []
    for folder in case_folders(root / "data"):
        if selection.cases is not None and folder.name not in selection.cases:
            continue
        try:
            meta = read_meta(folder)
        except CaseError:
            continue
        name, rights = meta.get("case", {}).get("title") or folder.name, meta.get("article", {}).get("rights", "")
        texts.append(f"- {name} (`data/{folder.name}/`): {rights or 'see the licence files.'}")
    lessons = [p for p in sorted((root / "lessons").glob("*.ipynb")) if selection.lessons is None or p.name in selection.lessons]
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

See {licences or "the licence files"}. The texts studied, and their rights:

{chr(10).join(texts) or "- see the licence files."}
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


def sealed_case_files(root: Path, selection: Selection | None = None) -> dict[str, bytes]:
    """The files of each case under data/ as the bundle holds them: the columns that hold a key taken out and packed.

    (path in the zip: its bytes) for each CSV with sealed columns, its data package and the
    case's ``sealed-columns.txt``. See ``case/sealed.py``.
    """
    out: dict[str, bytes] = {}
    for folder in case_folders(root / "data"):
        if selection is not None and selection.cases is not None and folder.name not in selection.cases:
            continue
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


def make_release(
    root: str | os.PathLike, out: str | os.PathLike, cases: list[str] | None = None, lessons: list[str] | None = None
) -> list[str]:
    """Write the student bundle ``out`` (a zip) from the kit at ``root``; return the paths inside it.

    ``cases`` (folder names under data/) and ``lessons`` (numbers or names) make a smaller bundle:
    see :func:`select`. By default it holds every lesson and case.

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
    selection = select(root, cases, lessons)
    pairs = bundle_files(root, selection)
    readme = student_readme(root, selection)
    secrets = secret_texts(root)
    sealed = sealed_case_files(root, selection)
    if selection.main:
        sealed[f"data/{CASES_FILE}"] = (
            f'# The case folders of this bundle; load_case() with no argument gives the main one.\nmain = "{selection.main}"\n'.encode()
        )
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
