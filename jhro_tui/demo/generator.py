"""The demo's cases, made one at a time from each case's own random source.

Every generated section goes through the same validation functions as a form typed by
hand, and the workflow rules hold (submitted cases have incidents, violations and
victims; referrals only with consent to referral; validated cases have a snapshot).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from jhro_tui.demo import texts
from jhro_tui.demo.draws import Weighted, choice, randint, stamp
from jhro_tui.demo.ids import WINDOW_START, CaseIds, Rows, Staff, Timeline, case_rng
from jhro_tui.demo.offices import FIRST_NAMES_F, FIRST_NAMES_M, OFFICES, SURNAMES
from jhro_tui.demo.snapshot import EnglishTerms, snapshot_document
from jhro_tui.demo.vocabulary import (
    ATTACHMENTS,
    CREDIBILITY,
    DISPLACEMENT,
    FOLLOW_UPS,
    LINK_KINDS,
    LOCALITIES,
    NOTES_EN,
    NOTES_FR,
    OFFICE_DRAW,
    PERPETRATORS,
    PRIORITIES,
    PROVIDERS,
    REFERRAL_STATUS,
    RELIABILITY,
    RISK_LEVELS,
    SERVICES_OTHER,
    SERVICES_SGBV,
    SOURCE_KINDS,
    STATUS_MIDDLE,
    STATUS_OLD,
    STATUS_RECENT,
    VERIFICATION,
    VERIFICATION_RECENT,
    VICTIMS_PER_CASE,
    VIOLATIONS_ARMED,
    VIOLATIONS_STATE,
)
from jhro_tui.services import snapshots, validation
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import (
    PRIORITY_RANK,
    CaseForm,
    FollowUpForm,
    IncidentForm,
    PerpetratorForm,
    ReferralForm,
    SourceForm,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.records import incident_values
from jhro_tui.services.reference import Catalog
from jhro_tui.services.victims import victim_values
from jhro_tui.store.models import (
    Attachment,
    Case,
    CaseAccessChange,
    CaseLink,
    CaseShare,
    CaseSnapshot,
    CaseStatusChange,
    Consent,
    FollowUp,
    Incident,
    Note,
    Perpetrator,
    PerpetratorInvolvement,
    Referral,
    Source,
    Victim,
    VictimViolation,
    Violation,
)


class Generator:
    """Makes cases one at a time, deterministically, checking each with the form rules."""

    def __init__(self, seed: int, staff: Staff, catalog: Catalog, timeline: Timeline,
                 rules: validation.Rules) -> None:
        self.seed = seed
        self.staff = staff
        self.catalog = catalog
        self.end = timeline.end
        self.rules = rules
        self.territories = {  # of each office in each of its provinces
            (office.name, province): [
                term.code for term in catalog.terms("territory", parent=province)
                if not office.territories or term.code in office.territories]
            for office in OFFICES for province, _weight in office.provinces}
        self.provinces = {office.name: Weighted(office.provinces) for office in OFFICES}
        self.perpetrators = {province: Weighted(options)
                             for province, options in PERPETRATORS.items()}
        self.violations_state = Weighted(VIOLATIONS_STATE)
        self.violations_armed = Weighted(VIOLATIONS_ARMED)
        self.english = EnglishTerms(catalog)
        self.timeline = timeline

    def case(self, number: int, rows: Rows) -> None:
        """Generate case ``number`` into ``rows``."""
        rng = case_rng(self.seed, number)
        ids = CaseIds(number)
        office = OFFICE_DRAW.draw(rng)
        province = self.provinces[office.name].draw(rng)
        territories = self.territories[office.name, province]
        territory = choice(rng, territories) if territories else ""
        officers = self.staff.by_office[office.name]
        officer_id, _officer_name = choice(rng, officers)
        supervisor_id = self.staff.supervisors[office.name]
        french = rng.random() < 0.6

        opened_on = self.timeline.opened_on(number)
        incident_first = opened_on - dt.timedelta(days=int(rng.expovariate(1 / 20)))
        if incident_first < WINDOW_START - dt.timedelta(days=365):
            incident_first = WINDOW_START - dt.timedelta(days=365)
        age_days = (self.end - opened_on).days

        # What: perpetrators, then violations that fit them.
        perpetrator_options = self.perpetrators.get(province, self.perpetrators[""])
        perpetrator_codes = [perpetrator_options.draw(rng)
                             for _repeat in range(1 if rng.random() < 0.8 else 2)]
        locality = choice(rng, LOCALITIES.get(province, ("",))) or (
            self.catalog.label("territory", territory, "fr"))

        case_id = ids.take(Case)
        reference = self.timeline.reference(number, office.name)
        created = stamp(opened_on, rng)
        created_text = created.isoformat(" ")  # stored as the driver stores a datetime
        tracked = {"version": 1, "created_at": created_text, "created_by": officer_id,
                   "updated_at": created_text, "updated_by": officer_id}

        # Perpetrators
        perpetrators = []
        for code in dict.fromkeys(perpetrator_codes):
            form = PerpetratorForm(code, unit=self._unit(rng, code),
                                   name=("" if rng.random() < 0.85 else
                                         f"{choice(rng, FIRST_NAMES_M)} "
                                         f"{choice(rng, SURNAMES)}"),
                                   rank=choice(rng, ("", "", "Sergent", "Lieutenant",
                                                    "Capitaine", "Major", "Commandant")))
            validation.validate_perpetrator(form, self.rules)
            perpetrator_id = ids.take(Perpetrator)
            perpetrators.append((perpetrator_id, form))
            rows.add(Perpetrator, id=perpetrator_id, case=case_id,
                     category_code=form.category_code, unit=form.unit, name=form.name,
                     rank=form.rank, description=form.description, **tracked)

        # Incidents and violations
        incidents = []
        violations = []
        for index in range(1 if rng.random() < 0.75 else 2):
            day = incident_first + dt.timedelta(days=index * randint(rng, 1, 10))
            if day > opened_on:
                day = opened_on
            date = self._partial(rng, day)
            end = None
            if rng.random() < 0.05:
                end_day = min(day + dt.timedelta(days=randint(rng, 5, 200)), opened_on)
                end = PartialDate.of(end_day) if end_day >= date.last_day() else None
            incident_form = IncidentForm(
                date, province, territory, locality,
                texts.incident_text(self.catalog, rng, french, perpetrator_codes[0],
                                    locality), end)
            validation.validate_incident(incident_form, self.rules)
            incident_id = ids.take(Incident)
            incidents.append((incident_id, incident_form))
            kind = self._kind(perpetrator_codes[0])
            for _repeat in range(1 if rng.random() < 0.6 else randint(rng, 2, 3)):
                options = self.violations_state if kind == "state" else self.violations_armed
                type_code = options.draw(rng)
                status = self._verification(rng, age_days)
                violation_form = ViolationForm(type_code, "", status)
                validation.validate_violation(violation_form, self.rules)
                violation_id = ids.take(Violation)
                violations.append((violation_id, violation_form))
                rows.add(Violation, id=violation_id, incident=incident_id, case=case_id,
                         type_code=type_code, description="", verification_status=status,
                         verification_set_by=(officer_id if status == "reported"
                                              else supervisor_id),
                         verification_set_at=created_text, **tracked)
                for perpetrator_id, _form in perpetrators:
                    rows.add(PerpetratorInvolvement, perpetrator=perpetrator_id,
                             violation=violation_id,
                             role="direct" if rng.random() < 0.85 else "ordered")
            rows.add(Incident, id=incident_id, case=case_id,
                     **incident_values(incident_form), **tracked)

        sexual = any(form.type_code.startswith(("SGBV", "CHILD.SEXUAL"))
                     for _id, form in violations)

        # Victims, consent, referrals
        victims = []
        for index in range(1, 1 + VICTIMS_PER_CASE.draw(rng)):
            female = rng.random() < (0.9 if sexual else 0.45)
            age = (randint(rng, 6, 17) if rng.random() < 0.2 else randint(rng, 18, 70)
                   ) if rng.random() < 0.8 else None
            risk = RISK_LEVELS.draw(rng)
            review = (min(opened_on + dt.timedelta(days=randint(rng, 14, 120)),
                          self.end + dt.timedelta(days=60)) if risk != "none" else None)
            first = choice(rng, FIRST_NAMES_F if female else FIRST_NAMES_M)
            victim_form = VictimForm(
                code=f"V{index:02d}",
                name=f"{first} {choice(rng, SURNAMES)}",
                contact=(f"+243 {choice(rng, ('81', '82', '97', '99', '89'))} "
                         f"{randint(rng, 100, 999)} {randint(rng, 1000, 9999)}"
                         if rng.random() < 0.6 else ""),
                sex="female" if female else "male",
                age=age,
                age_group=("unknown" if age is None and rng.random() < 0.5 else
                           "adult" if age is None else "unknown"),
                disability="yes" if rng.random() < 0.05 else choice(rng, ("no", "unknown")),
                displacement=DISPLACEMENT.draw(rng),
                risk_level=risk,
                risk_measures=("Regular contact; relocation considered."
                               if risk == "high" else ""),
                risk_review_on=review)
            validation.validate_victim(victim_form, self.rules)
            victim_id = ids.take(Victim)
            victims.append((victim_id, victim_form))
            rows.add(Victim, id=victim_id, case=case_id, code=victim_form.code,
                     name=victim_form.name, contact=victim_form.contact,
                     **victim_values(victim_form), **tracked)
            for violation_id, _violation_form in violations:
                if index == 1 or rng.random() < 0.6:
                    rows.add(VictimViolation, victim=victim_id, violation=violation_id,
                             involvement="direct" if rng.random() < 0.9 else "indirect")
            referral_consent = self._consents(rng, victim_id, created, created_text,
                                              officer_id, rows)
            if referral_consent and rng.random() < 0.7:
                services = SERVICES_SGBV if sexual else SERVICES_OTHER
                for service in dict.fromkeys(choice(rng, services)
                                             for _repeat in range(randint(rng, 1, 2))):
                    self._referral(rng, service, victim_id, case_id, opened_on, officer_id,
                                   rows, ids)

        # Sources
        for _repeat in range(1 if rng.random() < 0.6 else 2):
            source_form = SourceForm(
                SOURCE_KINDS.draw(rng), RELIABILITY.draw(rng), CREDIBILITY.draw(rng),
                opened_on, "")
            validation.validate_source(source_form, self.rules)
            rows.add(Source, id=ids.take(Source), case=case_id, kind=source_form.kind,
                     reliability=source_form.reliability, credibility=source_form.credibility,
                     obtained_on=_text(source_form.obtained_on), description="", **tracked)

        # Notes
        for note_number in range(randint(rng, 1, 3)):
            body = validation.validate_note(choice(rng, NOTES_FR if french else NOTES_EN))
            rows.add(Note, id=ids.take(Note), case=case_id, author=officer_id, body=body,
                     created_at=(created + dt.timedelta(days=note_number * 7,
                                                        minutes=note_number)).isoformat(" "))

        # Workflow
        status = self._status(rng, age_days)
        history = self._history(rng, status, created, officer_id, supervisor_id, age_days)
        for step in history:
            rows.add(CaseStatusChange, case=case_id, from_status=step["from_status"],
                     to_status=step["to_status"], by=step["by"], at=step["at"].isoformat(" "),
                     comment=step["comment"])
        updated_at = max(step["at"] for step in history)
        updated_text = updated_at.isoformat(" ")
        version = len(history)

        # Follow-ups
        if status != "closed" and rng.random() < 0.7:
            for _repeat in range(randint(rng, 1, 2)):
                due = min(opened_on + dt.timedelta(days=randint(rng, 7, 90)),
                          self.end + dt.timedelta(days=randint(rng, -20, 45)))
                follow_form = FollowUpForm(choice(rng, FOLLOW_UPS), due)
                validation.validate_follow_up(follow_form, self.rules)
                done = due < self.end - dt.timedelta(days=30) and rng.random() < 0.8
                rows.add(FollowUp, id=ids.take(FollowUp), case=case_id, office=office.name,
                         description=follow_form.description, due_on=due.isoformat(),
                         assigned_to=officer_id, done_at=stamp(due, rng) if done else None,
                         done_by=officer_id if done else None, **tracked)

        # Shares across offices, now and then
        if rng.random() < 0.03:
            other = choice(rng, self.staff.all_officers)
            if other[2] != office.name:
                rows.add(CaseShare, case=case_id, account=other[0], shared_by=supervisor_id,
                         shared_at=updated_text)
                rows.add(CaseAccessChange, case=case_id, kind="share", account=other[0],
                         by=supervisor_id, at=updated_text)

        title = texts.title(self.catalog, rng, french, violations[0][1].type_code, locality)
        narrative = texts.narrative(self.catalog, rng, french, perpetrators, violations,
                                    victims, locality, incidents[0][1].date)
        case_form = CaseForm(title, narrative, PRIORITIES.draw(rng),
                             "strictly_confidential" if sexual and rng.random() < 0.3
                             else "confidential", province, opened_on)
        case_form = validation.validate_case(case_form, self.rules)
        dated = [(form.date, incident_id) for incident_id, form in incidents
                 if form.date is not None]
        first_date = min(dated, key=lambda item: (item[0].first_day(), item[1]))[0]
        rows.add(
            Case, id=case_id, reference=reference, title=case_form.title,
            narrative=case_form.narrative, status=status,
            priority=PRIORITY_RANK[case_form.priority],
            confidentiality=case_form.confidentiality, officer=officer_id, office=office.name,
            province_code=province, opened_on=opened_on.isoformat(),
            incident_start=min(form.date.first_day() for _id, form in incidents
                               if form.date is not None),
            incident_end=max((form.end or form.date).last_day() for _id, form in incidents
                             if form.date is not None),
            incident_precision=first_date.precision, incident_estimated=first_date.estimated,
            created_at=created_text, created_by=officer_id, updated_at=updated_text,
            updated_by=history[-1]["by"], version=version)
        if status in ("validated", "in_follow_up", "closed"):
            validated = next(step for step in reversed(history)
                             if step["to_status"] == "validated")
            rows.add(CaseSnapshot, case=case_id, number=1,
                     case_version=history.index(validated) + 1, taken_at=validated["at"],
                     taken_by=supervisor_id, document=snapshots.pack(snapshot_document(
                         case_id, reference, case_form, office.name, officer_id,
                         created, validated["at"], supervisor_id,
                         history.index(validated) + 1, self.staff, self.english, incidents,
                         violations, victims, perpetrators,
                         history[:history.index(validated) + 1])))
        # Drawn last, so that every draw before it (all of the case) is as it was.
        if rng.random() < 0.1:
            self._attachment(rng, french, case_id, reference, case_form, officer_id,
                             created_text, rows)
        if rng.random() < 0.03:
            self._link(rng, number, office.name, officer_id, updated_text, rows)

    # -- small pieces --

    def _attachment(self, rng: random.Random, french: bool, case_id: int, reference: str,
                    form: CaseForm, officer: int, at: str, rows: Rows) -> None:
        """A text file attached as the case was opened (a snapshot leaves files out)."""
        filename, description_fr, description_en = choice(rng, ATTACHMENTS)
        description = description_fr if french else description_en
        content = f"{description}\n{reference}\n\n{form.narrative}\n".encode()
        validation.validate_attachment(filename, len(content), self.rules)
        rows.add(Attachment, case=case_id, filename=filename, description=description,
                 size=len(content), sha256=hashlib.sha256(content).hexdigest(),
                 added_by=officer, added_at=at, content=content)

    def _link(self, rng: random.Random, number: int, office: str, officer: int, at: str,
              rows: Rows) -> None:
        """A link to one of the office's recent cases (its office is the first draw of
        its random source, so no other chunk is needed to know it)."""
        for earlier in range(number - 1, max(0, number - 30), -1):
            if OFFICE_DRAW.draw(case_rng(self.seed, earlier)).name == office:
                rows.add(CaseLink, case=number, other=earlier,
                         kind=LINK_KINDS.draw(rng), note="", created_by=officer, created_at=at)
                return

    def _kind(self, code: str) -> str:
        term = self.catalog.get("perpetrator_category", code)
        return term.extra.get("kind", "unknown") if term else "unknown"

    def _unit(self, rng: random.Random, code: str) -> str:
        if code.startswith("STATE.FARDC"):
            return f"{randint(rng, 11, 34)}0{randint(rng, 1, 9)}e régiment"
        if code.startswith("STATE.PNC"):
            return choice(rng, ("Commissariat urbain", "Sous-commissariat", "PNC/UPIR",
                               "Police des mines", "Légion nationale d'intervention"))
        return choice(rng, ("", "", "faction locale", "groupe dissident"))

    def _partial(self, rng: random.Random, day: dt.date) -> PartialDate:
        roll = rng.random()
        estimated = rng.random() < 0.05
        if roll < 0.72:
            return PartialDate(day.year, day.month, day.day, estimated)
        if roll < 0.92:
            return PartialDate(day.year, day.month, None, estimated)
        return PartialDate(day.year, None, None, estimated)

    def _verification(self, rng: random.Random, age_days: int) -> str:
        if age_days < 60:
            return VERIFICATION_RECENT.draw(rng)
        return VERIFICATION.draw(rng)

    def _status(self, rng: random.Random, age_days: int) -> str:
        if age_days > 365:
            return STATUS_OLD.draw(rng)
        if age_days > 60:
            return STATUS_MIDDLE.draw(rng)
        return STATUS_RECENT.draw(rng)

    def _history(self, rng: random.Random, status: str, created: dt.datetime, officer: int,
                 supervisor: int, age_days: int) -> list[dict[str, Any]]:
        path = {"draft": [], "submitted": ["submitted"],
                "validated": ["submitted", "validated"],
                "in_follow_up": ["submitted", "validated", "in_follow_up"],
                "closed": ["submitted", "validated", "in_follow_up", "closed"]}[status]
        if path and rng.random() < 0.12:  # returned once for more information
            path = ["submitted", "draft"] + path
        at = created
        steps = [{"from_status": "", "to_status": "draft", "by": officer, "at": at,
                  "comment": ""}]
        budget = max(age_days, 1)
        previous = "draft"
        for target in path:
            at = at + dt.timedelta(days=randint(rng, 0, max(1, budget // (len(path) + 1))),
                                   minutes=randint(rng, 5, 600))
            limit = dt.datetime.combine(self.end, dt.time(23, 0))
            if at > limit:
                at = limit
            by = supervisor if target in ("validated", "closed") or (
                previous == "submitted" and target == "draft") else officer
            comment = ""
            if previous == "submitted" and target == "draft":
                comment = validation.validate_comment(
                    "Please add the medical source and the date of the complaint.", True)
            steps.append({"from_status": previous, "to_status": target, "by": by, "at": at,
                          "comment": comment})
            previous = target
        return steps

    def _consents(self, rng: random.Random, victim_id: int, at: dt.datetime, at_text: str,
                  by: int, rows: Rows) -> bool:
        referral = False
        for purpose, chance in (("documentation", 0.98), ("referral", 0.82),
                                ("justice", 0.55), ("statistics", 0.88)):
            validation.validate_consent_purpose(purpose)
            given = rng.random() < chance
            revoked = given and rng.random() < 0.02
            rows.add(Consent, victim=victim_id, purpose=purpose, given=given, note="",
                     recorded_by=by, recorded_at=at_text,
                     revoked_at=at + dt.timedelta(days=30) if revoked else None,
                     revoked_by=by if revoked else None, revocation_reason="")
            if purpose == "referral":
                referral = given and not revoked
        return referral

    def _referral(self, rng: random.Random, service: str, victim_id: int, case_id: int,
                  opened_on: dt.date, officer: int, rows: Rows, ids: CaseIds) -> None:
        form = ReferralForm(service, choice(rng, PROVIDERS), opened_on, "")
        validation.validate_referral(form, self.rules)
        assert form.proposed_on is not None
        status = REFERRAL_STATUS.draw(rng)
        status_on = min(opened_on + dt.timedelta(days=randint(rng, 0, 30)), self.end)
        if status == "proposed":
            status_on = form.proposed_on
        else:
            validation.validate_referral_status(status, status_on, form.proposed_on,
                                                self.rules)
        at = dt.datetime.combine(opened_on, dt.time(12)).isoformat(" ")
        rows.add(Referral, id=ids.take(Referral), victim=victim_id, case=case_id,
                 service_code=service, provider=form.provider,
                 proposed_on=_text(form.proposed_on), status=status,
                 status_on=status_on.isoformat(), comment="", version=1, created_at=at,
                 created_by=officer, updated_at=at, updated_by=officer)


def _text(value: dt.date | None) -> str | None:
    """A date as the driver stores it: made here, it costs less than in the JSON encoder."""
    return value.isoformat() if value is not None else None
