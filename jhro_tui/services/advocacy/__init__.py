"""Advocacy for laws and policies that meet international human rights standards: the
laws an office follows, their stage history, its advocacy actions and their follow-ups,
and the cases that illustrate them."""
