"""What the justice services return: frozen views, labels resolved, identities masked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CONVICTING = frozenset({"convicted", "requalified"})


@dataclass(frozen=True)
class StageView:
    stage: str
    on: dt.date
    evidence: str
    by: str
    at: dt.datetime


@dataclass(frozen=True)
class ChargeView:
    id: int
    accused_id: int
    proceeding_id: int
    charge_code: str
    label: str
    sexual_violence: bool
    verdict: str
    requalified_code: str
    requalified_label: str
    requalified_sexual_violence: bool
    version: int

    @property
    def convicted(self) -> bool:
        return self.verdict in CONVICTING

    @property
    def convicted_of_sexual_violence(self) -> bool:
        if self.verdict == "requalified":
            return self.requalified_sexual_violence
        return self.verdict == "convicted" and self.sexual_violence


@dataclass(frozen=True)
class PaymentView:
    id: int
    reparation_id: int
    amount: int
    paid_on: dt.date
    note: str
    recorded_by: str


@dataclass(frozen=True)
class ReparationView:
    id: int
    accused_id: int
    proceeding_id: int
    accused_code: str
    amount: int
    currency: str
    beneficiary: str
    jointly_with_state: bool
    ordered_on: dt.date
    payments: tuple[PaymentView, ...]
    version: int

    @property
    def paid(self) -> int:
        return sum(payment.amount for payment in self.payments)


@dataclass(frozen=True)
class AccusedView:
    id: int
    proceeding_id: int
    code: str
    name: str
    """"" unless revealed and allowed (see ``has_name``)."""
    has_name: bool
    perpetrator_id: int | None
    perpetrator_label: str
    category_code: str
    category_label: str
    state_agent: bool
    rank: str
    unit: str
    charges: tuple[ChargeView, ...]
    judged_on: dt.date | None
    sentence_kind: str
    sentence_months: int | None
    reparations: tuple[ReparationView, ...]
    first_instance_outcome: str
    """On appeal: the first instance's outcome for this person ("" if none)."""
    version: int

    @property
    def outcome(self) -> str:
        """``convicted`` if convicted of any charge, else ``acquitted`` or ``dismissed``
        once every charge is judged, else ``pending``."""
        return outcome_of([charge.verdict for charge in self.charges])


def outcome_of(verdicts: list[str]) -> str:
    if any(verdict in CONVICTING for verdict in verdicts):
        return "convicted"
    if not verdicts or any(not verdict for verdict in verdicts):
        return "pending"
    return "acquitted" if "acquitted" in verdicts else "dismissed"


@dataclass(frozen=True)
class HearingView:
    id: int
    proceeding_id: int
    held_on: dt.date
    postponed: bool
    reason: str
    summary: str
    next_on: dt.date | None
    closed_to_public: bool
    version: int


@dataclass(frozen=True)
class CourtVictimView:
    id: int
    proceeding_id: int
    victim_id: int
    victim_code: str
    case_reference: str
    civil_party: bool
    protection_requested: tuple[str, ...]
    protection_granted: tuple[str, ...]
    legal_aid: str
    version: int


@dataclass(frozen=True)
class ProceedingCaseView:
    case_id: int
    reference: str
    title: str


@dataclass(frozen=True)
class ProceedingView:
    """A proceeding as one account may see it: only the cases (and their victims) it may
    see; accused names only when revealed and allowed."""

    id: int
    office: str
    court_code: str
    court_label: str
    jurisdiction: str
    province_code: str
    province_label: str
    territory_code: str
    territory_label: str
    docket: str
    stage: str
    stage_on: dt.date
    opened_on: dt.date
    appeal_of_id: int | None
    appeal_of_label: str
    appeals: tuple[tuple[int, str], ...]
    """Appeals lodged against it: (proceeding id, label)."""
    session_id: int | None
    session_label: str
    cases: tuple[ProceedingCaseView, ...]
    hidden_cases: int
    """Cases of the proceeding this account may not see (counted, never named)."""
    stages: tuple[StageView, ...]
    accused: tuple[AccusedView, ...]
    hearings: tuple[HearingView, ...]
    victims: tuple[CourtVictimView, ...]
    last_hearing_on: dt.date | None
    next_hearing_on: dt.date | None
    can_edit: bool
    can_see_identity: bool
    version: int

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.docket, self.court_label) if part)

    @property
    def postponements(self) -> int:
        return sum(1 for hearing in self.hearings if hearing.postponed)

    @property
    def reached_trial(self) -> bool:
        return reached_trial(self.appeal_of_id is not None,
                             [stage.stage for stage in self.stages])


TRIAL_STAGES = frozenset({"trial", "judgment", "appeal", "enforcement"})


def reached_trial(is_appeal: bool, stages: list[str]) -> bool:
    """Whether a judgment may be recorded: the proceeding has been tried (an appeal is
    heard from the day it is lodged)."""
    return is_appeal or bool(TRIAL_STAGES & set(stages))


@dataclass(frozen=True)
class SessionView:
    id: int
    office: str
    court_code: str
    court_label: str
    province_code: str
    province_label: str
    territory_code: str
    territory_label: str
    locality: str
    start_on: dt.date
    end_on: dt.date
    note: str
    version: int

    @property
    def label(self) -> str:
        return " ".join(part for part in (self.court_label, "·", self.locality
                                          or self.territory_label or self.province_label)
                        if part)

    @property
    def days_sitting(self) -> int:
        return (self.end_on - self.start_on).days + 1


@dataclass(frozen=True)
class ReleaseView:
    id: int
    session_id: int
    released: int
    released_on: dt.date
    basis: str
    note: str
    recorded_by: str
