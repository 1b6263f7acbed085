"""A law's page and the advocacy forms, driven by keyboard only: a law recorded with every
field and read back on its page, moved along its stages (a date out of order refused,
nothing changed), an action logged with a follow-up and a linked case, its follow-up
marked done, a case linked and opened from the page, stored text shown as text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.pilot import Pilot

from jhro_tui.services import cases
from jhro_tui.services.advocacy import actions, laws
from jhro_tui.services.advocacy.forms import ActionForm, LawForm, StageForm
from jhro_tui.services.forms import CaseForm
from jhro_tui.ui.advocacy.forms import action_form, law_form, link_case_form, stage_form
from jhro_tui.ui.advocacy.law_page import LawScreen, open_law
from jhro_tui.ui.app import JhroApp
from jhro_tui.ui.screens.case_detail import CaseDetailScreen
from jhro_tui.ui.screens.form import FormScreen
from jhro_tui.ui.widgets.document import Document
from jhro_tui.ui.widgets.virtual_table import VirtualTable
from tests.conftest import OFFICER, PASSPHRASES, SUPERVISOR, VaultDir
from tests.ui.support import (
    FROZEN_TODAY,
    HOSTILE_TEXT,
    build_app,
    fill,
    log_in,
    pick,
    save_form,
    screen_text,
    settle,
    type_text,
)

SIZE = (80, 24)
DRAFTED = FROZEN_TODAY - dt.timedelta(days=60)


def _case(vault: VaultDir, title: str = "Arrest of a defender in Goma") -> str:
    session = vault.login(OFFICER)
    try:
        return cases.create_case(session, CaseForm(title, province_code="CD-NK")).reference
    finally:
        session.close()


def _law(vault: VaultDir, title: str = "Loi sur les défenseurs", note: str = "") -> int:
    session = vault.login(OFFICER)
    try:
        return laws.add_law(session, LawForm(title, "law", "national", "defenders",
                                             note=note, stage="drafting",
                                             stage_on=DRAFTED,
                                             evidence="Avant-projet du ministère")).id
    finally:
        session.close()


def _page_text(app: JhroApp) -> str:
    """The whole page, the lines scrolled out of view included."""
    page = app.screen.query_one("#law-page", Document)
    return "\n".join(f"{section.title}\n{section.body}" for section in page.sections)


async def _open(pilot: Pilot[Any], law_id: int, account: str = OFFICER) -> LawScreen:
    await log_in(pilot, account, PASSPHRASES[account])
    open_law(pilot.app.screen, law_id)  # type: ignore[arg-type]
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, LawScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return screen


async def _form(pilot: Pilot[Any], key: str) -> FormScreen[Any]:
    await pilot.press(key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen), screen_text(pilot.app)  # type: ignore[arg-type]
    return form


async def _law_of(app: JhroApp, law_id: int) -> Any:
    return await app.call_db(laws.law, app.require_session(), law_id)


async def test_a_law_with_every_field_by_keyboard_reads_back_on_its_page(
        vault: VaultDir) -> None:
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        made: list[Any] = []
        app.push_screen(law_form(app), made.append)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert [spec.key for spec in form.fields] == [
            "title", "kind", "jurisdiction", "province_code", "theme", "standards",
            "priority", "officer", "note", "stage", "stage_on", "evidence"]
        await fill(pilot, "Edit provincial sur la sécurité")
        await pick(pilot, "Decree")
        await pick(pilot, "Provincial")
        await pick(pilot, "Nord-Kivu")
        await pick(pilot, "Human rights defenders")
        await pick(pilot, "ICCPR")
        await pick(pilot, "Mandela")
        await pilot.press("tab")
        await pick(pilot, "High")
        await fill(pilot, SUPERVISOR)
        await type_text(pilot, "Watch the curfew clause")
        await pilot.press("tab")
        await pick(pilot, "Tabled")
        await fill(pilot, DRAFTED.isoformat())
        await type_text(pilot, "Bureau note 12")
        await save_form(pilot)
        assert made and made[0] is not None
        open_law(app.screen, made[0].id)  # type: ignore[arg-type]
        await settle(pilot)
        assert isinstance(app.screen, LawScreen), screen_text(app)
        shown = await _law_of(app, made[0].id)
        assert (shown.title, shown.kind, shown.jurisdiction, shown.theme, shown.priority,
                shown.officer, shown.note, shown.stage, shown.stage_on) == (
            "Edit provincial sur la sécurité", "decree", "provincial", "defenders", "high",
            SUPERVISOR, "Watch the curfew clause", "tabled", DRAFTED)
        assert shown.province_code.startswith("CD-NK")
        assert shown.standards == ("iccpr", "mandela_rules")
        assert [(step.stage, step.evidence) for step in shown.history] == [
            ("tabled", "Bureau note 12")]
        page = _page_text(app)
        for seen in ("Decree", "Provincial", "Human rights defenders", "ICCPR",
                     "Nelson Mandela Rules", "High", f"responsible officer: {SUPERVISOR}",
                     "Watch the curfew clause", "Bureau note 12"):
            assert seen in page, page
        top = screen_text(app)
        assert "Edit provincial sur la sécurité" in top and "Tabled since" in top, top

        # Changed: no stage field; what was typed comes back.
        form = await _form(pilot, "e")
        assert "stage" not in [spec.key for spec in form.fields]
        await fill(pilot, "Edit provincial révisé")  # what is typed replaces the title
        await save_form(pilot)
        assert "Edit provincial révisé" in screen_text(app)
        changed = await _law_of(app, made[0].id)
        assert (changed.title, changed.stage) == ("Edit provincial révisé", "tabled")


async def test_a_stage_moves_by_keyboard_and_a_date_out_of_order_changes_nothing(
        vault: VaultDir) -> None:
    law_id = _law(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, law_id)
        form = await _form(pilot, "s")
        assert [spec.key for spec in form.fields] == ["stage", "on", "evidence"]
        await pick(pilot, "Tabled")
        await fill(pilot, (DRAFTED - dt.timedelta(days=1)).isoformat())
        await type_text(pilot, "Too early")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, screen_text(app)
        message = screen_text(app)
        assert "before the law reached its present stage" in message, message
        unchanged = await _law_of(app, law_id)
        assert (unchanged.stage, len(unchanged.history)) == ("drafting", 1)

        assert form.focused is form.query_one("#field-on")  # typing replaces the date
        await type_text(pilot, (DRAFTED + dt.timedelta(days=10)).isoformat())
        await save_form(pilot)
        assert isinstance(app.screen, LawScreen)
        moved = await _law_of(app, law_id)
        assert [(step.stage, step.on, step.evidence) for step in moved.history] == [
            ("drafting", DRAFTED, "Avant-projet du ministère"),
            ("tabled", DRAFTED + dt.timedelta(days=10), "Too early")]
        page = _page_text(app)
        history = page[page.index("Stage history"):page.index("Actions")]
        assert history.index("Tabled") < history.index("Drafting"), history
        assert "Too early (recorded by officer)" in history, history
        assert "Tabled since" in screen_text(app)


async def test_an_action_with_every_field_and_its_follow_up_done(vault: VaultDir) -> None:
    law_id = _law(vault)
    reference = _case(vault)
    app = build_app(vault.data_dir)
    taken = FROZEN_TODAY - dt.timedelta(days=3)
    due = FROZEN_TODAY + dt.timedelta(days=7)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, law_id)
        form = await _form(pilot, "a")
        assert [spec.key for spec in form.fields] == [
            "taken_on", "kind", "institution", "target_name", "target_person", "summary",
            "outcome", "next_step", "follow_up_on", "cases"]
        await fill(pilot, taken.isoformat())
        await pick(pilot, "Meeting")
        await pick(pilot, "National Assembly")
        await fill(pilot, "Commission PAJ")
        await fill(pilot, "Hon. Mbusa, rapporteur")
        await type_text(pilot, "Presented our comments")
        await pilot.press("tab")
        await type_text(pilot, "Article 12 to be redrafted")
        await pilot.press("tab")
        await fill(pilot, "Send the redraft")
        await fill(pilot, due.isoformat())
        await type_text(pilot, reference.lower())
        await save_form(pilot)
        assert isinstance(app.screen, LawScreen), screen_text(app)
        action = (await _law_of(app, law_id)).actions[0]
        full = await app.call_db(actions.advocacy_action, app.require_session(), action.id)
        assert (full.taken_on, full.kind, full.institution, full.target_name,
                full.target_person, full.summary, full.outcome, full.next_step,
                full.follow_up_on) == (
            taken, "meeting", "national_assembly", "Commission PAJ",
            "Hon. Mbusa, rapporteur", "Presented our comments",
            "Article 12 to be redrafted", "Send the redraft", due)
        assert [case.reference for case in full.cases] == [reference]
        page = _page_text(app)
        for seen in ("Meeting · National Assembly · Commission PAJ · Hon. Mbusa",
                     "Presented our comments", "Outcome: Article 12 to be redrafted",
                     "Next step: Send the redraft", "(open)", reference,
                     "(through an action)"):
            assert seen in page, page
        assert "next due" in screen_text(app)

        await pilot.press("d")  # the only follow-up: already chosen, Enter takes it
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LawScreen), screen_text(app)
        done = (await _law_of(app, law_id)).actions[0]
        assert done.follow_up is not None and done.follow_up.done_at is not None
        assert "(done)" in _page_text(app) and "nothing due" in screen_text(app)

        # Changed: its linked case stays unless taken out.
        await _form(pilot, "c")  # which action: the only one, Enter takes it
        await pilot.press("enter")
        await settle(pilot)
        change = app.screen
        assert isinstance(change, FormScreen)
        assert change.values()["cases"] == reference
        change.focus_field("summary")
        await pilot.press("end")
        await type_text(pilot, " again")
        await save_form(pilot)
        again = await app.call_db(actions.advocacy_action, app.require_session(), action.id)
        assert again.summary.endswith("again") and len(again.cases) == 1


async def test_a_case_linked_on_the_page_opens_from_it(vault: VaultDir) -> None:
    law_id = _law(vault)
    reference = _case(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, law_id)
        await _form(pilot, "l")
        await type_text(pilot, "GOM-0000-9999")  # not a case: refused as one not seen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert "does not exist, or you are not allowed" in screen_text(app)
        assert not (await _law_of(app, law_id)).cases
        await pilot.press("ctrl+u")
        await type_text(pilot, reference)
        await save_form(pilot)
        page = _page_text(app)
        assert reference in page and "Arrest of a defender in Goma" in page, page
        await pilot.press("enter")  # the only linked case: opened without asking
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen), screen_text(app)
        assert reference in screen_text(app)


async def test_a_supervisor_withdraws_a_stage_and_removes_the_law(vault: VaultDir) -> None:
    law_id = _law(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, law_id, SUPERVISOR)
        await _form(pilot, "s")
        await pick(pilot, "Tabled")
        await fill(pilot, (DRAFTED + dt.timedelta(days=1)).isoformat())
        await type_text(pilot, "Mistaken")
        await save_form(pilot)
        await pilot.press("W")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        back = await _law_of(app, law_id)
        assert (back.stage, len(back.history)) == ("drafting", 1)
        assert "Drafting since" in screen_text(app)
        await pilot.press("X")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, LawScreen), screen_text(app)


async def test_an_officer_may_not_withdraw_a_stage(vault: VaultDir) -> None:
    law_id = _law(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await _open(pilot, law_id)
        await _form(pilot, "s")
        await pick(pilot, "Tabled")
        await fill(pilot, (DRAFTED + dt.timedelta(days=1)).isoformat())
        await type_text(pilot, "Bureau note")
        await save_form(pilot)
        await pilot.press("W")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, LawScreen)
        assert (await _law_of(app, law_id)).stage == "tabled"


async def test_stored_text_shows_as_text(vault: VaultDir) -> None:
    law_id = _law(vault, title=HOSTILE_TEXT, note="[bold]note[/bold] \x1b[2J")
    session = vault.login(OFFICER)
    try:
        actions.add_action(session, ActionForm(
            FROZEN_TODAY - dt.timedelta(days=1), "letter", "senate", "[red]Sénat[/red]",
            law_id=law_id, target_person="\x1b]0;x\x07Nom"))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, law_id)
        text = screen_text(app)
        assert "[bold red]Kivu[/]" in text and "\x1b" not in text, text
        assert "[bold]note[/bold]" in text and "[red]Sénat[/red]" in text, text
        assert "␛" in text, text


async def test_every_list_of_every_advocacy_form_offers_entries(vault: VaultDir) -> None:
    """A list with nothing in it can only be left empty (a misspelt closed list)."""
    law_id = _law(vault)
    app = build_app(vault.data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        shown = await _law_of(app, law_id)
        forms: list[FormScreen[Any]] = [law_form(app), law_form(app, shown), stage_form(app, shown),
                 action_form(app, shown), action_form(app), link_case_form(app, shown)]
        lists = [(form.title_text, spec.key, len(spec.choices)) for form in forms
                 for spec in form.fields if spec.kind in ("choice", "choices")]
        assert lists and all(count for _title, _key, count in lists), lists


async def test_an_actions_follow_up_on_the_home_opens_its_law(vault: VaultDir) -> None:
    law_id = _law(vault)
    session = vault.login(OFFICER)
    try:
        actions.add_action(session, ActionForm(
            FROZEN_TODAY - dt.timedelta(days=2), "letter", "senate", "Wrote to the Senate",
            law_id=law_id, next_step="Call the Senate's clerk",
            follow_up_on=FROZEN_TODAY + dt.timedelta(days=3)))
    finally:
        session.close()
    app = build_app(vault.data_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await log_in(pilot, OFFICER, PASSPHRASES[OFFICER])
        text = screen_text(app)
        assert "Call the Senate's clerk" in text, text
        app.screen.query_one("#home-follow-ups", VirtualTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        page = app.screen
        assert isinstance(page, LawScreen), screen_text(app)
        assert page.law_id == law_id
        assert "Call the Senate's clerk" in _page_text(app)


class TestLawLooks:
    def test_law_page(self, snap_compare: Any, vault: VaultDir,
                      monkeypatch: pytest.MonkeyPatch) -> None:
        """At 80×24: the header says where the law stands and what is next, the document
        opens on what the law is."""
        recorded = dt.datetime(2026, 9, 2, 8, 30, tzinfo=dt.UTC)
        monkeypatch.setattr(laws, "utc_now", lambda: recorded)
        law_id = _law(vault, note="Clause 12 on registration is the main concern.")
        session = vault.login(OFFICER)
        try:
            shown = laws.move_law(session, law_id, StageForm(
                "tabled", DRAFTED + dt.timedelta(days=20), "Bureau of the Assembly, note 12"),
                expected_version=laws.law(session, law_id).version)
            actions.add_action(session, ActionForm(
                FROZEN_TODAY - dt.timedelta(days=5), "meeting", "national_assembly",
                "Presented our comments on clause 12", law_id=law_id,
                target_name="PAJ committee", next_step="Send the redraft",
                follow_up_on=FROZEN_TODAY + dt.timedelta(days=3)))
            assert shown.stage == "tabled"
        finally:
            session.close()

        async def run_before(pilot: Pilot[Any]) -> None:
            await _open(pilot, law_id)
            await pilot.pause()

        assert snap_compare(build_app(vault.data_dir), terminal_size=SIZE,
                            run_before=run_before)
