"""The Advocacy module's screens: the board and list of laws, a law's page, its forms."""
