"""The Advocacy module: laws and policies the office follows, and its actions on them."""
