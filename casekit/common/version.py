"""The kit's version, kept in one place (the package and the validation cache read it)."""

VERSION = "0.1.0"
