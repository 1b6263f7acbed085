"""Whether a detention has a legal basis at a given instant, and how far past its limit it
is: a pure function of the detainee's legal timeline and the limits of the legal system.

The law counts in two ways. Police custody runs in hours from the arrest. A warrant, an
order and their extensions run in calendar days of the office's time zone, the day of the
decision counting as the first: an order of 1 March covers 1 to 15 March, and the person
is held without a basis from midnight at the start of 16 March. Each period the law allows
is a ``Basis``; a detention is lawful at an instant covered by one of them.

Instants are naive datetimes in UTC, as the database keeps them; ``zone`` is the office's
(None: the machine's). Nothing here reads the database or the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jhro_tui.services.reference import Catalog

CUSTODY = "custody"
WARRANT = "warrant"
ORDER = "order"
EXTENSION = "extension"
ARREST = "arrest"
APPEARANCE = "appearance"
JUDGMENT = "judgment"
SENTENCE = "sentence"
TRANSFER = "transfer"
RELEASE = "release"
STEPS = (ARREST, CUSTODY, WARRANT, ORDER, EXTENSION, APPEARANCE, JUDGMENT, SENTENCE,
         TRANSFER, RELEASE)
"""The kinds of fact of a legal timeline, in the order they usually come."""
CONVICTED = "convicted"
UNITS = ("hours", "days", "months")
FAR = dt.datetime(9999, 1, 1)  # noqa: DTZ001 (naive UTC, as every instant here)


class LimitsMissing(ValueError):
    """The reference data has no limits for the legal system asked for."""


@dataclass(frozen=True)
class Limit:
    """One row of ``detention_limits.csv``."""

    code: str
    step: str
    limit: int
    unit: str
    max_extensions: int | None
    article: str


@dataclass(frozen=True)
class Limits:
    """The limits of one legal system."""

    system: str
    custody: Limit
    warrant: Limit
    order: Limit
    extensions: tuple[Limit, ...]
    """By penalty band, the most restrictive first."""

    def extension(self, penalty: str) -> Limit:
        """The band of ``penalty`` (a code); an unknown one gets the band with no number
        of extensions set, so that nothing the law might allow is flagged."""
        for band in self.extensions:
            if band.code == penalty:
                return band
        unlimited = [band for band in self.extensions if band.max_extensions is None]
        return (unlimited or list(self.extensions))[-1]

    @classmethod
    def of(cls, catalog: Catalog, system: str) -> Limits:
        rows: list[Limit] = []
        for term in catalog.terms("detention_limit"):
            extra = term.extra
            if extra.get("jurisdiction") != system:
                continue
            most = extra.get("max_extensions", "")
            rows.append(Limit(term.code, extra.get("step", ""), int(extra.get("limit", "0")),
                              extra.get("unit", ""), int(most) if most else None,
                              extra.get("article", "")))
        by_step = {row.step: row for row in rows if row.step != EXTENSION}
        extensions = tuple(sorted((row for row in rows if row.step == EXTENSION),
                                  key=lambda row: (row.max_extensions is None,
                                                   row.max_extensions or 0)))
        if not extensions or any(step not in by_step for step in (CUSTODY, WARRANT, ORDER)):
            raise LimitsMissing(system)
        return cls(system, by_step[CUSTODY], by_step[WARRANT], by_step[ORDER], extensions)


@dataclass(frozen=True)
class Step:
    """One fact of a timeline, as the computation needs it."""

    kind: str
    at: dt.datetime
    months: int | None = None
    """A sentence's length (None: no end), or an extension's when the judge set one."""
    verdict: str = ""


@dataclass(frozen=True)
class Basis:
    """A period the law allows: from ``start`` to ``end`` (excluded; None: no end)."""

    kind: str
    start: dt.datetime
    end: dt.datetime | None
    article: str = ""
    unit: str = "days"


@dataclass(frozen=True)
class Assessment:
    """The state of a detention at one instant."""

    held: bool
    """Arrested and not yet released at that instant."""
    lawful: bool
    basis: Basis | None
    """What covers the instant, when lawful."""
    lawful_until: dt.datetime | None
    """When the basis in force (with those that follow it without a gap) runs out; when
    not lawful, when the last one ran out. None: no end (a conviction without a term)."""
    lapsed: Basis | None
    """When not lawful: the basis that ran out last."""
    over: dt.timedelta = dt.timedelta(0)
    """How long past the limit, at the instant (at the release, once released)."""
    over_days: int = 0
    """Calendar days past the limit in the office's zone (the day after the last valid
    day is day 1)."""
    refused_extensions: tuple[dt.datetime, ...] = field(default=())
    """Extensions beyond the number the penalty allows: they give no basis."""

    @property
    def past_limit(self) -> bool:
        """Held, or released, after the last basis ran out: the flag officers review."""
        return self.lapsed is not None


def local_day(instant: dt.datetime, zone: dt.tzinfo | None) -> dt.date:
    """The calendar day an instant (UTC) falls on in the office's zone."""
    return instant.replace(tzinfo=dt.UTC).astimezone(zone).date()


def day_start(day: dt.date, zone: dt.tzinfo | None) -> dt.datetime:
    """Midnight at the start of ``day`` in the office's zone, as a UTC instant."""
    local = dt.datetime.combine(day, dt.time())
    aware = local.replace(tzinfo=zone) if zone is not None else local.astimezone()
    return aware.astimezone(dt.UTC).replace(tzinfo=None)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 January + 1: 28 or 29
    February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _days(start_day: dt.date, last_day: dt.date, kind: str, limit: Limit,
          zone: dt.tzinfo | None) -> Basis:
    return Basis(kind, day_start(start_day, zone),
                 day_start(last_day + dt.timedelta(days=1), zone), limit.article, "days")


def _last_day(start_day: dt.date, limit: Limit) -> dt.date:
    """The last day a limit counted from ``start_day`` (its first day) covers."""
    if limit.unit == "months":
        return add_months(start_day, limit.limit) - dt.timedelta(days=1)
    return start_day + dt.timedelta(days=limit.limit - 1)


def periods(steps: Iterable[Step], limits: Limits, penalty: str,
            zone: dt.tzinfo | None) -> tuple[list[Basis], list[dt.datetime]]:
    """Every period the timeline gives a legal basis for, and the extensions refused."""
    ordered = sorted(steps, key=lambda step: step.at)
    arrest = next((step for step in ordered if step.kind == ARREST), None)
    if arrest is None:
        return [], []
    found: list[Basis] = []
    refused: list[dt.datetime] = []
    custody = limits.custody
    hours = custody.limit * (24 if custody.unit == "days" else 1)
    found.append(Basis(CUSTODY, arrest.at, arrest.at + dt.timedelta(hours=hours),
                       custody.article, "hours"))
    band = limits.extension(penalty)
    order_last: dt.date | None = None
    extensions = 0
    judged: int | None = None
    """Index in ``found`` of the judgment in force, which a later one closes."""
    for step in ordered:
        day = local_day(step.at, zone)
        if step.kind == WARRANT:
            found.append(_days(day, _last_day(day, limits.warrant), WARRANT, limits.warrant,
                               zone))
        elif step.kind == ORDER:
            order_last = _last_day(day, limits.order)
            extensions = 0
            found.append(_days(day, order_last, ORDER, limits.order, zone))
        elif step.kind == EXTENSION:
            if order_last is None:
                refused.append(step.at)
                continue
            extensions += 1
            if band.max_extensions is not None and extensions > band.max_extensions:
                refused.append(step.at)
                continue
            # On time, it runs on from the day after the last one covered; late, from its
            # own day (the days between stay without a basis).
            first = order_last + dt.timedelta(days=1) if day <= order_last else day
            length = Limit(band.code, EXTENSION, step.months or band.limit, band.unit,
                           band.max_extensions, band.article)
            order_last = _last_day(first, length)
            found.append(_days(first, order_last, EXTENSION, band, zone))
        elif step.kind == JUDGMENT:
            start = day_start(day, zone)
            # The judgment replaces every title held before it (and an earlier judgment,
            # on appeal): none of them runs past its day.
            found = [basis if basis.end is not None and basis.end <= start else
                     Basis(basis.kind, basis.start, start, basis.article, basis.unit)
                     for basis in found]
            order_last = None
            # Released on the day of an acquittal; held on a conviction until a sentence
            # sets the end.
            end = None if step.verdict == CONVICTED else day_start(
                day + dt.timedelta(days=1), zone)
            judged = len(found)
            found.append(Basis(JUDGMENT, start, end))
        elif step.kind == SENTENCE and judged is not None and step.months is not None:
            # Time held before the judgment counts towards the sentence; one served out
            # by then still allows the day of the judgment.
            judgment = found[judged]
            served_out = day_start(add_months(local_day(arrest.at, zone), step.months), zone)
            after_judgment = day_start(local_day(judgment.start, zone)
                                       + dt.timedelta(days=1), zone)
            found[judged] = Basis(SENTENCE, judgment.start, max(served_out, after_judgment))
    return found, refused


def _run_end(found: Sequence[Basis], covering: Basis) -> dt.datetime | None:
    """Where the run of bases from ``covering`` ends, each one that begins before the end
    of the run extending it."""
    end = covering.end
    extended = True
    while extended and end is not None:
        extended = False
        for basis in found:
            if basis.start <= end and (basis.end is None or basis.end > end):
                end = basis.end
                extended = True
                if end is None:
                    break
    return end


def assess(steps: Iterable[Step], limits: Limits, penalty: str, at: dt.datetime,
           zone: dt.tzinfo | None) -> Assessment:
    """The state of the detention at ``at``: held or not, lawful or for how long past its
    limit. ``penalty`` is the extension band of the offence ("" unknown). A release stops
    the count: after it, ``over`` is what it was at the release. Facts after ``at`` are
    not yet known at ``at`` and count for nothing."""
    known = [step for step in steps if step.at <= at]
    arrest = min((step.at for step in known if step.kind == ARREST), default=None)
    if arrest is None:
        return Assessment(False, True, None, None, None)
    release = min((step.at for step in known if step.kind == RELEASE), default=None)
    moment = at if release is None else release
    found, refused = periods(known, limits, penalty, zone)
    return _judge(found, refused, moment, release is None, zone)


def standing(steps: Iterable[Step], limits: Limits, penalty: str, zone: dt.tzinfo | None
             ) -> tuple[dt.datetime | None, str]:
    """When the legal basis of the timeline runs out, release aside, and which step's
    limit that is: what the detainee row keeps so that "held past the limit at t" is
    ``lawful_until <= t`` for any t after the last fact (facts are never in the future).
    None: no arrest yet, or a basis without end."""
    kept = [step for step in steps if step.kind != RELEASE]
    found, _refused = periods(kept, limits, penalty, zone)
    if not found:
        return None, ""
    if any(basis.end is None for basis in found):
        open_ended = next(basis for basis in found if basis.end is None)
        return None, open_ended.kind
    last = max(found, key=lambda basis: basis.end or FAR)
    return last.end, last.kind


def _judge(found: Sequence[Basis], refused: Sequence[dt.datetime], moment: dt.datetime,
           held: bool, zone: dt.tzinfo | None) -> Assessment:
    covering = [basis for basis in found
                if basis.start <= moment and (basis.end is None or moment < basis.end)]
    if covering:
        ends = [_run_end(found, basis) for basis in covering]
        until = None if any(end is None for end in ends) else max(
            end for end in ends if end is not None)
        return Assessment(held, True, covering[0], until, None,
                          refused_extensions=tuple(refused))
    ran_out = [basis for basis in found if basis.end is not None and basis.end <= moment]
    if not ran_out:  # before the arrest: nothing to judge yet
        return Assessment(False, True, None, None, None)
    lapsed = max(ran_out, key=lambda basis: basis.end or FAR)
    assert lapsed.end is not None
    over = moment - lapsed.end
    over_days = (local_day(moment, zone) - local_day(lapsed.end, zone)).days + 1
    return Assessment(held, False, None, lapsed.end, lapsed, over, over_days,
                      tuple(refused))
