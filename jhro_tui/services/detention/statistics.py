"""The detention module's figures in the monthly statistics: visits by the access given
(unit: visits), releases by their basis (unit: detainees), and who was held past the
legal limit at the end of the period (unit: detainees), for the offices counted."""

from __future__ import annotations

from peewee import fn

from jhro_tui.i18n import N_, _
from jhro_tui.services import forms
from jhro_tui.services.detention.overview import held_at, instants, releases_by_basis
from jhro_tui.services.detention.unit import limits
from jhro_tui.services.justice.unit import tuples
from jhro_tui.services.reference import Catalog
from jhro_tui.services.session import Session
from jhro_tui.services.statistics.counting import Population
from jhro_tui.services.statistics.tables import TOTAL_ROW, Column, Row, Table
from jhro_tui.store.models import Detainee, DetentionVisit, Office, utc_now

UNIT_VISITS = N_("visits")
UNIT_DETAINEES = N_("detainees")
NOTE = N_("Detention figures count visits and detainees, not cases; the detainees are on "
          "the Detention screen (F11).")


def tables(population: Population, catalog: Catalog, session: Session) -> list[Table]:
    offices = population.offices or tuple(
        name for (name,) in tuples(Office.select(Office.name).order_by(Office.name)))
    zone = session.settings.zone
    first, last = instants(population.start, population.end, zone)
    visits = dict(tuples(
        DetentionVisit.select(DetentionVisit.access, fn.COUNT(DetentionVisit.id))
        .where(DetentionVisit.office.in_(offices),
               DetentionVisit.visited_on.between(population.start, population.end))
        .group_by(DetentionVisit.access)))
    releases = releases_by_basis(Detainee.office.in_(offices), first, last)
    bands = limits(catalog, session)
    moment = min(last, utc_now())
    held = past = 0
    for office in offices:
        for count, flagged in held_at(office, moment, bands, zone).values():
            held += count
            past += flagged
    note = (_(NOTE),)
    return [
        Table("detention_visits", _("Detention: visits by access given"), _("Counts visits."),
              (Column("visits", _("Visits"), _(UNIT_VISITS), measure="visits"),),
              tuple(Row(code, _(label), (int(visits.get(code, 0)),))
                    for code, label in forms.VISIT_ACCESS.items()),
              Row(TOTAL_ROW, _("Total"), (sum(int(count) for count in visits.values()),)),
              note),
        Table("detention_releases", _("Detention: releases by basis"),
              _("Counts detainees released in the period."),
              (Column("released", _("Released"), _(UNIT_DETAINEES), measure="released"),),
              tuple(Row(code, _(label), (releases.get(code, 0),))
                    for code, label in forms.DETENTION_RELEASE_BASES.items()),
              Row(TOTAL_ROW, _("Total"), (sum(releases.values()),)), note),
        Table("detention_held", _("Detention: held at the end of the period"),
              _("Counts detainees held on the last day of the period."),
              (Column("held", _("Detainees"), _(UNIT_DETAINEES)),),
              (Row("held", _("Held"), (held,)),
               Row("past_limit", _("Of them held past the legal limit"), (past,))),
              None, note, chart=None),
    ]
