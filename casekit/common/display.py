"""Static output: when the kit's notebooks are run for the course website, quizzes and charts show without widgets."""

from __future__ import annotations

import os

__all__ = ["STATIC_ENV", "static_output"]

# Set by `python -m casekit site` in the kernels it starts; a learner's JupyterLab never sets it.
STATIC_ENV = "CASEKIT_STATIC_OUTPUT"


def static_output() -> bool:
    """True when outputs are meant for static pages: quizzes as HTML self-checks, charts as SVG images.

    >>> import os
    >>> os.environ.pop(STATIC_ENV, None) and None
    >>> static_output()
    False
    """
    return os.environ.get(STATIC_ENV, "") not in ("", "0")
