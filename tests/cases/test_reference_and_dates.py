"""Reference vocabularies in both languages, loaded and upgraded; dates at their precision."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from jhro_tui.config import Settings
from jhro_tui.errors import ValidationError
from jhro_tui.i18n import install
from jhro_tui.services import cases, dates, reference
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import CaseForm
from jhro_tui.services.reference import Catalog
from jhro_tui.services.validation import Rules, validate_case
from jhro_tui.store import reference as store_reference
from jhro_tui.store.models import ReferenceTerm, Setting

from .conftest import World


def test_every_vocabulary_is_loaded_in_both_languages(world: World) -> None:
    session = world.login("olga")
    catalog = reference.catalog(session)
    assert len(catalog.terms("province")) == 26
    assert len([t for t in catalog.terms("territory") if t.extra["kind"] == "territory"]) == 145
    rape = catalog.get("violation_type", "SGBV.RAPE")
    assert rape is not None and rape.parent_code == "SGBV"
    assert rape.label("en").startswith("Rape") and rape.label("fr").startswith("Viol")
    assert catalog.label("province", "CD-NK", "fr") == "Nord-Kivu"
    assert catalog.label("province", "CD-NK", "en") == "North Kivu"
    install("fr")
    assert reference.label(session, "province", "CD-SK") == "Sud-Kivu"
    install("en")
    assert reference.label(session, "province", "CD-SK") == "South Kivu"
    for vocabulary in reference.VOCABULARIES:
        assert all(term.label_en and term.label_fr for term in catalog.terms(vocabulary))
    kinds = {t.extra["kind"] for t in catalog.terms("perpetrator_category")}
    assert kinds == {"state", "non_state", "unknown"}


def test_every_charge_names_its_law_and_article_and_whether_it_is_sexual_violence(
        world: World) -> None:
    """A judgment is counted per charge: convictions for sexual violence come from the
    charge list, so war-crime and crime-against-humanity rape must count as well."""
    session = world.login("olga")
    charges = reference.terms(session, "charge")
    assert len(charges) >= 50
    for charge in charges:
        assert charge.label_en and charge.label_fr
        assert charge.extra["law"] in {"penal_code", "military_penal_code", "child_protection"}
        assert charge.extra["article"].strip()
        assert charge.extra["sexual_violence"] in {"yes", "no"}
        assert charge.extra["category"] in {"ordinary", "war_crime", "crime_against_humanity",
                                            "genocide", "military_offence"}
        if "RAPE" in charge.code or "SEXUAL" in charge.code:
            assert charge.is_sexual_violence, charge.code
    sexual = {charge.code for charge in charges if charge.is_sexual_violence}
    assert {"PENAL.RAPE", "PENAL.SEXUAL_SLAVERY", "MILITARY.WAR_CRIME.RAPE",
            "MILITARY.CRIME_AGAINST_HUMANITY.RAPE"} <= sexual
    assert not sexual & {"PENAL.MURDER", "PENAL.TORTURE", "MILITARY.WAR_CRIME.PILLAGE",
                         "MILITARY.INSURRECTION"}
    province = reference.catalog(session).get("province", "CD-NK")
    assert province is not None and not province.is_sexual_violence


def test_pickers_filter_as_the_user_types_ignoring_accents(world: World) -> None:
    session = world.login("olga")
    install("fr")
    hits = reference.search_terms(session, "province", "kasai")
    assert [t.code for t in hits][:3] == ["CD-KS", "CD-KC", "CD-KE"]
    install("en")
    assert [t.code for t in reference.search_terms(session, "violation_type", "rape")][0] == (
        "SGBV.RAPE")
    assert [t.code for t in reference.search_terms(session, "territory", "kal",
                                                   parent="CD-SK")] == ["CD-SK.KALEHE"]


def test_loading_is_idempotent_and_records_the_version(world: World) -> None:
    session = world.login("olga")
    db = session.vault.db
    assert store_reference.sync(db) == []
    stamp = Setting.get_by_id("reference.province").value
    assert stamp.split()[0] == "1"


def test_an_upgraded_file_corrects_labels_and_retires_nothing_silently(
        world: World, tmp_path: Path) -> None:
    session = world.login("olga")
    folder = tmp_path / "reference"
    shutil.copytree(store_reference.REFERENCE_DIR, folder)
    path = folder / "provinces.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("# version: 1", "# version: 2")
    text = text.replace("CD-NK,North Kivu,Nord-Kivu,Goma", "CD-NK,North-Kivu,Nord-Kivu,Goma")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("CD-TU,"))
    path.write_text(text + "\n", encoding="utf-8")
    assert store_reference.sync(session.vault.db, folder) == ["province"]
    assert ReferenceTerm.get(vocabulary="province", code="CD-NK").label_en == "North-Kivu"
    retired = ReferenceTerm.get(vocabulary="province", code="CD-TU")
    assert not retired.active  # still there for the cases that use it
    catalog = reference.catalog(session)
    assert not catalog.has("province", "CD-TU")
    assert catalog.label("province", "CD-TU") == "Tshuapa"
    assert store_reference.sync(session.vault.db, folder) == []


def test_a_broken_reference_file_is_reported(tmp_path: Path) -> None:
    from jhro_tui.errors import DamagedData

    folder = tmp_path / "reference"
    shutil.copytree(store_reference.REFERENCE_DIR, folder)
    path = folder / "violation_types.csv"
    path.write_text(path.read_text(encoding="utf-8") + "X.Y,NOPE,Label,Libellé\n",
                    encoding="utf-8")
    with pytest.raises(DamagedData):
        store_reference.parse_file(store_reference.VOCABULARIES[0], folder)


@pytest.mark.parametrize(("typed", "precision", "iso", "english", "french"), [
    ("2024", "year", "2024", "2024", "2024"),
    ("2024-03", "month", "2024-03", "March 2024", "mars 2024"),
    ("03/2024", "month", "2024-03", "March 2024", "mars 2024"),
    ("2024-03-15", "day", "2024-03-15", "15 Mar 2024", "15 mars 2024"),
    ("15/03/2024", "day", "2024-03-15", "15 Mar 2024", "15 mars 2024"),
    ("~2024", "year", "~2024", "about 2024", None),
    ("ca. 2024-03", "month", "~2024-03", "about March 2024", None),
])
def test_a_partial_date_keeps_its_precision(typed: str, precision: str, iso: str,
                                            english: str, french: str | None) -> None:
    date = PartialDate.parse(typed)
    assert (date.precision, date.iso()) == (precision, iso)
    assert PartialDate.parse(date.iso()) == date
    assert PartialDate.from_storage(date.first_day(), date.precision, date.estimated) == date
    install("en")
    assert date.format() == english
    if french is not None:
        install("fr")
        assert date.format() == french
        install("en")


def test_a_month_spans_the_whole_month() -> None:
    march = PartialDate.parse("2024-02")
    assert (march.first_day().isoformat(), march.last_day().isoformat()) == (
        "2024-02-01", "2024-02-29")


def test_an_incident_in_march_stays_march_end_to_end(world: World) -> None:
    made = world.make_case("olga", date="2024-03")
    session = world.login("olga")
    incident = cases.get_case(session, made.case).incidents[0]
    assert incident.date == PartialDate(2024, 3) and incident.date.format() == "March 2024"
    row = cases.list_cases(session, cases.CaseQuery())[0]
    assert row.incident_date is not None and row.incident_date.precision == "month"
    install("fr")
    assert row.incident_date.format() == "mars 2024"
    install("en")


@pytest.mark.parametrize(("typed", "label", "keywords", "rank"), [
    ("male", "Male", ("male",), reference.EXACT),
    ("male", "Female", ("female",), reference.INSIDE),
    ("b", "B: usually reliable", ("B",), reference.EXACT),
    ("b", "A: completely reliable", ("A",), reference.INSIDE),  # behind B, exact
    ("reli", "A: completely reliable", ("A",), reference.STARTS_ENTRY),
    ("verified", "Verified", ("verified",), reference.EXACT),
    ("verified", "Reported (not yet verified)", ("reported",), reference.STARTS_ENTRY),
    ("executio somm", "Summary execution", ("Exécution sommaire",), reference.STARTS_ENTRY),
    ("fardc", "Republican Guard (GR)", ("STATE.FARDC.REPUBLICAN_GUARD",),
     reference.STARTS_ENTRY),
    ("zzz", "Male", ("male",), None),
])
def test_what_is_typed_matches_an_entry_exactly_then_by_its_words_then_inside(
        typed: str, label: str, keywords: tuple[str, ...], rank: int | None) -> None:
    assert reference.match_rank(typed, label, keywords=keywords) == rank


def test_a_picker_offers_the_closest_entry_first(world: World) -> None:
    """The entry Enter takes is what was typed, not an entry that merely contains it."""
    session = world.login("olga")

    def first(vocabulary: str, typed: str) -> str:
        return reference.search_terms(session, vocabulary, typed)[0].code

    assert first("perpetrator_category", "police") == "STATE.PNC"  # not the military police
    assert first("perpetrator_category", "m23") == "ARMED_GROUP.M23_AFC"
    assert first("perpetrator_category", "FARDC") == "STATE.FARDC"
    assert first("territory", "rutsh") == "CD-NK.RUTSHURU"
    install("fr")
    assert first("violation_type", "summary execution") == first(
        "violation_type", "exécution sommaire")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_date_with_slashes_is_read_day_first_as_the_drc_writes_it(language: str) -> None:
    """03/12/2026 is 3 December in Kinshasa in either language; no screen writes a date
    with slashes, so what is read never disagrees with what is shown."""
    try:
        install(language)
        date = PartialDate.parse("03/12/2026")
        assert date == PartialDate(2026, 12, 3)
        assert date.iso() == "2026-12-03"  # what a form shows when it is opened again
        assert date.format() == {"en": "3 Dec 2026", "fr": "3 déc. 2026"}[language]
    finally:
        install("en")


@pytest.mark.parametrize(("language", "says"), [
    ("en", "Write 2024-03-15 (or 15/03/2024, the day first)"),
    ("fr", "Écrivez 2024-03-15 (ou 15/03/2024, le jour d'abord)"),
])
@pytest.mark.parametrize("typed", ["12/25/2026", "3/12/26"])
def test_a_month_first_or_short_year_date_is_refused_saying_how_to_write_it(
        language: str, says: str, typed: str) -> None:
    try:
        install(language)
        with pytest.raises(ValidationError) as caught:
            PartialDate.parse(typed, field="date")
        assert caught.value.field == "date"
        assert says in caught.value.message() and typed in caught.value.message()
    finally:
        install("en")


def test_today_is_the_office_calendar_day_not_the_machine_one() -> None:
    """Kiritimati (UTC+14) and Pago Pago (UTC-11) are 25 hours apart: never on the same
    day, and two days apart during the hour after 10:00 UTC."""
    before = dt.datetime.now(dt.UTC)
    east = dates.today(Settings(time_zone="Pacific/Kiritimati"))
    west = dates.today(Settings(time_zone="Pacific/Pago_Pago"))
    after = dt.datetime.now(dt.UTC)
    assert east in {(moment + dt.timedelta(hours=14)).date() for moment in (before, after)}
    assert west in {(moment - dt.timedelta(hours=11)).date() for moment in (before, after)}
    assert east - west in {dt.timedelta(days=1), dt.timedelta(days=2)}


@pytest.mark.parametrize(("zone", "utc", "local_day"), [
    # Goma (UTC+2): half an hour after local midnight, UTC is still on the day before.
    ("Africa/Lubumbashi", dt.datetime(2026, 12, 4, 22, 30, tzinfo=dt.UTC), dt.date(2026, 12, 5)),
    ("Africa/Lubumbashi", dt.datetime(2026, 12, 4, 21, 30, tzinfo=dt.UTC), dt.date(2026, 12, 4)),
    # Lima (UTC-5): half an hour before local midnight, UTC is on the next day already.
    ("America/Lima", dt.datetime(2026, 12, 5, 4, 30, tzinfo=dt.UTC), dt.date(2026, 12, 4)),
    ("America/Lima", dt.datetime(2026, 12, 5, 5, 30, tzinfo=dt.UTC), dt.date(2026, 12, 5)),
])
def test_today_turns_at_the_offices_midnight_not_at_utcs(zone: str, utc: dt.datetime,
                                                        local_day: dt.date) -> None:
    """At 00:30 in Goma a new case opened "today" (the form's pre-filled date, the same
    clock) is not "in the future", and at 23:30 in Lima yesterday's UTC date is today."""
    settings = Settings(time_zone=zone)
    day = dates.today(settings, at=utc)
    assert day == local_day
    rules = Rules(Catalog([]), today=day)
    assert validate_case(CaseForm("Arrests at dawn", opened_on=day), rules).opened_on == day
    with pytest.raises(ValidationError, match="future"):
        validate_case(CaseForm("Arrests at dawn", opened_on=day + dt.timedelta(days=1)),
                      rules)
