"""casekit puts off jsonschema's IRI checker until an IRI is checked, and the checks answer as before."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("rfc3987_syntax") is None, reason="rfc3987_syntax is not installed here")

VALUES = ["http://example.org/ü", "https://例え.jp/パス?q=1#f", "not an iri", "//host/a b", "urn:isbn:0451450523", ""]

CHECK = """
import json, sys
{first}
import jsonschema
checker = jsonschema.Draft7Validator.FORMAT_CHECKER
values = json.loads(sys.argv[1])
print(json.dumps([[checker.conforms(v, "iri"), checker.conforms(v, "iri-reference")] for v in values]))
"""


def _python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60, check=True)
    return done.stdout.strip()


def test_importing_casekit_then_altair_builds_no_iri_parser():
    code = "import sys, casekit, altair; print('rfc3987_syntax.syntax_helpers' in sys.modules)"
    assert _python(code) == "False"


def test_iri_checks_give_the_same_answers_with_and_without_casekit():
    plain = json.loads(_python(CHECK.format(first=""), json.dumps(VALUES)))
    deferred = json.loads(_python(CHECK.format(first="import casekit"), json.dumps(VALUES)))
    assert deferred == plain
    assert [True, True] in plain and [False, False] in plain  # the values test both answers


def test_the_stand_in_gives_way_to_a_module_imported_before_casekit(monkeypatch):
    from casekit.common import lazy_iri

    already = type(sys)("rfc3987_syntax")
    monkeypatch.setitem(sys.modules, "rfc3987_syntax", already)
    assert lazy_iri.defer() is False
    assert sys.modules["rfc3987_syntax"] is already
