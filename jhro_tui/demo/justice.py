"""The demo's court work (issue 18): proceedings about some of the validated cases, their
stage history, accused and charges, hearings, judgments, appeals, reparations, victims in
court and mobile court sessions, in proportions like the office's practice.

Drawn after every case is written, from the written cases and a random source of its own,
so that the cases are exactly as they were without it. Proceedings join cases of one
office, so they cannot be made case by case in the worker processes; they are few (about
one validated case in ten goes to court) and made here, in the writing process. Every date
follows the rules the justice services enforce (``checks``): stages in date order, nothing
held in the past of the complaint or after ``end``, judgments only after a trial, payments
below what was ordered, victims in court only with their consent to ``justice``.

Past 500 lines: one draw, from the cases through the sessions to each proceeding's
judgment, appeal and reparations, whose steps share the random source and the rows
drawn so far (a judgment fills in the accused drawn, an appeal copies them); split into
modules, each would take the whole state.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from peewee import SQL

from jhro_tui.demo.draws import choice, randint, stamp
from jhro_tui.demo.ids import Rows, Staff
from jhro_tui.demo.offices import FIRST_NAMES_M, SURNAMES
from jhro_tui.demo.vocabulary import (
    APPEAL_COURTS,
    CHARGES_ARMED,
    CHARGES_ORDINARY,
    COURTS_CIVIL,
    COURTS_MILITARY,
    COURTS_MOBILE,
    HEARING_SUMMARIES,
    LEGAL_AID,
    POSTPONEMENT_REASONS,
    RELEASE_DRAW,
    SENTENCE_DRAW,
)
from jhro_tui.services.reference import Catalog
from jhro_tui.store.db import database
from jhro_tui.store.models import (
    Accused,
    Case,
    Charge,
    Consent,
    CourtVictim,
    Hearing,
    MobileSession,
    Perpetrator,
    Proceeding,
    ProceedingCase,
    ProceedingStage,
    Reparation,
    ReparationPayment,
    SessionRelease,
    Victim,
    Violation,
)

WRITING_ORDER = (MobileSession, SessionRelease, Proceeding, ProceedingCase, ProceedingStage,
                 Accused, Charge, Hearing, Reparation, ReparationPayment, CourtVictim)
SHARE_TO_COURT = 0.10
"""Of the validated, followed-up and closed cases, those that reach a court."""
JOINED = 0.15
"""Of the proceedings, those that join two or three cases of one office."""
GOES_TO_TRIAL = {"complaint": 0.72, "investigation": 0.62}
"""At each early stage, the chance that a proceeding moves on (most stop here)."""
SESSION_OPENS = 0.2
"""Of the proceedings referred to court, those around which a mobile court may sit."""
APPEALED = 0.12
REPARATION_ORDERED = 0.5
"""Of the accused convicted."""
PAID = 0.15
"""Of the reparations ordered: most are never paid, and what is paid is partial."""


@dataclass(frozen=True)
class CourtCase:
    id: int
    office: str
    province: str
    opened_on: dt.date
    officer: int


@dataclass
class Planned:
    """A first-instance proceeding while it is drawn: its cases and its early stages."""

    cases: list[CourtCase]
    stages: list[tuple[str, dt.date]]
    session: int | None = None
    id: int = 0
    accused: list[tuple[int, list[int]]] = field(default_factory=list)
    """Each accused's id and its charges' ids."""


class Ids:
    """Row ids counted from one: these tables are empty before the demo's court work."""

    def __init__(self) -> None:
        self.last: dict[type, int] = {}

    def take(self, model: type) -> int:
        self.last[model] = self.last.get(model, 0) + 1
        return self.last[model]


class CourtWork:
    """Draws the demo's court work into ``rows``, case after case in id order."""

    def __init__(self, seed: int, end: dt.date, staff: Staff, catalog: Catalog) -> None:
        self.rng = random.Random(seed * 10_000_019 + 18)
        self.end = end
        self.staff = staff
        self.catalog = catalog
        self.rows = Rows()
        self.ids = Ids()
        self.violations: dict[int, list[str]] = {}
        self.perpetrators: dict[int, list[tuple[int, str, str, str]]] = {}
        self.consenting: dict[int, list[tuple[int, str]]] = {}
        self.sessions: dict[int, tuple[dt.date, dt.date]] = {}
        self.session_courts: dict[int, str] = {}
        self.accused: dict[int, dict[str, Any]] = {}
        self.charges: dict[int, dict[str, Any]] = {}
        """The rows drawn, by id, for the judgment and the appeal to fill in and copy."""
        self.reparations = 0
        self.payments = 0
        """Reparations and payments drawn so far: the first conviction gets one, and the
        first reparation a payment, so that even a small demo shows them."""

    # --- what the cases give -------------------------------------------------------------------

    def read_cases(self) -> list[CourtCase]:
        """The cases that go to court: one draw per case that could, in id order. Values
        as SQLite gives them: converting the date of every case, not only of those
        chosen, took as long as drawing the whole court work."""
        query = (Case.select(Case.id, Case.office, Case.province_code, Case.opened_on,
                             Case.officer)
                 .where(Case.status.in_(("validated", "in_follow_up", "closed")))
                 .order_by(Case.id))
        rng = self.rng
        return [CourtCase(case_id, office, province, dt.date.fromisoformat(opened_on),
                          officer)
                for case_id, office, province, opened_on, officer in _raw(query)
                if rng.random() < SHARE_TO_COURT]

    def read_details(self, case_ids: list[int]) -> None:
        """The violations, perpetrators and consenting victims of the chosen cases."""
        chosen = SQL("(SELECT value FROM json_each(?))", (json.dumps(case_ids),))
        for case_id, type_code in _raw(Violation.select(Violation.case, Violation.type_code)
                                       .where(Violation.case.in_(chosen))
                                       .order_by(Violation.id)):
            self.violations.setdefault(case_id, []).append(type_code)
        for perpetrator_id, case_id, category, rank, unit in _raw(
                Perpetrator.select(Perpetrator.id, Perpetrator.case, Perpetrator.category_code,
                                   Perpetrator.rank, Perpetrator.unit)
                .where(Perpetrator.case.in_(chosen)).order_by(Perpetrator.id)):
            self.perpetrators.setdefault(case_id, []).append(
                (perpetrator_id, category, rank, unit))
        # The demo records one consent per victim and purpose, so the one in force is the
        # one given and not revoked (``detail.active_consents`` reads the latest).
        for victim_id, case_id, code in _raw(
                Victim.select(Victim.id, Victim.case, Victim.code)
                .join(Consent, on=(Consent.victim == Victim.id))
                .where(Victim.case.in_(chosen), Consent.purpose == "justice",
                       Consent.given == True, Consent.revoked_at.is_null())  # noqa: E712
                .order_by(Victim.id)):
            self.consenting.setdefault(case_id, []).append((victim_id, code))

    # --- drawing -------------------------------------------------------------------------------

    def draw(self) -> Rows:
        rng = self.rng
        chosen = self.read_cases()
        by_office: dict[str, list[CourtCase]] = {}
        place: dict[int, int] = {}
        """Each chosen case's index in its office's list."""
        for case in chosen:
            place[case.id] = len(by_office.setdefault(case.office, []))
            by_office[case.office].append(case)
        self.read_details([case.id for case in chosen])
        planned: list[Planned] = []
        taken: set[int] = set()
        for case in chosen:
            if case.id in taken:
                continue
            joined = [case]
            if rng.random() < JOINED:
                wanted = randint(rng, 1, 2)
                for other in by_office[case.office][place[case.id] + 1:]:
                    if len(joined) > wanted:
                        break
                    if other.id not in taken:
                        joined.append(other)
            taken.update(other.id for other in joined)
            plan = self._early_stages(joined)
            if plan is not None:
                planned.append(plan)
        self._sessions(planned)
        for plan in planned:
            self._proceeding(plan)
        # In the order the foreign keys point: they are enforced while these are written.
        return Rows({model: self.rows.tables[model] for model in WRITING_ORDER
                     if model in self.rows.tables})

    def _early_stages(self, cases: list[CourtCase]) -> Planned | None:
        """Complaint, then investigation and referral for those that get so far."""
        rng = self.rng
        filed = max(case.opened_on for case in cases) + dt.timedelta(
            days=randint(rng, 5, 120))
        if filed > self.end:
            return None
        stages = [("complaint", filed)]
        for stage, after, low, high in (("investigation", "complaint", 10, 90),
                                        ("referral", "investigation", 60, 400)):
            on = stages[-1][1] + dt.timedelta(days=randint(rng, low, high))
            if on > self.end or rng.random() >= GOES_TO_TRIAL[after]:
                break
            stages.append((stage, on))
        if stages[-1][0] == "investigation" and rng.random() < 0.1:
            closed_on = stages[-1][1] + dt.timedelta(days=randint(rng, 90, 500))
            if closed_on <= self.end:  # dropped for want of evidence
                stages.append(("closed", closed_on))
        return Planned(cases, stages)

    def _sessions(self, planned: list[Planned]) -> None:
        """Mobile court sessions, each around proceedings of one office referred to court:
        the court sits some weeks after the first is referred and hears two or more of
        those referred by then (about a fifth of the proceedings tried). The first
        proceeding referred opens one whatever, so that every demo has a session."""
        rng = self.rng
        waiting = sorted((plan for plan in planned
                          if plan.stages[-1][0] in ("investigation", "referral")),
                         key=lambda plan: (plan.stages[-1][1], plan.cases[0].id))
        waiting_in: dict[str, list[Planned]] = {}
        for plan in waiting:
            waiting_in.setdefault(plan.cases[0].office, []).append(plan)
        for plan in waiting:
            if plan.stages[-1][0] != "referral":
                continue
            if plan.session is not None or (self.sessions and rng.random() >= SESSION_OPENS):
                continue
            start = plan.stages[-1][1] + dt.timedelta(days=randint(rng, 10, 90))
            if start > self.end:
                continue
            # It hears the office's proceedings referred by then, and hastens some still
            # under investigation: they are referred to it before it sits.
            heard = [plan] + [other for other in waiting_in[plan.cases[0].office]
                              if other.session is None
                              and other is not plan
                              and other.stages[-1][1] <= start
                              and (other.stages[-1][0] == "referral" or rng.random() < 0.25)]
            if len(heard) < 2 and self.sessions:
                continue  # not worth the journey: it goes before the court at its seat
            days = randint(rng, 10, 30)
            session_id = self.ids.take(MobileSession)
            office, province = plan.cases[0].office, plan.cases[0].province
            self.sessions[session_id] = (start, start + dt.timedelta(days=days - 1))
            court = choice(rng, COURTS_MOBILE)
            self.session_courts[session_id] = court
            for other in heard[:randint(rng, 2, 12)]:
                other.session = session_id
                if other.stages[-1][0] == "investigation":
                    since = other.stages[-1][1]
                    other.stages.append(("referral", since + dt.timedelta(
                        days=randint(rng, 0, (start - since).days))))
            supervisor = self.staff.supervisors[office]
            self.rows.add(MobileSession, id=session_id, office=office,
                          court_code=court, province_code=province,
                          start_on=start, end_on=start + dt.timedelta(days=days - 1),
                          **self._tracked(supervisor, start))
            for _release in range(randint(rng, 1, 3)):
                released_on = min(start + dt.timedelta(days=randint(rng, 0, days - 1)),
                                  self.end)
                self.rows.add(SessionRelease, id=self.ids.take(SessionRelease),
                              session=session_id, released=randint(rng, 1, 12),
                              released_on=released_on, basis=RELEASE_DRAW.draw(rng), note="",
                              recorded_by=supervisor, recorded_at=stamp(released_on, rng))

    def _proceeding(self, plan: Planned) -> None:
        rng = self.rng
        lead = plan.cases[0]
        officer = lead.officer
        armed = any(self._kind(category) == "non_state"
                    for case in plan.cases for _p, category, _r, _u in
                    self.perpetrators.get(case.id, ()))
        if plan.session is not None:
            court = self.session_courts[plan.session]
        else:
            court = choice(rng, COURTS_MILITARY if armed or rng.random() < 0.6
                           else COURTS_CIVIL)
        stages = list(plan.stages)
        hearings: list[tuple[dt.date, bool, str, dt.date | None]] = []
        judged_on = None
        if stages[-1][0] == "referral" and (plan.session is not None or rng.random() < 0.7):
            judged_on = self._trial(plan, stages, hearings)
        plan.id = self.ids.take(Proceeding)
        self._accused(plan, armed, court)
        convicted: list[int] = []
        if judged_on is not None:
            convicted = self._judgment(plan.accused, judged_on)
            after = judged_on + dt.timedelta(days=randint(rng, 20, 200))
            if convicted and after <= self.end and rng.random() < 0.3:
                stages.append(("enforcement", after))
        appeal_on = judged_on + dt.timedelta(days=randint(rng, 3, 60)) if judged_on else None
        appealed = (appeal_on is not None and appeal_on <= self.end
                    and stages[-1][0] == "judgment" and rng.random() < APPEALED)
        if appealed:
            assert appeal_on is not None
            stages.append(("appeal", appeal_on))
        self._write_proceeding(plan.id, plan, court, stages, hearings, None, plan.session)
        self._victims(plan)
        for accused_id in convicted:
            self._reparation(plan.id, accused_id, armed, cast("dt.date", judged_on), officer)
        if appealed:
            assert appeal_on is not None
            self._appeal(plan, court, appeal_on)

    def _trial(self, plan: Planned, stages: list[tuple[str, dt.date]],
               hearings: list[tuple[dt.date, bool, str, dt.date | None]]) -> dt.date | None:
        """The trial's hearings, and the day of the judgment if one was given by ``end``."""
        rng = self.rng
        if plan.session is not None:
            start, last = self.sessions[plan.session]
            last = min(last, self.end)
            trial_on = start + dt.timedelta(days=randint(rng, 0, (last - start).days // 2))
            days = [trial_on + dt.timedelta(days=offset) for offset in sorted(
                {randint(rng, 0, (last - trial_on).days) for _repeat in range(3)} | {0})]
            finished = rng.random() < 0.85
        else:
            trial_on = stages[-1][1] + dt.timedelta(days=randint(rng, 30, 200))
            if trial_on > self.end:
                return None
            days = [trial_on]
            for _hearing in range(randint(rng, 0, 7)):
                days.append(days[-1] + dt.timedelta(days=randint(rng, 14, 75)))
            days = [day for day in days if day <= self.end]
            finished = len(days) > 1 and rng.random() < 0.7
        stages.append(("trial", trial_on))
        for index, day in enumerate(days):
            last_one = index == len(days) - 1
            if last_one and finished:
                hearings.append((day, False, choice(rng, HEARING_SUMMARIES[1]), None))
                stages.append(("judgment", day))
                return day
            postponed = rng.random() < 0.55
            next_on = (days[index + 1] if not last_one else
                       day + dt.timedelta(days=randint(rng, 7, 60))
                       if rng.random() < 0.8 else None)
            hearings.append((day, postponed, choice(rng, POSTPONEMENT_REASONS)
                             if postponed else choice(rng, HEARING_SUMMARIES[0]), next_on))
        return None

    def _accused(self, plan: Planned, armed: bool, court: str) -> None:
        rng = self.rng
        known = [perpetrator for case in plan.cases
                 for perpetrator in self.perpetrators.get(case.id, ())]
        types = [code for case in plan.cases for code in self.violations.get(case.id, ())]
        count = 1 if rng.random() < 0.7 else 2 if rng.random() < 0.65 else randint(rng, 3, 4)
        war = armed and not court.startswith("CIVIL.")
        for index in range(count):
            linked = known[index] if index < len(known) and rng.random() < 0.85 else None
            category = linked[1] if linked else (known[0][1] if known else "")
            accused_id = self.ids.take(Accused)
            self.rows.add(Accused, id=accused_id, proceeding=plan.id,
                          perpetrator=linked[0] if linked else None, first_instance=None,
                          code=f"A{index + 1}",
                          name="" if linked else (f"{choice(rng, FIRST_NAMES_M)} "
                                                  f"{choice(rng, SURNAMES)}"),
                          category_code=category, rank=linked[2] if linked else "",
                          unit=linked[3] if linked else "", judged_on=None, sentence_kind="",
                          sentence_months=None, **self._tracked(plan.cases[0].officer,
                                                                plan.stages[0][1]))
            self.accused[accused_id] = self.rows.tables[Accused][-1]
            codes = dict.fromkeys(_charge(rng, code, war) for code in types)
            if war and rng.random() < 0.3:
                codes[choice(rng, ("PENAL.CRIMINAL_ASSOCIATION",
                                   "MILITARY.ILLEGAL_POSSESSION_OF_WEAPONS"))] = None
            plan.accused.append((accused_id, [self._charge_row(plan, accused_id, code)
                                              for code in codes]))

    def _charge_row(self, plan: Planned, accused_id: int, code: str) -> int:
        charge_id = self.ids.take(Charge)
        self.rows.add(Charge, id=charge_id, accused=accused_id, proceeding=plan.id,
                      charge_code=code, verdict="", requalified_code="",
                      **self._tracked(plan.cases[0].officer, plan.stages[0][1]))
        self.charges[charge_id] = self.rows.tables[Charge][-1]
        return charge_id

    def _judgment(self, accused: list[tuple[int, list[int]]], judged_on: dt.date,
                  ) -> list[int]:
        """Verdicts on every charge of each accused, written over the rows drawn; return
        the accused convicted. One proceeding may convict some and acquit others."""
        rng = self.rng
        convicted = []
        for accused_id, charge_ids in accused:
            draw = rng.random()
            outcome = "convicted" if draw < 0.6 else "acquitted" if draw < 0.9 else "dismissed"
            verdicts = [outcome] * len(charge_ids)
            if outcome == "convicted" and len(charge_ids) > 1:
                verdicts = ["convicted" if index == 0 or rng.random() < 0.7 else "acquitted"
                            for index in range(len(charge_ids))]
            for charge_id, verdict in zip(charge_ids, verdicts, strict=True):
                row = self.charges[charge_id]
                if verdict == "convicted" and rng.random() < 0.06 and row["charge_code"] not in (
                        "PENAL.ASSAULT",):
                    row.update(verdict="requalified", requalified_code="PENAL.ASSAULT")
                else:
                    row["verdict"] = verdict
            person = self.accused[accused_id]
            person["judged_on"] = judged_on
            if outcome == "convicted":
                kind = SENTENCE_DRAW.draw(rng)
                person["sentence_kind"] = kind
                person["sentence_months"] = (randint(rng, 6, 240) if kind == "prison" else
                                             randint(rng, 3, 24) if kind == "suspended"
                                             else None)
                convicted.append(accused_id)
        return convicted

    def _reparation(self, proceeding_id: int, accused_id: int, armed: bool,
                    ordered_on: dt.date, officer: int) -> None:
        rng = self.rng
        if self.reparations and rng.random() >= REPARATION_ORDERED:
            return
        self.reparations += 1
        currency = "USD" if rng.random() < 0.85 else "CDF"
        amount = randint(rng, 5, 500) * (100 if currency == "USD" else 250_000)
        reparation_id = self.ids.take(Reparation)
        self.rows.add(Reparation, id=reparation_id, accused=accused_id,
                      proceeding=proceeding_id, amount=amount, currency=currency,
                      beneficiary=choice(rng, ("V01", "Les parties civiles",
                                               "The civil parties", "V01, V02")),
                      jointly_with_state=not armed and rng.random() < 0.7,
                      ordered_on=ordered_on, **self._tracked(officer, ordered_on))
        if self.payments and rng.random() >= PAID:
            return
        paid_on = min(ordered_on + dt.timedelta(days=randint(rng, 60, 700)), self.end)
        self.payments += 1
        self.rows.add(ReparationPayment, id=self.ids.take(ReparationPayment),
                      reparation=reparation_id,
                      amount=amount * randint(rng, 1, 5) // 10, paid_on=paid_on, note="",
                      recorded_by=officer, recorded_at=stamp(paid_on, rng))

    def _victims(self, plan: Planned) -> None:
        """Victims in court: only those consenting to ``justice``, and not all of them."""
        rng = self.rng
        for case in plan.cases:
            sexual = any(code.startswith(("SGBV", "CHILD.SEXUAL"))
                         for code in self.violations.get(case.id, ()))
            for victim_id, _code in self.consenting.get(case.id, ()):
                if rng.random() >= 0.6:
                    continue
                requested = ("closed_hearing pseudonym" if sexual and rng.random() < 0.7
                             else "")
                self.rows.add(CourtVictim, id=self.ids.take(CourtVictim),
                              proceeding=plan.id, victim=victim_id,
                              civil_party=rng.random() < 0.7,
                              protection_requested=requested,
                              protection_granted=(requested if rng.random() < 0.6
                                                  else requested.split(" ")[0]),
                              legal_aid=choice(rng, LEGAL_AID),
                              **self._tracked(case.officer, plan.stages[0][1]))

    def _appeal(self, first: Planned, court: str, lodged: dt.date) -> None:
        """An appeal with the same accused facing the same charges; some judged."""
        rng = self.rng
        appeal_id = self.ids.take(Proceeding)
        officer = first.cases[0].officer
        appeal = Planned(first.cases, [("appeal", lodged)], None, appeal_id)
        again: list[tuple[int, list[int]]] = []
        for accused_id, charge_ids in first.accused:
            copy_id = self.ids.take(Accused)
            self.rows.add(Accused, **{**self.accused[accused_id], "id": copy_id,
                                      "proceeding": appeal_id, "first_instance": accused_id,
                                      "judged_on": None, "sentence_kind": "",
                                      "sentence_months": None, **self._tracked(officer, lodged)})
            self.accused[copy_id] = self.rows.tables[Accused][-1]
            again.append((copy_id, [self._charge_row(appeal, copy_id,
                                                     self.charges[charge_id]["charge_code"])
                                    for charge_id in charge_ids]))
        hearings: list[tuple[dt.date, bool, str, dt.date | None]] = []
        days = [lodged + dt.timedelta(days=randint(rng, 30, 180))]
        for _hearing in range(randint(rng, 0, 3)):
            days.append(days[-1] + dt.timedelta(days=randint(rng, 14, 90)))
        days = [day for day in days if day <= self.end]
        stages = [("appeal", lodged)]
        judged = bool(days) and rng.random() < 0.5
        for index, day in enumerate(days):
            if judged and index == len(days) - 1:
                hearings.append((day, False, choice(rng, HEARING_SUMMARIES[1]), None))
                stages.append(("judgment", day))
                self._judgment(again, day)
            else:
                postponed = rng.random() < 0.5
                hearings.append((day, postponed, choice(rng, POSTPONEMENT_REASONS) if postponed
                                 else choice(rng, HEARING_SUMMARIES[0]),
                                 days[index + 1] if index + 1 < len(days) else None))
        self._write_proceeding(appeal_id, appeal, APPEAL_COURTS.get(court, court), stages,
                               hearings, first.id, None)

    # --- rows ----------------------------------------------------------------------------------

    def _write_proceeding(self, proceeding_id: int, plan: Planned, court: str,
                          stages: Sequence[tuple[str, dt.date]],
                          hearings: Sequence[tuple[dt.date, bool, str, dt.date | None]],
                          appeal_of: int | None, session_id: int | None) -> None:
        rng = self.rng
        lead = plan.cases[0]
        officer = lead.officer
        term = self.catalog.get("court_type", court)
        opened_on = stages[0][1]
        last = hearings[-1] if hearings else None
        self.rows.add(
            Proceeding, id=proceeding_id, office=lead.office, court_code=court,
            jurisdiction=term.extra.get("jurisdiction", "") if term else "",
            province_code=lead.province, territory_code="",
            docket=f"{'RPA' if appeal_of else 'RP'} {randint(rng, 10, 2999)}/"
                   f"{opened_on.year}",
            stage=stages[-1][0], stage_on=stages[-1][1], opened_on=opened_on,
            appeal_of=appeal_of, session=session_id,
            last_hearing_on=last[0] if last else None,
            next_hearing_on=last[3] if last else None,
            **self._tracked(officer, opened_on, stages[-1][1]))
        for case in plan.cases:
            self.rows.add(ProceedingCase, id=self.ids.take(ProceedingCase),
                          proceeding=proceeding_id, case=case.id)
        for stage, on in stages:
            self.rows.add(ProceedingStage, id=self.ids.take(ProceedingStage),
                          proceeding=proceeding_id, stage=stage, on=on, evidence="",
                          by=officer, at=stamp(on, rng))
        for held_on, postponed, text, next_on in hearings:
            self.rows.add(Hearing, id=self.ids.take(Hearing), proceeding=proceeding_id,
                          held_on=held_on, postponed=postponed,
                          reason=text if postponed else "", summary="" if postponed else text,
                          next_on=next_on, closed_to_public=rng.random() < 0.1,
                          **self._tracked(officer, held_on))

    def _tracked(self, by: int, on: dt.date, updated: dt.date | None = None
                 ) -> dict[str, Any]:
        created = stamp(on, self.rng)
        changed = max(created, stamp(updated, self.rng)) if updated else created
        return {"version": 1, "created_at": created, "created_by": by,
                "updated_at": changed, "updated_by": by}

    def _kind(self, category: str) -> str:
        term = self.catalog.get("perpetrator_category", category)
        return term.extra.get("kind", "unknown") if term else "unknown"



def _raw(query: Any) -> list[tuple[Any, ...]]:
    """The rows of a query as SQLite gives them, without peewee's conversion per value."""
    sql, params = query.sql()
    return cast("list[tuple[Any, ...]]", database.execute_sql(sql, params).fetchall())


def _charge(rng: random.Random, violation: str, war: bool) -> str:
    """A charge that fits the violation: a war crime before a military court for an armed
    group, else the ordinary offence."""
    if war and violation in CHARGES_ARMED and rng.random() < 0.7:
        return CHARGES_ARMED[violation]
    for prefix, code in CHARGES_ORDINARY:
        if violation.startswith(prefix):
            return code
    return "PENAL.ASSAULT"
