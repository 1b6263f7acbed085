"""A law's page: what the law is, where it stands and what is next, how it got there (its
stage history), what the office did about it (its actions, latest first) and the cases
that show its problem, with their status now.

One scrolling document (``widgets.document``), so that it reads at 80×24 however long
the history; the keys that act on one action or one case ask which, in a list that
narrows as one types (or take the only one there is)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from jhro_tui.errors import JhroError, ValidationError
from jhro_tui.i18n import N_, _, format_date, format_datetime, format_number, ngettext
from jhro_tui.services.advocacy import actions, laws
from jhro_tui.services.advocacy.views import ActionView, LawView, LinkedCase
from jhro_tui.services.forms import choice_label
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.advocacy.action_list import read_action
from jhro_tui.ui.advocacy.forms import action_form, law_form, link_case_form, stage_form
from jhro_tui.ui.choices import reference_label
from jhro_tui.ui.justice.opening import open_after_reading
from jhro_tui.ui.records.shared import call, only_code
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import PacedScreen, Route
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, confirm_then
from jhro_tui.ui.screens.record_view import RecordScreen
from jhro_tui.ui.widgets.document import Document, Section
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.picker import Choice

for _action in (
    Action("law.edit", "e", "edit", N_("law"), N_("Change the law"), scope="law",
           footer=N_("Change")),
    Action("law.stage", "s", "move", N_("law"), N_("Move to another stage"), scope="law",
           footer=N_("Stage")),
    Action("law.action", "a", "add_action", N_("law"), N_("Log an action on this law"),
           scope="law", footer=N_("Action")),
    Action("law.open_case", "j,enter", "open_case", N_("law"), N_("Open a linked case…"),
           scope="law", footer=N_("Case"), key_display="j"),
    Action("law.done", "d", "follow_up_done", N_("law"),
           N_("Mark an action's follow-up done (or not done)…"), scope="law",
           footer=N_("Done")),
    Action("law.link", "l", "link_case", N_("law"), N_("Link a case"), scope="law",
           footer=N_("Link")),
    # The footer has room for six keys at 80 columns: these are in help and the palette.
    Action("law.change_action", "c", "change_action", N_("law"), N_("Change an action…"),
           scope="law", show=False),
    Action("law.unlink", "u", "unlink_case", N_("law"), N_("Unlink a case…"), scope="law",
           show=False),
    Action("law.withdraw_stage", "W", "withdraw_stage", N_("law"),
           N_("Withdraw the latest stage (recorded by mistake; supervisor)"), scope="law",
           show=False),
    Action("law.remove_action", "delete", "remove_action", N_("law"),
           N_("Remove an action (recorded by mistake; supervisor)…"), scope="law",
           show=False),
    Action("law.remove", "X", "remove", N_("law"),
           N_("Remove the law (recorded by mistake; supervisor)"), scope="law", show=False),
    Action("law.reload", "f5", "reload", N_("law"), N_("Reload"), scope="law", show=False),
    Action("law.back", "escape", "back", N_("go"), N_("Back"), scope="law"),
):
    register(_action)


def open_law(screen: PacedScreen[Any], law_id: int) -> None:
    """Read the law, then put its page up (the keys typed meanwhile held for it)."""
    open_after_reading(screen, laws.law, (law_id,), lambda found: LawScreen(law_id, found),
                       group="open-law")


def open_action(screen: PacedScreen[Any], action_id: int,
                push: Callable[[FormScreen[ActionView]], object] | None = None) -> None:
    """An action (its follow-up on the home screen, its row in the Advocacy screen's
    actions): the page of the law it is on, else its own form, to read and change it, the
    action read (and audited) first. ``push`` puts the form up (the screen's own way,
    which reads its lists back once the form saved)."""
    hold = screen.jhro.hold_keys()

    async def read_then_open() -> None:
        try:
            action, lines = await call(screen.jhro, read_action, action_id)
        except JhroError as exc:
            hold.release()
            screen.notify(exc.message(), severity="error", markup=False)
            return
        if action.law_id is not None:
            with hold:  # the page's own hold is taken before this one goes
                open_law(screen, action.law_id)
            return
        with hold:
            if screen.jhro.session_open:  # never a form over the lock
                (push or screen.app.push_screen)(
                    action_form(screen.jhro, shown=action, laws=lines))

    screen.run_worker(read_then_open(), group="open-action", exclusive=True,
                      exit_on_error=False)


def next_follow_up(view: LawView) -> ActionView | None:
    """The action whose follow-up is the earliest still open: what is next."""
    open_ones = [action for action in view.actions
                 if action.follow_up is not None and action.follow_up.done_at is None]
    return min(open_ones, key=lambda action: (action.follow_up_on, action.id), default=None)


def follow_up_state(action: ActionView, today: dt.date) -> str:
    task = action.follow_up
    if task is None:
        return ""
    if task.done_at is not None:
        return _("done")
    return _("OVERDUE") if task.overdue(today) else _("open")


def where_it_stands(view: LawView, today: dt.date) -> str:
    stands = _("{stage} since {date}").format(stage=choice_label("law_stage", view.stage),
                                              date=format_date(view.stage_on))
    coming = next_follow_up(view)
    if coming is None or coming.follow_up_on is None:
        return stands + " · " + _("nothing due")
    return stands + " · " + _("next due {date} ({state})").format(
        date=format_date(coming.follow_up_on), state=follow_up_state(coming, today))


def _jurisdiction(view: LawView) -> str:
    text = choice_label("law_jurisdiction", view.jurisdiction)
    if view.province_code:
        text += f" ({reference_label('province', view.province_code)})"
    return text


def facts(view: LawView, today: dt.date) -> str:
    coming = next_follow_up(view)
    lines = [
        _("Kind: {kind} · {jurisdiction}").format(kind=choice_label("law_kind", view.kind),
                                                  jurisdiction=_jurisdiction(view)),
        _("Theme: {theme}").format(theme=choice_label("law_theme", view.theme)),
        _("Standards: {standards}").format(standards="; ".join(
            choice_label("standard", code) for code in view.standards) or "-"),
        _("Priority: {priority} · responsible officer: {officer}").format(
            priority=choice_label("priority", view.priority), officer=view.officer or "-"),
        _("Stage: {stage} since {date}").format(
            stage=choice_label("law_stage", view.stage), date=format_date(view.stage_on)),
        _("Next: {what}").format(what=_("{date}, {step} ({state})").format(
            date=format_date(coming.follow_up_on), step=coming.next_step,
            state=follow_up_state(coming, today))
            if coming is not None and coming.follow_up_on is not None else _("nothing due")),
    ]
    if view.note:
        lines.append(_("Note: {note}").format(note=view.note))
    lines.append(_("Recorded by {who} on {when}; last changed by {by} on {at}").format(
        who=view.created_by, when=format_datetime(view.created_at), by=view.updated_by,
        at=format_datetime(view.updated_at)))
    return "\n".join(lines)


def history(view: LawView) -> str:
    """The latest stage first, as the timeline of actions reads."""
    return "\n".join(
        _("{date}  {stage}: {evidence} (recorded by {who})").format(
            date=format_date(step.on), stage=choice_label("law_stage", step.stage),
            evidence=step.evidence or "-", who=step.recorded_by)
        for step in reversed(view.history))


def action_heading(action: ActionView) -> str:
    parts = [format_date(action.taken_on), choice_label("action_kind", action.kind),
             choice_label("institution", action.institution), action.target_name,
             action.target_person]
    return " · ".join(part for part in parts if part)


def action_text(action: ActionView, today: dt.date) -> str:
    lines = [action_heading(action), "  " + action.summary]
    if action.outcome:
        lines.append("  " + _("Outcome: {outcome}").format(outcome=action.outcome))
    if action.next_step or action.follow_up_on:
        step = action.next_step or "-"
        if action.follow_up_on is not None:
            step = _("{step}, by {date} ({state})").format(
                step=step, date=format_date(action.follow_up_on),
                state=follow_up_state(action, today))
        lines.append("  " + _("Next step: {step}").format(step=step))
    lines.append("  " + _("Recorded by {who}").format(who=action.created_by))
    return "\n".join(lines)


def timeline(view: LawView, today: dt.date) -> str:
    if not view.actions:
        return _("No action yet (a: log one).")
    return "\n\n".join(action_text(action, today) for action in view.actions)


def linked(view: LawView) -> str:
    lines = [_("{reference}  {title}  [{status}]{how}").format(
        reference=case.reference, title=case.title,
        status=choice_label("status", case.status),
        how="" if case.action_id is None else " " + _("(through an action)"))
        for case in view.cases]
    if view.hidden_cases:
        lines.append(ngettext("{count} linked case you may not see",
                              "{count} linked cases you may not see",
                              view.hidden_cases).format(
            count=format_number(view.hidden_cases)))
    return "\n".join(lines) or _("No case linked (l: link one).")


def action_choice(action: ActionView, hint: str = "") -> Choice:
    """An action in a list: its day and kind, then ``hint`` (its summary when not
    given), cut to what one line holds at 80 columns."""
    label = f"{format_date(action.taken_on)} · {choice_label('action_kind', action.kind)}"
    return Choice(str(action.id), label, (hint or action.summary)[:40],
                  keywords=(action.summary, action.target_name, action.target_person))


def case_choice(case: LinkedCase) -> Choice:
    return Choice(str(case.case_id), case.reference, case.title, keywords=(case.title,))


def picker(title: str, label: str, choices: list[Choice]) -> FormScreen[str]:
    """Choose one of ``choices``; the form returns its code."""
    codes = {choice.code for choice in choices}

    async def submit(values: Values) -> str:
        picked = values.get("picked")
        if not picked or picked not in codes:
            raise ValidationError("picked", N_("Choose one from the list."))
        return picked

    field = FormField("picked", label, "choice", only_code(choices), choices,
                      placeholder=_("type to narrow the list"))
    return FormScreen(title, [field], submit, choose_with_enter=True)


class LawScreen(RecordScreen[LawView]):
    """One law or policy, read (and audited) before it opens; every change shows the law
    as the service returns it."""

    SCOPE = "law"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = "#law-page"

    def __init__(self, law_id: int, found: LawView | None = None) -> None:
        super().__init__()
        self.law_id = law_id
        self.found = found

    def compose(self) -> ComposeResult:
        with Vertical(id="law-header", classes="bar"):
            yield Label("", id="law-title")
            yield Label("", id="law-stands")
        yield KeyBar()
        yield Document(id="law-page")

    def route(self) -> Route:
        law_id = self.law_id
        return lambda: LawScreen(law_id)

    def reader(self) -> tuple[Callable[..., LawView], int]:
        return laws.law, self.law_id

    def show(self, view: LawView) -> None:
        self.found = view
        today = self.jhro.today()
        self.query_one("#law-title", Label).update(plain(view.title))
        self.query_one("#law-stands", Label).update(plain(where_it_stands(view, today)))
        self.query_one("#law-page", Document).update([
            Section("facts", _("The law"), facts(view, today)),
            Section("history", _("Stage history (latest first)"), history(view)),
            Section("actions", _("Actions (latest first)"), timeline(view, today)),
            Section("cases", _("Linked cases"), linked(view)),
        ])

    # -- forms ---------------------------------------------------------------------

    def _push_law_form(self, form: FormScreen[LawView]) -> None:
        async def shown(view: LawView) -> LawView:
            self.show(view)
            return view

        form.then(shown)
        self.app.push_screen(form)

    def _push_action_form(self, form: FormScreen[ActionView]) -> None:
        async def read_back(view: ActionView) -> ActionView:
            self.show(await call(self.jhro, laws.law, self.law_id))
            return view

        form.then(read_back)
        self.app.push_screen(form)

    def _choose(self, title: str, label: str, choices: list[Choice], none: str,
                then: Callable[[int], object]) -> None:
        """Ask which one of ``choices`` (``none`` said when there is none), then
        ``then(its id)``."""
        if not choices:
            self.notify(none, markup=False)
            return

        def picked(code: str | None) -> None:
            if code is not None:
                then(int(code))

        self.app.push_screen(picker(title, label, choices), picked)

    def action_edit(self) -> None:
        if self.found is not None:
            self._push_law_form(law_form(self.jhro, self.found))

    def action_move(self) -> None:
        if self.found is not None:
            self._push_law_form(stage_form(self.jhro, self.found))

    def action_add_action(self) -> None:
        if self.found is not None:
            self._push_action_form(action_form(self.jhro, self.found))

    def action_link_case(self) -> None:
        if self.found is not None:
            self._push_law_form(link_case_form(self.jhro, self.found))

    def action_change_action(self) -> None:
        if self.found is None:
            return
        self._choose(_("Change an action"), _("Action"),
                     [action_choice(action) for action in self.found.actions],
                     _("No action on this law yet."), self._change_action)

    @work(exclusive=True, group="law-form", exit_on_error=False)
    async def _change_action(self, action_id: int) -> None:
        """The action is read whole (with its linked cases): the form makes its links
        exactly those it holds."""
        try:
            shown = await call(self.jhro, actions.advocacy_action, action_id)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self._push_action_form(action_form(self.jhro, self.found, shown))

    def action_follow_up_done(self) -> None:
        if self.found is None:
            return
        today = self.jhro.today()
        due = [action for action in self.found.actions if action.follow_up is not None]
        self._choose(_("Follow-up done or not done"), _("Action"),
                     [action_choice(action, f"{follow_up_state(action, today)}: "
                                            f"{action.next_step}") for action in due],
                     _("No action on this law has a follow-up."), self._toggle_done)

    @work(exclusive=True, group="law-done", exit_on_error=False)
    async def _toggle_done(self, action_id: int) -> None:
        assert self.found is not None
        action = next(action for action in self.found.actions if action.id == action_id)
        task = action.follow_up
        assert task is not None
        try:
            await call(self.jhro, actions.complete_follow_up, task.id,
                       expected_version=task.version, done=task.done_at is None)
            self.show(await call(self.jhro, laws.law, self.law_id))
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)

    # -- linked cases --------------------------------------------------------------

    def action_open_case(self) -> None:
        if self.found is None:
            return
        if len(self.found.cases) == 1:  # nothing to choose: opening changes nothing
            self.jhro.open_case(self.found.cases[0].case_id)
            return
        self._choose(_("Open a linked case"), _("Case"),
                     [case_choice(case) for case in self.found.cases],
                     _("No linked case you may open."), self.jhro.open_case)

    def action_unlink_case(self) -> None:
        if self.found is None:
            return
        own = {case.link_id: case for case in self.found.cases if case.action_id is None}
        choices = [Choice(str(link_id), case.reference, case.title, keywords=(case.title,))
                   for link_id, case in own.items()]

        def unlink(link_id: int) -> None:
            confirm_then(self.app, _("Unlink the case {reference} from this law?").format(
                reference=own[link_id].reference), lambda: self._unlink(link_id))

        self._choose(_("Unlink a case"), _("Case"), choices, _(
            "No case linked on the law itself (a case linked through an action goes with "
            "the action)."), unlink)

    @work(exclusive=True, group="law-unlink", exit_on_error=False)
    async def _unlink(self, link_id: int) -> None:
        try:
            self.show(await call(self.jhro, laws.unlink_case, self.law_id, link_id))
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)

    # -- the supervisor's corrections ----------------------------------------------

    def action_withdraw_stage(self) -> None:
        if self.found is None:
            return
        view = self.found
        latest = view.history[-1] if view.history else None
        if latest is None or len(view.history) < 2:
            self.notify(_("This is the law's first stage: change the law, or remove it, "
                          "instead."), markup=False)
            return
        confirm_then(self.app, _(
            "Withdraw the stage {stage} of {date}, recorded by mistake? The law goes back "
            "to {before}.").format(stage=choice_label("law_stage", latest.stage),
                                   date=format_date(latest.on),
                                   before=choice_label("law_stage", view.history[-2].stage)),
                     lambda: self._withdraw(view))

    @work(exclusive=True, group="law-withdraw", exit_on_error=False)
    async def _withdraw(self, view: LawView) -> None:
        try:
            self.show(await call(self.jhro, laws.withdraw_stage, view.id,
                                 expected_version=view.version))
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)

    def action_remove_action(self) -> None:
        if self.found is None:
            return
        by_id = {action.id: action for action in self.found.actions}

        def remove(action_id: int) -> None:
            action = by_id[action_id]
            confirm_then(self.app, _(
                "Remove the action “{action}”, with its follow-up and its links to cases? "
                "Only for an action recorded by mistake.").format(
                    action=action_heading(action)), lambda: self._remove_action(action))

        self._choose(_("Remove an action"), _("Action"),
                     [action_choice(action) for action in by_id.values()],
                     _("No action on this law yet."), remove)

    @work(exclusive=True, group="law-remove-action", exit_on_error=False)
    async def _remove_action(self, action: ActionView) -> None:
        try:
            await call(self.jhro, actions.remove_action, action.id,
                       expected_version=action.version)
            self.show(await call(self.jhro, laws.law, self.law_id))
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Action removed."), markup=False)

    def action_remove(self) -> None:
        if self.found is None:
            return
        view = self.found
        confirm_then(self.app, _(
            "Remove the law “{title}”, with its stage history and its links to cases? "
            "Its actions stay, on no law. Only for a law recorded by mistake.").format(
                title=view.title), lambda: self._remove(view))

    @work(exclusive=True, group="law-remove", exit_on_error=False)
    async def _remove(self, view: LawView) -> None:
        try:
            await call(self.jhro, laws.remove_law, view.id, expected_version=view.version)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Law removed."), markup=False)
        self.jhro.go_back()

    def help_notes(self) -> list[tuple[str, str]]:
        return [("↑ ↓ PgUp PgDn", _("scroll the page")),
                ("Enter", _("open a linked case, as j"))]

