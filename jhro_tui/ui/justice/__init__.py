"""The Justice module's screens: the Justice screen (its own key, for officers and
supervisors, declared in ``destination``), a mobile court session's view with its figures,
and the list behind each figure. The services are ``jhro_tui.services.justice``."""
