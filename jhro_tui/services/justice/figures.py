"""The figures of court work, counted from records, each with its unit and the list behind
it: a mobile court session's, and the report's for a period and an office.

Units: *proceedings* (first instance and appeals apart), *accused* (a person tried in one
proceeding: several accused may share a proceeding, so accused convicted can exceed
proceedings heard), *detainees released* (from release records), *days sitting*.
An accused is *convicted* when convicted of at least one charge (a requalified charge
counts as a conviction of the charge it became), *of sexual violence* when one such
charge is a sexual violence charge, and *acquitted or dismissed* when every charge is
judged and none convicted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, fn

from jhro_tui.i18n import N_
from jhro_tui.services.justice.read import proceeding_label, session_view
from jhro_tui.services.justice.unit import session_unit, tuples
from jhro_tui.services.justice.views import CONVICTING, SessionView, outcome_of
from jhro_tui.services.reference import Catalog, load_catalog
from jhro_tui.services.session import Session
from jhro_tui.store.models import Accused, Charge, Proceeding, SessionRelease

FIGURES = {
    "first_instance": (N_("Proceedings heard, first instance"), N_("proceedings")),
    "appeals": (N_("Proceedings heard, appeals"), N_("proceedings")),
    "tried": (N_("Accused tried"), N_("accused")),
    "convicted": (N_("Accused convicted"), N_("accused")),
    "convicted_sv": (N_("of them for sexual violence"), N_("accused")),
    "acquitted": (N_("Accused acquitted or dismissed"), N_("accused")),
    "released": (N_("Detainees released"), N_("detainees")),
    "days": (N_("Days sitting"), N_("days")),
}
"""Each figure's label and unit, in the order shown."""


def sexual_violence_codes(catalog: Catalog) -> list[str]:
    return [term.code for term in catalog.terms("charge", include_inactive=True)
            if term.is_sexual_violence]


@dataclass(frozen=True)
class Figures:
    values: dict[str, int]
    """By key of ``FIGURES``."""


@dataclass(frozen=True)
class FigureRow:
    """One line of the list behind a figure: a proceeding, an accused, or a release."""

    proceeding_id: int | None
    label: str
    stage: str
    accused_code: str
    outcome: str
    detail: str
    on: dt.date | None
    count: int = 1
    """What the line adds to the figure (a release record counts its detainees)."""


def accused_outcomes(proceeding_ids: Any, catalog: Catalog) -> dict[int, tuple[int, str, bool]]:
    """Each accused of the proceedings (a subquery or list) with its proceeding, outcome
    and whether convicted of sexual violence: one query."""
    sexual = set(sexual_violence_codes(catalog))
    found: dict[int, tuple[int, list[str], bool]] = {}
    rows = tuples(Accused.select(Accused.id, Accused.proceeding, Charge.verdict, Charge.charge_code,
                           Charge.requalified_code)
            .join(Charge, on=(Charge.accused == Accused.id), join_type=JOIN.LEFT_OUTER)
            .where(Accused.proceeding.in_(proceeding_ids)))
    for accused_id, proceeding_id, verdict, code, requalified in rows:
        _proceeding, verdicts, sv = found.setdefault(accused_id, (proceeding_id, [], False))
        if verdict is not None:
            verdicts.append(verdict)
            convicted_of = requalified if verdict == "requalified" else code
            sv = sv or (verdict in CONVICTING and convicted_of in sexual)
        found[accused_id] = (proceeding_id, verdicts, sv)
    return {accused_id: (proceeding_id, outcome_of(verdicts), sv)
            for accused_id, (proceeding_id, verdicts, sv) in found.items()}


def session_figures(session: Session, session_id: int) -> tuple[SessionView, Figures]:
    """A mobile court session and its figures (audited as a view)."""
    with session_unit(session, session_id, "mobile_session.view") as work:
        catalog = load_catalog()
        view = session_view(work.session_row, catalog)
        values = session_values(view, catalog)
        work.audit("mobile_session.view")
        return view, Figures(values)


def session_values(view: SessionView, catalog: Catalog) -> dict[str, int]:
    session_id = view.id
    heard = Proceeding.select(Proceeding.id).where(Proceeding.session == session_id)
    first, appeals = (Proceeding.select(
        fn.COUNT(Proceeding.id).filter(Proceeding.appeal_of.is_null()),
        fn.COUNT(Proceeding.id).filter(Proceeding.appeal_of.is_null(False)))
        .where(Proceeding.session == session_id).tuples().first() or (0, 0))
    outcomes = accused_outcomes(heard, catalog).values()
    released = SessionRelease.select(fn.COALESCE(fn.SUM(SessionRelease.released), 0)).where(
        SessionRelease.session == session_id).scalar()
    return {"first_instance": first, "appeals": appeals, "tried": len(outcomes),
            **{figure: sum(1 for _p, outcome, sv in outcomes if counts(figure, outcome, sv))
               for figure in ("convicted", "convicted_sv", "acquitted")},
            "released": int(released or 0), "days": view.days_sitting}


def behind(session: Session, session_id: int, figure: str) -> tuple[FigureRow, ...]:
    """The records one figure of a session counts (audited as a view of the session)."""
    with session_unit(session, session_id, "mobile_session.figure") as work:
        catalog = load_catalog()
        work.audit("mobile_session.figure", figure)
        if figure == "released":
            return tuple(FigureRow(None, "", "", "", row.basis, row.note, row.released_on,
                                   row.released)
                         for row in SessionRelease.select().where(
                             SessionRelease.session == session_id)
                         .order_by(SessionRelease.released_on))
        proceedings = {row.id: row for row in Proceeding.select().where(
            Proceeding.session == session_id).order_by(Proceeding.id)}
        if figure in ("first_instance", "appeals"):
            return tuple(_proceeding_row(row, catalog) for row in proceedings.values()
                         if (row.appeal_of_id is None) == (figure == "first_instance"))
        if figure == "days":
            return ()
        outcomes = accused_outcomes(list(proceedings), catalog)
        codes = dict(tuples(Accused.select(Accused.id, Accused.code).where(
            Accused.id.in_(list(outcomes)))))
        return tuple(_proceeding_row(proceedings[proceeding_id], catalog, codes[accused_id],
                                     outcome)
                     for accused_id, (proceeding_id, outcome, sv) in sorted(outcomes.items())
                     if counts(figure, outcome, sv))


def counts(figure: str, outcome: str, sexual_violence: bool) -> bool:
    """Whether an accused of this outcome counts in ``figure`` (one of the accused's)."""
    if figure == "convicted":
        return outcome == "convicted"
    if figure == "convicted_sv":
        return sexual_violence
    if figure == "acquitted":
        return outcome in ("acquitted", "dismissed")
    return figure == "tried"


def _proceeding_row(row: Proceeding, catalog: Catalog, code: str = "", outcome: str = ""
                    ) -> FigureRow:
    return FigureRow(row.id, proceeding_label(row, catalog), row.stage, code, outcome, "",
                     row.stage_on)

