"""The justice module's figures in the monthly statistics: the accused judged in the
period, by outcome, and those convicted of sexual violence (unit: accused). They count
the proceedings of the offices counted, from the court's record, which a supervisor's
validation of a case does not gate."""

from __future__ import annotations

from jhro_tui.i18n import N_, _
from jhro_tui.services import forms
from jhro_tui.services.justice.figures import nobody, outcome_counts
from jhro_tui.services.reference import Catalog
from jhro_tui.services.session import Session
from jhro_tui.services.statistics.counting import Population
from jhro_tui.services.statistics.tables import TOTAL_ROW, Column, Row, Table
from jhro_tui.store.models import Accused, Proceeding

UNIT_ACCUSED = N_("accused")
OUTCOMES = {**forms.VERDICTS, "pending": N_("Not judged on every charge yet")}


def tables(population: Population, catalog: Catalog, session: Session) -> list[Table]:
    proceedings = Proceeding.select(Proceeding.id)
    if population.offices is not None:
        proceedings = proceedings.where(Proceeding.office.in_(population.offices))
    judged = outcome_counts(Accused.proceeding.in_(proceedings)
                            & Accused.judged_on.between(population.start, population.end),
                            catalog).get(None, nobody())
    column = (Column("accused", _("Accused"), _(UNIT_ACCUSED), measure="accused"),)
    rows = tuple(Row(outcome, _(OUTCOMES.get(outcome, outcome)), (count,))
                 for outcome, count in judged.by_outcome.items())
    note = _("Judgments of the period in the proceedings of the offices counted; the list "
             "of their cases is on the Justice screen (F12).")
    return [
        Table("justice", _("Court: accused judged, by outcome"), _("Counts accused."),
              column, rows, Row(TOTAL_ROW, _("Total"), (sum(judged.by_outcome.values()),)),
              (note,)),
        Table("justice_sexual_violence", _("Court: convicted of sexual violence"),
              _("Counts accused."), column,
              (Row("convicted_sv", _("Convicted of sexual violence"),
                   (judged.sexual_violence,)),), None, (note,), chart=None),
    ]
