"""The Justice screen's key (F12), for officers and supervisors: read first, then put up
(``navigation``). Apart from the package's ``__init__`` so that the home screen may import
the module's helpers without importing the screen, which imports the home's columns."""

from __future__ import annotations

from jhro_tui.i18n import N_
from jhro_tui.services.justice.overview import overview
from jhro_tui.ui.justice.screen import JusticeScreen
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.screens.cases import CASE_ROLES

declare(Destination(
    go_action("go.justice", "f12", N_("go"), N_("Justice")), JusticeScreen, CASE_ROLES,
    overview, JusticeScreen, again=JusticeScreen.action_reload), before="case.new")
