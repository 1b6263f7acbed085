"""Hearings: each day in court, what happened and the next date. A postponement keeps its
reason, so "postponed 6 times" shows; the proceeding keeps its latest and next hearing
for the lists that ask "no hearing for 90 days" or "hearings this week"."""

from __future__ import annotations

from typing import Any

from jhro_tui.services.common import rules
from jhro_tui.services.justice import checks
from jhro_tui.services.justice.forms import HearingForm
from jhro_tui.services.justice.unit import (
    proceeding_record_unit,
    proceeding_unit,
    write_changes,
)
from jhro_tui.services.session import Session
from jhro_tui.store.models import Hearing, Proceeding, utc_now


def _values(form: HearingForm, held_on: object) -> dict[str, Any]:
    return {"held_on": held_on, "postponed": form.postponed,
            "reason": form.reason.strip() if form.postponed else "",
            "summary": form.summary.strip(), "next_on": form.next_on,
            "closed_to_public": form.closed_to_public}


def _recount(proceeding_id: int) -> None:
    """The proceeding's latest hearing, and the next one its latest hearing set."""
    last = (Hearing.select(Hearing.held_on, Hearing.next_on)
            .where(Hearing.proceeding == proceeding_id)
            .order_by(Hearing.held_on.desc(), Hearing.id.desc()).first())
    Proceeding.update({Proceeding.last_hearing_on: last.held_on if last else None,
                       Proceeding.next_hearing_on: last.next_on if last else None}).where(
        Proceeding.id == proceeding_id).execute()


def add_hearing(session: Session, proceeding_id: int, form: HearingForm) -> int:
    action = "hearing.add"
    with proceeding_unit(session, proceeding_id, action) as work:
        held_on = checks.check_hearing(form, rules(session), work.proceeding.opened_on)
        now = utc_now()
        row = Hearing.create(proceeding=proceeding_id, **_values(form, held_on),
                             created_by=work.who.id, updated_by=work.who.id,
                             created_at=now, updated_at=now)
        _recount(proceeding_id)
        work.changed_all(action, f"hearing={row.id}" + (" postponed" if form.postponed
                                                        else ""))
        return int(row.id)


def update_hearing(session: Session, hearing_id: int, form: HearingForm, *,
                   expected_version: int) -> None:
    action = "hearing.update"
    with proceeding_record_unit(session, Hearing, hearing_id, action,
                                expected_version=expected_version) as work:
        held_on = checks.check_hearing(form, rules(session), work.proceeding.opened_on)
        if write_changes(Hearing, work.row, _values(form, held_on), work.who):
            _recount(work.proceeding.id)
            work.changed_all(action, f"hearing={hearing_id}")


def remove_hearing(session: Session, hearing_id: int, *, expected_version: int) -> None:
    action = "hearing.remove"
    with proceeding_record_unit(session, Hearing, hearing_id, action,
                                expected_version=expected_version) as work:
        Hearing.delete().where(Hearing.id == hearing_id).execute()
        _recount(work.proceeding.id)
        work.changed_all(action, f"hearing={hearing_id}")

