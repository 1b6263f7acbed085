"""Proceedings: opened from a case, joined to other cases, moved through their stages,
appealed, and read."""

from __future__ import annotations

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access
from jhro_tui.services.access import FOLLOW_UP, CaseWork
from jhro_tui.services.common import rules
from jhro_tui.services.justice import checks
from jhro_tui.services.justice.forms import AppealForm, ProceedingForm, StageForm
from jhro_tui.services.justice.read import read_proceedings
from jhro_tui.services.justice.stages import move_stage
from jhro_tui.services.justice.unit import (
    proceeding_unit,
    session_visible,
    tuples,
    visible_cases,
    write_changes,
)
from jhro_tui.services.justice.views import ProceedingView
from jhro_tui.services.session import Session
from jhro_tui.services.validation import not_future
from jhro_tui.store.models import (
    Accused,
    Case,
    Charge,
    MobileSession,
    Proceeding,
    ProceedingCase,
    ProceedingStage,
    utc_now,
)


def _session_id(work: CaseWork, session_id: int | None) -> int | None:
    if session_id is None:
        return None
    row = MobileSession.get_or_none(MobileSession.id == session_id)
    if row is None or not session_visible(row, work.who):
        raise ValidationError("session_id", N_("Choose a mobile court session of your "
                                               "office."))
    return session_id


def open_proceeding(session: Session, case_id: int, form: ProceedingForm) -> ProceedingView:
    """Record proceedings about case ``case_id``, at their first known stage."""
    action = "proceeding.add"
    with access.case_unit(session, case_id, action, section=FOLLOW_UP) as work:
        jurisdiction = checks.check_proceeding(form, rules(session), opening=True)
        stage_on = checks.day("stage_on", form.stage_on, "")
        now = utc_now()
        row = Proceeding.create(
            office=work.case.office, court_code=form.court_code, jurisdiction=jurisdiction,
            province_code=form.province_code, territory_code=form.territory_code,
            docket=form.docket.strip(), stage=form.stage, stage_on=stage_on,
            opened_on=stage_on, session=_session_id(work, form.session_id),
            created_by=work.who.id, updated_by=work.who.id, created_at=now, updated_at=now)
        ProceedingCase.create(proceeding=row.id, case=case_id)
        ProceedingStage.create(proceeding=row.id, stage=form.stage, on=stage_on,
                               evidence=form.evidence.strip(), by=work.who.id, at=now)
        work.changed(action, f"proceeding={row.id} stage={form.stage}")
        return read_proceedings([row], work.who)[0]


def update_proceeding(session: Session, proceeding_id: int, form: ProceedingForm, *,
                      expected_version: int) -> ProceedingView:
    """Change a proceeding's court, place, docket or session (not its stage)."""
    action = "proceeding.update"
    with proceeding_unit(session, proceeding_id, action,
                         expected_version=expected_version) as work:
        jurisdiction = checks.check_proceeding(form, rules(session), opening=False)
        values = {"court_code": form.court_code, "jurisdiction": jurisdiction,
                  "province_code": form.province_code,
                  "territory_code": form.territory_code, "docket": form.docket.strip(),
                  "session": _session_id(work, form.session_id)}
        changed = write_changes(Proceeding, work.proceeding, values, work.who)
        if changed:
            work.changed_all(action, " ".join(changed))
        return read_proceedings([Proceeding.get_by_id(proceeding_id)], work.who)[0]


def change_stage(session: Session, proceeding_id: int, form: StageForm, *,
                 expected_version: int) -> ProceedingView:
    """Move a proceeding to another stage, with the day and the evidence of it."""
    action = "proceeding.stage"
    with proceeding_unit(session, proceeding_id, action,
                         expected_version=expected_version) as work:
        row = work.proceeding
        on = checks.check_stage(form, rules(session), row.stage, row.stage_on)
        move_stage(work.who.id, row, form.stage, on, form.evidence.strip())
        work.changed_all(action, f"{row.stage}->{form.stage}")
        return read_proceedings([Proceeding.get_by_id(proceeding_id)], work.who)[0]


def join_case(session: Session, proceeding_id: int, reference: str) -> ProceedingView:
    """Join another case the user may see to the proceeding (a trial of several cases)."""
    action = "proceeding.join_case"
    with proceeding_unit(session, proceeding_id, action) as work:
        wanted = (reference or "").strip().upper()
        if not wanted:
            raise ValidationError("reference", N_("Give the reference of the other case, "
                                                  "such as GOM-2026-0001."))
        found = Case.select(Case.id).where(Case.reference == wanted).first()
        if found is None:
            raise work.denied("no such record", access.NotAvailable(),
                              target=f"case:{wanted}")
        other = access.load_case(found.id, work.who, action)
        if ProceedingCase.select().where(ProceedingCase.proceeding == proceeding_id,
                                         ProceedingCase.case == other.id).exists():
            raise ValidationError("reference", N_("This case is in the proceeding already."))
        ProceedingCase.create(proceeding=proceeding_id, case=other.id)
        work.changed_all(action, f"case={other.reference}")
        return read_proceedings([work.proceeding], work.who)[0]


def leave_case(session: Session, proceeding_id: int, case_id: int) -> None:
    """Take a case out of a proceeding; its last case cannot leave (remove it instead)."""
    action = "proceeding.leave_case"
    with proceeding_unit(session, proceeding_id, action) as work:
        other = access.load_case(case_id, work.who, action)
        link = ProceedingCase.get_or_none(ProceedingCase.proceeding == proceeding_id,
                                          ProceedingCase.case == other.id)
        if link is None:
            raise ValidationError("case", N_("This case is not in the proceeding."))
        if ProceedingCase.select().where(ProceedingCase.proceeding == proceeding_id
                                         ).count() == 1:
            raise ValidationError("case", N_("This is the proceeding's only case: remove "
                                             "the proceeding instead."))
        work.changed_all(action, f"case={other.reference}")
        link.delete_instance()


def remove_proceeding(session: Session, proceeding_id: int, *, expected_version: int) -> None:
    """Remove a proceeding recorded by mistake, with everything recorded in it."""
    action = "proceeding.remove"
    with proceeding_unit(session, proceeding_id, action,
                         expected_version=expected_version) as work:
        if Proceeding.select().where(Proceeding.appeal_of == proceeding_id).exists():
            raise ValidationError("proceeding", N_("An appeal was lodged against it: remove "
                                                   "the appeal first."))
        work.changed_all(action)
        Proceeding.delete().where(Proceeding.id == proceeding_id).execute()


def lodge_appeal(session: Session, proceeding_id: int, form: AppealForm) -> ProceedingView:
    """An appeal against the judgment: a proceeding of its own about the same cases, with
    the same accused facing the same charges, whose outcome stands beside the first."""
    action = "proceeding.appeal"
    with proceeding_unit(session, proceeding_id, action) as work:
        first = work.proceeding
        checked = rules(session)
        jurisdiction = checks.court(checked, form.court_code)
        checks.place(checked, form.province_code, form.territory_code)
        checks.limit("docket", form.docket)
        checks.limit("evidence", form.evidence)
        lodged = checks.day("lodged_on", form.lodged_on, N_("Give the day the appeal was "
                                                            "lodged."))
        judged = [day for (day,) in tuples(Accused.select(Accused.judged_on).where(
            Accused.proceeding == first.id, Accused.judged_on.is_null(False)))]
        if not judged:
            raise ValidationError("lodged_on", N_("There is no judgment to appeal yet: "
                                                  "record the judgment first."))
        not_future(checked, "lodged_on", lodged)
        checks.not_before("lodged_on", lodged, min(judged), N_(
            "The appeal ({date}) is before the judgment ({earliest})."))
        now = utc_now()
        appeal = Proceeding.create(
            office=first.office, court_code=form.court_code, jurisdiction=jurisdiction,
            province_code=form.province_code, territory_code=form.territory_code,
            docket=form.docket.strip(), stage="appeal", stage_on=lodged, opened_on=lodged,
            appeal_of=first.id, created_by=work.who.id, updated_by=work.who.id,
            created_at=now, updated_at=now)
        ProceedingStage.create(proceeding=appeal.id, stage="appeal", on=lodged,
                               evidence=form.evidence.strip(), by=work.who.id, at=now)
        for (case_id,) in tuples(ProceedingCase.select(ProceedingCase.case).where(
                ProceedingCase.proceeding == first.id)):
            ProceedingCase.create(proceeding=appeal.id, case=case_id)
        for person in Accused.select().where(Accused.proceeding == first.id):
            again = Accused.create(
                proceeding=appeal.id, perpetrator=person.perpetrator_id,
                first_instance=person.id, code=person.code, name=person.name,
                category_code=person.category_code, rank=person.rank, unit=person.unit,
                created_by=work.who.id, updated_by=work.who.id, created_at=now,
                updated_at=now)
            for (code,) in tuples(Charge.select(Charge.charge_code).where(
                    Charge.accused == person.id)):
                Charge.create(accused=again.id, proceeding=appeal.id, charge_code=code,
                              created_by=work.who.id, updated_by=work.who.id,
                              created_at=now, updated_at=now)
        if first.stage == "judgment" and lodged >= first.stage_on:
            move_stage(work.who.id, first, "appeal", lodged, form.evidence.strip())
        work.changed_all(action, f"appeal={appeal.id}")
        return read_proceedings([appeal], work.who)[0]


def get_proceeding(session: Session, proceeding_id: int, *, reveal_identity: bool = False
                   ) -> ProceedingView:
    """A proceeding as this account may see it (audited as a view; names of the accused
    only for who may see the identities of one of its cases, each reveal audited)."""
    action = "proceeding.view"
    target = f"proceeding:{proceeding_id}"
    with access.unit(session) as audit:
        who = access.case_actor(session, action, target)
        row = Proceeding.get_or_none(Proceeding.id == proceeding_id)
        if row is None or not visible_cases(proceeding_id, who):
            raise access.Denied(action, target, "not visible" if row else "no such record",
                                access.NotAvailable())
        view = read_proceedings([row], who, reveal=reveal_identity)[0]
        if reveal_identity and not view.can_see_identity:
            raise access.Denied("accused.identity.view", target,
                                "not assigned officer or supervisor")
        audit(action, target, "")
        if reveal_identity:
            for person in view.accused:
                if person.has_name:
                    audit("accused.identity.view", target, f"accused={person.id}")
        return view
