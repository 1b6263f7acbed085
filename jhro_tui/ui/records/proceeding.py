"""A proceeding in court about the case: its court, place and docket, opened at its first
known stage. It owns the case file's "Justice" section (``justice.section``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services.forms import choice_label
from jhro_tui.services.justice import proceedings
from jhro_tui.services.justice.forms import ProceedingForm
from jhro_tui.services.justice.views import ProceedingView, SessionView
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.choices import closed_choices, reference_choices
from jhro_tui.ui.records import justice
from jhro_tui.ui.records.kind import RecordKind, Section
from jhro_tui.ui.records.shared import (
    DATE_PLACEHOLDER,
    call,
    full_date,
    place_fields,
    remover,
)
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def proceeding_form(app: Shell, detail: CaseDetail, proceeding: ProceedingView | None = None,
                    sessions: Sequence[SessionView] = ()) -> FormScreen[Any]:
    """New proceedings at their first known stage, or ``proceeding``'s court, place and
    docket to change (its stage moves on through its own form). ``sessions``: the mobile
    court sessions of the office it may be heard in (read first for a new one; changed
    from the ``E`` picker, a proceeding keeps its session)."""

    async def submit(values: Values) -> Any:
        form = ProceedingForm(
            court_code=values.get("court_code") or "",
            province_code=values.get("province_code") or "",
            territory_code=values.get("territory_code") or "",
            docket=text_or_none(values, "docket"),
            stage=values.get("stage") or "complaint",
            stage_on=full_date(values, "stage_on"),
            evidence=values.get("evidence") or "",
            session_id=_session_id(values) if sessions
            else proceeding.session_id if proceeding else None)
        if proceeding is None:
            return await call(app, proceedings.open_proceeding, detail.id, form)
        return await call(app, proceedings.update_proceeding, proceeding.id, form,
                          expected_version=proceeding.version)

    fields = [
        FormField("court_code", _("Court"), "choice",
                  proceeding.court_code if proceeding else None,
                  reference_choices("court_type"), placeholder=_("type to narrow the list"),
                  aliases=("court",)),
        *place_fields(proceeding.province_code if proceeding else detail.province_code,
                      proceeding.territory_code if proceeding else None),
        FormField("docket", _("Docket number"), value=proceeding.docket if proceeding else "",
                  placeholder="RP 123/2026"),
    ]
    if sessions:
        fields.append(FormField(
            "session", _("Mobile court session"), "choice",
            str(proceeding.session_id) if proceeding and proceeding.session_id else None,
            [Choice(str(s.id), s.label, f"{format_date(s.start_on)} – {format_date(s.end_on)}")
             for s in sessions], placeholder=_("left empty: none"),
            aliases=("session_id",)))
    if proceeding is None:
        fields += [
            FormField("stage", _("Stage"), "choice", "complaint",
                      closed_choices("proceeding_stage")),
            FormField("stage_on", _("Since"), value=app.today().isoformat(),
                      placeholder=_(DATE_PLACEHOLDER)),
            FormField("evidence", _("How we know"), "area"),
        ]
        return FormScreen(_("New proceeding"), fields, submit)
    return FormScreen(_("Proceeding: {name}").format(name=justice.proceeding_name(proceeding)),
                      fields, submit)


def _session_id(values: Values) -> int | None:
    picked = values.get("session")
    return int(picked) if picked else None


def _choice(proceeding: ProceedingView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Proceeding: {name}").format(name=justice.proceeding_name(proceeding)),
            choice_label("proceeding_stage", proceeding.stage))


def _question(proceeding: ProceedingView, _detail: CaseDetail) -> str:
    return _("Remove the proceeding “{name}” with its accused, hearings and victims in "
             "court, for every case it is about?").format(
                 name=justice.proceeding_name(proceeding))


KIND = RecordKind[ProceedingView](
    key="proceeding", action_id="case.proceeding", keys="f", title=N_("Add a proceeding"),
    factory=proceeding_form, part="follow_up", opens="sessions",
    records=lambda detail: detail.proceedings, choice=_choice, changeable=True,
    question=_question, remove=remover(proceedings.remove_proceeding),
    section=Section("justice", N_("Justice"), justice.section))
