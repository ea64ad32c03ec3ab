"""casekit.casefile: the hand-in HTML is self-contained and survives unfinished work."""

import re

import altair as alt
import pandas as pd
import pytest

from casekit.errors import CasekitError
from casekit.notebook.casefile import export_casefile


def _chart():
    data = pd.DataFrame({"kind": ["a", "b"], "n": [2, 3]})
    return alt.Chart(data).mark_bar().encode(x="kind", y="n").properties(description="Two bars: a has 2, b has 3.")


def test_casefile_holds_brief_tables_and_inline_svg_without_network_links(tmp_path):
    out = export_casefile(
        tmp_path / "me.html",
        title="Case file",
        brief="Russia <first>",
        learner="ana",
        tables={"Evidence": pd.DataFrame({"claim": ["C01"], "weight": ["strong"]})},
        charts={"Kinds": _chart()},
    )
    text = out.read_text(encoding="utf-8")
    assert "Russia &lt;first&gt;" in text and "<table" in text and "<svg" in text
    assert "Two bars: a has 2, b has 3." in text
    assert not re.search(r"(src|href)=['\"]https?://", text), "the case file must not load anything from the network"


def test_unfinished_parts_are_reported_in_the_file_not_raised(tmp_path):
    out = export_casefile(
        tmp_path / "me.html", title="Case file", brief=..., tables={"Evidence": ...}, charts={"Broken": object()}, learner="ana"
    )
    text = out.read_text(encoding="utf-8")
    assert "No brief written yet" in text
    assert "Not a table yet (got ellipsis)" in text
    assert "could not be drawn" in text


def test_casefile_must_be_html(tmp_path):
    with pytest.raises(CasekitError, match=r"must end in \.html"):
        export_casefile(tmp_path / "me.pdf", title="x")


def test_default_name_uses_the_learner(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert export_casefile(title="x", learner="Ana María").name == "casefile-Ana_Mar_a.html"  # the same safe name as the progress file
