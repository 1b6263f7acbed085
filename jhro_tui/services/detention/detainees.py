"""Detainees and their legal timeline: the arrest, custody, warrant, order and
extensions, appearance, judgment, sentence, transfers and the release, each a
``DetentionStep``. After every change the detainee row keeps what the timeline gives
(``legal.standing``): when its basis runs out, where the detainee is held, whether
released. An officer's word on the flag (confirmed or overridden, with a reason) holds for
the limit it was given on: a change of the timeline that moves the limit clears it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from peewee import fn

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, format_date
from jhro_tui.services import access, forms
from jhro_tui.services.common import bump
from jhro_tui.services.detention import legal
from jhro_tui.services.detention.forms import DetaineeForm, ReviewForm, StepForm
from jhro_tui.services.detention.legal import Limits
from jhro_tui.services.detention.read import detainee_view, facts, steps_of
from jhro_tui.services.detention.unit import (
    RecordWork,
    facility_of,
    limits,
    record_unit,
    sees_identity,
)
from jhro_tui.services.detention.views import DetaineeView
from jhro_tui.services.justice.unit import session_visible, visible_proceedings
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.validation import length, one_of, required
from jhro_tui.store.models import (
    Case,
    Detainee,
    DetentionStep,
    MobileSession,
    ProceedingCase,
    utc_now,
)

MAX_SENTENCE_MONTHS = 100 * 12
MAX_EXTENSION_MONTHS = 12


def instant(on: dt.date, time: dt.time | None, zone: dt.tzinfo | None) -> dt.datetime:
    """A day and an hour on the office's clock as the UTC instant kept (midnight when the
    hour is not known)."""
    start = legal.day_start(on, zone)
    if time is None:
        return start
    local = dt.datetime.combine(on, time)
    aware = local.replace(tzinfo=zone) if zone is not None else local.astimezone()
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def _not_future(field: str, at: dt.datetime) -> None:
    if at > utc_now():
        raise ValidationError(field, N_("This is in the future: record what has happened."))


def _case_of(reference: str, who: access.Actor) -> int | None:
    reference = reference.strip().upper()
    if not reference:
        return None
    case = Case.get_or_none(Case.reference == reference)
    if case is None or not access.Visibility(who).allows(case):
        raise ValidationError("case_reference", N_("No case {reference} that you may "
                                                   "open."), reference=reference)
    return int(case.id)


def _penalty(code: str, bands: Limits) -> str:
    if code and code not in {band.code for band in bands.extensions}:
        raise ValidationError("penalty", N_("Unknown value {value}: choose one from the "
                                            "list."), value=code)
    return code


def _person(form: DetaineeForm, bands: Limits, who: access.Actor) -> dict[str, Any]:
    one_of("sex", form.sex, forms.SEXES)
    one_of("age_group", form.age_group, forms.AGE_GROUPS)
    length("name", form.name)
    return {"sex": form.sex, "age_group": form.age_group, "name": form.name.strip(),
            "penalty": _penalty(form.penalty, bands),
            "case_id": _case_of(form.case_reference, who)}


def _next_code(office: str) -> str:
    count = Detainee.select(fn.COUNT(Detainee.id)).where(Detainee.office == office).scalar()
    number = int(count or 0) + 1
    while Detainee.select().where(Detainee.office == office,
                                  Detainee.code == f"D-{number:04d}").exists():
        number += 1
    return f"D-{number:04d}"


def restate(detainee_id: int, bands: Limits, zone: dt.tzinfo | None, who: access.Actor
            ) -> None:
    """Keep on the detainee row what its timeline now gives."""
    row = Detainee.get_by_id(detainee_id)
    rows = steps_of(detainee_id)
    until, kind = legal.standing(facts(rows), bands, row.penalty, zone)
    arrest = next((step for step in rows if step.kind == legal.ARREST), None)
    release = next((step for step in rows if step.kind == legal.RELEASE), None)
    placed = [step.facility_id for step in rows
              if step.kind in (legal.ARREST, legal.TRANSFER) and step.facility_id]
    values: dict[Any, Any] = {
        Detainee.arrested_at: arrest.at if arrest else None,
        Detainee.released_at: release.at if release else None,
        Detainee.lawful_until: until, Detainee.lapsed_step: kind,
        Detainee.facility: placed[-1] if placed else row.facility_id}
    if until != row.lawful_until and row.review:
        values.update({Detainee.review: "", Detainee.review_reason: "",
                       Detainee.review_by: None, Detainee.review_at: None})
    bump(Detainee, detainee_id, who, values)


def add_detainee(session: Session, form: DetaineeForm) -> DetaineeView:
    """A detainee found at a facility of the office, with the arrest that begins the
    timeline; followed by the officer who records it."""
    action = "detainee.add"
    zone = session.settings.zone
    with access.working(session, action) as work:
        catalog = load_catalog()
        bands = limits(catalog, session)
        facility = facility_of(work.who, form.facility_id)
        person = _person(form, bands, work.who)
        if form.arrested_on is None:
            raise ValidationError("arrested_on", N_("Give the day of the arrest."))
        arrested = instant(form.arrested_on, form.arrested_time, zone)
        _not_future("arrested_on", arrested)
        now = utc_now()
        row = Detainee.create(office=facility.office, code=_next_code(facility.office),
                              facility=facility.id, officer=work.who.id,
                              created_by=work.who.id, updated_by=work.who.id,
                              created_at=now, updated_at=now, **person)
        DetentionStep.create(detainee=row.id, kind=legal.ARREST, at=arrested,
                             timed=form.arrested_time is not None, facility=facility.id,
                             created_by=work.who.id, updated_by=work.who.id,
                             created_at=now, updated_at=now)
        restate(row.id, bands, zone, work.who)
        work.audit(action, f"facility={facility.id}", target=f"detainee:{row.id}")
        return detainee_view(Detainee.get_by_id(row.id), catalog, bands, zone, now,
                             identity=True, reveal=True)


def update_detainee(session: Session, detainee_id: int, form: DetaineeForm, *,
                    expected_version: int) -> DetaineeView:
    """Change who the detainee is (sex, age group, name, penalty band, case) and when the
    arrest was; where they are held changes by a transfer."""
    action = "detainee.update"
    zone = session.settings.zone
    with record_unit(session, Detainee, detainee_id, action,
                     expected_version=expected_version) as work:
        catalog = load_catalog()
        bands = limits(catalog, session)
        row = work.row
        person = _person(form, bands, work.who)
        # Compared and written by the model's field names: the foreign key, not its column.
        person["case"] = person.pop("case_id")
        if not sees_identity(row, work.who):
            person.pop("name")  # a masked name comes back empty: it is not a change
        changed = sorted(name for name, value in person.items()
                         if getattr(row, Detainee._meta.fields[name].column_name) != value)
        if changed:
            bump(Detainee, row.id, work.who, {Detainee._meta.fields[name]: person[name]
                                              for name in changed})
        if form.arrested_on is not None:
            arrested = instant(form.arrested_on, form.arrested_time, zone)
            _not_future("arrested_on", arrested)
            arrest = DetentionStep.get((DetentionStep.detainee == row.id)
                                       & (DetentionStep.kind == legal.ARREST))
            if arrest.at != arrested or arrest.timed != (form.arrested_time is not None):
                earlier = DetentionStep.select().where(
                    DetentionStep.detainee == row.id, DetentionStep.kind != legal.ARREST,
                    DetentionStep.at < legal.day_start(form.arrested_on, zone)).exists()
                if earlier:
                    raise ValidationError("arrested_on", N_(
                        "Other steps of the timeline come before this day."))
                bump(DetentionStep, arrest.id, work.who,
                     {DetentionStep.at: arrested,
                      DetentionStep.timed: form.arrested_time is not None})
                changed.append("arrest")
        if changed:
            restate(row.id, bands, zone, work.who)
            work.audit(action, " ".join(changed))
        return _view(work, session, reveal=False)


def remove_detainee(session: Session, detainee_id: int, *, expected_version: int) -> None:
    """Remove a detainee recorded by mistake (the office supervisor)."""
    action = "detainee.remove"
    with record_unit(session, Detainee, detainee_id, action,
                     expected_version=expected_version) as work:
        work.require_supervisor()
        Detainee.delete().where(Detainee.id == detainee_id).execute()
        work.audit(action, f"code={work.row.code}")


def _view(work: RecordWork[Detainee], session: Session, *, reveal: bool) -> DetaineeView:
    catalog = load_catalog()
    return detainee_view(Detainee.get_by_id(work.row.id), catalog, limits(catalog, session),
                         session.settings.zone, utc_now(),
                         identity=sees_identity(work.row, work.who), reveal=reveal)


def detainee(session: Session, detainee_id: int, *, reveal: bool = False) -> DetaineeView:
    """A detainee with the timeline and the legal state now (audited as a view; the name
    only with ``reveal``, for who may see it, audited too)."""
    with record_unit(session, Detainee, detainee_id, "detainee.view") as work:
        if reveal and not sees_identity(work.row, work.who):
            raise work.denied("not the detainee's officer or supervisor",
                              action="detainee.identity.view")
        work.audit("detainee.view")
        if reveal:
            work.audit("detainee.identity.view")
        return _view(work, session, reveal=reveal)


# --- the legal timeline ------------------------------------------------------------------

def _check_step(form: StepForm, row: Detainee, rows: list[DetentionStep], at: dt.datetime,
                work: RecordWork[Detainee], zone: dt.tzinfo | None) -> dict[str, Any]:
    who = work.who
    arrest = next(step for step in rows if step.kind == legal.ARREST)
    released = next((step for step in rows if step.kind == legal.RELEASE), None)
    if at < (arrest.at if form.time is not None else legal.day_start(
            legal.local_day(arrest.at, zone), zone)):
        raise ValidationError("on", N_("This is before the arrest ({date})."),
                              date=format_date(legal.local_day(arrest.at, zone)))
    if released is not None:
        raise ValidationError("kind", N_("This detainee was released on {date}: nothing "
                                         "follows a release (a new detention is a new "
                                         "detainee)."),
                              date=format_date(legal.local_day(released.at, zone)))
    before = [step for step in rows if step.at <= at]
    values: dict[str, Any] = {}
    if form.kind == legal.EXTENSION:
        if not any(step.kind == legal.ORDER for step in before):
            raise ValidationError("kind", N_("An extension needs a pre-trial detention "
                                             "order before it."))
        if form.months is not None and not 1 <= form.months <= MAX_EXTENSION_MONTHS:
            raise ValidationError("months", N_("An extension runs 1 to 12 months."))
        values["months"] = form.months
    elif form.kind == legal.JUDGMENT:
        one_of("verdict", form.verdict, forms.DETENTION_VERDICTS)
        values["verdict"] = form.verdict
        if form.proceeding_id is not None:
            seen = visible_proceedings(who).where(
                ProceedingCase.proceeding == form.proceeding_id).exists()
            if not seen:
                raise ValidationError("proceeding_id", N_("Choose a proceeding you may "
                                                          "see."))
            values["proceeding"] = form.proceeding_id
    elif form.kind == legal.SENTENCE:
        if not any(step.kind == legal.JUDGMENT and step.verdict == legal.CONVICTED
                   for step in before):
            raise ValidationError("kind", N_("A sentence needs a judgment that convicted "
                                             "the detainee before it."))
        if form.months is not None and not 1 <= form.months <= MAX_SENTENCE_MONTHS:
            raise ValidationError("months", N_("Give the sentence in months (1 to 1,200), "
                                               "or leave it empty for life or no prison "
                                               "term."))
        values["months"] = form.months
    elif form.kind == legal.TRANSFER:
        facility = facility_of(who, form.facility_id)
        if facility.id == row.facility_id:
            raise ValidationError("facility_id", N_("The detainee is held there already."))
        values["facility"] = facility.id
    elif form.kind == legal.RELEASE:
        one_of("basis", form.basis, forms.DETENTION_RELEASE_BASES)
        values["basis"] = form.basis
        if form.basis == "mobile_session" or form.session_id is not None:
            held = (MobileSession.get_or_none(MobileSession.id == form.session_id)
                    if form.session_id else None)
            if held is None or not session_visible(held, who):
                raise ValidationError("session_id", N_("Choose the mobile court session of "
                                                       "your office that released the "
                                                       "detainee."))
            if legal.local_day(at, zone) < held.start_on:
                raise ValidationError("on", N_("The release ({date}) is before the session "
                                               "began ({earliest})."),
                                      date=format_date(legal.local_day(at, zone)),
                                      earliest=format_date(held.start_on))
            values.update(session=held.id, basis="mobile_session")
    return values


def add_step(session: Session, detainee_id: int, form: StepForm) -> DetaineeView:
    """A fact of the timeline; the legal state is worked out again."""
    action = "detainee.step.add"
    zone = session.settings.zone
    with record_unit(session, Detainee, detainee_id, action) as work:
        catalog = load_catalog()
        bands = limits(catalog, session)
        one_of("kind", form.kind, forms.DETENTION_STEPS)
        if form.kind == legal.ARREST:
            raise ValidationError("kind", N_("The arrest is recorded with the detainee; "
                                             "change it there."))
        if form.on is None:
            raise ValidationError("on", N_("Give the day."))
        at = instant(form.on, form.time, zone)
        _not_future("on", at)
        length("note", form.note)
        rows = steps_of(detainee_id)
        arrested = next(step.at for step in rows if step.kind == legal.ARREST)
        if form.time is None and legal.local_day(at, zone) == legal.local_day(arrested, zone):
            # A step known only to the day of the arrest came after it, not at midnight.
            at = max(at, arrested)
        values = _check_step(form, work.row, rows, at, work, zone)
        now = utc_now()
        step = DetentionStep.create(detainee=detainee_id, kind=form.kind, at=at,
                                    timed=form.time is not None, note=form.note.strip(),
                                    created_by=work.who.id, updated_by=work.who.id,
                                    created_at=now, updated_at=now, **values)
        restate(detainee_id, bands, zone, work.who)
        work.audit(action, f"step={step.id} kind={form.kind}")
        return _view(work, session, reveal=False)


def remove_step(session: Session, step_id: int) -> DetaineeView:
    """Remove a fact recorded by mistake (its author or the office supervisor); the arrest
    stays (change it on the detainee)."""
    action = "detainee.step.remove"
    step = DetentionStep.get_or_none(DetentionStep.id == step_id)
    with record_unit(session, Detainee, step.detainee_id if step else 0, action) as work:
        assert step is not None
        if step.kind == legal.ARREST:
            raise ValidationError("kind", N_("The arrest is recorded with the detainee; "
                                             "change it there."))
        if not work.who.is_supervisor and step.created_by_id != work.who.id:
            raise work.denied("not the author or the office supervisor")
        DetentionStep.delete().where(DetentionStep.id == step_id).execute()
        catalog = load_catalog()
        restate(work.row.id, limits(catalog, session), session.settings.zone, work.who)
        work.audit(action, f"step={step_id} kind={step.kind}")
        return _view(work, session, reveal=False)


def review_flag(session: Session, detainee_id: int, form: ReviewForm, *,
                expected_version: int) -> DetaineeView:
    """An officer confirms that a detainee past the limit is held unlawfully, or overrides
    the flag (a basis the timeline does not show), with the reason."""
    action = "detainee.review"
    with record_unit(session, Detainee, detainee_id, action,
                     expected_version=expected_version) as work:
        one_of("review", form.review, forms.FLAG_REVIEWS)
        reason = required("reason", form.reason, N_("Say why."))
        length("reason", reason)
        row = work.row
        if row.lawful_until is None or row.lawful_until > utc_now():
            raise ValidationError("review", N_("This detainee is not past the legal limit: "
                                               "there is no flag to review."))
        bump(Detainee, row.id, work.who, {Detainee.review: form.review,
                                          Detainee.review_reason: reason,
                                          Detainee.review_by: work.who.id,
                                          Detainee.review_at: utc_now()})
        work.audit(action, f"review={form.review}")
        return _view(work, session, reveal=False)
