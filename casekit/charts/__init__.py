"""Altair charts for the lessons. Each function returns an Altair chart that a
learner can still change (``.properties(width=...)``, ``.interactive()``), with a
text description for screen readers, drawn in a colour-blind-safe palette.

Importing this module switches Altair to offline rendering in JupyterLab
(no CDN), so import it only in lessons that draw charts.
"""

from __future__ import annotations

from ._base import OKABE_ITO, PALETTE, describe, enable_offline

enable_offline()

__all__ = ["OKABE_ITO", "PALETTE", "describe", "enable_offline"]
