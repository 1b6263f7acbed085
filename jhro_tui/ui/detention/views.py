"""A detainee (identity masked, the legal state now, the timeline) and a visit (access,
headcounts, conditions, the case opened for a refusal, follow-ups), each read before it is
put up (``screens/record_view``). The two screens share their opening helpers; a split
into one module per screen is the next step if either grows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _, format_date, format_datetime, format_number, ngettext
from jhro_tui.services.detention.detainees import detainee, remove_detainee, remove_step
from jhro_tui.services.detention.overview import overview
from jhro_tui.services.detention.views import DetaineeView, FacilityView, StepView, VisitView
from jhro_tui.services.detention.visits import (
    complete_visit_follow_up,
    open_case_for_refusal,
    remove_visit,
    visit,
)
from jhro_tui.services.forms import choice_label
from jhro_tui.services.justice.sessions import sessions
from jhro_tui.services.views import FollowUpView
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.detention.forms import (
    detainee_form,
    review_form,
    step_form,
    visit_follow_up_form,
    visit_form,
)
from jhro_tui.ui.justice.opening import open_after_reading
from jhro_tui.ui.records.shared import call
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import PacedScreen, Route
from jhro_tui.ui.screens.form import FormScreen, confirm_then
from jhro_tui.ui.screens.record_view import RecordScreen
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import Column, ColumnHeader, VirtualRow, VirtualTable

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

for _action in (
    Action("detainee.step", "a", "add_step", N_("detainee"), N_("Add a timeline step"),
           scope="detainee", footer=N_("Step")),
    Action("detainee.reveal", "ctrl+r", "reveal", N_("detainee"), N_("Show the name"),
           scope="detainee", footer=N_("Name")),
    Action("detainee.remove_step", "delete", "remove_step", N_("detainee"),
           N_("Remove the timeline step"), scope="detainee", footer=N_("Remove step")),
    Action("detainee.edit", "e", "edit", N_("detainee"), N_("Change the detainee"),
           scope="detainee", footer=N_("Change")),
    Action("detainee.review", "r", "review", N_("detainee"),
           N_("Confirm or override the past-limit flag"), scope="detainee",
           footer=N_("Review")),
    Action("detainee.case", "c", "open_case", N_("detainee"), N_("Open the linked case"),
           scope="detainee", footer=N_("Case")),
    Action("detainee.remove", "X", "remove", N_("detainee"),
           N_("Remove the detainee (recorded by mistake; supervisor)"), scope="detainee",
           show=False),
    Action("detainee.reload", "f5", "reload", N_("detainee"), N_("Reload"),
           scope="detainee", show=False),
    Action("detainee.back", "escape", "back", N_("go"), N_("Back"), scope="detainee"),
    Action("visit.case", "c", "open_case", N_("visit"),
           N_("Open a case for the refused access (or the case opened for it)"),
           scope="visit", footer=N_("Case")),
    Action("visit.edit", "e", "edit", N_("visit"), N_("Change the visit"), scope="visit",
           footer=N_("Change")),
    Action("visit.follow_up", "t", "add_follow_up", N_("visit"), N_("Add a follow-up"),
           scope="visit", footer=N_("Follow-up")),
    Action("visit.done", "d", "follow_up_done", N_("visit"),
           N_("Mark the follow-up done (or not done)"), scope="visit", footer=N_("Done")),
    Action("visit.remove", "delete", "remove", N_("visit"), N_("Remove the visit"),
           scope="visit", footer=N_("Remove")),
    Action("visit.reload", "f5", "reload", N_("visit"), N_("Reload"), scope="visit",
           show=False),
    Action("visit.back", "escape", "back", N_("go"), N_("Back"), scope="visit"),
):
    register(_action)


def open_detainee(screen: PacedScreen[Any], detainee_id: int) -> None:
    open_after_reading(screen, detainee, (detainee_id,),
                       lambda found: DetaineeScreen(detainee_id, found),
                       group="open-detainee")


def open_visit(screen: PacedScreen[Any], visit_id: int) -> None:
    open_after_reading(screen, visit, (visit_id,), lambda found: VisitScreen(visit_id, found),
                       group="open-visit")


HOURS_SHOWN_UNDER = dt.timedelta(days=2)
"""Past the limit by less than this (police custody is counted in hours): in hours."""


def over_text(over: dt.timedelta, over_days: int) -> str:
    """How long past the limit: hours under two days, else days."""
    if over < HOURS_SHOWN_UNDER:
        hours = max(1, int(over.total_seconds() // 3600))
        return ngettext("{count} hour", "{count} hours", hours).format(
            count=format_number(hours))
    return ngettext("{count} day", "{count} days", over_days).format(
        count=format_number(over_days))


def _count(value: int | None) -> str:
    return format_number(value) if value is not None else "-"


def step_detail(step: StepView) -> str:
    details = [choice_label("detention_step", step.kind)]
    if step.months:
        details.append(_("{months} months").format(months=format_number(step.months)))
    if step.verdict:
        details.append(choice_label("detention_verdict", step.verdict))
    if step.facility_name:
        details.append((_("to {facility}") if step.kind == "transfer"
                        else _("at {facility}")).format(facility=step.facility_name))
    if step.basis:
        details.append(choice_label("detention_release_basis", step.basis))
    if step.session_label:
        details.append(step.session_label)
    if step.note:
        details.append(step.note)
    return " · ".join(details)


def legal_state(view: DetaineeView) -> str:
    now = view.now
    if not now.held:
        return _("Not held.")
    if now.lawful:
        if now.lawful_until is None:
            return _("Held on a legal basis with no end.")
        return _("Held on a legal basis until {until}.").format(
            until=format_datetime(now.lawful_until))
    lapsed = now.lapsed
    what = _("Past the legal limit by {over}.").format(
        over=over_text(now.over, now.over_days))
    if lapsed is not None:
        what += " " + _("Lapsed: {step}.").format(
            step=choice_label("detention_step", lapsed.kind))
    return what


def lapsed_article(view: DetaineeView) -> str:
    """The law whose limit lapsed (the header has no room for it at 80 columns)."""
    lapsed = view.now.lapsed
    if view.now.lawful or lapsed is None or not lapsed.article:
        return ""
    return _("Limit set by: {article}").format(article=lapsed.article)


async def places(app: Shell) -> tuple[FacilityView, ...]:
    """The facilities the office monitors, for a form's choice."""
    return (await call(app, overview)).facilities


def step_columns() -> list[Column]:
    return [Column(_("When"), 17), Column(_("Step"), least=30)]


def step_cells(step: StepView) -> tuple[str, str]:
    when = format_date(step.local.date())
    if step.timed:
        when = f"{when} {step.local:%H:%M}"
    return when, step_detail(step)


def facts_and_list(prefix: str, second: str, title: str, columns: list[Column],
                   table_id: str) -> ComposeResult:
    """A record's screen: its title and a second line (``{prefix}-title``,
    ``{prefix}-{second}``), the key bar, then its facts and one titled list under them."""
    with Vertical(id=f"{prefix}-header", classes="bar"):
        yield Label("", id=f"{prefix}-title")
        yield Label("", id=f"{prefix}-{second}")
    yield KeyBar()
    with VerticalScroll(id=f"{prefix}-body") as body:
        body.can_focus = False  # the list takes the keys; the facts may be long
        yield Static("", id=f"{prefix}-facts")
        yield Label(plain(title), classes="section-title")
        table = VirtualTable(columns, _no_more_pages, id=table_id)
        yield ColumnHeader(table)
        yield table


class DetaineeScreen(RecordScreen[DetaineeView]):
    """One detainee: the name masked until asked for (ctrl+r), the legal state now and
    the timeline (↑ ↓ choose the step Del removes)."""

    SCOPE = "detainee"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = "#detainee-timeline"

    def __init__(self, detainee_id: int, found: DetaineeView | None = None) -> None:
        super().__init__()
        self.detainee_id = detainee_id
        self.found = found

    def compose(self) -> ComposeResult:
        yield from facts_and_list("detainee", "state", _("Timeline"), step_columns(),
                                  "detainee-timeline")

    def route(self) -> Route:
        detainee_id = self.detainee_id
        return lambda: DetaineeScreen(detainee_id)

    def reader(self) -> tuple[Callable[..., DetaineeView], int]:
        return detainee, self.detainee_id

    def action_reveal(self) -> None:
        self.load(reveal=True)

    def action_open_case(self) -> None:
        if self.found is None or self.found.case_id is None:
            self.notify(_("No case is linked to this detainee."), markup=False)
            return
        self.jhro.open_case(self.found.case_id)

    def _push(self, form: FormScreen[DetaineeView]) -> None:
        async def shown(view: DetaineeView) -> DetaineeView:
            self.show(view)
            return view

        form.then(shown)
        self.app.push_screen(form)

    @work(exclusive=True, group="detainee-form", exit_on_error=False)
    async def action_edit(self) -> None:
        """The form holds the name as stored, read (and audited) for it: left masked, the
        name would be saved empty. Who may not see it gets a form without it."""
        if self.found is None:
            return
        try:
            shown = await call(self.jhro, detainee, self.detainee_id,
                               reveal=not self.found.identity_restricted)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self._push(detainee_form(self.jhro, (), shown))

    def action_review(self) -> None:
        if self.found is not None:
            self._push(review_form(self.jhro, self.found))

    @work(exclusive=True, group="detainee-form", exit_on_error=False)
    async def action_add_step(self) -> None:
        if self.found is None:
            return
        try:
            facilities = await places(self.jhro)
            court_sessions = await call(self.jhro, sessions)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self._push(step_form(self.jhro, self.found, facilities, court_sessions))

    def action_remove_step(self) -> None:
        table = self.query_one("#detainee-timeline", VirtualTable)
        row = table.current_row
        if self.found is None or row is None:
            return
        step = next(step for step in self.found.steps if step.id == row.key)

        confirm_then(self.app, _("Remove the step {step} of {when}?").format(
            step=choice_label("detention_step", step.kind), when=step_cells(step)[0]),
                     lambda: self._remove_step(step.id))

    def action_remove(self) -> None:
        if self.found is None:
            return
        view = self.found

        confirm_then(self.app, _(
            "Remove the detainee {code}, with the whole timeline? Only for a detainee "
            "recorded by mistake: a release is recorded as a step.").format(code=view.code),
                     lambda: self._remove(view))

    @work(exclusive=True, group="detainee-remove", exit_on_error=False)
    async def _remove(self, view: DetaineeView) -> None:
        try:
            await call(self.jhro, remove_detainee, view.id, expected_version=view.version)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Detainee removed."), markup=False)
        self.jhro.go_back()

    @work(exclusive=True, group="detainee-remove-step", exit_on_error=False)
    async def _remove_step(self, step_id: int) -> None:
        try:
            view = await call(self.jhro, remove_step, step_id)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.show(view)

    def show(self, view: DetaineeView) -> None:
        self.found = view
        name = view.name or (_("(restricted)") if view.identity_restricted
                             else _("(hidden: ctrl+r shows it)") if view.named
                             else _("(not recorded)"))
        self.query_one("#detainee-title", Label).update(plain(
            _("Detainee {code}").format(code=view.code)))
        self.query_one("#detainee-state", Label).update(plain(legal_state(view)))
        lines = [
            *([article] if (article := lapsed_article(view)) else []),
            _("Name: {name}").format(name=name),
            _("Sex: {sex} · age group: {age}").format(
                sex=choice_label("sex", view.sex), age=choice_label("age_group",
                                                                    view.age_group)),
            _("Facility: {facility}").format(facility=view.facility_name),
            _("Officer: {officer}").format(officer=view.officer or "-"),
            _("Case: {reference}").format(reference=view.case_reference or "-"),
            _("Penalty band: {penalty}").format(penalty=view.penalty_label or _("not known")),
        ]
        if view.review:
            lines.append(_("Review: {review} by {by}: {reason}").format(
                review=choice_label("flag_review", view.review), by=view.review_by,
                reason=view.review_reason))
        self.query_one("#detainee-facts", Static).update(
            plain("\n".join(lines), multiline=True))
        rows = [VirtualRow(step.id, step_cells(step)) for step in view.steps]
        self.query_one("#detainee-timeline", VirtualTable).reset(
            len(rows), keep_cursor=True, first_page=rows)

    def help_notes(self) -> list[tuple[str, str]]:
        return [("ctrl+r", _("show the name (the detainee's officer and the supervisor)")),
                ("↑ ↓", _("timeline: the step Del removes"))]


def follow_up_columns() -> list[Column]:
    return [Column(_("Due on"), 12), Column(_("Done"), 6), Column(_("Who"), 12),
            Column(_("To do"), least=20)]


class VisitScreen(RecordScreen[VisitView]):
    """One visit to a facility; a refused access opens a case with one key."""

    SCOPE = "visit"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = "#visit-follow-ups"

    def __init__(self, visit_id: int, found: VisitView | None = None) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.found = found

    def compose(self) -> ComposeResult:
        yield from facts_and_list("visit", "access", _("Follow-ups"), follow_up_columns(),
                                  "visit-follow-ups")

    def route(self) -> Route:
        visit_id = self.visit_id
        return lambda: VisitScreen(visit_id)

    def reader(self) -> tuple[Callable[..., VisitView], int]:
        return visit, self.visit_id

    def action_open_case(self) -> None:
        if self.found is not None and self.found.case_id is not None:
            self.jhro.open_case(self.found.case_id)
            return
        self._open_case_for_refusal()

    @work(exclusive=True, group="visit-case", exit_on_error=False)
    async def _open_case_for_refusal(self) -> None:
        hold = self.jhro.hold_keys()
        try:
            case_id = await call(self.jhro, open_case_for_refusal, self.visit_id)
        except JhroError as exc:
            hold.release()
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.jhro.open_case(case_id, hold)

    @work(exclusive=True, group="visit-form", exit_on_error=False)
    async def action_edit(self) -> None:
        if self.found is None:
            return
        try:
            facilities = await places(self.jhro)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        form = visit_form(self.jhro, facilities, self.found)

        async def shown(view: VisitView) -> VisitView:
            self.show(view)
            return view

        form.then(shown)
        self.app.push_screen(form)

    def action_add_follow_up(self) -> None:
        if self.found is None:
            return
        form = visit_follow_up_form(self.jhro, self.found)

        async def read_back(task: FollowUpView) -> FollowUpView:
            self.show(await call(self.jhro, visit, self.visit_id))
            return task

        form.then(read_back)
        self.app.push_screen(form)

    @work(exclusive=True, group="visit-done", exit_on_error=False)
    async def action_follow_up_done(self) -> None:
        row = self.query_one("#visit-follow-ups", VirtualTable).current_row
        if self.found is None or row is None:
            return
        task = next(task for task in self.found.follow_ups if task.id == row.key)
        try:
            await call(self.jhro, complete_visit_follow_up, task.id,
                       expected_version=task.version, done=task.done_at is None)
            self.show(await call(self.jhro, visit, self.visit_id))
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)

    def action_remove(self) -> None:
        if self.found is None:
            return
        view = self.found

        confirm_then(self.app, _(
            "Remove the visit to {facility} of {date}, with its follow-ups? A case opened "
            "for it stays.").format(facility=view.facility_name,
                                    date=format_date(view.visited_on)),
                     lambda: self._remove(view))

    @work(exclusive=True, group="visit-remove", exit_on_error=False)
    async def _remove(self, view: VisitView) -> None:
        try:
            await call(self.jhro, remove_visit, view.id, expected_version=view.version)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Visit removed."), markup=False)
        self.jhro.go_back()

    def show(self, view: VisitView) -> None:
        self.found = view
        self.query_one("#visit-title", Label).update(plain(
            _("Visit to {facility}, {date}").format(facility=view.facility_name,
                                                    date=format_date(view.visited_on))))
        self.query_one("#visit-access", Label).update(plain(
            _("Access: {access}").format(access=choice_label("visit_access", view.access))))
        lines = [
            _("Officers: {officers}").format(officers=", ".join(view.officers) or "-"),
            _("Seen: men {men}, women {women}, boys {boys}, girls {girls}").format(
                men=_count(view.men), women=_count(view.women), boys=_count(view.boys),
                girls=_count(view.girls)),
            _("Conditions: {conditions}").format(conditions=", ".join(
                choice_label("detention_condition", code) for code in view.conditions)
                or "-"),
            _("Case: {reference}").format(reference=view.case_reference or "-"),
        ]
        if view.notes:
            lines.append(_("Notes: {notes}").format(notes=view.notes))
        self.query_one("#visit-facts", Static).update(plain("\n".join(lines), multiline=True))
        rows = [VirtualRow(task.id, (format_date(task.due_on),
                                     _("done") if task.done_at else "",
                                     task.assigned_to, task.description))
                for task in view.follow_ups]
        self.query_one("#visit-follow-ups", VirtualTable).reset(
            len(rows), keep_cursor=True, first_page=rows)

    def help_notes(self) -> list[tuple[str, str]]:
        return [("c", _("refused access: open a case for it (or the case opened for it)")),
                ("↑ ↓", _("follow-ups: the one d marks done"))]


async def _no_more_pages(offset: int, limit: int, previous: VirtualRow | None
                         ) -> list[VirtualRow]:
    """A detainee's steps and a visit's follow-ups are given whole to ``reset``."""
    return []
