"""The forms of mobile court sessions: the session itself, and a release of detainees.

Each hands its values to a service of ``services.justice.sessions``; the screen that opens
it reads the session back (``FormScreen.then``) before the form comes down."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jhro_tui.i18n import _
from jhro_tui.services.justice import sessions
from jhro_tui.services.justice.forms import ReleaseForm, SessionForm
from jhro_tui.services.justice.views import ReleaseView, SessionView
from jhro_tui.ui.choices import closed_choices
from jhro_tui.ui.records.shared import (
    DATE_PLACEHOLDER,
    call,
    full_date,
    place_fields,
    whole_number,
)
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def mobile_courts() -> list[Choice]:
    """The courts that sit away from their seat (``jurisdiction`` "mobile")."""
    from jhro_tui.services.reference import load_catalog

    return [Choice(term.code, term.label(), keywords=(term.code, term.label_en, term.label_fr))
            for term in load_catalog().terms("court_type")
            if term.active and term.extra.get("jurisdiction") == "mobile"]


def _session_form(values: Values) -> SessionForm:
    return SessionForm(values.get("court_code") or "", values.get("province_code") or "",
                       full_date(values, "start_on"), full_date(values, "end_on"),
                       territory_code=values.get("territory_code") or "",
                       locality=text_or_none(values, "locality"),
                       note=text_or_none(values, "note"))


def session_form(app: Shell, shown: SessionView | None = None) -> FormScreen[SessionView]:
    """A new session (``shown`` None), or ``shown`` changed."""

    async def submit(values: Values) -> SessionView:
        form = _session_form(values)
        if shown is None:
            return await call(app, sessions.open_session, form)
        return await call(app, sessions.update_session, shown.id, form,
                          expected_version=shown.version)

    fields = [
        FormField("court_code", _("Mobile court"), "choice",
                  shown.court_code if shown else None, mobile_courts(),
                  placeholder=_("type to narrow the list")),
        *place_fields(shown.province_code if shown else None,
                      shown.territory_code if shown else None),
        FormField("locality", _("Locality"), value=shown.locality if shown else ""),
        FormField("start_on", _("First day"), value=shown.start_on.isoformat() if shown
                  else "", placeholder=_(DATE_PLACEHOLDER)),
        FormField("end_on", _("Last day"), value=shown.end_on.isoformat() if shown else "",
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("note", _("Note"), "area", shown.note if shown else ""),
    ]
    title = _("New mobile court session") if shown is None else _("Change the session")
    return FormScreen(title, fields, submit)


def release_form(app: Shell, shown: SessionView) -> FormScreen[ReleaseView]:
    """Detainees the session released on one day, on one basis."""

    async def submit(values: Values) -> ReleaseView:
        form = ReleaseForm(whole_number(values, "released"), full_date(values, "released_on"),
                           values.get("basis") or "", text_or_none(values, "note"))
        return await call(app, sessions.record_release, shown.id, form)

    fields = [
        FormField("released", _("Detainees released"), placeholder=_("how many")),
        FormField("released_on", _("Released on"), placeholder=_(DATE_PLACEHOLDER)),
        FormField("basis", _("Basis"), "choice", None, closed_choices("release_basis")),
        FormField("note", _("Note"), "area", ""),
    ]
    return FormScreen(_("Record a release"), fields, submit,
                      intro=_("Session: {session}").format(session=shown.label))
