"""Hand-in: write a learner's tables, charts and brief into one self-contained HTML file.

The file needs no network and no Jupyter to open: tables are plain HTML and
charts are inline SVG (drawn by vl-convert, which ships with the kit).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
from pathlib import Path

import pandas as pd

from ..common.files import write_atomic
from ..common.values import is_blank
from ..errors import CasekitError
from ..records.store import learner_name

__all__ = ["export_casefile"]

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; border-bottom: 1px solid #ccc; margin-top: 2rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.brief { white-space: pre-wrap; background: #fafafa; border-left: 4px solid #0072B2; padding: 0.75rem 1rem; }
figure { margin: 1rem 0; } figcaption { font-size: 0.9rem; color: #444; }
"""


def _chart_svg(chart) -> str:
    """An Altair chart as inline SVG, with its description as the figure caption."""
    import vl_convert as vlc

    spec = chart.to_dict()
    svg = vlc.vegalite_to_svg(spec)
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def export_casefile(
    path: str | os.PathLike | None = None,
    *,
    title: str,
    brief: str = "",
    tables: dict[str, pd.DataFrame] | None = None,
    charts: dict | None = None,
    learner: str | None = None,
) -> Path:
    """Write one self-contained HTML file with the brief, tables and charts; return its path.

    The default file is ``casefile-<learner>.html`` in the current folder
    (or ``$CASEKIT_EXPORT_DIR``). ``tables`` maps a heading to a DataFrame, ``charts`` a heading to an Altair
    chart. Anything that is not a table or a chart is reported in the file
    instead of stopping the export, so a learner never loses the rest.

    Example::

        export_casefile(title="My case file", brief=my_brief, tables={"Evidence": weighing})
    """
    learner = learner_name(learner)
    folder = Path(os.environ.get("CASEKIT_EXPORT_DIR") or Path.cwd())
    path = Path(path) if path else folder / f"casefile-{learner}.html"
    if path.suffix.lower() not in {".html", ".htm"}:
        raise CasekitError(f"the case file must end in .html; got {path.name!r}.")
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p>Learner: {html.escape(learner)} · exported {dt.date.today().isoformat()}</p>"]
    if not isinstance(brief, str) or is_blank(brief) or brief.strip() == "...":
        parts.append("<h2>Brief</h2><p><em>No brief written yet.</em></p>")
    else:
        parts.append(f"<h2>Brief</h2><div class='brief'>{html.escape(brief.strip())}</div>")
    for heading, table in (tables or {}).items():
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        if isinstance(table, pd.DataFrame):
            parts.append(table.to_html(index=False, escape=True, na_rep=""))
        else:
            parts.append(f"<p><em>Not a table yet (got {type(table).__name__}); fill in the exercise and export again.</em></p>")
    for heading, chart in (charts or {}).items():
        parts.append(f"<h2>{html.escape(heading)}</h2>")
        try:
            svg = _chart_svg(chart)
        except Exception as exc:  # noqa: BLE001 - a broken chart must not lose the rest of the file
            parts.append(f"<p><em>This chart could not be drawn ({html.escape(exc.__class__.__name__)}).</em></p>")
            continue
        description = getattr(chart, "description", None)
        caption = description if isinstance(description, str) else heading
        parts.append(
            f"<figure role='img' aria-label='{html.escape(caption)}'>{svg}<figcaption>{html.escape(caption)}</figcaption></figure>"
        )
    document = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n"
    )
    return write_atomic(path, document)
