"""jhro: keyboard-only, encrypted case management for a Joint Human Rights Office."""

__version__ = "0.1.0"
