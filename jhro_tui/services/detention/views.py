"""What the detention services return: frozen views, labels resolved, names masked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jhro_tui.services.detention.legal import Assessment
from jhro_tui.services.views import FollowUpView


@dataclass(frozen=True)
class FacilityView:
    id: int
    office: str
    name: str
    kind: str
    province_code: str
    province_label: str
    territory_code: str
    territory_label: str
    locality: str
    authority: str
    capacity: int | None
    note: str
    version: int
    held: int = 0
    """Detainees recorded there and not released."""
    past_limit: int = 0
    """Of those, held past the legal limit (not overridden)."""
    last_visit_on: dt.date | None = None

    @property
    def place(self) -> str:
        return ", ".join(part for part in (self.locality, self.territory_label,
                                           self.province_label) if part)


@dataclass(frozen=True)
class VisitView:
    id: int
    facility_id: int
    facility_name: str
    office: str
    visited_on: dt.date
    access: str
    officers: tuple[str, ...]
    men: int | None
    women: int | None
    boys: int | None
    girls: int | None
    conditions: tuple[str, ...]
    notes: str
    case_id: int | None
    case_reference: str
    version: int
    follow_ups: tuple[FollowUpView, ...] = ()

    @property
    def headcount(self) -> int | None:
        counts = [count for count in (self.men, self.women, self.boys, self.girls)
                  if count is not None]
        return sum(counts) if counts else None


@dataclass(frozen=True)
class StepView:
    id: int
    detainee_id: int
    kind: str
    at: dt.datetime
    """UTC."""
    local: dt.datetime
    """The same instant on the office's clock (naive)."""
    timed: bool
    months: int | None
    verdict: str
    facility_id: int | None
    facility_name: str
    proceeding_id: int | None
    basis: str
    session_id: int | None
    session_label: str
    note: str
    by: str
    version: int


@dataclass(frozen=True)
class DetaineeRow:
    """A detainee in a list: no name, the flag as of the moment the list was read."""

    id: int
    code: str
    facility_id: int
    facility_name: str
    sex: str
    age_group: str
    arrested_at: dt.datetime | None
    released_at: dt.datetime | None
    lawful_until: dt.datetime | None
    lapsed_step: str
    review: str
    over: dt.timedelta
    """How long past the limit now (zero when within it or released)."""
    over_days: int

    @property
    def past_limit(self) -> bool:
        return self.over > dt.timedelta(0)


@dataclass(frozen=True)
class DetaineeView:
    id: int
    office: str
    code: str
    name: str
    """"" unless the account may see it and asked to (``reveal``)."""
    identity_restricted: bool
    """True when this account may not see the name at all."""
    named: bool
    """Whether a name is recorded (said to whoever may see it, never what it is)."""
    sex: str
    age_group: str
    facility_id: int
    facility_name: str
    officer: str
    case_id: int | None
    case_reference: str
    penalty: str
    penalty_label: str
    arrested_at: dt.datetime | None
    released_at: dt.datetime | None
    now: Assessment
    """The legal state as of the moment it was read."""
    review: str
    review_reason: str
    review_by: str
    review_at: dt.datetime | None
    steps: tuple[StepView, ...]
    version: int

    @property
    def flagged(self) -> bool:
        """Past the limit by the computation, and not overridden by an officer."""
        return self.now.past_limit and self.review != "overridden"


@dataclass(frozen=True)
class Count:
    code: str
    label: str
    count: int
