"""The audit viewer: the trail's events, newest first, filtered, and the check of its chain.

Who sees which events is the service's rule (``services/audit_view.py``): a supervisor
their office's, an administrator all of them without the details that may hold case text.
The list pages from the database; its count stops at a cap and grows as the list is
scrolled to its end. The check runs on the database thread in stretches, so the screen
stays live and its bar moves while it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar, Static

from jhro_tui.errors import JhroError
from jhro_tui.i18n import N_, _, format_number, ngettext
from jhro_tui.services import maintenance
from jhro_tui.services.audit_view import (
    VIEWER_ROLES,
    AuditEventView,
    AuditListing,
    AuditQuery,
    ChainCheck,
    check_chain,
    count_events,
    find_events,
    list_events,
)
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.session import Session
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.navigation import Destination, declare, go_action
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.virtual_table import Column, ColumnHeader, VirtualRow, VirtualTable

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

for _action in (
    Action("audit.filter", "f", "filters", N_("audit"), N_("Filter the events"),
           scope="audit", footer=N_("Filter")),
    Action("audit.clear", "c", "clear_filters", N_("audit"), N_("Clear the filters"),
           scope="audit", footer=N_("Clear")),
    Action("audit.check", "v", "check", N_("audit"), N_("Check the audit chain"),
           scope="audit", footer=N_("Check")),
    Action("audit.reload", "f5", "reload", N_("audit"), N_("Read the events again"),
           scope="audit", show=False),
    Action("audit.back", "escape", "back", N_("go"), N_("Back"), scope="audit"),
):
    register(_action)

OUTCOMES = {"ok": N_("ok"), "denied": N_("denied"), "failed": N_("failed")}


def audit_columns() -> list[Column]:
    return [Column(_("No."), 8, align="right", gives_way=5),
            Column(_("When"), 16), Column(_("Account"), 14, least=9, gives_way=4),
            Column(_("Action"), 16, least=11, gives_way=3),
            Column(_("Object"), 18, gives_way=2),
            Column(_("Result"), 6), Column(_("Detail"), least=8)]


def event_row(event: AuditEventView, zone: dt.tzinfo | None) -> VirtualRow:
    return VirtualRow(event.seq, (
        str(event.seq), event.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"), event.account,
        event.action, event.object, _(OUTCOMES.get(event.outcome, event.outcome)),
        _("(withheld)") if event.withheld else event.detail), (event.seq,))


def first_events(session: Session) -> tuple[AuditQuery, AuditListing]:
    """The count and first page of the viewer as it opens: no filter (audited)."""
    query = AuditQuery()
    return query, find_events(session, query, AuditScreen.PAGE_SIZE)


class AuditScreen(JhroScreen):
    """The audit trail's events this account may see, and the check of the chain."""

    SCOPE = "audit"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = "#audit-table"
    PAGE_SIZE: ClassVar[int] = 100
    DEFAULT_CSS = """
    #audit-bar { height: 1; background: $primary 20%; padding: 0 1; }
    #audit-title { text-style: bold; width: auto; margin-right: 2; }
    #audit-count { width: auto; margin-right: 2; }
    #audit-filters { width: 1fr; color: $text-muted; }
    #audit-event { height: 2; padding: 0 1; color: $text-muted; }
    #audit-check-line { height: 1; padding: 0 1; }
    #audit-progress { width: auto; margin-right: 2; }
    #audit-check { width: 1fr; }
    """

    def __init__(self, found: tuple[AuditQuery, AuditListing] | None = None) -> None:
        """``found``, the query and what it found, read before the screen was put up."""
        super().__init__()
        self.audit_query, listing = found or (AuditQuery(), None)
        self._found = listing
        self.total = 0
        self.more = False
        self.checking = False
        self.events: dict[int, AuditEventView] = {}
        """The events of the pages read, for the line under the list (the current one's
        whole detail); forgotten with each new query."""

    def compose(self) -> ComposeResult:
        table = VirtualTable(audit_columns(), self._load_page, page_size=self.PAGE_SIZE,
                             id="audit-table")
        with Horizontal(id="audit-bar"):
            yield Label(plain(_("Audit trail")), id="audit-title")
            yield Label("", id="audit-count")
            yield Label("", id="audit-filters")
        yield ColumnHeader(table)
        yield table
        yield Static("", id="audit-event")
        with Horizontal(id="audit-check-line"):
            progress = ProgressBar(total=None, show_eta=False, id="audit-progress")
            progress.display = False
            yield progress
            yield Label(plain(_("v: check the chain   f: filter   c: clear")),
                        id="audit-check")
        yield KeyBar()

    def on_mount(self) -> None:
        self.watch(self.query_one(VirtualTable), "cursor", self._show_event, init=False)
        listing, self._found = self._found, None
        self._describe_filters()
        if listing is None:
            self.reload()
        else:
            self._show_found(listing)

    def route(self) -> Route:
        query = self.audit_query
        return lambda: _reopened(query)

    # -- reading -------------------------------------------------------------------------

    @property
    def zone(self) -> dt.tzinfo | None:
        return self.jhro.settings.zone

    async def _load_page(self, offset: int, limit: int, previous: VirtualRow | None
                         ) -> Sequence[VirtualRow]:
        app = self.jhro
        query = self.audit_query
        events = await app.call_db(list_events, app.require_session(), query,
                                   before=previous.key if previous is not None else None,
                                   offset=offset, limit=limit)
        self.events.update((event.seq, event) for event in events)
        cursor = self.query_one(VirtualTable).cursor
        if query == self.audit_query and offset <= cursor < offset + len(events):
            # The cursor came here before its row (End): the line below says it now.
            self._show_event(events[cursor - offset])
        if events and offset + len(events) >= self.total:
            await self._count_further(query, events[-1].seq, offset + len(events))
        return [event_row(event, self.zone) for event in events]

    async def _count_further(self, query: AuditQuery, last: int, read: int) -> None:
        """The list read to the end of its count (``read`` rows, the last ``last``), which
        stopped at the cap: count on from there, and let the list grow."""
        if not self.more or query != self.audit_query:
            return
        app = self.jhro
        count, more = await app.call_db(count_events, app.require_session(), query, last)
        if query == self.audit_query:
            self.more = more
            self.total = max(self.total, read) + count
            self._paint_count()
            self.query_one(VirtualTable).grow(self.total)

    @work(group="audit-count", exit_on_error=False)
    async def _count_from(self, query: AuditQuery, last: int, read: int) -> None:
        await self._count_further(query, last, read)

    def reload(self) -> None:
        self._read(self.audit_query)

    @work(exclusive=True, group="audit-read", exit_on_error=False)
    async def _read(self, query: AuditQuery) -> None:
        app = self.jhro
        try:
            listing = await app.call_db(find_events, app.require_session(), query,
                                        self.PAGE_SIZE)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        if query == self.audit_query:
            self._show_found(listing)

    def _show_found(self, listing: AuditListing) -> None:
        self.events = {event.seq: event for event in listing.events}
        self.more = listing.more
        table = self.query_one(VirtualTable)
        table.empty_text = _("No event matches these filters: c clears them.") \
            if self.audit_query != AuditQuery() else _("No event.")
        self.query_one("#audit-title", Label).update(plain(
            _("Audit trail: {office}").format(office=listing.scope) if listing.scope
            else _("Audit trail: every office")))
        self.total = listing.count
        self._paint_count()
        table.reset(listing.count, first_page=[event_row(event, self.zone)
                                               for event in listing.events])
        self._show_event()
        if listing.events and len(listing.events) >= listing.count:
            self._count_from(self.audit_query, listing.events[-1].seq, len(listing.events))

    def _paint_count(self) -> None:
        count = format_number(self.total)
        self.query_one("#audit-count", Label).update(plain(
            _("more than {count} events").format(count=count) if self.more
            else ngettext("{count} event", "{count} events", self.total).format(count=count)))

    def _describe_filters(self) -> None:
        query = self.audit_query
        parts = [part for part in (
            query.account and _("account {name}").format(name=query.account),
            query.action and _("action {name}").format(name=query.action),
            query.case and _("case {reference}").format(reference=query.case),
            query.date_from and _("from {day}").format(day=query.date_from.isoformat()),
            query.date_to and _("to {day}").format(day=query.date_to.isoformat())) if part]
        self.query_one("#audit-filters", Label).update(plain(
            " · ".join(parts) if parts else _("no filter (f)")))

    def _show_event(self, current: object = None) -> None:
        """The event under the cursor (or ``current``), whole: its object and detail
        (sanitised)."""
        event = current if isinstance(current, AuditEventView) else None
        if event is None:
            row = self.query_one(VirtualTable).current_row
            event = self.events.get(row.key) if row is not None else None
        text = ""
        if event is not None:
            detail = _("(withheld: it may hold words typed about cases)") if event.withheld \
                else event.detail or "—"
            text = f"{event.seq} · {event.account} · {event.action} · " \
                   f"{event.object or '—'}\n{detail}"
        self.query_one("#audit-event", Static).update(plain(text, multiline=True))

    # -- filters ---------------------------------------------------------------------------

    def action_filters(self) -> None:
        self.app.push_screen(audit_filter_form(self.jhro, self.audit_query),
                             self._filters_chosen)

    def _filters_chosen(self, chosen: tuple[AuditQuery, AuditListing] | None) -> None:
        if chosen is not None:
            self.audit_query = chosen[0]
            self._describe_filters()
            self._show_found(chosen[1])

    def action_clear_filters(self) -> None:
        if self.audit_query != AuditQuery():
            self.audit_query = AuditQuery()
            self._describe_filters()
            self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "check":
            return not self.checking
        if action == "clear_filters":
            return self.audit_query != AuditQuery()
        return True

    # -- the check of the chain ------------------------------------------------------------

    def action_check(self) -> None:
        if self.checking:
            return
        self.checking = True
        self.refresh_bindings()
        self._say(_("Checking the audit chain…"))
        bar = self.query_one("#audit-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._check()

    @work(exclusive=True, group="audit-check", exit_on_error=False)
    async def _check(self) -> None:
        app = self.jhro
        bar = self.query_one("#audit-progress", ProgressBar)
        progress: ChainCheck | None = None
        try:
            while progress is None or not progress.done:
                progress = await app.call_db(check_chain, app.require_session(), progress)
                bar.update(total=max(1, progress.head), progress=progress.position.seq)
        except JhroError as exc:
            self._say(exc.message(), alarm=True)
        else:
            report = progress.report
            if report is not None:
                lines = maintenance.findings(maintenance.VerifyReport([], report))
                self._say("  ".join(lines), alarm=not report.intact)
        finally:
            self.checking = False
            bar.display = False
            self.refresh_bindings()

    def _say(self, text: str, alarm: bool = False) -> None:
        line = self.query_one("#audit-check", Label)
        line.update(plain(text))
        line.set_class(alarm, "alarm")

    def help_notes(self) -> list[tuple[str, str]]:
        return [("↑ ↓ PgUp PgDn", _("move in the list; the line below shows the event "
                                    "whole"))]

    def action_back(self) -> None:
        self.jhro.go_back()

    @on(VirtualTable.Selected)
    def _selected(self) -> None:
        self._show_event()


def _reopened(query: AuditQuery) -> AuditScreen:
    screen = AuditScreen()
    screen.audit_query = query
    return screen


def _day(values: Values, key: str) -> dt.date | None:
    """A day, a month or a year as typed (a month or a year: its first day for the
    start, its last for the end)."""
    text = (values.get(key) or "").strip()
    if not text:
        return None
    partial = PartialDate.parse(text, key)
    return partial.last_day() if key == "date_to" else partial.first_day()


def audit_filter_form(app: Shell, query: AuditQuery
                      ) -> FormScreen[tuple[AuditQuery, AuditListing]]:
    async def submit(values: Values) -> tuple[AuditQuery, AuditListing]:
        chosen = AuditQuery((values.get("account") or "").strip(),
                            (values.get("action") or "").strip(),
                            (values.get("case") or "").strip(),
                            _day(values, "date_from"), _day(values, "date_to"))
        # Read before the form closes: a refused filter (an unknown account) is said on
        # its field, and the list is painted once.
        listing = await app.call_db(find_events, app.require_session(), chosen,
                                    AuditScreen.PAGE_SIZE)
        return chosen, listing

    def day_text(value: dt.date | None) -> str:
        return value.isoformat() if value else ""

    fields = [
        FormField("account", _("Account"), "text", query.account,
                  placeholder=_("account name, e.g. j.mukendi")),
        FormField("action", _("Action"), "text", query.action,
                  placeholder=_("e.g. case.view, or case.* for every case action")),
        FormField("case", _("Case"), "text", query.case, placeholder=_("reference")),
        FormField("date_from", _("From"), "text", day_text(query.date_from),
                  placeholder=_("YYYY, YYYY-MM or YYYY-MM-DD")),
        FormField("date_to", _("To"), "text", day_text(query.date_to),
                  placeholder=_("YYYY, YYYY-MM or YYYY-MM-DD")),
    ]
    return FormScreen(_("Filter the audit events"), fields, submit,
                      intro=_("Leave a field empty to keep every value. Days are the "
                              "office's."))


declare(Destination(go_action("go.audit", "f10", N_("go"), N_("Audit trail")),
                    AuditScreen, VIEWER_ROLES, first_events, AuditScreen),
        before="session.passphrase")
