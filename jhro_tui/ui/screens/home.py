"""Home: who is logged in, and the day's work (filled in by the case-file screens)."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Label, Static

from jhro_tui.i18n import N_, _, format_date
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen, Route

ROLE_LABELS = {"officer": N_("Human rights officer"), "supervisor": N_("Supervisor"),
               "admin": N_("Administrator")}


def role_label(role: str) -> str:
    return _(ROLE_LABELS[role]) if role in ROLE_LABELS else role


class HomeScreen(JhroScreen):
    SCOPE = "home"
    HOLDS_CASE_DATA = True

    def compose(self) -> ComposeResult:
        user = self.jhro.require_session().user
        office = user.office or _("no field office")
        with Vertical(id="home-header", classes="bar"):
            yield Label(plain(user.full_name or user.name), id="home-name")
            yield Label(plain(f"{role_label(user.role)} · {office} · "
                              f"{format_date(self.jhro.today())}"), id="home-role")
        with Vertical(id="home-body"):
            yield Static(plain(_("Your work appears here: open cases, follow-ups due and "
                                 "protection reviews.")), classes="placeholder")
        yield Footer()

    def route(self) -> Route:
        return HomeScreen


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()
