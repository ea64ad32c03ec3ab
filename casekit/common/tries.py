"""Tries before the answer is offered: one rule for quizzes and checks alike."""

from __future__ import annotations

__all__ = ["REVEAL_AFTER"]

REVEAL_AFTER = 2  # tries that were not right before the learner is offered the answer (and why)
