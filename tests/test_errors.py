"""casekit raises one family of exceptions, all defined in casekit/errors.py."""

from __future__ import annotations

import ast
from pathlib import Path

import casekit.errors as errors

PACKAGE = Path(errors.__file__).parent


def test_every_exception_class_is_defined_in_errors_py():
    outside = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "errors.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                isinstance(b, ast.Name) and (b.id.endswith(("Error", "Exception")) or b.id == "CasekitError") for b in node.bases
            ):
                outside.append(f"{path.relative_to(PACKAGE)}: {node.name}")
    assert not outside, outside


def test_every_error_of_the_family_derives_from_casekit_error():
    classes = [v for v in vars(errors).values() if isinstance(v, type) and issubclass(v, BaseException)]
    assert len(classes) > 10
    assert all(issubclass(c, errors.CasekitError) for c in classes)
