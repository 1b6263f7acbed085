"""Keys, the encrypted vault, the audit chain and process hygiene. No UI imports."""
