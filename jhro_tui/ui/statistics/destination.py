"""The Statistics screen's key (ctrl+t), from anywhere in a session. Officers may press it
too: the service refuses them, audits the refusal and says why, and no figure is read.
Not in the key bar (help and the palette name it). Apart from the screen so that
``navigation`` imports the declaration only."""

from __future__ import annotations

from jhro_tui.i18n import N_
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.screens.cases import CASE_ROLES
from jhro_tui.ui.statistics.screen import StatisticsScreen, first_read

declare(Destination(
    go_action("go.statistics", "ctrl+t", N_("go"), N_("Statistics"), show=False),
    StatisticsScreen, CASE_ROLES, first_read, StatisticsScreen.opened,
    again=StatisticsScreen.action_reload), before="case.new")
