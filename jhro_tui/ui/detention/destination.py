"""The Detention screen's key (F11), for officers and supervisors: read first, then put
up (``navigation``). Not in the key bar: the home's footer at 80 columns keeps its keys,
and its line "held past the legal limit" names F11. Apart from the package's ``__init__``
so that the home screen may import the module's helpers without importing the screen."""

from __future__ import annotations

from jhro_tui.i18n import N_
from jhro_tui.services.detention.overview import overview
from jhro_tui.ui.detention.screen import DetentionScreen
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.screens.cases import CASE_ROLES

declare(Destination(
    go_action("go.detention", "f11", N_("go"), N_("Detention"), show=False), DetentionScreen,
    CASE_ROLES, overview, DetentionScreen, again=DetentionScreen.action_reload), before="case.new")
