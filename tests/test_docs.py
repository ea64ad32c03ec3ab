"""docs/architecture.md stays true: its module table has one row per module of casekit/, and no row for a module that is gone."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "casekit"
ARCHITECTURE = ROOT / "docs" / "architecture.md"


def table_rows() -> list[str]:
    """The module named in each row of the table under "One line per module" (a path under casekit/, or a glob)."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    section = text.split("## One line per module", 1)[1].split("\n## ", 1)[0]
    rows = [re.match(r"\|\s*`([^`]+)`\s*\|", line) for line in section.splitlines()]
    return [m.group(1) for m in rows if m]


def needs_a_row(path: Path) -> bool:
    """Every module needs a row, but a subpackage's ``__init__.py`` that only gathers its modules' names (defines nothing)."""
    if path.name != "__init__.py" or path.parent == PACKAGE:
        return True
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) for node in tree.body)


def modules() -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if needs_a_row(p))


def test_the_module_table_was_found():
    assert len(table_rows()) > 20, "docs/architecture.md: no module table under '## One line per module'"


def test_every_module_has_a_row_in_the_architecture_table():
    rows = table_rows()
    missing = [m for m in modules() if not any(Path(m).match(row) and m.count("/") == row.count("/") for row in rows)]
    assert not missing, f"docs/architecture.md has no row for: {', '.join(missing)} (add one line each to its module table)"


def test_every_row_of_the_architecture_table_names_a_module_that_exists():
    gone = [row for row in table_rows() if not list(PACKAGE.glob(row))]
    assert not gone, f"docs/architecture.md has rows for modules that do not exist: {', '.join(gone)}"


def test_each_module_has_one_row():
    rows = table_rows()
    assert len(rows) == len(set(rows)), sorted(r for r in rows if rows.count(r) > 1)


def test_make_help_lists_every_target_of_the_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = set(re.search(r"^\.PHONY:(.*)$", makefile, re.M).group(1).split())
    listed = set(re.findall(r'^\t@echo "make (\S+)', makefile, re.M))
    assert phony == listed, f"make help lists {sorted(listed - phony)} that are no targets and misses {sorted(phony - listed)}"
