"""The Justice module's screens: the Justice screen (its own key, for officers and
supervisors), a mobile court session's view with its figures, and the list behind each
figure. The services are ``jhro_tui.services.justice``."""

from __future__ import annotations

from jhro_tui.i18n import N_
from jhro_tui.services.justice.overview import overview
from jhro_tui.ui.justice.screen import JusticeScreen
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.screens.cases import CASE_ROLES

declare(Destination(
    go_action("go.justice", "f12", N_("go"), N_("Justice")), JusticeScreen, CASE_ROLES,
    overview, JusticeScreen, again=JusticeScreen.action_reload), before="case.new")
