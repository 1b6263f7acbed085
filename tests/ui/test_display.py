"""What an officer reads: one date style per language, the office's clock, columns that
give way by priority, forms that use the width they have."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from textual.widgets import Input, Label

from jhro_tui.config import Settings
from jhro_tui.i18n import install
from jhro_tui.services import cases, records, victims, workflow
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import (
    CaseForm,
    FollowUpForm,
    IncidentForm,
    PerpetratorForm,
    ReferralForm,
    SourceForm,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.session import login
from jhro_tui.store.models import Account
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.cases import CaseListScreen, case_columns
from jhro_tui.ui.screens.form import FIELD_CELLS, LABEL_CELLS, FormScreen
from jhro_tui.ui.screens.home import HomeScreen
from jhro_tui.ui.widgets.virtual_table import Column, column_widths, fit, header_line
from tests.conftest import ADMIN, FULL_NAMES, OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.support import build_app, log_in, officer_presses, screen_text, settle, type_text

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
OFFICER_NAME = FULL_NAMES[OFFICER]


def _case_with_every_kind_of_date(vault: VaultDir, *, in_follow_up: bool = False) -> int:
    """A case with a date in every section that shows one, and its history."""
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        case_id = cases.create_case(session, CaseForm(
            title="Raid on Kiwanja", narrative="Night raid on the market.",
            province_code="CD-NK", opened_on=dt.date(2026, 11, 20))).id
        incident = records.add_incident(session, case_id, IncidentForm(
            PartialDate(2024, 3), "CD-NK", "CD-NK.RUTSHURU", "Kiwanja", "Night raid."))
        victim = victims.add_victim(session, case_id, VictimForm(sex="female"),
                                    consents={"documentation": True})
        perpetrator = records.add_perpetrator(session, case_id,
                                              PerpetratorForm("ARMED_GROUP.M23_AFC"))
        records.add_violation(session, incident.id, ViolationForm("PROPERTY.LOOTING"),
                              victim_ids=[victim.id], perpetrator_ids=[perpetrator.id])
        victims.give_consent(session, victim.id, "referral")
        victims.add_referral(session, victim.id, ReferralForm(
            "MEDICAL.CARE", "Panzi hospital", proposed_on=dt.date(2026, 11, 21)))
        records.add_source(session, case_id, SourceForm("witness", "B", 2,
                                                         dt.date(2026, 11, 3)))
        cases.add_follow_up(session, case_id, FollowUpForm(
            "Verify the account with a second source", dt.date(2026, 12, 2)))
        cases.add_note(session, case_id, "Two witnesses met in Goma.")
        version = workflow.submit(session, case_id, expected_version=1).version
    finally:
        session.close()
    if in_follow_up:
        session = login(vault.paths, Settings(), SUPERVISOR, PASSPHRASES[SUPERVISOR])
        try:
            version = workflow.validate(session, case_id, expected_version=version).version
        finally:
            session.close()
        session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
        try:
            workflow.start_follow_up(session, case_id, expected_version=version)
        finally:
            session.close()
    return case_id


def _officer_reads(vault: VaultDir, language: str) -> None:
    session = login(vault.paths, Settings(), ADMIN, PASSPHRASES[ADMIN])
    with session.write() as audit:
        Account.update(language=language).where(Account.name == OFFICER).execute()
        audit("account.language", f"account:{OFFICER}")
    session.close()


@pytest.mark.parametrize(("language", "dates"), [
    ("en", ("Opened on  20 Nov 2026", "3 Nov 2026", "21 Nov 2026",
            "2 Dec 2026  due  Verify the account")),
    ("fr", ("Ouvert le  20 nov. 2026", "3 nov. 2026", "21 nov. 2026",
            "2 déc. 2026")),
])
async def test_the_case_file_writes_every_date_one_way_and_times_on_the_office_clock(
        vault: VaultDir, language: str, dates: tuple[str, ...]) -> None:
    """The DRC writes 03/12/2026 for 3 December, the United States for 12 March: a date
    spells its month; a time is the office's (CAT in these tests) and says so."""
    _case_with_every_kind_of_date(vault)
    _officer_reads(vault, language)
    app = build_app(vault.data_dir)
    try:
        async with app.run_test(size=(120, 60)) as pilot:
            await officer_presses(pilot, "f3", CaseListScreen)
            await pilot.press("down", "enter")
            await settle(pilot)
            assert isinstance(app.screen, CaseDetailScreen)
            text = screen_text(app)
            for date in dates:
                assert date in text, text
            assert not ISO_DATE.findall(text) and not NUMERIC_DATE.findall(text), text
            month = r"\d{1,2} [^\W\d]{3,5}\.? \d{4}"
            instants = re.findall(month + r", \d{2}:\d{2} ([A-Z]{3})", text)
            # Last change, the note, and the two steps of the history: each on the
            # office's clock, the zone named.
            assert len(instants) >= 4 and set(instants) == {"CAT"}, text
    finally:
        install("en")


async def test_the_case_list_shows_filter_dates_as_read_and_its_form_as_typed(
        vault: VaultDir) -> None:
    _case_with_every_kind_of_date(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await officer_presses(pilot, "f3", CaseListScreen)
        await pilot.press("f4")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        form.focus_field("date_from")
        await type_text(pilot, "03/2024")  # day (here, month) first, as the DRC writes
        await pilot.press("tab")
        await type_text(pilot, "2024")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "1 Mar 2024 – 31 Dec 2024" in text and "1 case" in text, text
        await pilot.press("f4")
        await settle(pilot)
        assert app.screen.query_one("#field-date_from", Input).value == "2024-03-01"
        assert app.screen.query_one("#field-date_to", Input).value == "2024-12-31"


def test_columns_give_way_by_priority_and_the_title_last() -> None:
    install("en")
    columns = case_columns()
    titles = [column.title for column in columns]

    def shown(width: int) -> dict[str, int]:
        return {title: cells for title, cells in
                zip(titles, column_widths(columns, width), strict=True) if cells}

    wide, eighty, sixty = shown(198), shown(79), shown(59)
    assert wide["Officer"] == 24 and wide["Province"] == 14 and wide["Title"] > 100
    # At 80 columns the province gives way first, the officer keeps a whole name, and
    # the status stays whole.
    assert "Province" not in eighty and eighty["Status"] == len("In follow-up")
    assert eighty["Title"] >= 24 and eighty["Officer"] >= len(OFFICER_NAME)
    # At 60 the officer has given way too; the title keeps its 24 cells.
    assert set(sixty) == {"Reference", "!", "Title", "Status"} and sixty["Title"] >= 24
    for width in (198, 79, 59, 40):
        assert sum(column_widths(columns, width)) + len(shown(width)) - 1 <= width
        assert len(header_line(columns, width)) <= width


def test_a_flexible_column_is_cut_after_a_whole_word() -> None:
    assert fit("Verify the account with a second source", 39) == (
        "Verify the account with a second source")
    assert fit("Verify the account with a second source", 36, at_word=True) == (
        "Verify the account with a second…")
    assert fit("Olivier Mbuyi", 10) == "Olivier M…"
    assert column_widths([Column("A", 10), Column("B", least=5)], 30) == [10, 19]


async def test_the_case_list_at_80_columns_shows_whole_statuses_and_officers(
        vault: VaultDir) -> None:
    """With more cases than rows, the list's scrollbar used to cover the last two cells
    of every row ("In follow-▆▆")."""
    _case_with_every_kind_of_date(vault, in_follow_up=True)
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        for number in range(30):
            cases.create_case(session, CaseForm(title=f"Arrests in Rutshuru {number}",
                                                province_code="CD-NK"))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await officer_presses(pilot, "f3", CaseListScreen)
        await pilot.press("end")
        await settle(pilot)
        rows = [line for line in screen_text(app).splitlines() if "GOM-" in line]
        assert len(rows) > 15
        assert all(OFFICER_NAME in row for row in rows), rows
        assert any("In follow-up " + OFFICER_NAME in row for row in rows), rows
        await pilot.resize_terminal(200, 24)
        await settle(pilot)
        header = next(line for line in screen_text(app).splitlines() if "Reference" in line)
        assert "Province" in header and "Officer" in header


async def test_the_home_follow_ups_read_whole_at_80_columns(vault: VaultDir) -> None:
    _case_with_every_kind_of_date(vault)
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        for number in range(10):  # enough open cases for every list to scroll
            case_id = cases.create_case(session, CaseForm(title=f"Arrests {number}",
                                                          province_code="CD-NK")).id
            cases.add_follow_up(session, case_id, FollowUpForm(
                "Verify the account with a second source", dt.date(2026, 12, 3)))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        assert isinstance(app.screen, HomeScreen)
        text = screen_text(app)
        assert "25 Nov 2026" in text  # today, in the header
        follow_ups = [line for line in text.splitlines() if "Verify the account" in line]
        assert follow_ups and all("Verify the account with a second source" in line
                                  and ("2 Dec 2026" in line or "3 Dec 2026" in line)
                                  for line in follow_ups), text
        assert not ISO_DATE.findall(text), text


@pytest.mark.parametrize(("size", "one_line"), [((200, 60), True), ((80, 24), False)])
async def test_a_form_uses_the_width_it_has(vault: VaultDir, size: tuple[int, int],
                                            one_line: bool) -> None:
    """At 200×60 the victim form's longest label ("Consent: Anonymised statistics and
    public reporting") reads on one line; at 80×24 the fields keep their room and only
    the labels longer than the label column wrap."""
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        cases.create_case(session, CaseForm(title="A draft", province_code="CD-NK"))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=size) as pilot:
        await officer_presses(pilot, "f3", CaseListScreen)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        labels = list(form.query(".form-row > .field-label").results(Label))
        longest = max(labels, key=lambda label: len(str(label.content)))
        dialog = form.query_one(".dialog")
        fields = [widget for widget in form.query(".form-row > *")
                  if "field-label" not in widget.classes]
        assert all(field.outer_size.width >= FIELD_CELLS for field in fields)
        if one_line:
            assert all(label.size.height == 1 for label in labels)
            assert dialog.outer_size.width > 120
        else:
            assert dialog.outer_size.width == 76
            assert longest.size.height > 1 and longest.size.width > LABEL_CELLS
            assert all(label.size.height == 1 for label in labels
                       if len(str(label.content)) < longest.size.width)
