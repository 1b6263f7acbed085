"""Dates as people know them: a day, a month or only a year, sometimes an estimate.

A ``PartialDate`` keeps its precision end to end: "March 2024" is stored as the first day
of March with precision ``month`` and is shown and counted as March 2024, never as
1 March 2024. For filters it spans a range, ``first_day()`` to ``last_day()``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_skeleton

from jhro_tui.config import Settings
from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, current_locale, format_date

PRECISIONS = ("day", "month", "year")
ESTIMATE_MARKS = ("~", "ca.", "ca", "env.", "env", "circa", "vers", "about")

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(?:(\d{1,2})[/.])?(\d{1,2})[/.](\d{4})$")


def _bad_date(text: str, field: str) -> ValidationError:
    return ValidationError(field, N_("Not a date: {text}. Write 2024-03-15 (or 15/03/2024, "
                                     "the day first), 2024-03, 2024, or ~2024 for an "
                                     "estimate."), text=text)


def today(settings: Settings, at: dt.datetime | None = None) -> dt.date:
    """Today in the office (``time_zone`` in config.toml): what due dates, opening dates
    and "overdue" are measured against, by services and screens alike. Instants are stored
    in UTC whatever the zone; ``at``: the instant to read (now by default)."""
    return (at or dt.datetime.now(dt.UTC)).astimezone(settings.zone).date()


def office_time(settings: Settings, at: dt.datetime) -> dt.datetime:
    """The instant ``at`` (UTC) on the office's clock (``time_zone``; the machine's when
    none is set), for what is printed with both."""
    return at.astimezone(settings.zone)


@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to the day, the month or the year, possibly estimated."""

    year: int
    month: int | None = None
    day: int | None = None
    estimated: bool = False

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day without a month")
        # Raises ValueError for impossible dates (31 April, month 13, year 0).
        dt.date(self.year, self.month or 1, self.day or 1)

    # --- building --------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, field: str = "date") -> PartialDate:
        """Read what a person typed: 2024, 2024-03, 2024-03-15, 15/03/2024, 03/2024, ~2024.

        With slashes or dots the day comes first, as in the DRC in both languages:
        03/12/2026 is 3 December. No screen writes a date that way (see ``i18n``), so
        what is read never disagrees with what is shown. Raises ``ValidationError`` on
        ``field`` for anything else.
        """
        value = " ".join(text.split())
        estimated = False
        lowered = value.lower()
        for mark in ESTIMATE_MARKS:
            if lowered.startswith(mark) and (mark == "~" or lowered[len(mark):][:1] in " ~"):
                estimated = True
                value = value[len(mark):].strip(" ~")
                break
        if value.endswith("?"):
            estimated = True
            value = value[:-1].strip()
        year: int
        month: int | None
        day: int | None
        iso = _ISO.match(value)
        dmy = _DMY.match(value)
        if iso:
            year = int(iso.group(1))
            month = int(iso.group(2)) if iso.group(2) else None
            day = int(iso.group(3)) if iso.group(3) else None
        elif dmy:
            day = int(dmy.group(1)) if dmy.group(1) else None
            month, year = int(dmy.group(2)), int(dmy.group(3))
        else:
            raise _bad_date(text, field)
        try:
            return cls(year, month, day, estimated)
        except ValueError:
            raise _bad_date(text, field) from None

    @classmethod
    def of(cls, value: dt.date, estimated: bool = False) -> PartialDate:
        """An exact day."""
        return cls(value.year, value.month, value.day, estimated)

    @classmethod
    def from_storage(cls, value: dt.date, precision: str, estimated: bool = False
                     ) -> PartialDate:
        """Rebuild from the (first day, precision, estimated) columns."""
        if precision == "year":
            return cls(value.year, None, None, bool(estimated))
        if precision == "month":
            return cls(value.year, value.month, None, bool(estimated))
        return cls(value.year, value.month, value.day, bool(estimated))

    # --- reading ---------------------------------------------------------------------------

    @property
    def precision(self) -> str:
        """``day``, ``month`` or ``year``."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        if self.month is not None:
            return dt.date(self.year, self.month,
                           calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        """The stable text form, which ``parse`` reads back: ``2024-03``, ``~2024``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return ("~" if self.estimated else "") + text

    def __str__(self) -> str:
        return self.iso()

    def format(self) -> str:
        """The date in the installed language, no more precise than it is known.

        ``15 mars 2024``, ``mars 2024``, ``2024``; an estimate reads "about March 2024".
        """
        if self.day is not None:
            text = format_date(self.first_day())
        elif self.month is not None:
            text = format_skeleton("yMMMM", self.first_day(), locale=current_locale())
        else:
            text = str(self.year)
        if self.estimated:
            return _("about {date}").format(date=text)
        return text

    def is_after(self, other: PartialDate) -> bool:
        """True when this date certainly comes after ``other`` (no overlap at all)."""
        return self.first_day() > other.last_day()

    def ends_before(self, other: PartialDate) -> bool:
        """True when this date certainly ends before ``other`` starts."""
        return self.last_day() < other.first_day()
