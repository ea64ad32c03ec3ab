"""Grades for an LMS: ``export-grades`` in Canvas, Moodle or plain CSV, each learner matched to the class roster."""

from .grades import FORMATS, Exported, export_grades, lesson_points

__all__ = ["FORMATS", "Exported", "export_grades", "lesson_points"]
