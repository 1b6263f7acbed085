"""Which offices a supervisor may ask the figures of: the Statistics screen offers the
choice only to one who has it (the service refuses the others in any case)."""

from __future__ import annotations

from jhro_tui.services import access
from jhro_tui.services.offices import office_names
from jhro_tui.services.session import Session
from jhro_tui.services.statistics.figures import NATIONAL
from jhro_tui.store.models import Account


def offices_to_choose(session: Session) -> tuple[str, ...]:
    """Every office for a supervisor whose scope is national, none for anyone else (they
    count their own office only)."""
    with access.reading(session):
        who = access.actor(session, "statistics.offices")
        national = (who.is_supervisor and Account.select(Account.scope)
                    .where(Account.id == who.id).scalar() == NATIONAL)
        return tuple(office_names()) if national else ()
