"""casekit: the helper package of a Jupyter teaching kit on reading one news article closely.

A notebook needs only::

    from casekit import load_case, quiz, check, progress

Importing casekit widens pandas' text columns (``display.max_colwidth``) so
that learners read whole sentences in tables rather than cut-off text.
"""

from __future__ import annotations

__version__ = "0.1.0"

import pandas as _pd

_pd.set_option("display.max_colwidth", 160)

from .case import Case, load_case
from .casefile import export_casefile
from .checks import check
from .errors import CasekitError
from .progress import progress
from .quiz import quiz

__all__ = ["Case", "CasekitError", "check", "export_casefile", "load_case", "progress", "quiz", "__version__"]
