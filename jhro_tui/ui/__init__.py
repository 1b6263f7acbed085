"""The Textual interface. It calls services only; nothing below imports it."""
