"""A detainee (identity masked, the legal state now, the timeline) and a visit (access,
headcounts, conditions, the case opened for a refusal, follow-ups), each read before it is
put up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _, format_date, format_datetime, format_number, ngettext
from jhro_tui.services.detention.detainees import detainee
from jhro_tui.services.detention.views import DetaineeView, StepView, VisitView
from jhro_tui.services.detention.visits import open_case_for_refusal, visit
from jhro_tui.services.forms import choice_label
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.justice.opening import open_after_reading
from jhro_tui.ui.records.shared import call
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen, PacedScreen, Route
from jhro_tui.ui.widgets.key_bar import KeyBar

for _action in (
    Action("detainee.reveal", "ctrl+r", "reveal", N_("detainee"), N_("Show the name"),
           scope="detainee", footer=N_("Name")),
    Action("detainee.case", "c", "open_case", N_("detainee"), N_("Open the linked case"),
           scope="detainee", footer=N_("Case")),
    Action("detainee.reload", "f5", "reload", N_("detainee"), N_("Reload"),
           scope="detainee", show=False),
    Action("detainee.back", "escape", "back", N_("go"), N_("Back"), scope="detainee"),
    Action("visit.case", "c", "open_case", N_("visit"),
           N_("Open a case for the refused access (or the case opened for it)"),
           scope="visit", footer=N_("Case")),
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


def step_line(step: StepView) -> str:
    when = format_date(step.local.date())
    if step.timed:
        when = f"{when} {step.local:%H:%M}"
    details = [choice_label("detention_step", step.kind)]
    if step.months:
        details.append(_("{months} months").format(months=format_number(step.months)))
    if step.verdict:
        details.append(choice_label("detention_verdict", step.verdict))
    if step.facility_name:
        details.append(_("to {facility}").format(facility=step.facility_name))
    if step.basis:
        details.append(choice_label("detention_release_basis", step.basis))
    if step.session_label:
        details.append(_("session: {session}").format(session=step.session_label))
    if step.note:
        details.append(step.note)
    return f"{when}  " + " · ".join(details)


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
        what += " " + _("Lapsed: {step}{article}.").format(
            step=choice_label("detention_step", lapsed.kind),
            article=f" ({lapsed.article})" if lapsed.article else "")
    return what


class DetaineeScreen(JhroScreen):
    """One detainee: the name masked until asked for (ctrl+r)."""

    SCOPE = "detainee"
    HOLDS_CASE_DATA = True

    def __init__(self, detainee_id: int, found: DetaineeView | None = None) -> None:
        super().__init__()
        self.detainee_id = detainee_id
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical(id="detainee-header", classes="bar"):
            yield Label("", id="detainee-title")
            yield Label("", id="detainee-state")
        yield KeyBar()
        with VerticalScroll(id="detainee-body"):
            yield Static("", id="detainee-facts")
            yield Label(plain(_("Timeline")), classes="section-title")
            yield Static("", id="detainee-timeline")

    def on_mount(self) -> None:
        if self.found is not None:
            self.show(self.found)
        else:
            self.load()

    def route(self) -> Route:
        detainee_id = self.detainee_id
        return lambda: DetaineeScreen(detainee_id)

    @work(exclusive=True, group="detainee", exit_on_error=False)
    async def load(self, *, reveal: bool = False) -> None:
        try:
            found = await call(self.jhro, detainee, self.detainee_id, reveal=reveal)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.show(found)

    def action_reload(self) -> None:
        self.load()

    def action_reveal(self) -> None:
        self.load(reveal=True)

    def action_open_case(self) -> None:
        if self.found is None or self.found.case_id is None:
            self.notify(_("No case is linked to this detainee."), markup=False)
            return
        self.jhro.open_case(self.found.case_id)

    def action_back(self) -> None:
        self.jhro.go_back()

    def show(self, view: DetaineeView) -> None:
        self.found = view
        name = view.name or (_("(restricted)") if view.identity_restricted
                             else _("(hidden: ctrl+r shows it)"))
        self.query_one("#detainee-title", Label).update(plain(
            _("Detainee {code}").format(code=view.code)))
        self.query_one("#detainee-state", Label).update(plain(legal_state(view)))
        lines = [
            _("Name: {name}").format(name=name),
            _("Sex: {sex} · age group: {age}").format(
                sex=choice_label("sex", view.sex) if view.sex else "-",
                age=choice_label("age_group", view.age_group) if view.age_group else "-"),
            _("Facility: {facility}").format(facility=view.facility_name),
            _("Officer: {officer}").format(officer=view.officer or "-"),
            _("Case: {reference}").format(reference=view.case_reference or "-"),
            _("Penalty: {penalty}").format(penalty=view.penalty_label or _("unknown")),
        ]
        if view.review:
            lines.append(_("Review: {review} by {by}: {reason}").format(
                review=choice_label("flag_review", view.review), by=view.review_by,
                reason=view.review_reason))
        self.query_one("#detainee-facts", Static).update(
            plain("\n".join(lines), multiline=True))
        self.query_one("#detainee-timeline", Static).update(plain(
            "\n".join(step_line(step) for step in view.steps) or _("Nothing to show."),
            multiline=True))

    def help_notes(self) -> list[tuple[str, str]]:
        return [("ctrl+r", _("show the name (the detainee's officer and the supervisor)"))]


class VisitScreen(JhroScreen):
    """One visit to a facility; a refused access opens a case with one key."""

    SCOPE = "visit"
    HOLDS_CASE_DATA = True

    def __init__(self, visit_id: int, found: VisitView | None = None) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical(id="visit-header", classes="bar"):
            yield Label("", id="visit-title")
            yield Label("", id="visit-access")
        yield KeyBar()
        with VerticalScroll(id="visit-body"):
            yield Static("", id="visit-facts")
            yield Label(plain(_("Follow-ups")), classes="section-title")
            yield Static("", id="visit-follow-ups")

    def on_mount(self) -> None:
        if self.found is not None:
            self.show(self.found)
        else:
            self.load()

    def route(self) -> Route:
        visit_id = self.visit_id
        return lambda: VisitScreen(visit_id)

    @work(exclusive=True, group="visit", exit_on_error=False)
    async def load(self) -> None:
        try:
            found = await call(self.jhro, visit, self.visit_id)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.show(found)

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.jhro.go_back()

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
        self.query_one("#visit-follow-ups", Static).update(plain("\n".join(
            f"{format_date(task.due_on)}  {_('done') if task.done_at else _('to do')}  "
            f"{task.assigned_to}: {task.description}" for task in view.follow_ups)
            or _("Nothing to show."), multiline=True))
