"""The Statistics screen's key (ctrl+t), from anywhere in a supervisor's session: an
officer has no such key (and the service would refuse them, audited, if reached).
Not in the key bar (help and the palette name it). Apart from the screen so that
``navigation`` imports the declaration only."""

from __future__ import annotations

from jhro_tui.i18n import N_
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.statistics.screen import StatisticsScreen, first_read

declare(Destination(
    go_action("go.statistics", "ctrl+t", N_("go"), N_("Statistics"), show=False),
    StatisticsScreen, frozenset({"supervisor"}), first_read, StatisticsScreen.opened,
    again=StatisticsScreen.action_reload), before="case.new")
