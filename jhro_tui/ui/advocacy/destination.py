"""The Advocacy screen's key (ctrl+y), for officers and supervisors: the board read first,
then put up (``navigation``). ctrl+y because every function key is taken and Textual's
one-line field does not use it (a several-line field does, for redo, but only in a form,
where keys of the app do not apply). Not in the key bar: help and the palette list it.
Apart from the package's ``__init__`` so that other screens may import the module's
helpers without importing the screen."""

from __future__ import annotations

from jhro_tui.i18n import N_
from jhro_tui.ui.advocacy.lines import read_board
from jhro_tui.ui.advocacy.screen import AdvocacyScreen
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.screens.cases import CASE_ROLES

declare(Destination(
    go_action("go.advocacy", "ctrl+y", N_("go"), N_("Advocacy"), show=False), AdvocacyScreen,
    CASE_ROLES, read_board, AdvocacyScreen, again=AdvocacyScreen.action_reload),
    before="case.new")
