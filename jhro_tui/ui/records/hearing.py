"""A hearing of a proceeding: held, or postponed with its reason, and the next date."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services.justice import hearings
from jhro_tui.services.justice.forms import HearingForm
from jhro_tui.services.justice.views import HearingView
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.records.justice import proceeding_choices
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import DATE_PLACEHOLDER, call, full_date, only_code, remover
from jhro_tui.ui.records.victim import YES_NO
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def yes_no() -> list[Choice]:
    return [Choice(choice.code, _(choice.label)) for choice in YES_NO]


def yes(values: Values, key: str) -> bool:
    return values.get(key) == "yes"


def hearing_form(app: Shell, detail: CaseDetail, hearing: HearingView | None = None
                 ) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        form = HearingForm(held_on=full_date(values, "held_on"),
                           postponed=yes(values, "postponed"),
                           reason=values.get("reason") or "",
                           summary=values.get("summary") or "",
                           next_on=full_date(values, "next_on"),
                           closed_to_public=yes(values, "closed_to_public"))
        if hearing is not None:
            await call(app, hearings.update_hearing, hearing.id, form,
                       expected_version=hearing.version)
            return True  # the service returns nothing; the case file is read again
        proceeding = values.get("proceeding")
        if not proceeding:
            raise ValidationError("proceeding", N_("Choose the proceeding."))
        return await call(app, hearings.add_hearing, int(proceeding), form)

    fields = []
    if hearing is None:
        choices = proceeding_choices(detail)
        fields.append(FormField("proceeding", _("Proceeding"), "choice", only_code(choices),
                                choices))
    fields += [
        FormField("held_on", _("Day"), value=hearing.held_on.isoformat() if hearing
                  else app.today().isoformat(), placeholder=_(DATE_PLACEHOLDER)),
        FormField("postponed", _("Postponed"), "choice",
                  ("yes" if hearing.postponed else "no") if hearing else "no", yes_no()),
        FormField("reason", _("Why postponed"), value=hearing.reason if hearing else ""),
        FormField("summary", _("What happened"), "area", hearing.summary if hearing else ""),
        FormField("next_on", _("Next hearing"),
                  value=hearing.next_on.isoformat() if hearing and hearing.next_on else "",
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("closed_to_public", _("Closed to the public"), "choice",
                  ("yes" if hearing.closed_to_public else "no") if hearing else "no",
                  yes_no()),
    ]
    if hearing is None:
        return FormScreen(_("New hearing"), fields, submit)
    return FormScreen(_("Hearing of {date}").format(date=format_date(hearing.held_on)),
                      fields, submit)


def _choice(hearing: HearingView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Hearing of {date}").format(date=format_date(hearing.held_on)),
            _("postponed") if hearing.postponed else hearing.summary[:40])


def _question(hearing: HearingView, _detail: CaseDetail) -> str:
    return _("Remove the hearing of {date}?").format(date=format_date(hearing.held_on))


KIND = RecordKind[HearingView](
    key="hearing", action_id="case.hearing", keys="h", title=N_("Add a hearing"),
    factory=hearing_form, part="follow_up",
    available=lambda detail: bool(detail.proceedings),
    records=lambda proceeding: proceeding.hearings, within="proceeding", choice=_choice,
    changeable=True, question=_question, remove=remover(hearings.remove_hearing))
