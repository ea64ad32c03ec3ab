"""Instructor tools, never imported by the layers below: build, bank sealing, release, execute, grading, hub link."""
