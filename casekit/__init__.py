"""casekit: the helper package of a Jupyter teaching kit on reading one news article closely.

A notebook needs only::

    from casekit import load_case, quiz, check, progress
"""

from __future__ import annotations

__version__ = "0.1.0"

from .case import Case, load_case
from .errors import CasekitError

__all__ = ["Case", "CasekitError", "load_case", "__version__"]
