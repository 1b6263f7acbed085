"""Monitoring visits to a facility: who went, the access given, who was seen and in what
conditions, and the follow-ups they call for. A refused access is a violation in itself:
``open_case_for_refusal`` opens the case for it, in the same unit of work."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services import access, cases, forms, office_records, records
from jhro_tui.services.common import account_names, rules
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.detail import follow_up_view
from jhro_tui.services.detention.forms import VisitForm
from jhro_tui.services.detention.read import visit_view, visitors
from jhro_tui.services.detention.unit import facility_of, record_unit
from jhro_tui.services.detention.views import VisitView
from jhro_tui.services.forms import CaseForm, FollowUpForm, IncidentForm, ViolationForm
from jhro_tui.services.justice.unit import write_changes
from jhro_tui.services.office_records import colleague
from jhro_tui.services.session import Session
from jhro_tui.services.validation import from_today, length, not_future, one_of, validate_follow_up
from jhro_tui.services.views import FollowUpView
from jhro_tui.store.models import (
    DetentionVisit,
    Facility,
    FollowUp,
    VisitOfficer,
    utc_now,
)

MAX_HEADCOUNT = 100_000
REFUSAL_TYPE = "LIBERTY.MONITORING_ACCESS_REFUSED"
HEADCOUNTS = ("men", "women", "boys", "girls")


def _officers(form: VisitForm, who: access.Actor, *, author: bool) -> list[int]:
    """The accounts named as visitors (with the author when ``author``), each an active
    officer or supervisor of the office."""
    ids = [who.id] if author else []
    for name in form.officers:
        if name.strip() and (account_id := colleague(who, name, "officers")) not in ids:
            ids.append(account_id)
    return ids


def _values(form: VisitForm, session: Session, who: access.Actor) -> dict[str, Any]:
    facility = facility_of(who, form.facility_id)
    if form.visited_on is None:
        raise ValidationError("visited_on", N_("Give the day of the visit."))
    not_future(rules(session), "visited_on", form.visited_on)
    one_of("access", form.access, forms.VISIT_ACCESS)
    for field in HEADCOUNTS:
        count = getattr(form, field)
        if count is not None and not 0 <= count <= MAX_HEADCOUNT:
            raise ValidationError(field, N_("Give a number from 0 to 100,000, or leave it "
                                            "empty when not counted."))
    for code in form.conditions:
        one_of("conditions", code, forms.DETENTION_CONDITIONS)
    length("notes", form.notes)
    return {"facility_id": facility.id, "office": facility.office,
            "visited_on": form.visited_on, "access": form.access,
            **{field: getattr(form, field) for field in HEADCOUNTS},
            "conditions": " ".join(code for code in forms.DETENTION_CONDITIONS
                                   if code in form.conditions),
            "notes": form.notes.strip()}


def _set_officers(visit_id: int, ids: list[int]) -> None:
    VisitOfficer.delete().where(VisitOfficer.visit == visit_id).execute()
    VisitOfficer.insert_many([{"visit": visit_id, "account": account_id}
                              for account_id in ids]).execute()


def add_visit(session: Session, form: VisitForm) -> VisitView:
    action = "visit.add"
    with access.working(session, action) as work:
        values = _values(form, session, work.who)
        ids = _officers(form, work.who, author=True)
        now = utc_now()
        row = DetentionVisit.create(created_by=work.who.id, updated_by=work.who.id,
                                    created_at=now, updated_at=now, **values)
        _set_officers(row.id, ids)
        work.audit(action, f"facility={row.facility_id} access={row.access}",
                   target=f"detention_visit:{row.id}")
        return visit_view(row, account_names())


def update_visit(session: Session, visit_id: int, form: VisitForm, *,
                 expected_version: int) -> VisitView:
    action = "visit.update"
    with record_unit(session, DetentionVisit, visit_id, action,
                     expected_version=expected_version) as work:
        values = _values(form, session, work.who)
        ids = _officers(form, work.who, author=False)
        values.pop("office")
        # ``write_changes`` names the model's fields: the foreign key, not its column.
        values["facility"] = values.pop("facility_id")
        changed = write_changes(DetentionVisit, work.row, values, work.who)
        before = sorted(visitors(visit_id))
        ids = ids or before
        if sorted(ids) != before:
            _set_officers(visit_id, ids)
            if not changed:
                DetentionVisit.update(version=DetentionVisit.version + 1).where(
                    DetentionVisit.id == visit_id).execute()
            changed.append("officers")
        if changed:
            work.audit(action, " ".join(changed))
        return visit_view(DetentionVisit.get_by_id(visit_id), account_names(),
                          with_follow_ups=True)


def remove_visit(session: Session, visit_id: int, *, expected_version: int) -> None:
    """Remove a visit recorded by mistake (the office supervisor), with its follow-ups;
    a case opened for a refusal stays."""
    action = "visit.remove"
    with record_unit(session, DetentionVisit, visit_id, action,
                     expected_version=expected_version) as work:
        work.require_supervisor()
        FollowUp.delete().where(FollowUp.visit_id == visit_id).execute()
        DetentionVisit.delete().where(DetentionVisit.id == visit_id).execute()
        work.audit(action, f"facility={work.row.facility_id}")


def visit(session: Session, visit_id: int) -> VisitView:
    """A visit with its follow-ups (audited as a view)."""
    with record_unit(session, DetentionVisit, visit_id, "visit.view") as work:
        work.audit("visit.view")
        return visit_view(work.row, account_names(), with_follow_ups=True)


def open_case_for_refusal(session: Session, visit_id: int) -> int:
    """Open a draft case for a refused visit: its incident on the visit's day at the
    facility's place, a violation of the access-refused type, the visit pointing at it.
    All in one unit of work; returns the case's id. A visit whose access was not refused,
    or that has its case already, is refused with a clear message."""
    action = "visit.open_case"
    with record_unit(session, DetentionVisit, visit_id, action) as work:
        row = work.row
        if row.access != "refused":
            raise ValidationError("access", N_("Access was not refused on this visit."))
        if row.case_id is not None:
            raise ValidationError("case", N_("A case is already open for this refusal."))
        facility = Facility.get_by_id(row.facility_id)
        title = _("Access refused to {facility} on {date}").format(
            facility=facility.name, date=format_date(row.visited_on))[:300]
        summary = cases.create_case(session, CaseForm(
            title=title, narrative=row.notes, province_code=facility.province_code,
            opened_on=None))
        day = row.visited_on
        incident = records.add_incident(session, summary.id, IncidentForm(
            PartialDate(day.year, day.month, day.day), facility.province_code,
            facility.territory_code, facility.locality or facility.name))
        records.add_violation(session, incident.id, ViolationForm(REFUSAL_TYPE))
        DetentionVisit.update(case=summary.id, version=DetentionVisit.version + 1).where(
            DetentionVisit.id == visit_id).execute()
        work.audit(action, f"case={summary.reference}")
        return summary.id


# --- follow-ups of a visit (the follow-up kind of cases, without a case) ------------------

def _assignee(who: access.Actor, form: FollowUpForm) -> int:
    return colleague(who, form.assigned_to, "assigned_to") if form.assigned_to else who.id


def add_visit_follow_up(session: Session, visit_id: int, form: FollowUpForm
                        ) -> FollowUpView:
    action = "visit.follow_up.add"
    with record_unit(session, DetentionVisit, visit_id, action) as work:
        checks = rules(session)
        validate_follow_up(form, checks)
        from_today(checks, "due_on", form.due_on)
        now = utc_now()
        row = FollowUp.create(case=None, visit_id=visit_id, office=work.row.office,
                              description=form.description.strip(), due_on=form.due_on,
                              assigned_to=_assignee(work.who, form), created_by=work.who.id,
                              created_at=now, updated_by=work.who.id, updated_at=now)
        work.audit(action, f"follow_up={row.id}")
        return follow_up_view(row, "", account_names())


def complete_visit_follow_up(session: Session, follow_up_id: int, *, expected_version: int,
                             done: bool = True) -> FollowUpView:
    """Mark a visit's follow-up done (or not done again)."""
    return office_records.complete_follow_up(
        session, follow_up_id, DetentionVisit, "visit_id",
        "visit.follow_up.done" if done else "visit.follow_up.undone",
        expected_version=expected_version, done=done)


def visits_between(start: dt.date, end: dt.date, office_condition: Any) -> Any:
    """The visits of a period, as a query the overview and the report share."""
    return DetentionVisit.select().where(office_condition,
                                         DetentionVisit.visited_on.between(start, end))
