"""Question types: one module per type, each a ``QuestionType`` registered once in ``registry.py``."""

from .base import QuestionType
from .registry import TYPES, public_fields, question_type, register, secret_fields

__all__ = ["TYPES", "QuestionType", "public_fields", "question_type", "register", "secret_fields"]
