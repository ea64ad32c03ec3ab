"""The reading toolbox: pure functions on the case's tables (sentences, mentions, networks, time expressions, evidence).

Each module is imported on its own by the lessons that use it, e.g.
``from casekit.reading.network import build_graph``.
"""
