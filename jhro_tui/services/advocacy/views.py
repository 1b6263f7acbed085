"""What the advocacy services return: frozen views, never rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jhro_tui.services.views import FollowUpView


@dataclass(frozen=True)
class LawLine:
    """A law on the board or in the list."""

    id: int
    title: str
    kind: str
    jurisdiction: str
    province_code: str
    theme: str
    priority: str
    stage: str
    stage_on: dt.date
    officer: str
    next_due: dt.date | None
    """The earliest open follow-up of its actions (what is next), if any."""


@dataclass(frozen=True)
class StageView:
    id: int
    stage: str
    on: dt.date
    evidence: str
    recorded_by: str
    recorded_at: dt.datetime


@dataclass(frozen=True)
class LinkedCase:
    """A case that illustrates a law or an action, with its status now."""

    link_id: int
    case_id: int
    reference: str
    title: str
    status: str
    action_id: int | None
    """The action it was linked through; None when linked on the law itself."""


@dataclass(frozen=True)
class ActionView:
    id: int
    version: int
    law_id: int | None
    law_title: str
    taken_on: dt.date
    kind: str
    institution: str
    target_name: str
    target_person: str
    summary: str
    outcome: str
    next_step: str
    follow_up_on: dt.date | None
    follow_up: FollowUpView | None
    """The follow-up its next step became (done or not)."""
    created_by: str
    cases: tuple[LinkedCase, ...] = ()


@dataclass(frozen=True)
class LawView:
    """A law's page: what it is, where it stands, how it got there, what was done."""

    id: int
    version: int
    office: str
    title: str
    kind: str
    jurisdiction: str
    province_code: str
    theme: str
    standards: tuple[str, ...]
    priority: str
    officer: str
    stage: str
    stage_on: dt.date
    note: str
    created_by: str
    created_at: dt.datetime
    updated_by: str
    updated_at: dt.datetime
    history: tuple[StageView, ...]
    """The oldest first; the last is the current stage."""
    actions: tuple[ActionView, ...]
    """The latest first."""
    cases: tuple[LinkedCase, ...]
    """The linked cases the reader may see, on the law or through its actions."""
    hidden_cases: int
    """Linked cases the reader may not see: counted, never named."""


@dataclass(frozen=True)
class StageCount:
    stage: str
    laws: int
