"""pyproject.toml and environment.yml declare the same runtime packages."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _conda_packages() -> set[str]:
    names, in_pip = set(), False
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for line in text[text.index("dependencies:") :].splitlines()[1:]:
        stripped = line.split("#")[0].rstrip()
        if re.match(r"^\s+- pip:\s*$", stripped):
            in_pip = True
            continue
        m = re.match(r"^(\s+)- (\S.*)$", stripped)
        if not m:
            in_pip = in_pip and bool(stripped.strip())
            continue
        item = m.group(2)
        if item.startswith("-e ") or item in {".", "pip"} or item.startswith("python"):
            continue
        names.add(_name(item))
    return names


def test_environment_yml_and_pyproject_name_the_same_packages():
    declared = {_name(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    assert declared == _conda_packages()


def test_lower_bounds_agree():
    project = {_name(r): r for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    for name, requirement in project.items():
        bound = re.search(r">=\s*([\w.]+)", requirement)
        assert bound and f"{name}>={bound.group(1)}" in text, name


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    assert "make test" in (ROOT / "README.md").read_text()
