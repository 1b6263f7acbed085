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

from peewee import JOIN, SQL, fn
from peewee import Case as SqlCase

from jhro_tui.i18n import N_
from jhro_tui.services.detention.legal import local_day
from jhro_tui.services.justice.read import proceeding_label, session_view
from jhro_tui.services.justice.unit import session_unit, tuples
from jhro_tui.services.justice.views import CONVICTING, SessionView
from jhro_tui.services.reference import Catalog, load_catalog
from jhro_tui.services.session import Session
from jhro_tui.store.models import (
    Accused,
    Charge,
    Detainee,
    DetentionStep,
    Proceeding,
    SessionRelease,
)

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


def _per_accused(where: Any, catalog: Catalog, group: Any = None) -> Any:
    """Each accused matching ``where`` with its proceeding (or ``group``, a column of its
    ``Proceeding``), its outcome and whether it was convicted of sexual violence,
    computed by SQLite (one row per accused)."""
    convicting = Charge.verdict.in_(list(CONVICTING))
    convicted_of = SqlCase(None, [(Charge.verdict == "requalified", Charge.requalified_code)],
                           Charge.charge_code)
    outcome = SqlCase(None, [
        (fn.MAX(convicting) == 1, "convicted"),
        ((fn.COUNT(Charge.id) == 0) | (fn.MIN(Charge.verdict != "") == 0), "pending"),
        (fn.MAX(Charge.verdict == "acquitted") == 1, "acquitted")], "dismissed")
    sexual = fn.COALESCE(fn.MAX(convicting & convicted_of.in_(
        sexual_violence_codes(catalog))), 0)
    query = (Accused.select(Accused.id, (Accused.proceeding if group is None else group)
                            .alias("grp"), outcome.alias("outcome"), sexual.alias("sv"))
             .join(Charge, JOIN.LEFT_OUTER, on=(Charge.accused == Accused.id)))
    if group is not None:
        query = query.join_from(Accused, Proceeding, on=(Accused.proceeding == Proceeding.id))
    return query.where(where).group_by(Accused.id)


def accused_outcomes(where: Any, catalog: Catalog) -> dict[int, tuple[int, str, bool]]:
    """Each accused matching ``where`` (a condition on ``Accused``): its proceeding, its
    outcome (``views.outcome_of``) and whether convicted of sexual violence."""
    return {accused_id: (proceeding_id, outcome, bool(sv))
            for accused_id, proceeding_id, outcome, sv in tuples(_per_accused(where, catalog))}


@dataclass(frozen=True)
class OutcomeCounts:
    """Accused counted by SQLite (none read into Python), by outcome, and convicted of
    sexual violence."""

    by_outcome: dict[str, int]
    """``convicted``, ``acquitted``, ``dismissed``, ``pending``."""
    sexual_violence: int

    def figure(self, figure: str) -> int:
        """One of the accused's figures of ``FIGURES``."""
        if figure == "tried":
            return sum(self.by_outcome.values())
        if figure == "convicted_sv":
            return self.sexual_violence
        return sum(number for outcome, number in self.by_outcome.items()
                   if counts(figure, outcome, False))


def outcome_counts(where: Any, catalog: Catalog, group: Any = None
                   ) -> dict[Any, OutcomeCounts]:
    """The accused matching ``where`` (a condition on ``Accused``), counted by ``group``
    (a column of their ``Proceeding``; None: all together, under the key None)."""
    inner = _per_accused(where, catalog, group).alias("per_accused")
    found: dict[Any, OutcomeCounts] = {}
    for key, outcome, sv, number in tuples(
            Accused.select(inner.c.grp if group is not None else SQL("NULL"),
                           inner.c.outcome, inner.c.sv, fn.COUNT(SQL("*")))
            .from_(inner).group_by(SQL("1"), inner.c.outcome, inner.c.sv)):
        counted = found.setdefault(key, OutcomeCounts(
            dict.fromkeys(("convicted", "acquitted", "dismissed", "pending"), 0), 0))
        counted.by_outcome[outcome] += number
        found[key] = OutcomeCounts(counted.by_outcome,
                                   counted.sexual_violence + (number if sv else 0))
    return found


def nobody() -> OutcomeCounts:
    return OutcomeCounts(dict.fromkeys(("convicted", "acquitted", "dismissed", "pending"), 0),
                         0)


def session_figures(session: Session, session_id: int) -> tuple[SessionView, Figures]:
    """A mobile court session and its figures (audited as a view)."""
    with session_unit(session, session_id, "mobile_session.view") as work:
        catalog = load_catalog()
        view = session_view(work.session_row, catalog)
        values = sessions_values([view], catalog)[view.id]
        work.audit("mobile_session.view")
        return view, Figures(values)


def sessions_values(views: list[SessionView], catalog: Catalog) -> dict[int, dict[str, int]]:
    """The figures of each session, a fixed number of queries for any number of them."""
    ids = [view.id for view in views]
    heard = dict.fromkeys(ids, (0, 0))
    heard.update({session_id: (first, appeals) for session_id, first, appeals in tuples(
        Proceeding.select(Proceeding.session,
                          fn.COUNT(Proceeding.id).filter(Proceeding.appeal_of.is_null()),
                          fn.COUNT(Proceeding.id).filter(Proceeding.appeal_of.is_null(False)))
        .where(Proceeding.session.in_(ids)).group_by(Proceeding.session))})
    accused = outcome_counts(Proceeding.session.in_(ids), catalog, Proceeding.session)
    released = dict(tuples(SessionRelease.select(SessionRelease.session,
                                                 fn.SUM(SessionRelease.released))
                           .where(SessionRelease.session.in_(ids))
                           .group_by(SessionRelease.session)))
    # Each release the detention module records against the session counts too.
    for session_id, count in tuples(DetentionStep.select(DetentionStep.session,
                                                         fn.COUNT(DetentionStep.id))
                                    .where(DetentionStep.session.in_(ids),
                                           DetentionStep.kind == "release")
                                    .group_by(DetentionStep.session)):
        released[session_id] = int(released.get(session_id) or 0) + int(count)
    return {view.id: {"first_instance": heard[view.id][0], "appeals": heard[view.id][1],
                      **{figure: accused.get(view.id, nobody()).figure(figure)
                         for figure in ("tried", "convicted", "convicted_sv", "acquitted")},
                      "released": int(released.get(view.id) or 0),
                      "days": view.days_sitting}
            for view in views}


def behind(session: Session, session_id: int, figure: str) -> tuple[FigureRow, ...]:
    """The records one figure of a session counts (audited as a view of the session)."""
    with session_unit(session, session_id, "mobile_session.figure") as work:
        catalog = load_catalog()
        work.audit("mobile_session.figure", figure)
        if figure == "released":
            counted = [FigureRow(None, "", "", "", row.basis, row.note, row.released_on,
                                 row.released)
                       for row in SessionRelease.select().where(
                           SessionRelease.session == session_id)]
            named = [FigureRow(None, "", "", code, "mobile_session", "",
                               local_day(at, session.settings.zone))
                     for code, at in tuples(DetentionStep.select(Detainee.code,
                                                                 DetentionStep.at)
                                            .join(Detainee, on=(
                                                DetentionStep.detainee == Detainee.id))
                                            .where(DetentionStep.session == session_id,
                                                   DetentionStep.kind == "release"))]
            return tuple(sorted(counted + named, key=lambda row: (row.on or dt.date.min,
                                                                   row.accused_code)))
        proceedings = {row.id: row for row in Proceeding.select().where(
            Proceeding.session == session_id).order_by(Proceeding.id)}
        if figure in ("first_instance", "appeals"):
            return tuple(_proceeding_row(row, catalog) for row in proceedings.values()
                         if (row.appeal_of_id is None) == (figure == "first_instance"))
        if figure == "days":
            return ()
        outcomes = accused_outcomes(Accused.proceeding.in_(list(proceedings)), catalog)
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

