"""casekit: the helper package of a Jupyter teaching kit on reading one news article closely.

A notebook needs only::

    from casekit import load_case, quiz, check, progress

The layers, from the top (see docs/architecture.md): ``cli``; ``instructor``;
``notebook`` and ``charts``; ``quizzes``, ``checks`` and ``reading``; ``case``
and ``records``; ``errors`` and ``common``. A module imports only from its own
layer's package or from the layers below it.

Importing casekit widens pandas' text columns (``display.max_colwidth``) so
that learners read whole sentences in tables rather than cut-off text, and
puts off jsonschema's slow IRI-checker import until an IRI is checked (see
``common/lazy_iri.py``: it saves about a second in every kernel that draws a chart).
"""

from __future__ import annotations

from .common import lazy_iri as _lazy_iri  # noqa: F401 - first of all: importing it puts the stand-in in place

# isort: split
import pandas as _pd

from .case import Case
from .common.version import VERSION as __version__
from .errors import CasekitError
from .notebook.casefile import export_casefile
from .notebook.checking import check
from .notebook.learner_case import load_case
from .notebook.progress_table import progress
from .notebook.quiz_view import quiz

_pd.set_option("display.max_colwidth", 160)

__all__ = ["Case", "CasekitError", "__version__", "check", "export_casefile", "load_case", "progress", "quiz"]
