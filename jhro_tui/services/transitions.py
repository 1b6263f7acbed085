"""Which status a case may move to, and who may move it: the workflow's table.

Read by ``workflow`` (which moves cases) and by ``detail`` (which shows a case file the
moves its reader may make), so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from jhro_tui.services import access
from jhro_tui.services.access import Actor
from jhro_tui.store.models import Case

EDITOR = "editor"
SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class Step:
    """One allowed move: who may make it, and whether it needs a comment."""

    by: str
    comment_required: bool
    action: str


TRANSITIONS: dict[tuple[str, str], Step] = {
    ("draft", "submitted"): Step(EDITOR, False, "case.submit"),
    ("submitted", "validated"): Step(SUPERVISOR, False, "case.validate"),
    ("submitted", "draft"): Step(SUPERVISOR, True, "case.return"),
    ("validated", "in_follow_up"): Step(EDITOR, False, "case.follow_up"),
    ("validated", "draft"): Step(EDITOR, True, "case.revise"),
    ("in_follow_up", "draft"): Step(EDITOR, True, "case.revise"),
    ("validated", "closed"): Step(SUPERVISOR, False, "case.close"),
    ("in_follow_up", "closed"): Step(SUPERVISOR, False, "case.close"),
    ("closed", "in_follow_up"): Step(SUPERVISOR, True, "case.reopen"),
}


def may(step: Step, case: Case, who: Actor) -> bool:
    """Whether ``who`` may make ``step`` on ``case``: a supervisor never validates a case
    assigned to themselves."""
    if step.by == EDITOR:
        return access.Visibility(who).allows(case)
    if not access.supervises(case, who):
        return False
    return not (step.action == "case.validate" and case.officer_id == who.id)


def allowed_transitions(case: Case, who: Actor) -> tuple[str, ...]:
    """The statuses ``who`` may move ``case`` to now, in workflow order."""
    return tuple(target for (source, target), step in TRANSITIONS.items()
                 if source == case.status and may(step, case, who))
