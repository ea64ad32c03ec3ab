"""The parameters of the browser tests that run over notebooks: when none is found, the test fails (the suite never skips)."""

from __future__ import annotations

import pytest


def found_or_fail(found: list[str], missing: str) -> list:
    """``found`` as the test's parameters; if it is empty, one parameter whose test fails with ``missing`` as its message."""
    if found:
        return found
    return [pytest.param(None, marks=pytest.mark.none_found(missing), id="none-found")]
