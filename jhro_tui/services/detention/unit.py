"""The preamble of every detention service. A facility and everything recorded there
(visits, detainees, their timeline) belong to the field office that monitors it: the rule
of ``office_records``.

A detainee's name is restricted like a victim's: the officer who follows the detainee and
the office supervisor may see it, on request, and each time is audited.
"""

from __future__ import annotations

import contextlib
from typing import TypeVar

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import office_records
from jhro_tui.services.access import Actor
from jhro_tui.services.common import rules
from jhro_tui.services.detention.legal import Limits, LimitsMissing
from jhro_tui.services.office_records import RecordWork, office_sql, own_office, sees
from jhro_tui.services.reference import Catalog
from jhro_tui.services.session import Session
from jhro_tui.store.db import BaseModel
from jhro_tui.store.models import Detainee, DetentionStep, Facility

Row = TypeVar("Row", bound=BaseModel)


def sees_identity(detainee: Detainee, who: Actor) -> bool:
    return sees(detainee.office, who) and (who.is_supervisor
                                           or detainee.officer_id == who.id)


def limits(catalog: Catalog, session: Session) -> Limits:
    """The legal time limits of the office's legal system (``legal_system`` setting)."""
    system = session.settings.legal_system
    try:
        return Limits.of(catalog, system)
    except LimitsMissing:
        raise ValidationError("legal_system", N_(
            "The reference data has no legal time limits for the legal system {system} "
            "(setting legal_system)."), system=system) from None


def office_of(row: BaseModel) -> str:
    if isinstance(row, DetentionStep):
        return str(Detainee.get_by_id(row.detainee_id).office)
    return own_office(row)


def record_unit(session: Session, model: type[Row], row_id: int, action: str, *,
                expected_version: int | None = None
                ) -> contextlib.AbstractContextManager[RecordWork[Row]]:
    """``office_records.record_unit`` over any detention table (a step is its
    detainee's office's)."""
    return office_records.record_unit(session, model, row_id, action, office_of=office_of,
                                      expected_version=expected_version)


def facility_of(who: Actor, facility_id: int | None, field: str = "facility_id") -> Facility:
    """A facility of ``who``'s office chosen on a form."""
    row = Facility.get_or_none(Facility.id == facility_id) if facility_id else None
    if row is None or not sees(row.office, who):
        raise ValidationError(field, N_("Choose a facility your office monitors."))
    return row


__all__ = ["RecordWork", "facility_of", "limits", "office_sql", "record_unit", "rules",
           "sees", "sees_identity"]
