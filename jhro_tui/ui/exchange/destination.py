"""The Import screen's key (ctrl+o, a file to open), from anywhere in an officer's or a
supervisor's session: the exchange folder is read first, then the screen put up
(``navigation``). Not in the key bar: help and the palette name it ("Import cases from a
file"). Apart from the screen so that ``navigation`` imports the declaration only."""

from __future__ import annotations

from jhro_tui.i18n import N_
from jhro_tui.ui.exchange.screen import ImportScreen, import_start
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.screens.cases import CASE_ROLES

declare(Destination(
    go_action("go.import", "ctrl+o", N_("case"), N_("Import cases from a file"), show=False),
    ImportScreen, CASE_ROLES, import_start, ImportScreen), before="case.new")
