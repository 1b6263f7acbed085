"""The detention module's screens: the office's facilities, visits and detainees, and who
is held past the legal limit."""
