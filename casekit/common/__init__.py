"""Shared helpers, one small module each; every other layer may use them, they use none of it."""
