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
built = "rfc3987_syntax.syntax_helpers" in sys.modules
import jsonschema
checker = jsonschema.Draft7Validator.FORMAT_CHECKER
values = json.loads(sys.argv[1])
print(json.dumps([built, [[checker.conforms(v, "iri"), checker.conforms(v, "iri-reference")] for v in values]]))
"""


def _checks(first: str) -> tuple[bool, list]:
    done = subprocess.run([sys.executable, "-c", CHECK.format(first=first), json.dumps(VALUES)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    built, answers = json.loads(done.stdout)
    return built, answers


@pytest.mark.integration
def test_casekit_and_altair_build_no_iri_parser_and_iri_checks_answer_as_without_casekit():
    built, deferred = _checks("import casekit, altair")
    assert not built, "importing casekit, then altair, built rfc3987_syntax's parsers"
    _, plain = _checks("")
    assert deferred == plain
    assert [True, True] in plain and [False, False] in plain  # the values test both answers


def test_the_stand_in_gives_way_to_a_module_imported_before_casekit(monkeypatch):
    from casekit.common import lazy_iri

    already = type(sys)("rfc3987_syntax")
    monkeypatch.setitem(sys.modules, "rfc3987_syntax", already)
    assert lazy_iri.defer() is False
    assert sys.modules["rfc3987_syntax"] is already
