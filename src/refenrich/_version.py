"""The installed version of refenrich."""

__version__ = "0.1.0"
