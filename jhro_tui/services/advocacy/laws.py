"""Laws and policies an office follows, and their stage history.

A law belongs to the office that records it (``office_records``): its officers record it,
move it along and link cases to it; its supervisor alone withdraws a stage recorded by
mistake or removes the law. A move to another stage gives its day and its evidence, and
cannot be dated before the stage it leaves (the history reads in order) nor in the future.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, format_date
from jhro_tui.services import access, forms
from jhro_tui.services.access import Actor, NotAvailable
from jhro_tui.services.advocacy.forms import (
    LAW_JURISDICTIONS,
    LAW_KINDS,
    LAW_STAGES,
    LAW_THEMES,
    STANDARDS,
    LawForm,
    StageForm,
)
from jhro_tui.services.advocacy.read import law_view
from jhro_tui.services.advocacy.views import LawView
from jhro_tui.services.common import rules
from jhro_tui.services.justice.unit import write_changes
from jhro_tui.services.office_records import RecordWork, colleague, record_unit
from jhro_tui.services.session import Session
from jhro_tui.services.validation import Rules, known_code, length, not_future, one_of, required
from jhro_tui.store.models import AdvocacyCase, Case, Law, LawStage, utc_now


def _values(form: LawForm, checks: Rules, who: Actor) -> dict[str, Any]:
    title = required("title", form.title, N_("Give the title of the law or policy."))
    length("title", title)
    one_of("kind", form.kind, LAW_KINDS)
    one_of("jurisdiction", form.jurisdiction, LAW_JURISDICTIONS)
    province = form.province_code if form.jurisdiction == "provincial" else ""
    if form.jurisdiction == "provincial":
        if not province:
            raise ValidationError("province_code", N_("Choose the province of a provincial "
                                                      "text."))
        known_code(checks, "province_code", "province", province)
    one_of("theme", form.theme, LAW_THEMES)
    for code in form.standards:
        one_of("standards", code, STANDARDS)
    one_of("priority", form.priority, forms.PRIORITIES)
    length("note", form.note)
    officer = colleague(who, form.officer, "officer") if form.officer.strip() else who.id
    return {"title": title, "kind": form.kind, "jurisdiction": form.jurisdiction,
            "province_code": province, "theme": form.theme,
            "standards": " ".join(code for code in STANDARDS if code in form.standards),
            "priority": forms.PRIORITY_RANK[form.priority], "officer": officer,
            "note": form.note.strip()}


def _stage_day(checks: Rules, stage: str, on: dt.date | None, evidence: str) -> None:
    one_of("stage", stage, LAW_STAGES)
    if on is None:
        raise ValidationError("on", N_("Give the day the law reached this stage."))
    not_future(checks, "on", on)
    length("evidence", evidence)


def add_law(session: Session, form: LawForm) -> LawView:
    action = "law.add"
    with access.working(session, action) as work:
        checks = rules(session)
        values = _values(form, checks, work.who)
        _stage_day(checks, form.stage, form.stage_on, form.evidence)
        assert form.stage_on is not None
        now = utc_now()
        row = Law.create(office=work.who.office, stage=form.stage, stage_on=form.stage_on,
                         created_by=work.who.id, updated_by=work.who.id, created_at=now,
                         updated_at=now, **values)
        LawStage.create(law=row.id, stage=form.stage, on=form.stage_on,
                        evidence=form.evidence.strip(), recorded_by=work.who.id,
                        recorded_at=now)
        work.audit(action, f"stage={form.stage}", target=f"law:{row.id}")
        return law_view(row, work.who)


def update_law(session: Session, law_id: int, form: LawForm, *,
               expected_version: int) -> LawView:
    """Change what the law is (its stage moves only through ``move_law``)."""
    action = "law.update"
    with record_unit(session, Law, law_id, action, expected_version=expected_version) as work:
        changed = write_changes(Law, work.row, _values(form, rules(session), work.who),
                                work.who)
        if changed:
            work.audit(action, " ".join(changed))
        return law_view(Law.get_by_id(law_id), work.who)


def move_law(session: Session, law_id: int, form: StageForm, *,
             expected_version: int) -> LawView:
    """Record that the law reached another stage, on ``form.on``, with its evidence."""
    action = "law.stage"
    with record_unit(session, Law, law_id, action, expected_version=expected_version) as work:
        law = work.row
        _stage_day(rules(session), form.stage, form.on, form.evidence)
        assert form.on is not None
        if form.stage == law.stage:
            raise ValidationError("stage", N_("The law is already at this stage."))
        if form.on < law.stage_on:
            raise ValidationError("on", N_(
                "The date {date} is before the law reached its present stage ({stage}, on "
                "{previous}): the history must read in order."), date=format_date(form.on),
                stage=forms.choice_label("law_stage", law.stage),
                previous=format_date(law.stage_on))
        evidence = required("evidence", form.evidence, N_(
            "Give the evidence of the change: a gazette, a committee report, a letter…"))
        now = utc_now()
        LawStage.create(law=law_id, stage=form.stage, on=form.on, evidence=evidence,
                        recorded_by=work.who.id, recorded_at=now)
        _set_stage(law_id, form.stage, form.on, work)
        work.audit(action, f"from={law.stage} to={form.stage} on={form.on.isoformat()}")
        return law_view(Law.get_by_id(law_id), work.who)


def _set_stage(law_id: int, stage: str, on: dt.date, work: RecordWork[Law]) -> None:
    Law.update(stage=stage, stage_on=on, version=Law.version + 1, updated_at=utc_now(),
               updated_by=work.who.id).where(Law.id == law_id).execute()


def withdraw_stage(session: Session, law_id: int, *, expected_version: int) -> LawView:
    """Withdraw the latest stage, recorded by mistake (the office supervisor): the law is
    back at the one before. The first stage cannot be withdrawn; the audit trail keeps
    what was withdrawn."""
    action = "law.stage.withdraw"
    with record_unit(session, Law, law_id, action, expected_version=expected_version) as work:
        work.require_supervisor()
        history = list(LawStage.select().where(LawStage.law == law_id)
                       .order_by(LawStage.on.desc(), LawStage.id.desc()).limit(2))
        if len(history) < 2:
            raise ValidationError("stage", N_("This is the law's first stage: change the "
                                              "law, or remove it, instead."))
        latest, before = history
        LawStage.delete().where(LawStage.id == latest.id).execute()
        _set_stage(law_id, before.stage, before.on, work)
        work.audit(action, f"stage={latest.stage} on={latest.on.isoformat()} "
                           f"evidence={latest.evidence[:200]!r}")
        return law_view(Law.get_by_id(law_id), work.who)


def remove_law(session: Session, law_id: int, *, expected_version: int) -> None:
    """Remove a law recorded by mistake (the office supervisor), with its history and the
    cases linked to it; its actions stay, as actions on no law."""
    action = "law.remove"
    with record_unit(session, Law, law_id, action, expected_version=expected_version) as work:
        work.require_supervisor()
        # An action's links go on illustrating the action once its law is gone.
        AdvocacyCase.update(law=None).where(AdvocacyCase.law == law_id,
                                            AdvocacyCase.action.is_null(False)).execute()
        Law.delete().where(Law.id == law_id).execute()
        work.audit(action, f"title={work.row.title[:200]!r}")


def law(session: Session, law_id: int) -> LawView:
    """A law's page (audited as a view: it names the cases that illustrate it)."""
    with record_unit(session, Law, law_id, "law.view") as work:
        work.audit("law.view")
        return law_view(work.row, work.who)


def visible_case(reference: str, work: access.Work) -> Case:
    """The case of ``reference`` if ``work.who`` may see it; one that does not exist is
    refused alike (and audited), so references cannot be probed."""
    reference = required("reference", reference, N_(
        "Give the reference of the case, such as GOM-2026-0001.")).upper()
    found = Case.select(Case.id).where(Case.reference == reference).first()
    if found is None:
        raise work.denied("no such record", NotAvailable(), target=f"case:{reference}")
    return access.load_case(found.id, work.who, work.action)


def link_case(session: Session, law_id: int, reference: str) -> LawView:
    """Link a case that illustrates the law's problem (one the user may see)."""
    action = "law.link_case"
    with record_unit(session, Law, law_id, action) as work:
        case = visible_case(reference, work)
        if AdvocacyCase.select().where(AdvocacyCase.law == law_id,
                                       AdvocacyCase.case == case.id,
                                       AdvocacyCase.action.is_null()).exists():
            raise ValidationError("reference", N_("This case is already linked to the law."))
        AdvocacyCase.create(law=law_id, case=case.id, linked_by=work.who.id)
        work.audit(action, f"case={case.reference}")
        work.audit(action, f"law={law_id}", target=f"case:{case.reference}")
        return law_view(Law.get_by_id(law_id), work.who)


def unlink_case(session: Session, law_id: int, link_id: int) -> LawView:
    """Remove a link made on the law (one made through an action goes with the action)."""
    action = "law.unlink_case"
    with record_unit(session, Law, law_id, action) as work:
        link = AdvocacyCase.get_or_none(AdvocacyCase.id == link_id, AdvocacyCase.law == law_id,
                                        AdvocacyCase.action.is_null())
        if link is None:
            raise ValidationError("reference", N_(
                "This case was linked through an action: change the action instead."))
        reference = Case.select(Case.reference).where(Case.id == link.case_id).scalar()
        link.delete_instance()
        work.audit(action, f"case={reference}")
        work.audit(action, f"law={law_id}", target=f"case:{reference}")
        return law_view(Law.get_by_id(law_id), work.who)


def law_of_office(who: Actor, law_id: int | None, field: str = "law_id") -> Law | None:
    """The law chosen on a form (None: no law), one of ``who``'s office."""
    if law_id is None:
        return None
    row = Law.get_or_none(Law.id == law_id)
    if row is None or row.office != who.office:
        raise ValidationError(field, N_("Choose a law your office follows."))
    return row

