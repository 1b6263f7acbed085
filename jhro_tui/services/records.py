"""The documentation of a case: incidents, violations, perpetrators, their involvement,
and sources. Changed only while the case is a draft (violations' verification also
while it waits for validation, by the office supervisor)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, cast

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access
from jhro_tui.services.access import DOCUMENTATION, Actor, CaseWork, Row
from jhro_tui.services.common import (
    account_names,
    bump,
    changed_values,
    rules,
)
from jhro_tui.services.detail import (
    incident_view,
    perpetrator_view,
    source_view,
    violation_view,
)
from jhro_tui.services.forms import (
    PERPETRATOR_ROLES,
    VERIFICATION,
    VICTIM_INVOLVEMENT,
    IncidentForm,
    PerpetratorForm,
    SourceForm,
    ViolationForm,
)
from jhro_tui.services.reference import load_catalog
from jhro_tui.services.session import Session
from jhro_tui.services.validation import (
    one_of,
    validate_incident,
    validate_perpetrator,
    validate_source,
    validate_violation,
)
from jhro_tui.services.views import (
    IncidentView,
    PerpetratorView,
    SourceView,
    ViolationPerpetrator,
    ViolationVictim,
    ViolationView,
)
from jhro_tui.store.models import (
    Incident,
    Perpetrator,
    PerpetratorInvolvement,
    Source,
    Victim,
    VictimViolation,
    Violation,
    utc_now,
)


def _add(session: Session, case_id: int, kind: str, model: type[Row],
         validate: Callable[[], object], values: Callable[[], dict[str, Any]]
         ) -> tuple[Row, Actor]:
    """A new documentation row of a draft case: permission, validation, stamp, audit."""
    action = f"{kind}.add"
    with access.case_unit(session, case_id, action, section=DOCUMENTATION) as work:
        validate()
        now = utc_now()
        row = model.create(case=work.case.id, created_by=work.who.id, updated_by=work.who.id,
                           created_at=now, updated_at=now, **values())
        work.changed(action, f"{kind}={cast(Any, row).id}")
    return row, work.who


def _update(session: Session, row_id: int, kind: str, model: type[Row],
            validate: Callable[[], object], values: Callable[[], dict[str, Any]], *,
            expected_version: int, form: object) -> Row:
    """A changed documentation row, refused with ``Conflict`` if someone saved first.

    Only the fields that change are written; a form saved unchanged writes nothing."""
    action = f"{kind}.update"
    with access.record_unit(session, model, row_id, action, section=DOCUMENTATION,
                            expected_version=expected_version) as work:
        validate()
        changes = changed_values(work.row, values(), vars(form))
        if changes:
            bump(model, row_id, work.who, {getattr(model, name): value
                                           for name, value in changes.items()})
            work.changed(action, f"{kind}={row_id}")
        return model.get_by_id(row_id)


def _remove(session: Session, row_id: int, kind: str, model: type[Row], *,
            expected_version: int) -> None:
    action = f"{kind}.remove"
    with access.record_unit(session, model, row_id, action, section=DOCUMENTATION,
                            expected_version=expected_version) as work:
        model.delete().where(model.id == row_id).execute()  # type: ignore[attr-defined]
        work.changed(action, f"{kind}={row_id}")


# --- incidents --------------------------------------------------------------------------------

def incident_values(form: IncidentForm) -> dict[str, Any]:
    """The stored columns of a (validated) incident form."""
    assert form.date is not None
    end = form.end
    return {
        "date_value": form.date.first_day(), "date_precision": form.date.precision,
        "date_estimated": form.date.estimated,
        "end_value": end.first_day() if end else None,
        "end_precision": end.precision if end else None,
        "end_estimated": end.estimated if end else False,
        "period_end": (end or form.date).last_day(),
        "province_code": form.province_code, "territory_code": form.territory_code,
        "locality": form.locality.strip(), "description": form.description,
    }


def add_incident(session: Session, case_id: int, form: IncidentForm) -> IncidentView:
    row, who = _add(session, case_id, "incident", Incident,
                    lambda: validate_incident(form, rules(session)),
                    lambda: incident_values(form))
    return incident_view(row, load_catalog(), {who.id: (who.name, "")})


def update_incident(session: Session, incident_id: int, form: IncidentForm, *,
                    expected_version: int) -> IncidentView:
    row = _update(session, incident_id, "incident", Incident,
                  lambda: validate_incident(form, rules(session)),
                  lambda: incident_values(form), expected_version=expected_version,
                  form=form)
    catalog, names = load_catalog(), account_names()
    violations = tuple(violation_view(v, catalog, names) for v in
                       Violation.select().where(Violation.incident == row.id))
    return incident_view(row, catalog, names, violations)


def remove_incident(session: Session, incident_id: int, *, expected_version: int) -> None:
    """Delete an incident with its violations (draft only)."""
    _remove(session, incident_id, "incident", Incident, expected_version=expected_version)


# --- violations ------------------------------------------------------------------------------

def add_violation(session: Session, incident_id: int, form: ViolationForm, *,
                  victim_ids: Collection[int] = (), perpetrator_ids: Collection[int] = ()
                  ) -> ViolationView:
    """A new violation of an incident, with the victims who suffered it and the
    perpetrators who took part in it (directly), all in one unit of work."""
    with access.record_unit(session, Incident, incident_id, "violation.add",
                            section=DOCUMENTATION) as work:
        incident, case, who = work.row, work.case, work.who
        validate_violation(form, rules(session))
        now = utc_now()
        row = Violation.create(incident=incident.id, case=case.id, type_code=form.type_code,
                               description=form.description,
                               verification_status=form.verification_status,
                               verification_set_by=who.id, verification_set_at=now,
                               created_by=who.id, updated_by=who.id, created_at=now,
                               updated_at=now, **_unnamed_columns(form))
        work.changed("violation.add", f"violation={row.id} type={form.type_code}")
        _relink(work, row, victim_ids, perpetrator_ids)
    return _violation(row.id)


def _unnamed_columns(form: ViolationForm) -> dict[str, int]:
    return {f"unnamed_{group}": count for group, count in form.unnamed.counts().items()}


def update_violation(session: Session, violation_id: int, form: ViolationForm, *,
                     expected_version: int, victim_ids: Collection[int] | None = None,
                     perpetrator_ids: Collection[int] | None = None) -> ViolationView:
    """Change a violation; ``victim_ids``/``perpetrator_ids``, when given, become the
    victims and perpetrators linked to it (those kept keep how they were involved), in the
    same unit of work."""
    with access.record_unit(session, Violation, violation_id, "violation.update",
                            section=DOCUMENTATION, expected_version=expected_version) as work:
        row, who = work.row, work.who
        validate_violation(form, rules(session))
        changes: dict[Any, Any] = {Violation.type_code: form.type_code,
                                   Violation.description: form.description,
                                   **{getattr(Violation, column): count for column, count
                                      in _unnamed_columns(form).items()}}
        if form.verification_status != row.verification_status:
            changes.update({Violation.verification_status: form.verification_status,
                            Violation.verification_set_by: who.id,
                            Violation.verification_set_at: utc_now()})
        bump(Violation, row.id, who, changes)
        work.changed("violation.update", f"violation={row.id} type={form.type_code} "
                     f"verification={form.verification_status}")
        _relink(work, row, victim_ids, perpetrator_ids)
    return _violation(row.id)


def _relink(work: CaseWork, row: Violation, victim_ids: Collection[int] | None,
            perpetrator_ids: Collection[int] | None) -> None:
    """Inside a unit: make the links of ``row`` exactly these ids (None: unchanged)."""
    if victim_ids is not None:
        _converge(set(victim_ids),
                  {link.victim_id for link in VictimViolation.select(VictimViolation.victim)
                   .where(VictimViolation.violation == row.id)},
                  lambda victim_id: _link_victim(work, row, victim_id, "direct"),
                  lambda victim_id: _unlink_victim(work, row, victim_id))
    if perpetrator_ids is not None:
        _converge(set(perpetrator_ids),
                  {link.perpetrator_id for link in
                   PerpetratorInvolvement.select(PerpetratorInvolvement.perpetrator)
                   .where(PerpetratorInvolvement.violation == row.id)},
                  lambda perpetrator_id: _link_perpetrator(work, row, perpetrator_id,
                                                           "direct"),
                  lambda perpetrator_id: _unlink_perpetrator(work, row, perpetrator_id))


def _converge(wanted: set[int], linked: set[int], link: Callable[[int], None],
              unlink: Callable[[int], None]) -> None:
    for item in sorted(wanted - linked):
        link(item)
    for item in sorted(linked - wanted):
        unlink(item)


def set_verification(session: Session, violation_id: int, status: str, *,
                     expected_version: int) -> ViolationView:
    """Record how far a violation is verified, and who said so when.

    In a draft, whoever edits the case; while the case waits for validation, the office
    supervisor (verification is part of the review).
    """
    one_of("verification_status", status, VERIFICATION)
    action = "violation.verify"
    with access.record_unit(session, Violation, violation_id, action) as work:
        row, case, who = work.row, work.case, work.who
        if case.status == "submitted":
            work.require_supervisor()
        else:
            access.require_section(case, DOCUMENTATION)
        work.check_version(expected_version)
        bump(Violation, row.id, who, {Violation.verification_status: status,
                                      Violation.verification_set_by: who.id,
                                      Violation.verification_set_at: utc_now()})
        work.changed(action, f"violation={row.id} verification={status}")
    return _violation(row.id)


def remove_violation(session: Session, violation_id: int, *, expected_version: int) -> None:
    _remove(session, violation_id, "violation", Violation, expected_version=expected_version)


def _violation(violation_id: int) -> ViolationView:
    """A violation as it is now, with the victims and perpetrators linked to it."""
    catalog = load_catalog()
    victims = tuple(
        ViolationVictim(victim_id, code, involvement) for victim_id, code, involvement in
        cast("list[tuple[int, str, str]]",
             VictimViolation.select(VictimViolation.victim, Victim.code,
                                    VictimViolation.involvement)
             .join(Victim).where(VictimViolation.violation == violation_id)
             .order_by(VictimViolation.id).tuples()))
    perpetrators = tuple(
        ViolationPerpetrator(perpetrator_id, category, catalog.label("perpetrator_category",
                                                                     category), unit, role)
        for perpetrator_id, category, unit, role in
        cast("list[tuple[int, str, str, str]]",
             PerpetratorInvolvement.select(PerpetratorInvolvement.perpetrator,
                                           Perpetrator.category_code, Perpetrator.unit,
                                           PerpetratorInvolvement.role)
             .join(Perpetrator).where(PerpetratorInvolvement.violation == violation_id)
             .order_by(PerpetratorInvolvement.id).tuples()))
    return violation_view(Violation.get_by_id(violation_id), catalog, account_names(),
                          victims, perpetrators)


def link_victim(session: Session, violation_id: int, victim_id: int,
                involvement: str = "direct") -> None:
    """Record that a victim of the same case suffered this violation."""
    one_of("involvement", involvement, VICTIM_INVOLVEMENT)
    with access.record_unit(session, Violation, violation_id, "violation.link_victim",
                            section=DOCUMENTATION) as work:
        _link_victim(work, work.row, victim_id, involvement)


def _link_victim(work: CaseWork, row: Violation, victim_id: int, involvement: str) -> None:
    case = work.case
    victim = Victim.get_or_none(Victim.id == victim_id)
    if victim is None or victim.case_id != case.id:
        raise ValidationError("victim", N_("This victim is not part of this case."))
    (VictimViolation.insert(victim=victim.id, violation=row.id, involvement=involvement)
     .on_conflict(conflict_target=[VictimViolation.victim, VictimViolation.violation],
                  update={VictimViolation.involvement: involvement}).execute())
    work.changed("violation.link_victim",
                 f"violation={row.id} victim={victim.id} involvement={involvement}")


def unlink_victim(session: Session, violation_id: int, victim_id: int) -> None:
    with access.record_unit(session, Violation, violation_id, "violation.unlink_victim",
                            section=DOCUMENTATION) as work:
        _unlink_victim(work, work.row, victim_id)


def _unlink_victim(work: CaseWork, row: Violation, victim_id: int) -> None:
    VictimViolation.delete().where(VictimViolation.violation == row.id,
                                   VictimViolation.victim == victim_id).execute()
    work.changed("violation.unlink_victim", f"violation={row.id} victim={victim_id}")


# --- perpetrators -----------------------------------------------------------------------------

def _perpetrator_values(form: PerpetratorForm) -> dict[str, Any]:
    return {"category_code": form.category_code, "unit": form.unit.strip(),
            "name": form.name.strip(), "rank": form.rank.strip(),
            "description": form.description}


def add_perpetrator(session: Session, case_id: int, form: PerpetratorForm) -> PerpetratorView:
    row, _who = _add(session, case_id, "perpetrator", Perpetrator,
                     lambda: validate_perpetrator(form, rules(session)),
                     lambda: _perpetrator_values(form))
    return perpetrator_view(row, load_catalog())


def update_perpetrator(session: Session, perpetrator_id: int, form: PerpetratorForm, *,
                       expected_version: int) -> PerpetratorView:
    row = _update(session, perpetrator_id, "perpetrator", Perpetrator,
                  lambda: validate_perpetrator(form, rules(session)),
                  lambda: _perpetrator_values(form), expected_version=expected_version,
                  form=form)
    return perpetrator_view(row, load_catalog())


def remove_perpetrator(session: Session, perpetrator_id: int, *, expected_version: int
                       ) -> None:
    _remove(session, perpetrator_id, "perpetrator", Perpetrator,
            expected_version=expected_version)


def link_perpetrator(session: Session, violation_id: int, perpetrator_id: int,
                     role: str = "direct") -> None:
    """Record how a perpetrator of the same case took part in this violation."""
    one_of("role", role, PERPETRATOR_ROLES)
    with access.record_unit(session, Violation, violation_id, "violation.link_perpetrator",
                            section=DOCUMENTATION) as work:
        _link_perpetrator(work, work.row, perpetrator_id, role)


def _link_perpetrator(work: CaseWork, row: Violation, perpetrator_id: int, role: str
                      ) -> None:
    case = work.case
    perpetrator = Perpetrator.get_or_none(Perpetrator.id == perpetrator_id)
    if perpetrator is None or perpetrator.case_id != case.id:
        raise ValidationError("perpetrator", N_("This perpetrator is not part of this case."))
    (PerpetratorInvolvement.insert(perpetrator=perpetrator.id, violation=row.id, role=role)
     .on_conflict(conflict_target=[PerpetratorInvolvement.perpetrator,
                                   PerpetratorInvolvement.violation],
                  update={PerpetratorInvolvement.role: role}).execute())
    work.changed("violation.link_perpetrator",
                 f"violation={row.id} perpetrator={perpetrator.id} role={role}")


def unlink_perpetrator(session: Session, violation_id: int, perpetrator_id: int) -> None:
    with access.record_unit(session, Violation, violation_id, "violation.unlink_perpetrator",
                            section=DOCUMENTATION) as work:
        _unlink_perpetrator(work, work.row, perpetrator_id)


def _unlink_perpetrator(work: CaseWork, row: Violation, perpetrator_id: int) -> None:
    PerpetratorInvolvement.delete().where(
        PerpetratorInvolvement.violation == row.id,
        PerpetratorInvolvement.perpetrator == perpetrator_id).execute()
    work.changed("violation.unlink_perpetrator",
                 f"violation={row.id} perpetrator={perpetrator_id}")


# --- sources ------------------------------------------------------------------------------------

def _source_values(form: SourceForm) -> dict[str, Any]:
    return {"kind": form.kind, "reliability": form.reliability,
            "credibility": form.credibility, "obtained_on": form.obtained_on,
            "description": form.description}


def add_source(session: Session, case_id: int, form: SourceForm) -> SourceView:
    row, _who = _add(session, case_id, "source", Source,
                     lambda: validate_source(form, rules(session)),
                     lambda: _source_values(form))
    return source_view(row)


def update_source(session: Session, source_id: int, form: SourceForm, *,
                  expected_version: int) -> SourceView:
    row = _update(session, source_id, "source", Source,
                  lambda: validate_source(form, rules(session)),
                  lambda: _source_values(form), expected_version=expected_version,
                  form=form)
    return source_view(row)


def remove_source(session: Session, source_id: int, *, expected_version: int) -> None:
    _remove(session, source_id, "source", Source, expected_version=expected_version)
