"""Reading proceedings into views, a fixed number of queries for any number of them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TypeVar

from jhro_tui.services import access
from jhro_tui.services.access import FOLLOW_UP, Actor
from jhro_tui.services.common import account_names
from jhro_tui.services.detail import active_consents
from jhro_tui.services.justice.unit import tuples, visible_cases
from jhro_tui.services.justice.views import (
    AccusedView,
    ChargeView,
    CourtVictimView,
    HearingView,
    PaymentView,
    ProceedingCaseView,
    ProceedingView,
    ReparationView,
    SessionView,
    StageView,
    outcome_of,
)
from jhro_tui.services.reference import Catalog, load_catalog
from jhro_tui.store.models import (
    Accused,
    Case,
    Charge,
    CourtVictim,
    Hearing,
    MobileSession,
    Perpetrator,
    Proceeding,
    ProceedingCase,
    ProceedingStage,
    Reparation,
    ReparationPayment,
    Victim,
)

T = TypeVar("T")


def is_sexual_violence(catalog: Catalog, code: str) -> bool:
    term = catalog.get("charge", code)
    return term is not None and term.is_sexual_violence


def charge_view(row: Charge, catalog: Catalog) -> ChargeView:
    return ChargeView(row.id, row.accused_id, row.proceeding_id, row.charge_code,
                      catalog.label("charge", row.charge_code),
                      is_sexual_violence(catalog, row.charge_code), row.verdict,
                      row.requalified_code, catalog.label("charge", row.requalified_code),
                      is_sexual_violence(catalog, row.requalified_code), row.version)


def session_view(row: MobileSession, catalog: Catalog) -> SessionView:
    return SessionView(row.id, row.office, row.court_code,
                       catalog.label("court_type", row.court_code), row.province_code,
                       catalog.label("province", row.province_code), row.territory_code,
                       catalog.label("territory", row.territory_code), row.locality,
                       row.start_on, row.end_on, row.note, row.version)


def proceeding_label(row: Proceeding, catalog: Catalog) -> str:
    return " ".join(part for part in (row.docket, catalog.label("court_type", row.court_code))
                    if part)


def _by(rows: Iterable[T], key: str) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def read_proceedings(rows: Sequence[Proceeding], who: Actor, *, reveal: bool = False
                     ) -> tuple[ProceedingView, ...]:
    """Views of ``rows`` (already known visible to ``who``), in the order given."""
    if not rows:
        return ()
    catalog, names = load_catalog(), account_names()
    ids = [row.id for row in rows]
    visible: dict[int, list[Case]] = {row.id: visible_cases(row.id, who) for row in rows}
    counted = _by(ProceedingCase.select(ProceedingCase.proceeding, ProceedingCase.case)
                  .where(ProceedingCase.proceeding.in_(ids)), "proceeding_id")
    stages = _by(ProceedingStage.select().where(ProceedingStage.proceeding.in_(ids))
                 .order_by(ProceedingStage.on, ProceedingStage.id), "proceeding_id")
    hearings = _by(Hearing.select().where(Hearing.proceeding.in_(ids))
                   .order_by(Hearing.held_on, Hearing.id), "proceeding_id")
    accused_rows = list(Accused.select().where(Accused.proceeding.in_(ids))
                        .order_by(Accused.id))
    accused_ids = [row.id for row in accused_rows]
    charges = _by(Charge.select().where(Charge.accused.in_(accused_ids))
                  .order_by(Charge.id), "accused_id")
    reparations = list(Reparation.select().where(Reparation.accused.in_(accused_ids))
                       .order_by(Reparation.ordered_on, Reparation.id))
    payments = _by(ReparationPayment.select()
                   .where(ReparationPayment.reparation.in_([r.id for r in reparations]))
                   .order_by(ReparationPayment.paid_on, ReparationPayment.id), "reparation_id")
    perpetrators = {row.id: row for row in Perpetrator.select().where(
        Perpetrator.id.in_([row.perpetrator_id for row in accused_rows
                            if row.perpetrator_id]))}
    first_ids = [row.first_instance_id for row in accused_rows if row.first_instance_id]
    first_outcomes = {accused_id: outcome_of([verdict for _a, verdict in group])
                      for accused_id, group in _grouped_verdicts(first_ids).items()}
    appeals = _by(Proceeding.select().where(Proceeding.appeal_of.in_(ids))
                  .order_by(Proceeding.id), "appeal_of_id")
    linked = {row.id: row for row in Proceeding.select().where(
        Proceeding.id.in_([row.appeal_of_id for row in rows if row.appeal_of_id]))}
    sessions = {row.id: row for row in MobileSession.select().where(
        MobileSession.id.in_([row.session_id for row in rows if row.session_id]))}
    codes = {row.id: row.code for row in accused_rows}
    reparation_views = _by([ReparationView(
        row.id, row.accused_id, row.proceeding_id, codes.get(row.accused_id, ""), row.amount,
        row.currency, row.beneficiary, bool(row.jointly_with_state), row.ordered_on,
        tuple(PaymentView(p.id, p.reparation_id, p.amount, p.paid_on, p.note,
                          names.get(p.recorded_by_id, ("", ""))[0])
              for p in payments.get(row.id, [])),
        row.version) for row in reparations], "accused_id")
    victims = _court_victims(ids, visible)

    views = []
    for row in rows:
        cases = visible[row.id]
        allowed = any(access.can_see_identity(case, who) for case in cases)
        accused = []
        for person in (a for a in accused_rows if a.proceeding_id == row.id):
            perpetrator = perpetrators.get(person.perpetrator_id or 0)
            category = person.category_code or (perpetrator.category_code if perpetrator
                                                else "")
            term = catalog.get("perpetrator_category", category)
            accused.append(AccusedView(
                person.id, row.id, person.code, person.name if (allowed and reveal) else "",
                bool(person.name), person.perpetrator_id,
                _perpetrator_label(perpetrator, catalog), category,
                catalog.label("perpetrator_category", category),
                bool(term and term.extra.get("kind") == "state"), person.rank, person.unit,
                tuple(charge_view(c, catalog) for c in charges.get(person.id, [])),
                person.judged_on, person.sentence_kind, person.sentence_months,
                tuple(reparation_views.get(person.id, [])),
                first_outcomes.get(person.first_instance_id or 0, ""), person.version))
        first = linked.get(row.appeal_of_id or 0)
        session = sessions.get(row.session_id or 0)
        views.append(ProceedingView(
            row.id, row.office, row.court_code, catalog.label("court_type", row.court_code),
            row.jurisdiction, row.province_code, catalog.label("province", row.province_code),
            row.territory_code, catalog.label("territory", row.territory_code), row.docket,
            row.stage, row.stage_on, row.opened_on, row.appeal_of_id,
            proceeding_label(first, catalog) if first else "",
            tuple((appeal.id, proceeding_label(appeal, catalog))
                  for appeal in appeals.get(row.id, [])),
            row.session_id, session_view(session, catalog).label if session else "",
            tuple(ProceedingCaseView(case.id, case.reference, case.title) for case in cases),
            len(counted.get(row.id, [])) - len(cases),
            tuple(StageView(s.stage, s.on, s.evidence, names.get(s.by_id, ("", ""))[0],
                            s.at) for s in stages.get(row.id, [])),
            tuple(accused),
            tuple(HearingView(h.id, h.proceeding_id, h.held_on, bool(h.postponed), h.reason,
                              h.summary, h.next_on, bool(h.closed_to_public), h.version)
                  for h in hearings.get(row.id, [])),
            tuple(victims.get(row.id, [])), row.last_hearing_on, row.next_hearing_on,
            any(access.section_open(case, FOLLOW_UP) for case in cases), allowed,
            row.version))
    return tuple(views)


def _grouped_verdicts(accused_ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    grouped: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for accused_id, verdict in tuples(Charge.select(Charge.accused, Charge.verdict).where(
            Charge.accused.in_(accused_ids))):
        grouped[accused_id].append((accused_id, verdict))
    return grouped


def _perpetrator_label(row: Perpetrator | None, catalog: Catalog) -> str:
    if row is None:
        return ""
    return " · ".join(part for part in (
        catalog.label("perpetrator_category", row.category_code), row.unit, row.rank) if part)


def _court_victims(ids: list[int], visible: dict[int, list[Case]]
                   ) -> dict[int, list[CourtVictimView]]:
    """Victims in court, only of cases the reader may see and only while their consent
    for ``justice`` stands (a revoked consent hides the link; the row stays)."""
    # Victim.id too: without it the joined victim, hence ``victim_id``, comes back None.
    rows = list(CourtVictim.select(CourtVictim, Victim.id, Victim.code, Victim.case)
                .join(Victim, on=(CourtVictim.victim == Victim.id))
                .where(CourtVictim.proceeding.in_(ids)).order_by(CourtVictim.id))
    consenting = active_consents([row.victim_id for row in rows], "justice")
    grouped: dict[int, list[CourtVictimView]] = defaultdict(list)
    for row in rows:
        cases = {case.id: case for case in visible.get(row.proceeding_id, [])}
        case = cases.get(row.victim.case_id)
        if case is None or row.victim_id not in consenting:
            continue
        grouped[row.proceeding_id].append(CourtVictimView(
            row.id, row.proceeding_id, row.victim_id, row.victim.code, case.reference,
            bool(row.civil_party), tuple(row.protection_requested.split()),
            tuple(row.protection_granted.split()), row.legal_aid, row.version))
    return grouped


def proceedings_of_case(case_id: int, who: Actor, *, reveal: bool = False
                        ) -> tuple[ProceedingView, ...]:
    """The proceedings about case ``case_id`` (inside the unit that read the case), the
    first opened first, each appeal after its first instance."""
    rows = list(Proceeding.select().join(ProceedingCase, on=(
        ProceedingCase.proceeding == Proceeding.id)).where(ProceedingCase.case == case_id)
        .order_by(Proceeding.opened_on, Proceeding.id))
    return read_proceedings(rows, who, reveal=reveal)
