"""The judgment on one accused: a verdict on each charge they face, and the sentence. Its
records are the accused who face charges; its key, like ``E``, picks one first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _
from jhro_tui.services.justice import court
from jhro_tui.services.justice.forms import JudgmentForm, Verdict
from jhro_tui.services.justice.views import AccusedView
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.choices import closed_choices, reference_choices
from jhro_tui.ui.records.justice import accused_label, all_accused
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import DATE_PLACEHOLDER, call, full_date, whole_number
from jhro_tui.ui.screens.form import FormField, FormScreen, Values

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def judged(detail: CaseDetail) -> list[AccusedView]:
    return [person for _p, person in all_accused(detail) if person.charges]


def judgment_form(app: Shell, detail: CaseDetail, accused: AccusedView | None = None
                  ) -> FormScreen[Any]:
    """The verdict on each charge ``accused`` faces, the sentence and the day (without
    ``accused``: the first not judged yet, as a draft put back would have it)."""
    if accused is None:
        waiting = judged(detail)
        if not waiting:
            return _nobody_to_judge(app)
        accused = next((p for p in waiting if p.judged_on is None), waiting[0])
    person = accused

    async def submit(values: Values) -> Any:
        verdicts = []
        for charge in person.charges:
            verdict = values.get(f"verdict_{charge.id}") or ""
            verdicts.append(Verdict(charge.id, verdict,
                                    values.get(f"requalified_{charge.id}") or ""))
        form = JudgmentForm(judged_on=full_date(values, "judged_on"),
                            verdicts=tuple(verdicts),
                            sentence_kind=values.get("sentence_kind") or "",
                            sentence_months=whole_number(values, "sentence_months"))
        await call(app, court.record_judgment, person.id, form,
                   expected_version=person.version)
        return True  # the service returns nothing: the case file is read again all the same

    fields = []
    for charge in person.charges:
        fields += [
            FormField(f"verdict_{charge.id}", charge.label, "choice", charge.verdict or None,
                      closed_choices("verdict"), aliases=("verdicts",)),
            FormField(f"requalified_{charge.id}", _("  requalified as"), "choice",
                      charge.requalified_code or None, reference_choices("charge"),
                      placeholder=_("only if requalified")),
        ]
    fields += [
        FormField("sentence_kind", _("Sentence"), "choice", person.sentence_kind or None,
                  closed_choices("sentence_kind")),
        FormField("sentence_months", _("Months"),
                  value=str(person.sentence_months) if person.sentence_months else ""),
        FormField("judged_on", _("Judged on"),
                  value=(person.judged_on or app.today()).isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
    ]
    return FormScreen(_("Judgment on {code}").format(code=person.code), fields, submit,
                      intro=accused_label(person))


def _nobody_to_judge(app: Shell) -> FormScreen[Any]:
    """The form of a draft put back once its accused is gone: it says so, and saves
    nothing."""

    async def submit(_values: Values) -> Any:
        raise ValidationError("judged_on", N_("Add an accused and their charges first."))

    return FormScreen(_("Record a judgment"), [
        FormField("judged_on", _("Judged on"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER))], submit,
        intro=_("Add an accused and their charges first."))


def _choice(accused: AccusedView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Judgment on {code}").format(code=accused.code),
            _("judged") if accused.judged_on else _("not judged yet"))


KIND = RecordKind[AccusedView](
    key="judgment", action_id="case.judgment", keys="J", title=N_("Record a judgment"),
    factory=judgment_form, part="follow_up",
    available=lambda detail: bool(judged(detail)),
    records=lambda proceeding: [p for p in proceeding.accused if p.charges],
    within="proceeding", choice=_choice, changeable=True, picks=True)
