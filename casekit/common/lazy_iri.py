"""Put off the one slow import behind every chart: jsonschema's IRI checker, rfc3987_syntax.

Altair validates each chart with jsonschema, and ``import jsonschema`` imports
``rfc3987_syntax`` when it is installed (JupyterLab's own dependencies install
it). That module builds about forty Earley parsers as it is imported: measured
here, 0.95 s of the 1.4 s that ``import altair`` costs, in every kernel that
draws a chart, though no chart schema uses the ``iri`` formats. (Reported
upstream: python-jsonschema/jsonschema issue 1428.)

:func:`defer`, which importing this module calls (``import casekit`` does
it first of all), puts a stand-in module in its place before jsonschema is
imported. The stand-in imports the real module the first time an IRI is
checked, so validation gives the same answers; only the cost moves to the
first use, which most sessions never reach.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

__all__ = ["defer"]

NAME = "rfc3987_syntax"


def _real() -> types.ModuleType:
    """The real module, imported now in place of the stand-in."""
    if getattr(sys.modules.get(NAME), "_casekit_stand_in", False):
        del sys.modules[NAME]
    return importlib.import_module(NAME)


def _is_valid_syntax(term: str, value: str) -> bool:
    return _real().is_valid_syntax(term, value)


def _getattr(name: str) -> object:
    if name.startswith("__"):  # the import system asks for __path__ and the like: the stand-in has none
        raise AttributeError(name)
    return getattr(_real(), name)


def defer() -> bool:
    """Put the stand-in in place if rfc3987_syntax is installed and not yet imported; whether it was put."""
    if NAME in sys.modules or "jsonschema" in sys.modules:
        return False
    spec = importlib.util.find_spec(NAME)
    if spec is None:
        return False
    stand_in = types.ModuleType(NAME, "Stand-in for rfc3987_syntax, imported on first use (casekit.common.lazy_iri).")
    stand_in.__spec__ = spec  # where the real module is, for anyone who asks (importlib.util.find_spec)
    vars(stand_in).update(_casekit_stand_in=True, is_valid_syntax=_is_valid_syntax, __getattr__=_getattr)
    sys.modules[NAME] = stand_in
    return True


defer()
