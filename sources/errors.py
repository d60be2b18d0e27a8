"""Errors every source raises, so callers handle all sources alike."""


class ParseError(ValueError):
    """Input a parser cannot turn into records. The message names the source, file or URL,
    the row or field, and what was expected. Every parser raises this (or a subclass)."""
