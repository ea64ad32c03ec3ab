"""A new case folder from a plain text: ``python -m casekit new-case FOLDER --text FILE [--vocabulary general|conflict]``.

The folder gets the text byte for byte, its sentences split and numbered, a
``case.toml`` from the options, ``time_patterns.csv`` with common English date forms
(``templates/time_patterns.csv``: years, months, US and European dates, weekdays,
"3 days ago", "last week", durations), every other table empty with its header, the
data package that describes them (the kit's template, ``templates/datapackage.json``,
with the labels of the chosen vocabulary, ``vocabularies.py``), empty ``checks/`` and
``quizzes/`` folders, and a README that lists what to fill in next and what each
column holds. ``python -m casekit validate FOLDER`` then says what is still missing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

from ..case.dates import parse
from ..case.sentences import sentence_table
from ..errors import NewCaseError
from .vocabularies import DEFAULT, LABELS, apply_vocabulary

__all__ = ["TEMPLATE", "TIME_PATTERNS", "NewCaseError", "new_case"]

TEMPLATE = Path(__file__).with_name("templates") / "datapackage.json"
TIME_PATTERNS = TEMPLATE.with_name("time_patterns.csv")  # common English date forms, so a new case starts with them


def _toml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _case_toml(case_id: str, title: str, publisher: str, date: str, text_name: str, vocabulary: str) -> str:
    return f"""# The case: which text the kit studies, and what is known about it (written by `casekit new-case`).

[case]
id = {_toml_text(case_id)}
title = {_toml_text(title)}
language = "en"
vocabulary = {_toml_text(vocabulary)}  # the labels the case started from; datapackage.json now holds them (add a label there)

[article]
file = "article.txt"
headline = ""        # the text's title, as printed
byline = ""          # who wrote or spoke it
publisher = {_toml_text(publisher)}
published = {_toml_text(date)}  # EDTF: as precise as the evidence, no more
published_basis = ""  # how the date is known (a reference id, a dateline)
url = ""             # where the text was found
source_file = {_toml_text(text_name)}
rights = ""          # who holds the copyright, or that it is in the public domain, and on what grounds
"""


def _columns_section(descriptor: dict) -> str:
    """Each table of the data package with what it holds, its columns with theirs, and the labels a column allows."""
    out = []
    for res in descriptor.get("resources", []):
        out.append(f"### `{res['path']}`\n\n{res.get('description', '')}\n")
        for fld in res["schema"]["fields"]:
            constraints = fld.get("constraints") or {}
            need = "required" if constraints.get("required") else "optional"
            out.append(f"- `{fld['name']}` ({need}): {fld.get('description', '')}")
            labels, enum = fld.get(LABELS) or {}, constraints.get("enum", [])
            if enum and not labels:
                out.append("  - labels: " + ", ".join(f"`{label}`" for label in enum))
            for label in enum if labels else []:
                meaning = labels.get(label, "")
                out.append(f"  - `{label}`" + (f": {meaning}" if meaning else ""))
        out.append("")
    return "\n".join(out)


def _readme(case_id: str, tables: list[str], sentences: int, descriptor: dict, vocabulary: str) -> str:
    rows = "\n".join(f"- `{name}.csv`" for name in tables)
    return f"""# Case folder `{case_id}`

Made by `python -m casekit new-case`. The text is in `article.txt`, split into
{sentences} numbered sentences in `sentences.csv` (check the split: the sentences
must rebuild the text exactly, and `python -m casekit validate` says where not).

What to fill in next, in this order:

0. `python -m casekit draft data/{case_id}` proposes actors, sources, time
   expressions and claims from the text, each row marked `status = draft`:
   confirm or delete each one (`validate` counts those still waiting).
1. `case.toml`: the headline, byline, publisher, date (EDTF), where the text was
   found, and its rights (who holds the copyright, or why it is public domain).
2. `references.csv`: every outside source you will cite (outlet, title, date, address).
3. The tables the lessons use, each row citing a sentence id or a reference id:
{rows}
   Leave out of `datapackage.json` a table your lessons do not use.
4. `checks/<lesson>.toml`: the exercises and their references (see `docs/checks.md`),
   with a `hint` per exercise that names no answer.
5. `solutions/quizzes/{case_id}/<lesson>.toml`: the question bank (see
   `docs/question-banks.md`); `python -m casekit build` seals it into `quizzes/`.

Then `python -m casekit validate data/{case_id}` lists what is still missing, one
line each, and a lesson uses the case with `load_case("{case_id}")`.

## The tables and their columns

As `datapackage.json` describes them when the folder was made. The labels come
from the `{vocabulary}` vocabulary; `python -m casekit vocabulary data/{case_id}`
lists the labels the case allows now. To add one, add it to the column's `enum`
in `datapackage.json` (and its meaning to the column's `{LABELS}`); a new actor
type also needs its row in `actor_types.csv`.

{_columns_section(descriptor)}"""


def _header(fields: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(fields)
    return out.getvalue()


def _template_header() -> list[str]:
    return next(csv.reader(TIME_PATTERNS.read_text(encoding="utf-8").splitlines()[:1]))


def new_case(
    folder: str | os.PathLike,
    text_file: str | os.PathLike,
    *,
    title: str = "",
    publisher: str = "",
    date: str = "",
    case_id: str | None = None,
    vocabulary: str = DEFAULT,
) -> list[str]:
    """Make a case folder from a plain text; return the files written (relative to the folder).

    ``vocabulary`` names the labels the case starts from: ``"general"`` (any
    story) or ``"conflict"`` (a story of armed conflict); see ``vocabularies.py``.
    Raises NewCaseError when the folder already holds files, the text is missing,
    empty or not UTF-8, ``date`` is not EDTF, or the vocabulary is unknown.
    """
    folder, text_file = Path(folder), Path(text_file)
    if folder.exists() and any(folder.iterdir()):
        msg = f"{folder} already holds files; give a new folder, such as data/my-case."
        raise NewCaseError(msg)
    try:
        raw = text_file.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        msg = f"{text_file}: cannot be read ({exc.strerror or exc}); give the path of a plain text file."
        raise NewCaseError(msg) from exc
    except UnicodeDecodeError as exc:
        msg = f"{text_file}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again."
        raise NewCaseError(msg) from exc
    if date:
        parse(date)
    case_id = case_id or re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-") or "new-case"
    sentences = sentence_table(text)
    descriptor = apply_vocabulary(json.loads(TEMPLATE.read_text(encoding="utf-8")), vocabulary)
    descriptor["name"] = f"{case_id}-case"
    descriptor["title"] = title or f"Case {case_id}"
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, str | bytes] = {
        "article.txt": raw,
        "case.toml": _case_toml(case_id, title or case_id, publisher, date, text_file.name, vocabulary),
    }
    tables = []
    for res in descriptor["resources"]:
        fields = [f["name"] for f in res["schema"]["fields"]]
        if res["name"] == "sentences":
            files[res["path"]] = sentences.to_csv(index=False, lineterminator="\n")
        elif res["name"] == "time_patterns" and _header(fields) == _header(_template_header()):
            files[res["path"]] = TIME_PATTERNS.read_text(encoding="utf-8")
        else:
            files[res["path"]] = _header(fields)
            tables.append(res["name"])
    files["datapackage.json"] = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    files["README.md"] = _readme(case_id, tables, len(sentences), descriptor, vocabulary)
    for name, content in files.items():
        target = folder / name
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    for sub in ("checks", "quizzes"):
        (folder / sub).mkdir(exist_ok=True)
    return sorted(files)
