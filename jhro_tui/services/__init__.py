"""The domain: plain Python that carries the rules (permissions, validation, audit)."""
