"""Altair charts for the lessons. Each function returns an Altair chart that a
learner can still change (``.properties(width=...)``, ``.interactive()``), with a
text description for screen readers, drawn in a colour-blind-safe palette.

Importing this module switches Altair to offline rendering in JupyterLab
(no CDN), so import it only in lessons that draw charts.
"""

from __future__ import annotations

from ._base import OKABE_ITO, PALETTE, describe, enable_offline
from .network import actor_network, network_description
from .claims import attribution, claim_kinds
from .evidence import evidence_description, evidence_strength
from .sources import provenance_chain, rubric_comparison
from .timeline import narrative_order, timeline

enable_offline()

__all__ = ["OKABE_ITO", "PALETTE", "describe", "enable_offline", "actor_network", "network_description",
           "claim_kinds", "attribution", "provenance_chain", "rubric_comparison", "timeline", "narrative_order",
           "evidence_strength", "evidence_description"]
