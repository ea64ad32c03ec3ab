"""The student bundle: ``casekit.release.make_release`` and ``python -m casekit release``.

The tests release a copy of this kit (lessons built from its solutions, as
`make build` does) and open the zip to prove what is in it and what is not.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path

import nbformat
import pytest

from casekit.cli import main
from casekit.instructor.banks import build_banks
from casekit.instructor.build import build_lessons
from casekit.instructor.release import ReleaseError, make_release

ROOT = Path(__file__).resolve().parents[1]
SKIP = shutil.ignore_patterns(".venv", ".git", ".pytest_cache", ".hypothesis", "__pycache__", "*.egg-info", ".cache", "dist")


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """A copy of this kit with its lessons and banks built, and an instructor guide that must stay out."""
    root = tmp_path_factory.mktemp("kit") / "casekit"
    shutil.copytree(ROOT, root, ignore=SKIP)
    build_lessons(root / "solutions", root / "lessons")
    build_banks(root / "solutions" / "quizzes", root / "data")
    (root / "INSTRUCTORS.md").write_text("# Instructor guide\nThe answer to 00-analysts is in solutions/.\n")
    return root


@pytest.fixture(scope="module")
def bundle(kit, tmp_path_factory):
    out = tmp_path_factory.mktemp("dist") / "casekit-student.zip"
    names = make_release(kit, out)
    with zipfile.ZipFile(out) as zf:
        files = {name.split("/", 1)[1]: zf.read(name) for name in zf.namelist()}
    return {"out": out, "names": names, "files": files}


def solution_texts(kit: Path) -> list[str]:
    """Lines inside solution regions of solutions/*.ipynb and the answer keys of solutions/quizzes/*.toml."""
    texts = []
    for path in sorted((kit / "solutions").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            inside = False
            for line in cell.source.splitlines():
                if line.strip() in ("### BEGIN SOLUTION", "<!-- BEGIN SOLUTION -->"):
                    inside = True
                elif line.strip() in ("### END SOLUTION", "<!-- END SOLUTION -->"):
                    inside = False
                elif inside and len(line.strip()) >= 8:
                    texts.append(line.strip())
    for bank in sorted((kit / "solutions" / "quizzes").glob("*.toml")):
        text = bank.read_text(encoding="utf-8")
        texts += [m.group(0).strip() for m in re.finditer(r"^\s*(answer|accept|number)\s*=.*$", text, re.M)]
        for q in tomllib.loads(text).get("question", []):
            texts += [f for f in q.get("feedback", {}).values() if isinstance(f, str) and len(f) >= 20]
    return texts


def test_bundle_has_no_solutions_and_no_instructor_files(bundle):
    paths = list(bundle["files"])
    assert not [p for p in paths if p.split("/")[0] in {"solutions", "tests", ".ci", ".github", "benchmarks"}]
    assert [p for p in paths if p.startswith("docs/")] == ["docs/glossary.md"]  # the one page the lessons link to
    assert not [p for p in paths if "INSTRUCTORS" in p or "__pycache__" in p or p.endswith(".pyc")]


def test_bundle_contains_no_solution_text(kit, bundle):
    secrets = solution_texts(kit)
    assert secrets, "the kit's solutions should hold solution regions and answer keys"
    leaks = [(name, s) for name, data in bundle["files"].items() for s in secrets if s in data.decode("utf-8", "ignore")]
    assert leaks == []


def test_bundle_holds_what_a_student_needs(kit, bundle):
    paths = set(bundle["files"])
    for name in (
        "README.md",
        "pyproject.toml",
        "environment.yml",
        "Makefile",
        "CITATION.cff",
        "LICENSE",
        "casekit/__init__.py",
        "data/cases.toml",
        "data/assad-fall-2024/datapackage.json",
        "data/white-house-2024-12-08/datapackage.json",
        "jupyter/overrides.json",
        "lessons/00-start-here.ipynb",
    ):
        assert name in paths, name
    package = {p.relative_to(kit).as_posix() for p in (kit / "casekit").rglob("*.py") if "__pycache__" not in p.parts}
    assert "casekit/checks/run.py" in package and package <= paths
    data = {p.relative_to(kit).as_posix() for p in (kit / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert data <= paths and any(p.startswith("data/assad-fall-2024/quizzes/") for p in data)
    assert all(name.startswith("casekit-student/") for name in bundle["names"])


def test_student_readme_is_for_students_only(bundle):
    readme = bundle["files"]["README.md"].decode()
    assert "make lab" in readme and "lessons/00-start-here.ipynb" in readme and "`00-start-here`" in readme
    for word in ("instructor", "solutions/", "grade", "make test"):
        assert word not in readme.lower()


def test_release_is_reproducible(kit, bundle, tmp_path):
    again = tmp_path / "casekit-student.zip"
    make_release(kit, again)
    assert again.read_bytes() == bundle["out"].read_bytes()


def test_release_refuses_stale_lessons(kit, tmp_path):
    stale = tmp_path / "kit"
    shutil.copytree(kit, stale)
    nb = nbformat.read(stale / "solutions" / "00-start-here.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A new paragraph."))
    nbformat.write(nb, stale / "solutions" / "00-start-here.ipynb")
    with pytest.raises(ReleaseError, match=r"out of date: 00-start-here.ipynb; run `python -m casekit build` first"):
        make_release(stale, tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_release_refuses_a_file_that_holds_solution_text(kit, tmp_path):
    leaky = tmp_path / "kit"
    shutil.copytree(kit, leaky)
    secret = solution_texts(kit)[0]
    (leaky / "data" / "notes.md").write_text(f"Psst: {secret}\n")
    with pytest.raises(ReleaseError, match=r"^data/notes.md contains solution text from solutions/"):
        make_release(leaky, tmp_path / "out.zip")


def test_cli_release_writes_the_zip(kit, tmp_path, capsys):
    out = tmp_path / "student.zip"
    assert main(["release", str(out), "--root", str(kit)]) == 0
    assert "no solutions" in capsys.readouterr().out
    assert zipfile.is_zipfile(out)


def test_cli_release_without_lessons_says_to_build(tmp_path, capsys):
    (tmp_path / "lessons").mkdir()
    assert main(["release", str(tmp_path / "x.zip"), "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Error: ") and "holds no notebooks; run `python -m casekit build` first." in err
    assert "Traceback" not in err


def test_bundle_makefile_only_opens_the_lab(bundle, tmp_path):
    """The student Makefile has `make lab` and nothing that needs the instructor's folders."""
    makefile = bundle["files"]["Makefile"].decode("utf-8")
    assert "lab:" in makefile and "solutions" not in makefile and "pytest" not in makefile
    (tmp_path / "Makefile").write_text(makefile, encoding="utf-8")
    for name in ("pyproject.toml", "jupyter/overrides.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(bundle["files"][name])
    dry = subprocess.run(["make", "-n", "lab"], cwd=tmp_path, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    assert "jupyter lab --ServerApp.ip=127.0.0.1" in dry.stdout and "extension_manager=readonly" in dry.stdout


LINK = re.compile(r"\]\(([^)\s]+)\)|(?:href|src)=[\"']([^\"']+)[\"']")


def relative_links(files: dict[str, bytes], notebook: str) -> list[str]:
    """The relative links of a notebook's markdown cells (no web address, no anchor of the page itself)."""
    cells = nbformat.reads(files[notebook].decode("utf-8"), as_version=4).cells
    found = [a or b for c in cells if c.cell_type == "markdown" for a, b in LINK.findall(c.source)]
    return [link for link in found if not re.match(r"[a-z]+:|#", link)]


def broken_links(files: dict[str, bytes]) -> list[str]:
    """Each relative link of the bundle's lessons whose file is not in the bundle."""
    broken = []
    for name in sorted(n for n in files if n.startswith("lessons/") and n.endswith(".ipynb")):
        for link in relative_links(files, name):
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), link.split("#")[0]))
            if target not in files:
                broken.append(f"{name} -> {link}")
    return broken


def test_every_relative_link_of_the_lessons_resolves_inside_the_bundle(bundle):
    assert any("../docs/glossary.md" in relative_links(bundle["files"], n) for n in bundle["files"] if n.startswith("lessons/"))
    assert broken_links(bundle["files"]) == []


def test_the_readme_gives_the_rights_of_every_case(kit, bundle):
    readme = bundle["files"]["README.md"].decode()
    for folder in ("assad-fall-2024", "white-house-2024-12-08"):
        meta = tomllib.loads((kit / "data" / folder / "case.toml").read_text(encoding="utf-8"))
        assert f"- {meta['case']['title']} (`data/{folder}/`): {meta['article']['rights']}" in readme


def open_zip(out: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(out) as zf:
        return {name.split("/", 1)[1]: zf.read(name) for name in zf.namelist()}


def test_release_of_one_case_holds_that_case_and_the_lessons_that_use_only_it(kit, tmp_path, capsys):
    out = tmp_path / "main.zip"
    assert main(["release", str(out), "--root", str(kit), "--case", "assad-fall-2024"]) == 0
    printed = capsys.readouterr().out
    assert "(lessons 00, 01, 02, 03, 04, 05)" in printed
    assert "Left out: lesson 06-transfer (it also uses white-house-2024-12-08)." in printed
    assert "Note: lessons/05-capstone.ipynb links to 06-transfer.ipynb, which this bundle leaves out." in printed
    files = open_zip(out)
    assert not [n for n in files if n.startswith("data/white-house-2024-12-08/")]
    assert "data/assad-fall-2024/datapackage.json" in files and "lessons/06-transfer.ipynb" not in files
    readme = files["README.md"].decode()
    assert "`06-transfer`" not in readme and "data/white-house-2024-12-08" not in readme and "`05-capstone`" in readme


def test_release_of_chosen_lessons_holds_them_and_the_cases_they_use(kit, tmp_path):
    out = tmp_path / "early.zip"
    make_release(kit, out, lessons=["00", "1"])
    files = open_zip(out)
    assert sorted(n for n in files if n.startswith("lessons/")) == ["lessons/00-start-here.ipynb", "lessons/01-reading-the-article.ipynb"]
    assert not [n for n in files if n.startswith("data/white-house-2024-12-08/")]
    make_release(kit, out, lessons=["06"])
    files = open_zip(out)
    assert {n.split("/")[1] for n in files if n.startswith("data/") and n.count("/") > 1} == {"assad-fall-2024", "white-house-2024-12-08"}


def test_release_of_a_case_that_is_not_the_main_one_names_it_main_in_the_bundle(kit, tmp_path):
    out = tmp_path / "second.zip"
    make_release(kit, out, cases=["white-house-2024-12-08", "assad-fall-2024"], lessons=["06"])
    assert 'main = "assad-fall-2024"' in open_zip(out)["data/cases.toml"].decode()
    with pytest.raises(ReleaseError, match=r"lesson 06-transfer also uses case assad-fall-2024; add --case assad-fall-2024"):
        make_release(kit, out, cases=["white-house-2024-12-08"], lessons=["06"])


@pytest.mark.parametrize(
    "cases,lessons,message",
    [
        (["nowhere"], None, "there is no case 'nowhere' in "),
        (None, ["09"], "there is no lesson 09 in lessons/; the lessons are: 00-start-here, "),
        (["white-house-2024-12-08"], None, "no lesson uses only case white-house-2024-12-08; left out: 06-transfer"),
    ],
)
def test_release_refuses_a_choice_it_cannot_make_in_one_sentence(kit, tmp_path, cases, lessons, message):
    with pytest.raises(ReleaseError, match=re.escape(message)):
        make_release(kit, tmp_path / "x.zip", cases=cases, lessons=lessons)
    assert not (tmp_path / "x.zip").exists()
