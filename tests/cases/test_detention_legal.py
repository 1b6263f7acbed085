"""The legal-basis computation at its edges: custody hours, warrant and order days,
extensions by the penalty band, judgments, and a release that ends the count. Pure: the
limits are read from the shipped reference file, no database."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jhro_tui.services.detention import legal
from jhro_tui.services.detention.legal import Limits, Step, assess, standing
from jhro_tui.services.reference import Catalog, Term
from jhro_tui.store import reference

GOMA = zoneinfo.ZoneInfo("Africa/Lubumbashi")  # UTC+2, no daylight saving
UTC = dt.UTC


def shipped_limits() -> Limits:
    spec = next(spec for spec in reference.VOCABULARIES if spec.vocabulary == "detention_limit")
    parsed = reference.parse_file(spec, reference.REFERENCE_DIR)
    terms = [Term("detention_limit", row["code"], "", row["label_en"], row["label_fr"], True,
                  MappingProxyType({k: v for k, v in row.items()
                                    if k not in ("code", "label_en", "label_fr")}))
             for row in parsed.rows]
    return Limits.of(Catalog(terms), "CD")


LIMITS = shipped_limits()
TWO_MONTHS = "CD.EXTENSION.UP_TO_2_MONTHS"
SIX_MONTHS = "CD.EXTENSION.UNDER_6_MONTHS"


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A wall-clock time in Goma, as the UTC instant the database keeps."""
    return (dt.datetime(year, month, day, hour, minute, tzinfo=GOMA).astimezone(UTC)
            .replace(tzinfo=None))


def at(steps: list[Step], when: dt.datetime, penalty: str = "") -> legal.Assessment:
    return assess(steps, LIMITS, penalty, when, GOMA)


def test_the_limits_come_from_the_reference_file_with_their_source() -> None:
    assert (LIMITS.custody.limit, LIMITS.custody.unit) == (48, "hours")
    assert "art. 18" in LIMITS.custody.article
    assert (LIMITS.warrant.limit, LIMITS.order.limit) == (5, 15)
    assert [band.max_extensions for band in LIMITS.extensions] == [1, 3, None]


def test_unknown_legal_system_is_refused() -> None:
    with pytest.raises(legal.LimitsMissing):
        Limits.of(Catalog([]), "CD")


@pytest.mark.parametrize(("minutes", "lawful"), [(47 * 60 + 59, True), (48 * 60 + 1, False)])
def test_custody_at_47_59_and_48_01_across_a_day_and_a_month(minutes: int, lawful: bool
                                                            ) -> None:
    # 23:30 on 31 January in Goma is 21:30 UTC: the 48 hours end on 2 February at 23:30.
    arrest = local(2026, 1, 31, 23, 30)
    state = at([Step("arrest", arrest)], arrest + dt.timedelta(minutes=minutes))
    assert state.held and state.lawful is lawful
    if lawful:
        assert state.basis is not None and state.basis.kind == "custody"
        assert state.lawful_until == local(2026, 2, 2, 23, 30)
    else:
        assert state.lapsed is not None and state.lapsed.kind == "custody"
        assert state.over == dt.timedelta(minutes=1)
        assert state.lapsed.unit == "hours"


def test_custody_counts_in_hours_not_in_calendar_days() -> None:
    arrest = local(2026, 3, 31, 1, 0)  # 23:00 UTC on 30 March: another UTC day
    state = at([Step("arrest", arrest)], local(2026, 4, 2, 0, 59))
    assert state.lawful
    state = at([Step("arrest", arrest)], local(2026, 4, 2, 1, 1))
    assert not state.lawful and state.over == dt.timedelta(minutes=1)


def timeline(*steps: tuple[str, dt.datetime]) -> list[Step]:
    return [Step(kind, when) for kind, when in steps]


def test_a_warrant_covers_day_5_not_day_6() -> None:
    steps = timeline(("arrest", local(2026, 5, 1, 10)), ("warrant", local(2026, 5, 2)))
    day5 = at(steps, local(2026, 5, 6, 23, 59))
    assert day5.lawful and day5.basis is not None and day5.basis.kind == "warrant"
    day6 = at(steps, local(2026, 5, 7, 0, 1))
    assert not day6.lawful and day6.over_days == 1
    assert day6.lapsed is not None and day6.lapsed.kind == "warrant"


def test_day_15_of_an_order_with_no_extension_and_then_day_16() -> None:
    steps = timeline(("arrest", local(2026, 6, 1, 8)), ("warrant", local(2026, 6, 2)),
                     ("order", local(2026, 6, 5)))
    assert at(steps, local(2026, 6, 19, 22)).lawful
    day16 = at(steps, local(2026, 6, 20, 9))
    assert not day16.lawful and day16.over_days == 1 and day16.lapsed is not None
    assert day16.lapsed.kind == "order"
    assert at(steps, local(2026, 6, 30, 9)).over_days == 11


def test_the_last_allowed_extension_and_one_beyond_it() -> None:
    steps = timeline(("arrest", local(2026, 1, 3, 8)), ("order", local(2026, 1, 5)),
                     ("extension", local(2026, 1, 18)), ("extension", local(2026, 2, 17)))
    # At most two months of penal servitude: one extension. The order covers 5-19 Jan,
    # the extension 20 Jan - 19 Feb; the second extension is beyond the law.
    last_allowed = at(steps, local(2026, 2, 19, 12), TWO_MONTHS)
    assert last_allowed.lawful and last_allowed.basis is not None
    assert last_allowed.basis.kind == "extension"
    beyond = at(steps, local(2026, 2, 20, 12), TWO_MONTHS)
    assert not beyond.lawful and beyond.over_days == 1
    assert beyond.refused_extensions == (local(2026, 2, 17),)
    # Less than six months: three extensions, so the second one holds to 19 March.
    assert at(steps, local(2026, 3, 19, 12), SIX_MONTHS).lawful
    assert not at(steps, local(2026, 3, 20, 12), SIX_MONTHS).lawful


def test_an_unknown_penalty_is_never_flagged_for_the_number_of_extensions() -> None:
    steps = timeline(("arrest", local(2026, 1, 3, 8)), ("order", local(2026, 1, 5)),
                     *[("extension", local(2026, 1 + n, 10)) for n in range(6)])
    assert at(steps, local(2026, 7, 10), "").lawful


def test_a_late_extension_leaves_the_days_between_without_basis() -> None:
    steps = timeline(("arrest", local(2026, 4, 1, 8)), ("order", local(2026, 4, 2)),
                     ("extension", local(2026, 4, 25)))
    gap = at(steps, local(2026, 4, 20, 12))
    assert not gap.lawful and gap.over_days == 4  # 17 April was the first day without
    assert at(steps, local(2026, 4, 26)).lawful


def test_a_release_ends_the_count() -> None:
    steps = timeline(("arrest", local(2026, 8, 1, 8)), ("release", local(2026, 8, 10, 9)))
    released = at(steps, local(2026, 12, 1))
    assert not released.held and not released.lawful
    assert released.over == local(2026, 8, 10, 9) - local(2026, 8, 3, 8)
    before_the_facts = at(steps, local(2026, 8, 2))
    assert before_the_facts.held and before_the_facts.lawful


def test_a_conviction_holds_until_the_sentence_is_served_counting_time_before_it() -> None:
    steps = [Step("arrest", local(2025, 1, 10, 8)), Step("order", local(2025, 1, 12)),
             Step("judgment", local(2025, 3, 1), verdict="convicted"),
             Step("sentence", local(2025, 3, 1), months=12)]
    assert at(steps, local(2026, 1, 9, 23)).lawful
    served = at(steps, local(2026, 1, 10, 10))
    assert not served.lawful and served.lapsed is not None
    assert served.lapsed.kind == "sentence"


def test_an_acquittal_allows_the_day_of_the_judgment_only() -> None:
    steps = [Step("arrest", local(2026, 2, 1, 8)), Step("order", local(2026, 2, 2)),
             Step("judgment", local(2026, 2, 10), verdict="acquitted")]
    assert at(steps, local(2026, 2, 10, 23)).lawful
    assert at(steps, local(2026, 2, 11, 1)).over_days == 1


def test_standing_is_what_the_detainee_row_keeps() -> None:
    steps = timeline(("arrest", local(2026, 6, 1, 8)), ("order", local(2026, 6, 5)))
    assert standing(steps, LIMITS, "", GOMA) == (local(2026, 6, 20), "order")
    convicted = [*steps, Step("judgment", local(2026, 6, 10), verdict="convicted")]
    assert standing(convicted, LIMITS, "", GOMA) == (None, "judgment")
    assert standing([], LIMITS, "", GOMA) == (None, "")


@given(st.integers(min_value=0, max_value=400 * 24 * 60),
       st.lists(st.sampled_from(["warrant", "order", "extension", "appearance"]),
                max_size=6),
       st.sampled_from(["", TWO_MONTHS, SIX_MONTHS]))
def test_after_the_last_fact_the_row_agrees_with_the_full_computation(
        minutes: int, kinds: list[str], penalty: str) -> None:
    arrest = local(2026, 1, 31, 22)
    steps = [Step("arrest", arrest)] + [Step(kind, arrest + dt.timedelta(days=4 * n + 1))
                                        for n, kind in enumerate(kinds)]
    last = max(step.at for step in steps)
    when = last + dt.timedelta(minutes=minutes)
    until, _kind = standing(steps, LIMITS, penalty, GOMA)
    assert until is not None
    assert at(steps, when, penalty).lawful is (when < until)
