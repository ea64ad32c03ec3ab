"""The course website (``python -m casekit site``): a student and an instructor edition, built offline."""

from .build import SiteError, build_site
from .scan import external_loads, leaked_solutions

__all__ = ["SiteError", "build_site", "external_loads", "leaked_solutions"]
