"""Altair charts for the lessons. Each function returns an Altair chart that a
learner can still change (``.properties(width=...)``, ``.interactive()``), with a
text description for screen readers, drawn in a colour-blind-safe palette.

Importing this module switches Altair to offline rendering in JupyterLab
(no CDN), so import it only in lessons that draw charts.
"""

from __future__ import annotations

from ._base import OKABE_ITO, PALETTE, enable_offline, with_description
from .claims import attribution, claim_kinds
from .compare import compare_explanations, comparison_description, explanation_actors
from .evidence import evidence_description, evidence_strength
from .network import actor_network, network_description
from .sources import provenance_chain, rubric_comparison
from .timelines import narrative_order, timeline

enable_offline()

__all__ = [
    "OKABE_ITO",
    "PALETTE",
    "actor_network",
    "attribution",
    "claim_kinds",
    "compare_explanations",
    "comparison_description",
    "enable_offline",
    "evidence_description",
    "evidence_strength",
    "explanation_actors",
    "narrative_order",
    "network_description",
    "provenance_chain",
    "rubric_comparison",
    "timeline",
    "with_description",
]
