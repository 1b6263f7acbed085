"""Screens: each owns its domain's handlers; the App only composes."""
