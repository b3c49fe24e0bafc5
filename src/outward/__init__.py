"""Outward: customer service improvement from the outside in."""

__version__ = "0.1.0"
