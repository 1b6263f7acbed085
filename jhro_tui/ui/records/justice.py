"""What the justice kinds of the case file share: the records of its proceedings to choose
from (a form that needs a parent offers it as a list) and the "Justice" section.

The kinds themselves are one file each (``proceeding.py``, ``hearing.py``, ``accused.py``,
``charge.py``, ``judgment.py``, ``reparation.py``, ``payment.py``, ``court_victim.py``); the
forms that move a proceeding on without adding a record (stage, appeal, another case) are
in ``proceeding_forms.py``.
"""

from __future__ import annotations

from jhro_tui.i18n import _, format_date, format_number, ngettext
from jhro_tui.services.forms import choice_label
from jhro_tui.services.justice.views import (
    AccusedView,
    ChargeView,
    HearingView,
    ProceedingView,
    ReparationView,
)
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.records.shared import line
from jhro_tui.ui.widgets.picker import Choice

MASK = "████"
"""An accused's name not shown, as a victim's is."""


def proceeding_name(proceeding: ProceedingView) -> str:
    return proceeding.label or proceeding.court_label


def proceeding_choices(detail: CaseDetail) -> list[Choice]:
    return [Choice(str(p.id), proceeding_name(p), choice_label("proceeding_stage", p.stage))
            for p in detail.proceedings]


def all_accused(detail: CaseDetail) -> list[tuple[ProceedingView, AccusedView]]:
    return [(p, person) for p in detail.proceedings for person in p.accused]


def accused_label(person: AccusedView) -> str:
    """"A1 · FARDC · Captain": never the name, which a list may show to anyone."""
    return " · ".join(part for part in (person.code, person.category_label, person.rank)
                      if part)


def accused_choices(detail: CaseDetail, *, convicted_only: bool = False) -> list[Choice]:
    return [Choice(str(person.id), accused_label(person), proceeding_name(p))
            for p, person in all_accused(detail)
            if not convicted_only or person.outcome == "convicted"]


def all_reparations(detail: CaseDetail) -> list[ReparationView]:
    return [r for _p, person in all_accused(detail) for r in person.reparations]


def reparation_label(reparation: ReparationView) -> str:
    return f"{reparation.accused_code} · {amount(reparation.amount, reparation.currency)} · " \
           f"{reparation.beneficiary}"


def amount(value: int, currency: str) -> str:
    return f"{format_number(value)} {currency}"


def _charge_text(charge: ChargeView) -> str:
    label = charge.label + (" " + _("(sexual violence)") if charge.sexual_violence else "")
    if not charge.verdict:
        return label
    verdict = choice_label("verdict", charge.verdict)
    if charge.verdict == "requalified":
        verdict += ": " + charge.requalified_label + (
            " " + _("(sexual violence)") if charge.requalified_sexual_violence else "")
    return f"{label} — {verdict}"


def _accused_lines(person: AccusedView) -> list[str]:
    if person.name:
        name = person.name
    elif person.has_name:
        name = MASK
    else:
        name = ""
    lines = [line("  ●", person.code, name, person.category_label, person.rank, person.unit,
                  _("(perpetrator of the case)") if person.perpetrator_id is not None
                  else "")]
    lines += [line("     •", _charge_text(charge)) for charge in person.charges]
    if person.judged_on is not None:
        months = ngettext("{count} month", "{count} months", person.sentence_months or 0
                          ).format(count=person.sentence_months) \
            if person.sentence_months else ""
        lines.append(line("     ", _("Judged on {date}:").format(
            date=format_date(person.judged_on)),
            choice_label("verdict", person.outcome) if person.outcome != "pending" else "",
            choice_label("sentence_kind", person.sentence_kind)
            if person.sentence_kind else "", months))
    if person.first_instance_outcome:
        lines.append(line("     ", _("At first instance:"),
                          _outcome_label(person.first_instance_outcome)))
    for reparation in person.reparations:
        lines.append(line("     ", _("Reparation:"), amount(reparation.amount,
                                                           reparation.currency),
                          _("to {beneficiary}").format(beneficiary=reparation.beneficiary),
                          _("jointly with the State") if reparation.jointly_with_state
                          else "", _("ordered on {date}").format(
                              date=format_date(reparation.ordered_on)),
                          _("paid {paid} of {ordered}").format(
                              paid=format_number(reparation.paid),
                              ordered=format_number(reparation.amount))))
        lines += [line("       ", format_date(payment.paid_on),
                       amount(payment.amount, reparation.currency), payment.note)
                  for payment in reparation.payments]
    return lines


def _outcome_label(outcome: str) -> str:
    return {"convicted": _("convicted"), "acquitted": _("acquitted"),
            "dismissed": _("dismissed"), "pending": _("not judged")}.get(outcome, outcome)


def _hearing_line(hearing: HearingView) -> str:
    what = _("postponed: {reason}").format(reason=hearing.reason) if hearing.postponed \
        else hearing.summary
    return line("  ◷", format_date(hearing.held_on), what,
                hearing.summary if hearing.postponed else "",
                _("next: {date}").format(date=format_date(hearing.next_on))
                if hearing.next_on else "",
                _("[closed to the public]") if hearing.closed_to_public else "")


def proceeding_lines(p: ProceedingView) -> list[str]:
    place = " · ".join(part for part in (
        choice_label("jurisdiction", p.jurisdiction) if p.jurisdiction else "",
        p.province_label, p.territory_label) if part)
    lines = [line("■", proceeding_name(p)), line("   ", _("Where:"), place)]
    lines.append(line("   ", _("Stage:"), choice_label("proceeding_stage", p.stage),
                      _("since {date}").format(date=format_date(p.stage_on))))
    if len(p.stages) > 1:
        lines.append(line("   ", _("Stages:"), " → ".join(
            f"{choice_label('proceeding_stage', s.stage)} {format_date(s.on)}"
            for s in p.stages)))
    cases = ", ".join(case.reference for case in p.cases)
    if p.hidden_cases:
        cases += " " + ngettext("(and {count} case you may not see)",
                                "(and {count} cases you may not see)",
                                p.hidden_cases).format(count=p.hidden_cases)
    lines.append(line("   ", _("Cases:"), cases))
    if p.session_label:
        lines.append(line("   ", _("Mobile court session:"), p.session_label))
    if p.appeal_of_label:
        lines.append(line("   ", _("Appeal against:"), p.appeal_of_label))
    if p.appeals:
        lines.append(line("   ", _("Appealed:"), ", ".join(label for _id, label in p.appeals)))
    if p.accused:
        lines.append(line("  ", _("Accused")))
        for person in p.accused:
            lines += _accused_lines(person)
    if p.hearings:
        heading = _("Hearings")
        if p.postponements:
            heading += " " + ngettext("(postponed {count} time)", "(postponed {count} times)",
                                      p.postponements).format(count=p.postponements)
        lines.append(line("  ", heading))
        lines += [_hearing_line(hearing) for hearing in p.hearings]
    if p.victims:
        lines.append(line("  ", _("Victims in court")))
        for victim in p.victims:
            lines.append(line(
                "  ◆", victim.victim_code, victim.case_reference,
                _("civil party") if victim.civil_party else "",
                _("protection asked: {measures}").format(measures=", ".join(
                    choice_label("protection_measure", m) for m in victim.protection_requested))
                if victim.protection_requested else "",
                _("granted: {measures}").format(measures=", ".join(
                    choice_label("protection_measure", m) for m in victim.protection_granted))
                if victim.protection_granted else "",
                _("legal aid: {who}").format(who=victim.legal_aid) if victim.legal_aid
                else ""))
    return lines


def section(detail: CaseDetail) -> str:
    return "\n\n".join("\n".join(proceeding_lines(p)) for p in detail.proceedings)
