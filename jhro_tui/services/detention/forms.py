"""What a user fills in to record detention monitoring (closed lists: ``services/forms``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class FacilityForm:
    name: str
    kind: str
    province_code: str
    territory_code: str = ""
    locality: str = ""
    authority: str = ""
    capacity: int | None = None
    note: str = ""


@dataclass(frozen=True)
class VisitForm:
    """A visit: ``officers`` are account names of the office (the author is always one)."""

    facility_id: int | None
    visited_on: dt.date | None
    access: str
    officers: tuple[str, ...] = ()
    men: int | None = None
    women: int | None = None
    boys: int | None = None
    girls: int | None = None
    conditions: tuple[str, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class DetaineeForm:
    """A detainee, and on creation the arrest that begins the timeline."""

    facility_id: int | None
    sex: str = "unknown"
    age_group: str = "unknown"
    name: str = ""
    penalty: str = ""
    """The extension band of the offence (a ``detention_limit`` code), "" unknown."""
    case_reference: str = ""
    arrested_on: dt.date | None = None
    arrested_time: dt.time | None = None
    """The hour of the arrest in the office's zone; custody counts in hours from it."""


@dataclass(frozen=True)
class StepForm:
    """One fact of the legal timeline; the fields a kind does not use stay empty."""

    kind: str
    on: dt.date | None
    time: dt.time | None = None
    months: int | None = None
    """A sentence's length in months (empty: life, death or no prison term); an
    extension's when the judge set another than the law's month."""
    verdict: str = ""
    facility_id: int | None = None
    proceeding_id: int | None = None
    basis: str = ""
    session_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ReviewForm:
    """An officer's word on the computed flag: ``confirmed`` or ``overridden``."""

    review: str
    reason: str
