"""A victim of the case in court: only with their consent to sharing with judicial
authorities; civil party or not, the protection asked for and granted, legal aid."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services.forms import choice_label
from jhro_tui.services.justice import court
from jhro_tui.services.justice.forms import CourtVictimForm
from jhro_tui.services.justice.views import CourtVictimView
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.choices import closed_choices
from jhro_tui.ui.records.hearing import yes, yes_no
from jhro_tui.ui.records.justice import proceeding_choices
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import call, only_code, remover
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, codes, text_or_none
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def consenting_victims(detail: CaseDetail) -> list[Choice]:
    return [Choice(str(victim.id), victim.code, choice_label("sex", victim.sex))
            for victim in detail.victims if victim.consents_to("justice")]


def court_victim_form(app: Shell, detail: CaseDetail, victim: CourtVictimView | None = None
                      ) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        chosen_victim = values.get("victim")
        if victim is None and not chosen_victim:
            raise ValidationError("victim", N_("Choose the victim."))
        form = CourtVictimForm(
            victim_id=victim.victim_id if victim else int(chosen_victim or 0),
            civil_party=yes(values, "civil_party"),
            protection_requested=tuple(codes(values, "protection_requested")),
            protection_granted=tuple(codes(values, "protection_granted")),
            legal_aid=text_or_none(values, "legal_aid"))
        if victim is not None:
            await call(app, court.update_court_victim, victim.id, form,
                       expected_version=victim.version)
            return True  # the service returns nothing; the case file is read again
        proceeding = values.get("proceeding")
        if not proceeding:
            raise ValidationError("proceeding", N_("Choose the proceeding."))
        return await call(app, court.add_court_victim, int(proceeding), form)

    fields = []
    if victim is None:
        proceedings = proceeding_choices(detail)
        victims = consenting_victims(detail)
        fields += [FormField("proceeding", _("Proceeding"), "choice", only_code(proceedings),
                             proceedings),
                   FormField("victim", _("Victim"), "choice", only_code(victims), victims,
                             aliases=("victim_id",))]
    fields += [
        FormField("civil_party", _("Civil party"), "choice",
                  ("yes" if victim.civil_party else "no") if victim else "no", yes_no()),
        FormField("protection_requested", _("Protection asked for"), "choices",
                  "\n".join(victim.protection_requested) if victim else "",
                  closed_choices("protection_measure")),
        FormField("protection_granted", _("Protection granted"), "choices",
                  "\n".join(victim.protection_granted) if victim else "",
                  closed_choices("protection_measure")),
        FormField("legal_aid", _("Legal aid"), value=victim.legal_aid if victim else "",
                  placeholder=_("who represents them, if anyone")),
    ]
    if victim is None:
        return FormScreen(_("Victim in court"), fields, submit, intro=_(
            "Only victims who consented to sharing with judicial authorities are listed."))
    return FormScreen(_("Victim {code} in court").format(code=victim.victim_code), fields,
                      submit)


def _choice(victim: CourtVictimView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Victim {code} in court").format(code=victim.victim_code),
            _("civil party") if victim.civil_party else "")


def _question(victim: CourtVictimView, _detail: CaseDetail) -> str:
    return _("Take victim {code} out of the proceeding? The victim stays in the case."
             ).format(code=victim.victim_code)


KIND = RecordKind[CourtVictimView](
    key="court_victim", action_id="case.court_victim", keys="V",
    title=N_("Add a victim in court"), factory=court_victim_form, part="follow_up",
    available=lambda detail: bool(detail.proceedings and consenting_victims(detail)),
    records=lambda proceeding: proceeding.victims, within="proceeding", choice=_choice,
    changeable=True, question=_question, remove=remover(court.remove_court_victim))
