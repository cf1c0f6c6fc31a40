"""Gloss: a desktop tool for annotating allegations and responses in news text."""

__version__ = "0.1.0"
