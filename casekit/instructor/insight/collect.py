"""A class's progress files gathered for the class report: folders, globs or single files; bad input skipped, one line each.

A file is skipped (and named in one sentence) when it is a symbolic link, larger than ``MAX_BYTES``,
not JSON, not a casekit progress record, of another case, or of a progress-file version this kit
does not read. Graded CSVs (``*.csv``) named among the sources are read as the grader's table; folders
are searched for ``*.json`` only.
"""

from __future__ import annotations

import glob
import hashlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...common.files import cache_dir, write_atomic
from ...records.reading import VERSIONS, read_record

__all__ = ["GENERIC_NAMES", "MAX_BYTES", "ClassFiles", "LearnerFile", "gather", "pseudonym", "pseudonym_salt"]

MAX_BYTES = 2_000_000  # a learner's progress file is a few kilobytes; anything this large is not one


@dataclass(frozen=True)
class LearnerFile:
    """One learner's progress record, with the file it came from."""

    learner: str
    path: Path
    data: dict


@dataclass
class ClassFiles:
    """What the sources gave: the learners' records, the graded rows, and one line per thing skipped."""

    learners: list[LearnerFile] = field(default_factory=list)
    grades: pd.DataFrame | None = None
    skipped: list[str] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)  # every file looked at (for --watch)


def _expand(source: str | os.PathLike, skipped: list[str]) -> list[Path]:
    text = str(source)
    if any(ch in text for ch in "*?["):
        found = [Path(p) for p in sorted(glob.glob(os.path.expanduser(text), recursive=True))]
        if not found:
            skipped.append(f"{text}: the pattern matches no file; check the path.")
        out: list[Path] = []
        for p in found:
            out += sorted(p.rglob("*.json")) if p.is_dir() and not p.is_symlink() else [p]
        return out
    path = Path(text).expanduser()
    if path.is_dir() and not path.is_symlink():
        # a graded CSV is given by its own name, never found in a folder
        return sorted(p for p in path.rglob("*.json") if not any(part.startswith(".") for part in p.relative_to(path).parts))
    if path.exists() or path.is_symlink():
        return [path]
    skipped.append(f"{text}: no such file or folder; give folders of progress files, a glob or single files.")
    return []


def _problem(path: Path, case_id: str | None) -> tuple[dict | None, str | None]:
    """The record in ``path``, or the sentence that says why it was skipped."""
    if path.is_symlink():
        return None, f"{path}: a symbolic link, skipped; copy the file itself into the folder."
    try:
        size = path.stat().st_size
    except OSError as exc:
        return None, f"{path}: cannot be read ({exc.strerror or exc}), skipped."
    if size > MAX_BYTES:
        return None, f"{path}: {size // 1_000_000} MB is far too large for a progress file, skipped."
    data = read_record(path)
    if data is None:
        return None, f"{path}: not a readable progress file (not JSON, or not the kit's shape), skipped."
    version = data.get("version")
    if "case" not in data or version is None:
        return None, f"{path}: not a casekit progress file (no case or version), skipped."
    if version not in VERSIONS:
        return (
            None,
            f"{path}: progress-file version {version!r} is not one this kit reads ({', '.join(map(str, VERSIONS))}); update the kit, skipped.",
        )
    if case_id is not None and str(data.get("case")) != case_id:
        return None, f"{path}: a progress file of case {data.get('case')!r}, not {case_id!r}, skipped."
    return data, None


def _grades(path: Path, skipped: list[str]) -> pd.DataFrame | None:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        skipped.append(f"{path}: not a readable CSV ({type(exc).__name__}), skipped.")
        return None
    if not {"learner", "exercise", "status"} <= set(table.columns):
        skipped.append(f"{path}: not a grades CSV (it needs the columns learner, exercise and status), skipped.")
        return None
    return table[["learner", "exercise", "status"]]


def _tries(data: dict) -> int:
    total = 0
    for part in ("quiz", "checks"):
        for rec in data.get(part, {}).values():
            if isinstance(rec, dict) and str(rec.get("attempts", "")).isdigit():
                total += int(rec["attempts"])
    return total


# Names a progress file holds when the kit could not tell learners apart (a shared hub user, the website's build).
GENERIC_NAMES = frozenset({"student", "jovyan", "learner", "user", "root", "tester"})


def _learner(data: dict, path: Path, source: Path) -> str:
    """The learner of a file: the name saved inside it, unless that name is generic; then the folder under the source, or the file's name."""
    name = str(data.get("learner") or "")
    if name and name.lower() not in GENERIC_NAMES:
        return name
    try:
        parts = path.relative_to(source).parts if source.is_dir() else ()
    except ValueError:
        parts = ()
    return parts[0] if len(parts) > 1 else f"{path.parent.name}/{path.stem}"


def gather(sources, case_id: str | None = None) -> ClassFiles:
    """The progress files (and graded CSVs) under ``sources`` for ``case_id``; bad input is skipped, one line each.

    The learner is the name saved in the file; where it is generic (``student``, ``jovyan``: ``GENERIC_NAMES``) the
    first folder under the source (``handed-in/alice/progress.json``) or the file's folder and name. A learner found
    twice (collected from a hub and handed in) is counted once: the file with more tries.
    """
    out = ClassFiles()
    seen: dict[str, int] = {}
    grades = []
    for source in sources:
        for path in _expand(source, out.skipped):
            out.paths.append(path)
            if ".corrupt-" in path.name or path.name.endswith(".lock"):
                continue
            if path.suffix == ".csv" and not path.is_symlink():
                table = _grades(path, out.skipped)
                if table is not None:
                    grades.append(table)
                continue
            data, problem = _problem(path, case_id)
            if problem or data is None:
                out.skipped.append(problem or f"{path}: not a progress record; skipped.")
                continue
            learner = _learner(data, path, Path(str(source)).expanduser())
            if learner in seen:
                kept = out.learners[seen[learner]]
                if _tries(data) > _tries(kept.data):
                    out.learners[seen[learner]] = LearnerFile(learner, path, data)
                out.skipped.append(f"{path}: a second file of the same learner; the one with more tries is used.")
                continue
            seen[learner] = len(out.learners)
            out.learners.append(LearnerFile(learner, path, data))
    if grades:
        out.grades = pd.concat(grades, ignore_index=True)
    return out


def pseudonym_salt() -> bytes:
    """A random salt kept in the kit's cache folder, so pseudonyms stay the same between reports and cannot be guessed from a roster."""
    path = cache_dir() / "class-report-salt"
    try:
        salt = path.read_bytes()
        if len(salt) >= 16:
            return salt
    except OSError:
        pass
    salt = secrets.token_hex(16).encode()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, salt.decode())
    except OSError:
        pass  # no cache folder: pseudonyms hold for this report only
    return salt


def pseudonym(learner: str, salt: bytes | None = None) -> str:
    """A learner's pseudonym on the class report: ``learner-`` and six hex digits of a salted hash of the name."""
    salt = pseudonym_salt() if salt is None else salt
    return "learner-" + hashlib.sha256(salt + learner.encode("utf-8", "replace")).hexdigest()[:6]
