"""What the forms and sections of several kinds share: typed text to values, the service
call, the lists of a case's records to choose from, a section's line.

Parsing here only turns text into values (a date, a number); every rule is the
service's, and its refusals come back on the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_datetime
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import choice_label
from jhro_tui.services.views import CaseDetail
from jhro_tui.text import sanitize
from jhro_tui.ui.choices import reference_choices
from jhro_tui.ui.screens.form import FormField, Values, text_or_none
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

T = TypeVar("T")
DATE_PLACEHOLDER = N_("YYYY-MM-DD")
"""What a date field shows when empty: never a date, which would read as one recorded."""


def partial_date(values: Values, key: str, *, required: bool = False) -> PartialDate | None:
    text = text_or_none(values, key)
    if not text:
        if required:
            raise ValidationError(key, N_("An incident needs a date: at least a year."))
        return None
    return PartialDate.parse(text, key)


def full_date(values: Values, key: str) -> dt.date | None:
    """A day (``2024-03-15`` or ``15/03/2024``), or None when left empty."""
    parsed = partial_date(values, key)
    if parsed is None:
        return None
    if parsed.day is None:
        raise ValidationError(key, N_("Give the full date, with the day."))
    return parsed.first_day()


def whole_number(values: Values, key: str) -> int | None:
    text = text_or_none(values, key)
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(key, N_("Write a whole number."))
    return int(text)


def call(app: Shell, function: Callable[..., T], *args: Any, **kwargs: Any
         ) -> Awaitable[T]:
    """``function(session, *args, **kwargs)``, a service, run on the database thread."""
    return app.call_db(function, app.require_session(), *args, **kwargs)


class _Versioned(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def version(self) -> int: ...


def remover(function: Callable[..., None]) -> Callable[[Shell, Any], Awaitable[None]]:
    """A kind's remover: ``function(session, record.id, expected_version=...)``."""

    def remove(app: Shell, record: _Versioned) -> Awaitable[None]:
        return call(app, function, record.id, expected_version=record.version)

    return remove


def chosen(values: Values, key: str, items: Sequence[T]) -> T:
    """The item of ``items`` (views with an ``id``) picked in the field ``key``."""
    picked = values.get(key)
    for item in items:
        if picked and str(item.id) == picked:  # type: ignore[attr-defined]
            return item
    raise ValidationError(key, N_("Choose one from the list."))


def only_code(choices: list[Choice]) -> str | None:
    """The code of the one choice there is, taken without asking; None with several."""
    return choices[0].code if len(choices) == 1 else None


def incident_choices(detail: CaseDetail) -> list[Choice]:
    return [Choice(str(incident.id), incident.date.format(),
                   f"{incident.province_label} {incident.locality}".strip())
            for incident in detail.incidents]


def victim_choices(detail: CaseDetail) -> list[Choice]:
    return [Choice(str(victim.id), victim.code, choice_label("sex", victim.sex))
            for victim in detail.victims]


def perpetrator_choices(detail: CaseDetail) -> list[Choice]:
    return [Choice(str(p.id), p.category_label, " ".join(x for x in (p.unit, p.rank) if x))
            for p in detail.perpetrators]


def line(*parts: object) -> str:
    """One line of a section: the parts given, two spaces apart, stored text made safe."""
    return "  ".join(sanitize(str(part)) for part in parts if part not in (None, ""))


def when(value: Any) -> str:
    return format_datetime(value) if value else ""


def place_fields(province: str | None, territory: str | None) -> list[FormField]:
    """A province, and a territory of it (its list narrowed by the province chosen)."""
    return [FormField("province_code", _("Province"), "choice", province or None,
                      reference_choices("province")),
            FormField("territory_code", _("Territory"), "choice", territory or None,
                      reference_choices("territory"), within="province_code")]
