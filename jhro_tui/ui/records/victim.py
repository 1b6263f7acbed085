"""A victim: who they are (restricted), their consent and their protection risk."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _, ngettext
from jhro_tui.services import victims
from jhro_tui.services.forms import CONSENT_PURPOSES, VictimForm, choice_label
from jhro_tui.services.views import CaseDetail, VictimView
from jhro_tui.ui.choices import closed_choices
from jhro_tui.ui.records.kind import RecordKind, Section
from jhro_tui.ui.records.shared import call, full_date, line, remover, whole_number
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

YES_NO = [Choice("yes", N_("Yes")), Choice("no", N_("No"))]
MASK = "████"


def victim_form(app: Shell, detail: CaseDetail, victim: VictimView | None = None
                ) -> FormScreen[Any]:
    """A new victim with their consent, or ``victim`` as recorded, to change (consent has
    its own form: each answer is a dated record, not a field to overwrite)."""
    # A name is only ever typed by someone who may see it, and only changed once it is
    # shown: left out, the service keeps it as it is.
    identity = victim.identity if victim else None
    with_identity = detail.can_see_identity and (victim is None or identity is not None)

    async def submit(values: Values) -> Any:
        form = VictimForm(
            code=text_or_none(values, "code"),
            name=text_or_none(values, "name") or None if with_identity else None,
            contact=text_or_none(values, "contact") or None if with_identity else None,
            sex=values.get("sex") or "unknown", age=whole_number(values, "age"),
            age_group=values.get("age_group") or "unknown",
            disability=values.get("disability") or "unknown",
            displacement=values.get("displacement") or "unknown",
            risk_level=values.get("risk_level") or "none",
            risk_measures=values.get("risk_measures") or "",
            risk_review_on=full_date(values, "risk_review_on"))
        if victim is not None:
            if with_identity:  # emptied on purpose: the service keeps None as unchanged
                form = replace(form, name=form.name or "", contact=form.contact or "")
            return await call(app, victims.update_victim, victim.id, form,
                              expected_version=victim.version)
        answers = {purpose: values.get(f"consent_{purpose}") for purpose in CONSENT_PURPOSES}
        return await call(app, victims.add_victim, detail.id, form, consents={
            purpose: answer == "yes" for purpose, answer in answers.items()
            if answer in ("yes", "no")})

    yes_no = [Choice(choice.code, _(choice.label)) for choice in YES_NO]
    fields = [FormField("code", _("Code"), value=victim.code if victim else "",
                        placeholder=_("left empty: V01, V02…"))]
    if with_identity:
        fields += [FormField("name", _("Name (restricted)"),
                             value=identity.name if identity else ""),
                   FormField("contact", _("Contact (restricted)"),
                             value=identity.contact if identity else "")]
    fields += [
        FormField("sex", _("Sex"), "choice", victim.sex if victim else "unknown",
                  closed_choices("sex")),
        FormField("age", _("Age"),
                  value=str(victim.age) if victim and victim.age is not None else ""),
        FormField("age_group", _("Age group"), "choice",
                  victim.age_group if victim else "unknown", closed_choices("age_group")),
        FormField("disability", _("Disability"), "choice",
                  victim.disability if victim else "unknown", closed_choices("disability")),
        FormField("displacement", _("Displacement"), "choice",
                  victim.displacement if victim else "unknown",
                  closed_choices("displacement")),
    ]
    if victim is None:
        fields += [FormField(f"consent_{purpose}", _("Consent: {purpose}").format(
            purpose=choice_label("consent_purpose", purpose)), "choice", None, yes_no)
            for purpose in CONSENT_PURPOSES]
    fields += [
        FormField("risk_level", _("Protection risk"), "choice",
                  victim.risk_level if victim else "none", closed_choices("risk_level")),
        FormField("risk_review_on", _("Next review"),
                  value=victim.risk_review_on.isoformat() if victim and victim.risk_review_on
                  else "", placeholder=_("YYYY-MM-DD (needed with a risk)")),
        FormField("risk_measures", _("Measures"), "area",
                  victim.risk_measures if victim else ""),
    ]
    if victim is None:
        return FormScreen(_("New victim"), fields, submit)
    intro = "" if with_identity or not victim.has_identity or not detail.can_see_identity \
        else _("The name and contact stay as they are: show them first (ctrl+r on the "
               "case file) to change them.")
    return FormScreen(_("Victim {code}").format(code=victim.code), fields, submit,
                      intro=intro)


def _choice(victim: VictimView, _detail: CaseDetail) -> tuple[str, str]:
    return _("Victim {code}").format(code=victim.code), choice_label("sex", victim.sex)


def _question(victim: VictimView, detail: CaseDetail) -> str:
    count = sum(1 for referral in detail.referrals if referral.victim_id == victim.id)
    question = ngettext(
        "Remove victim {code} with their consent records and their referral?",
        "Remove victim {code} with their consent records and their {count} referrals?",
        count) if count else _("Remove victim {code} with their consent records?")
    return question.format(code=victim.code, count=count)


def _section(detail: CaseDetail) -> str:
    lines = []
    for victim in detail.victims:
        age = str(victim.age) if victim.age is not None else choice_label(
            "age_group", victim.age_group)
        lines.append(line("■", victim.code, choice_label("sex", victim.sex), age,
                          choice_label("displacement", victim.displacement),
                          _("disability: {value}").format(
                              value=choice_label("disability", victim.disability))))
        if victim.identity is not None:
            lines.append(line("   ", _("Name:"), victim.identity.name or "—",
                              _("Contact:"), victim.identity.contact or "—"))
        elif victim.has_identity:
            hint = _("ctrl+r shows it") if victim.identity_allowed else _("restricted")
            lines.append(line("   ", _("Identity:"), MASK, f"({hint})"))
    return "\n".join(lines)


KIND = RecordKind[VictimView](
    key="victim", action_id="case.victim", keys="p", title=N_("Add victim"),
    factory=victim_form, part="documentation",
    records=lambda detail: detail.victims, choice=_choice, changeable=True,
    question=_question, remove=remover(victims.remove_victim),
    section=Section("victims", N_("Victims"), _section))
