"""What every chart of the kit shares: offline rendering, a colour-blind-safe palette, a text description."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import version
from typing import TypeVar

import altair as alt
import pandas as pd

from ..common.display import static_output
from ..common.files import cache_dir, write_atomic

AnyChart = TypeVar("AnyChart", bound=alt.TopLevelMixin)

__all__ = ["OKABE_ITO", "PALETTE", "enable_offline", "sealed_notice", "with_description"]

# Okabe & Ito's colour-blind-safe palette (black left out: it is kept for text).
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]
PALETTE = OKABE_ITO
# The offline bundle holds Vega, Vega-Lite and vega-embed; anything smaller is not it.
_MIN_BUNDLE = 100_000


def _bundle_path():
    key = hashlib.sha256(f"altair {version('altair')} vl-convert {version('vl-convert-python')}".encode()).hexdigest()[:16]
    return cache_dir() / f"altair-offline-{key}.js"


def _static_svg(spec: dict, **_options) -> dict:
    """A chart as an SVG image (vl-convert, no browser, no network), its description as the text beside it."""
    import vl_convert

    return {"image/svg+xml": vl_convert.vegalite_to_svg(spec), "text/plain": str(spec.get("description") or "A chart.")}


@lru_cache(maxsize=1)
def enable_offline() -> None:
    """Render charts in JupyterLab with no network: Altair's ``jupyter`` renderer in offline mode.

    Building the offline JavaScript bundle takes about a second; it is kept
    in the user's cache folder so later kernels start faster. For the course
    website (static output) charts are SVG images drawn by vl-convert instead,
    with no script at all.
    """
    if static_output():
        alt.renderers.register("casekit-static", _static_svg)
        alt.renderers.enable("casekit-static")
        alt.data_transformers.disable_max_rows()
        return
    from altair.jupyter.jupyter_chart import JupyterChart

    path = _bundle_path()
    try:
        cached = path.read_text(encoding="utf-8") if path.is_file() else ""
    except OSError:
        cached = ""
    if len(cached) > _MIN_BUNDLE and not JupyterChart._is_offline:
        JupyterChart._esm, JupyterChart._is_offline = cached, True
    else:
        JupyterChart.enable_offline(True)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, JupyterChart._esm)
        except OSError:
            pass  # no cache folder: the bundle is built again next time
    # No actions menu: it has no accessible name and links to the online Vega editor.
    alt.renderers.enable("jupyter", offline=True, embed_options={"actions": False})
    alt.data_transformers.disable_max_rows()


def with_description(chart: AnyChart, text: str) -> AnyChart:
    """Attach a text description (read by screen readers as the chart's ARIA description); the chart keeps its kind."""
    return chart.properties(description=text)


def sealed_notice(table: pd.DataFrame, columns: list[str], what: str) -> alt.Chart | None:
    """A one-line chart saying what is sealed, when a column the chart draws is sealed in a learner's table; else None.

    A learner's case view (``casekit.load_case``) seals the columns that hold an exercise's key
    until it is passed (``table.attrs["sealed"]``); a chart drawn from them would count the
    seals as values, so it says which exercise opens them instead.
    """
    sealed = table.attrs.get("sealed") or {}
    closed = {c: sealed[c] for c in columns if c in sealed}
    if not closed:
        return None
    opens = sorted({e for ids in closed.values() for e in ids})
    text = f"{what} is drawn once you pass {' and '.join(opens)} (or ask for its answer): it uses {', '.join(closed)}, sealed until then."
    chart = alt.Chart(pd.DataFrame({"text": [text]})).mark_text(align="left", fontSize=13).encode(text="text:N")
    return with_description(chart.properties(width=520, height=30), text)
