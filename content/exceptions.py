"""Failures of the curriculum loader."""


class ContentError(ValueError):
    """A curriculum file breaks the schema: "<file>: <field path>: <problem>"."""
