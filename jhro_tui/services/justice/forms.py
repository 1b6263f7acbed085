"""What a user fills in to record court work (the closed lists are in ``services/forms``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ProceedingForm:
    """A proceeding's court and place; ``stage``, ``stage_on`` and ``evidence`` only when
    it is opened (later stages go through ``StageForm``)."""

    court_code: str
    province_code: str
    territory_code: str = ""
    docket: str = ""
    stage: str = "complaint"
    stage_on: dt.date | None = None
    evidence: str = ""
    session_id: int | None = None


@dataclass(frozen=True)
class StageForm:
    stage: str
    on: dt.date | None
    evidence: str = ""


@dataclass(frozen=True)
class AccusedForm:
    """One person tried: a perpetrator of one of the cases, or a name (restricted)."""

    perpetrator_id: int | None = None
    name: str = ""
    category_code: str = ""
    rank: str = ""
    unit: str = ""
    charges: tuple[str, ...] = ()
    """Charge codes to add with the accused (more can be added later)."""


@dataclass(frozen=True)
class ChargeForm:
    charge_code: str


@dataclass(frozen=True)
class Verdict:
    charge_id: int
    verdict: str
    """A code of ``VERDICTS``, or "" while that charge is not judged."""
    requalified_code: str = ""


@dataclass(frozen=True)
class JudgmentForm:
    """The judgment on one accused: a verdict per charge, and the sentence."""

    judged_on: dt.date | None
    verdicts: tuple[Verdict, ...]
    sentence_kind: str = ""
    sentence_months: int | None = None


@dataclass(frozen=True)
class HearingForm:
    held_on: dt.date | None
    postponed: bool = False
    reason: str = ""
    summary: str = ""
    next_on: dt.date | None = None
    closed_to_public: bool = False


@dataclass(frozen=True)
class ReparationForm:
    accused_id: int
    amount: int | None
    currency: str
    beneficiary: str
    ordered_on: dt.date | None
    jointly_with_state: bool = False


@dataclass(frozen=True)
class PaymentForm:
    amount: int | None
    paid_on: dt.date | None
    note: str = ""


@dataclass(frozen=True)
class CourtVictimForm:
    victim_id: int
    civil_party: bool = False
    protection_requested: tuple[str, ...] = ()
    protection_granted: tuple[str, ...] = ()
    legal_aid: str = ""


@dataclass(frozen=True)
class AppealForm:
    """An appeal lodged against a judgment: the appeal court, its docket, the day."""

    court_code: str
    province_code: str
    lodged_on: dt.date | None
    territory_code: str = ""
    docket: str = ""
    evidence: str = ""


@dataclass(frozen=True)
class SessionForm:
    court_code: str
    province_code: str
    start_on: dt.date | None
    end_on: dt.date | None
    territory_code: str = ""
    locality: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReleaseForm:
    released: int | None
    released_on: dt.date | None
    basis: str
    note: str = ""
