"""The demo's detention monitoring (issue 19): the places each office monitors, its visits
and their follow-ups, and detainees with their legal timeline.

Drawn after the court work, from a random source of its own, so that the cases and the
court work are exactly as they were without it. About one detainee per five cases. Most
timelines follow the law (custody, a warrant within 48 hours, an order within its five
days, extensions month by month); some do not, as officers find them: custody far past 48
hours, an order never extended, more extensions than the penalty allows. Mobile court
sessions release some of those held in their office when they sit. What each detainee row
keeps (``lawful_until``…) is what ``legal.standing`` gives for the timeline drawn, as
``detainees.restate`` would keep it.

A refused visit is drawn without the case an officer may open for it (``case_id`` stays
empty): a case is written by the case generator, with its reference, counter and search
text, which this draw, coming after them, does not redo.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from jhro_tui.demo.draws import Weighted, choice, randint, stamp
from jhro_tui.demo.ids import WINDOW_START, Rows, Staff
from jhro_tui.demo.offices import OFFICES
from jhro_tui.services.detention import legal
from jhro_tui.services.detention.legal import Limits, Step
from jhro_tui.services.reference import Catalog
from jhro_tui.store.db import database
from jhro_tui.store.models import (
    Detainee,
    DetentionStep,
    DetentionVisit,
    Facility,
    FollowUp,
    MobileSession,
    VisitOfficer,
)

WRITING_ORDER = (Facility, DetentionVisit, VisitOfficer, FollowUp, Detainee, DetentionStep)
CASES_PER_DETAINEE = 5
CASES_PER_VISIT = 8
LEGAL_SYSTEM = "CD"
"""The demo's offices are in the DRC: the default ``legal_system`` setting."""

# name, kind, province, locality, authority, official capacity (None: none known)
FacilitySpec = tuple[str, str, str, str, str, int | None]
FACILITIES: dict[str, tuple[FacilitySpec, ...]] = {
    "Goma": (
        ("Prison centrale de Munzenze", "prison", "CD-NK", "Goma",
         "Administration pénitentiaire", 150),
        ("Cachot du commissariat provincial PNC Nord-Kivu", "police_cell", "CD-NK", "Goma",
         "Police nationale congolaise", 30),
        ("Cachot de l'auditorat militaire de garnison de Goma", "military", "CD-NK", "Goma",
         "Auditorat militaire", 40),
        ("Cachot de l'ANR Goma", "intelligence", "CD-NK", "Goma",
         "Agence nationale de renseignements", None),
        ("Cachot du sous-commissariat de Rutshuru", "police_cell", "CD-NK", "Rutshuru",
         "Police nationale congolaise", 15),
        ("Maison d'un chef de milice, Kitshanga", "unofficial", "CD-NK", "Kitshanga", "",
         None)),
    "Beni": (
        ("Prison centrale de Kangbayi", "prison", "CD-NK", "Beni",
         "Administration pénitentiaire", 220),
        ("Prison centrale de Kakwangura", "prison", "CD-NK", "Butembo",
         "Administration pénitentiaire", 250),
        ("Cachot du commissariat urbain PNC Beni", "police_cell", "CD-NK", "Beni",
         "Police nationale congolaise", 25),
        ("Cachot militaire du camp Ngangi, Beni", "military", "CD-NK", "Beni", "FARDC", 30),
        ("Cachot de l'ANR Beni", "intelligence", "CD-NK", "Beni",
         "Agence nationale de renseignements", None)),
    "Bukavu": (
        ("Prison centrale de Bukavu", "prison", "CD-SK", "Bukavu",
         "Administration pénitentiaire", 500),
        ("Cachot de l'inspection provinciale PNC Sud-Kivu", "police_cell", "CD-SK", "Bukavu",
         "Police nationale congolaise", 40),
        ("Cachot de l'auditorat militaire supérieur de Bukavu", "military", "CD-SK",
         "Bukavu", "Auditorat militaire", 35),
        ("Cachot de l'ANR Bukavu", "intelligence", "CD-SK", "Bukavu",
         "Agence nationale de renseignements", None),
        ("Prison centrale de Kindu", "prison", "CD-MA", "Kindu",
         "Administration pénitentiaire", 200)),
    "Uvira": (
        ("Prison centrale d'Uvira", "prison", "CD-SK", "Uvira",
         "Administration pénitentiaire", 150),
        ("Cachot du commissariat PNC Uvira", "police_cell", "CD-SK", "Uvira",
         "Police nationale congolaise", 20),
        ("Cachot de l'auditorat militaire de garnison d'Uvira", "military", "CD-SK", "Uvira",
         "Auditorat militaire", 20),
        ("Cachot du poste de police de Baraka", "police_cell", "CD-SK", "Baraka",
         "Police nationale congolaise", 10)),
    "Bunia": (
        ("Prison centrale de Bunia", "prison", "CD-IT", "Bunia",
         "Administration pénitentiaire", 220),
        ("Cachot du commissariat provincial PNC Ituri", "police_cell", "CD-IT", "Bunia",
         "Police nationale congolaise", 30),
        ("Cachot de l'auditorat militaire de garnison de Bunia", "military", "CD-IT",
         "Bunia", "Auditorat militaire", 30),
        ("Cachot de l'ANR Bunia", "intelligence", "CD-IT", "Bunia",
         "Agence nationale de renseignements", None),
        ("Prison de Mahagi", "prison", "CD-IT", "Mahagi", "Administration pénitentiaire", 80),
        ("Entrepôt gardé par une milice, Djugu", "unofficial", "CD-IT", "Djugu", "", None)),
    "Kalemie": (
        ("Prison centrale de Kalemie", "prison", "CD-TA", "Kalemie",
         "Administration pénitentiaire", 180),
        ("Cachot du commissariat PNC Kalemie", "police_cell", "CD-TA", "Kalemie",
         "Police nationale congolaise", 20),
        ("Cachot de l'ANR Kalemie", "intelligence", "CD-TA", "Kalemie",
         "Agence nationale de renseignements", None)),
    "Kananga": (
        ("Prison centrale de Kananga", "prison", "CD-KC", "Kananga",
         "Administration pénitentiaire", 300),
        ("Prison centrale de Tshikapa", "prison", "CD-KS", "Tshikapa",
         "Administration pénitentiaire", 200),
        ("Cachot du commissariat provincial PNC Kasaï-Central", "police_cell", "CD-KC",
         "Kananga", "Police nationale congolaise", 30),
        ("Cachot de l'ANR Kananga", "intelligence", "CD-KC", "Kananga",
         "Agence nationale de renseignements", None)),
    "Lubumbashi": (
        ("Prison centrale de la Kasapa", "prison", "CD-HK", "Lubumbashi",
         "Administration pénitentiaire", 800),
        ("Cachot de l'inspection provinciale PNC Haut-Katanga", "police_cell", "CD-HK",
         "Lubumbashi", "Police nationale congolaise", 40),
        ("Cachot de l'auditorat militaire supérieur de Lubumbashi", "military", "CD-HK",
         "Lubumbashi", "Auditorat militaire", 40)),
    "Kinshasa": (
        ("Centre pénitentiaire et de rééducation de Kinshasa (Makala)", "prison", "CD-KN",
         "Kinshasa", "Administration pénitentiaire", 1500),
        ("Prison militaire de Ndolo", "military", "CD-KN", "Kinshasa",
         "Justice militaire", 500),
        ("Cachot de l'ANR, Gombe", "intelligence", "CD-KN", "Kinshasa",
         "Agence nationale de renseignements", None),
        ("Cachot de l'inspection provinciale PNC Kinshasa", "police_cell", "CD-KN",
         "Kinshasa", "Police nationale congolaise", 60),
        ("Prison centrale de Matadi", "prison", "CD-BC", "Matadi",
         "Administration pénitentiaire", 250)),
}
HELD_IN = {"prison": 5, "police_cell": 4, "military": 2, "intelligence": 1, "unofficial": 1}
"""Where people are drawn as arrested and held, by kind of place."""
ACCESS = Weighted((("full", 80), ("partial", 14), ("refused", 6)))
CONDITIONS = (("overcrowding", 0.7), ("food", 0.5), ("water", 0.3), ("health_care", 0.45),
              ("minors_not_separated", 0.15), ("women_not_separated", 0.1),
              ("pretrial_not_separated", 0.5))
FOLLOW_UPS = ("Plaidoyer auprès du procureur pour les détenus en détention préventive "
              "irrégulière", "Transmettre la liste des détenus au parquet",
              "Signaler la surpopulation à la direction de la prison",
              "Demander l'accès aux cachots au commandant", "Follow up on the release of "
              "detainees held past the legal limit", "Request medical care for sick "
              "detainees", "Vérifier la séparation des mineurs")
PENALTIES = Weighted((("CD.EXTENSION.HEAVIER", 60), ("CD.EXTENSION.UNDER_6_MONTHS", 22),
                      ("CD.EXTENSION.UP_TO_2_MONTHS", 10), ("", 8)))
PRE_TRIAL_RELEASE = Weighted((("bail", 40), ("court_order", 45), ("escape", 10),
                              ("death_in_custody", 5)))
SESSION_RELEASES = 0.2
"""Of those held while one or more of their office's mobile court sessions sit, those one
of them releases."""
STILL_HELD_DAYS = 240
"""How recent a release due must be for the demo to leave the detainee held."""


@dataclass(frozen=True)
class Place:
    id: int
    kind: str
    capacity: int | None


@dataclass
class Story:
    """A detainee's steps while drawn: (kind, instant, extra values of the step row)."""

    steps: list[tuple[str, dt.datetime, dict[str, Any]]]

    def add(self, kind: str, at: dt.datetime, **values: Any) -> None:
        self.steps.append((kind, at, values))

    def release_at(self) -> dt.datetime | None:
        return next((at for kind, at, _values in self.steps if kind == legal.RELEASE), None)

    def cut(self, at: dt.datetime, **values: Any) -> None:
        """Released at ``at``: nothing after it happened."""
        self.steps = [step for step in self.steps if step[1] < at]
        self.add(legal.RELEASE, at, **values)


class DetentionWork:
    """Draws the demo's detention rows into ``rows``."""

    def __init__(self, seed: int, cases: int, end: dt.date, staff: Staff, catalog: Catalog,
                 zone: dt.tzinfo | None = None) -> None:
        self.rng = random.Random(seed * 10_000_019 + 19)
        self.cases = cases
        self.end = end
        self.last = _at(end, 16)
        """Nothing happens after the evening of the window's last day."""
        self.staff = staff
        self.zone = zone
        self.bands = Limits.of(catalog, LEGAL_SYSTEM)
        self.rows = Rows()
        self.last_ids: dict[type, int] = {}
        self.places: dict[str, list[Place]] = {}
        self.held_in: dict[str, Weighted[Place]] = {}
        self.codes: dict[str, int] = {}
        self.refused = 0

    def take(self, model: type) -> int:
        self.last_ids[model] = self.last_ids.get(model, 0) + 1
        return self.last_ids[model]

    def draw(self) -> Rows:
        # Follow-ups of cases hold ids already (``CaseIds``): the visits' come after them.
        self.last_ids[FollowUp] = int(database.execute_sql(
            f'SELECT coalesce(max(id), 0) FROM "{FollowUp._meta.table_name}"').fetchone()[0])
        sessions: dict[str, list[tuple[int, dt.date, dt.date]]] = {}
        for session_id, office, start_on, end_on in database.execute_sql(
                f'SELECT id, office, start_on, end_on FROM "{MobileSession._meta.table_name}" '
                "ORDER BY start_on, id").fetchall():
            sessions.setdefault(office, []).append(
                (int(session_id), dt.date.fromisoformat(str(start_on)),
                 dt.date.fromisoformat(str(end_on))))
        weights = {office.name: office.weight for office in OFFICES}
        total = sum(weights.values())
        for office in OFFICES:
            if office.name not in self.staff.by_office:
                continue
            self._facilities(office.name)
            share = weights[office.name] / total
            for _visit in range(max(2, round(self.cases * share / CASES_PER_VISIT))):
                self._visit(office.name)
            # The sessions' own first: each sits for some held awaiting trial.
            for session in sessions.get(office.name, ()):
                for _held in range(randint(self.rng, 1, 3)):
                    self._detainee(office.name, sessions.get(office.name, []), session)
            for _detainee in range(max(3, round(self.cases * share / CASES_PER_DETAINEE))):
                self._detainee(office.name, sessions.get(office.name, []), None)
        return Rows({model: self.rows.tables[model] for model in WRITING_ORDER
                     if model in self.rows.tables})

    # --- places and visits ---------------------------------------------------------------------

    def _facilities(self, office: str) -> None:
        supervisor = self.staff.supervisors[office]
        for name, kind, province, locality, authority, capacity in FACILITIES[office]:
            facility_id = self.take(Facility)
            self.places.setdefault(office, []).append(Place(facility_id, kind, capacity))
            self.rows.add(Facility, id=facility_id, office=office, name=name, kind=kind,
                          province_code=province, territory_code="", locality=locality,
                          authority=authority, capacity=capacity, note="",
                          **self._tracked(supervisor, WINDOW_START))
        self.held_in[office] = Weighted((place, HELD_IN[place.kind])
                                        for place in self.places[office])

    def _visit(self, office: str) -> None:
        rng = self.rng
        place = choice(rng, self.places[office])
        visited_on = WINDOW_START + dt.timedelta(
            days=randint(rng, 0, (self.end - WINDOW_START).days))
        access = ACCESS.draw(rng)
        if not self.refused and self.last_ids.get(DetentionVisit, 0) == 1:
            access = "refused"  # so that even a small demo has one
        self.refused += access == "refused"
        officers = self.staff.by_office[office]
        team = [officers[0]] if len(officers) == 1 else rng.sample(
            officers, randint(rng, 1, min(2, len(officers))))
        heads: list[int | None] = [None] * 4
        conditions = ""
        if access != "refused":
            held = int((place.capacity or 20) * (0.6 + rng.random() * 2.5))
            heads = [int(held * 0.9), held - int(held * 0.9) - held // 40, held // 50,
                     held // 200]
            if access == "partial":
                heads[2:] = [None, None]
            conditions = " ".join(code for code, chance in CONDITIONS
                                  if rng.random() < chance)
        visit_id = self.take(DetentionVisit)
        lead = team[0][0]
        self.rows.add(DetentionVisit, id=visit_id, facility=place.id, office=office,
                      visited_on=visited_on, access=access, men=heads[0], women=heads[1],
                      boys=heads[2], girls=heads[3], conditions=conditions,
                      notes=("Accès refusé par le commandant de garde."
                             if access == "refused" else ""),
                      case=None, **self._tracked(lead, visited_on))
        for account_id, _name in team:
            self.rows.add(VisitOfficer, id=self.take(VisitOfficer), visit=visit_id,
                          account=account_id)
        for _task in range(randint(rng, 0, 2)):
            due = visited_on + dt.timedelta(days=randint(rng, 7, 60))
            done = due < self.end - dt.timedelta(days=30) and rng.random() < 0.8
            done_on = min(due, self.end)
            self.rows.add(FollowUp, id=self.take(FollowUp), case=None, visit_id=visit_id,
                          office=office, description=choice(rng, FOLLOW_UPS), due_on=due,
                          assigned_to=lead, done_at=stamp(done_on, rng) if done else None,
                          done_by=lead if done else None, **self._tracked(lead, visited_on))

    # --- detainees -----------------------------------------------------------------------------

    def _detainee(self, office: str, sessions: list[tuple[int, dt.date, dt.date]],
                  sitting: tuple[int, dt.date, dt.date] | None) -> None:
        rng = self.rng
        places = self.places[office]
        place = self.held_in[office].draw(rng)
        if sitting is None:
            arrest_day = WINDOW_START + dt.timedelta(
                days=randint(rng, 0, (self.end - WINDOW_START).days))
        else:  # awaiting trial since some months before the session sits
            arrest_day = sitting[1] - dt.timedelta(days=randint(rng, 20, 540))
        arrested = _at(arrest_day, randint(rng, 0, 23), randint(rng, 0, 59))
        if arrested > self.last:
            return
        penalty = PENALTIES.draw(rng)
        timeline = Story([])
        timeline.add(legal.ARREST, arrested, facility=place.id)
        timeline.add(legal.CUSTODY, arrested + dt.timedelta(minutes=randint(rng, 5, 120)))
        self._pre_trial(timeline, arrested, penalty, places, place)
        if sitting is not None:
            self._released_by(timeline, sitting, surely=True)
        else:
            # Only the sessions that sit while the detainee is held: drawing for each of
            # the office's sessions took most of the draw on large caseloads.
            released = timeline.release_at()
            starts = [start_on for _id, start_on, _end_on in sessions]
            held = sessions[bisect.bisect_right(starts, arrested.date()):bisect.bisect_right(
                starts, released.date() if released else self.end)]
            if held and rng.random() < SESSION_RELEASES:
                self._released_by(timeline, choice(rng, held))
        self._write(office, place, penalty, [step for step in timeline.steps
                                             if step[1] <= self.last])

    def _pre_trial(self, timeline: Story, arrested: dt.datetime, penalty: str,
                   places: list[Place], place: Place) -> None:
        """Custody, warrant, order, extensions, and a trial for some: the release, if
        any, cuts the timeline."""
        rng = self.rng
        story = rng.random()
        if story < 0.08:  # let go before the 48 hours run out
            timeline.cut(arrested + dt.timedelta(hours=randint(rng, 3, 46)),
                         basis=choice(rng, ("bail", "court_order")))
            return
        if story < 0.14:  # custody far beyond 48 hours, no warrant
            self._maybe_released(timeline, arrested + dt.timedelta(days=randint(rng, 3, 90)))
            return
        warrant = arrested + dt.timedelta(hours=randint(rng, 12, 47))
        timeline.add(legal.WARRANT, warrant)
        order_day = warrant.date() + dt.timedelta(
            days=randint(rng, 6, 25) if story < 0.2 else randint(rng, 1, 4))
        order = _at(order_day, randint(rng, 8, 14))
        timeline.add(legal.ORDER, order)
        prisons = [other for other in places if other.kind == "prison"]
        if place.kind != "prison" and prisons:
            timeline.add(legal.TRANSFER, order + dt.timedelta(hours=randint(rng, 1, 30)),
                         facility=choice(rng, prisons).id)
        band = self.bands.extension(penalty)
        allowed = band.max_extensions if band.max_extensions is not None else 12
        if story < 0.27:  # the order is never extended
            extensions = 0
        elif story < 0.35 and band.max_extensions is not None:  # beyond the band
            extensions = allowed + randint(rng, 1, 3)
        else:
            extensions = randint(rng, 0, allowed)
        last_day = order_day + dt.timedelta(days=self.bands.order.limit - 1)
        for _extension in range(extensions):
            on = last_day - dt.timedelta(days=randint(rng, 0, 3))
            timeline.add(legal.EXTENSION, _at(on, randint(rng, 8, 14)))
            last_day = legal.add_months(last_day + dt.timedelta(days=1), 1) - dt.timedelta(
                days=1)
        appearance = order + dt.timedelta(days=randint(rng, 10, 120))
        timeline.add(legal.APPEARANCE, appearance)
        if rng.random() < 0.45:
            self._trial(timeline, arrested, appearance)
        else:
            held_until = _at(last_day + dt.timedelta(days=randint(rng, -5, 60)),
                             randint(rng, 8, 14))
            self._maybe_released(timeline, held_until)

    def _maybe_released(self, timeline: Story, at: dt.datetime) -> None:
        # Still held only when the release was due in the last months: an office follows
        # up the people it found held, and a cachot does not keep anyone for years.
        recent = at > self.last - dt.timedelta(days=STILL_HELD_DAYS)
        if not recent or self.rng.random() < 0.6:
            timeline.cut(at, basis=PRE_TRIAL_RELEASE.draw(self.rng))

    def _trial(self, timeline: Story, arrested: dt.datetime, after: dt.datetime) -> None:
        rng = self.rng
        judged = after + dt.timedelta(days=randint(rng, 20, 400))
        draw = rng.random()
        verdict = "convicted" if draw < 0.65 else "acquitted" if draw < 0.9 else "other"
        # The judgment ends the order: no extension follows it.
        timeline.steps = [step for step in timeline.steps
                          if step[0] != legal.EXTENSION or step[1] < judged]
        timeline.add(legal.JUDGMENT, judged, verdict=verdict)
        if verdict != "convicted":
            timeline.cut(judged + dt.timedelta(hours=randint(rng, 1, 8)), basis="court_order")
            return
        months = None if rng.random() < 0.03 else randint(rng, 3, 120)
        timeline.add(legal.SENTENCE, judged + dt.timedelta(minutes=randint(rng, 5, 90)),
                     months=months)
        if months is not None:
            # A day late, whatever the office's zone: never before the sentence ends.
            served = _at(legal.add_months(arrested.date(), months) + dt.timedelta(days=1),
                         randint(rng, 8, 14))
            timeline.cut(max(served, judged + dt.timedelta(days=1)), basis="end_of_sentence")

    def _released_by(self, timeline: Story, session: tuple[int, dt.date, dt.date], *,
                     surely: bool = False) -> None:
        """Released by the session, if held when it sits (``surely``: drawn as held until
        then whatever the story drew)."""
        session_id, start_on, end_on = session
        last_on = min(end_on, self.end)
        if last_on < start_on:
            return
        on = start_on + dt.timedelta(days=randint(self.rng, 0, (last_on - start_on).days))
        at = _at(on, randint(self.rng, 10, 13))
        arrested = timeline.steps[0][1]
        if surely:
            timeline.steps = [step for step in timeline.steps if step[0] != legal.RELEASE]
        released = timeline.release_at()
        if arrested < at and (released is None or at < released):
            timeline.cut(at, basis="mobile_session", session=session_id)

    def _write(self, office: str, place: Place, penalty: str,
               steps: list[tuple[str, dt.datetime, dict[str, Any]]]) -> None:
        rng = self.rng
        steps.sort(key=lambda step: step[1])
        until, lapsed = legal.standing(
            [Step(kind, at, values.get("months"), values.get("verdict", ""))
             for kind, at, values in steps], self.bands, penalty, self.zone)
        placed = [values["facility"] for kind, _at, values in steps
                  if kind in (legal.ARREST, legal.TRANSFER)]
        released = next((at for kind, at, _values in steps if kind == legal.RELEASE), None)
        officer = choice(rng, self.staff.by_office[office])[0]
        detainee_id = self.take(Detainee)
        self.codes[office] = self.codes.get(office, 0) + 1
        arrested = steps[0][1]
        self.rows.add(Detainee, id=detainee_id, office=office,
                      code=f"D-{self.codes[office]:04d}", name="",
                      sex="male" if rng.random() < 0.9 else "female",
                      age_group="child" if rng.random() < 0.05 else "adult",
                      facility=placed[-1], officer=officer, case=None, penalty=penalty,
                      arrested_at=arrested, released_at=released, lawful_until=until,
                      lapsed_step=lapsed, review="", review_reason="", review_by=None,
                      review_at=None, **self._tracked(officer, arrested.date()))
        for kind, at, values in steps:
            self.rows.add(DetentionStep, id=self.take(DetentionStep), detainee=detainee_id,
                          kind=kind, at=at, timed=True, months=values.get("months"),
                          verdict=values.get("verdict", ""),
                          facility=values.get("facility"), proceeding=None,
                          basis=values.get("basis", ""), session=values.get("session"),
                          note="", version=1, created_at=at, created_by=officer,
                          updated_at=at, updated_by=officer)

    def _tracked(self, by: int, on: dt.date) -> dict[str, Any]:
        created = stamp(min(on, self.end), self.rng)
        return {"version": 1, "created_at": created, "created_by": by,
                "updated_at": created, "updated_by": by}


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An instant drawn on ``day`` (UTC, as kept). Drawn hours of the day stay within
    10:00 to 13:00 where the day must be the same on the office's clock (a session's
    release), which holds for any zone within ten hours of UTC; ``legal.day_start`` for
    every draw cost more than the rest of the draw."""
    return dt.datetime.combine(day, dt.time(hour, minute))
