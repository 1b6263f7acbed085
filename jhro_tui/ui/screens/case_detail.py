"""One case file, section by section; every change goes through a form and a service.

Past 500 lines: its sections, the forms it opens (with what some must read first: the
exchange folder, the accounts to assign, the mobile court sessions) and drafts put back,
the record pickers, the printable summary and the review queue's steps all work on the
one ``CaseDetail`` the screen holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from jhro_tui.errors import JhroError, ValidationError
from jhro_tui.i18n import N_, _, format_date, format_number, ngettext
from jhro_tui.services.cases import (
    access_candidates,
    exchange_files,
    exchange_folder,
    get_case,
)
from jhro_tui.services.drafts import Draft
from jhro_tui.services.forms import CONSENT_PURPOSES, OPEN_REFERRAL_STATUSES, choice_label
from jhro_tui.services.justice.sessions import sessions as mobile_sessions
from jhro_tui.services.review import ReviewNext, next_submitted
from jhro_tui.services.summary import Request
from jhro_tui.services.summary import write as write_summary
from jhro_tui.services.views import AccessChangeView, CaseDetail
from jhro_tui.text import sanitize
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.advocacy import case_laws
from jhro_tui.ui.records import KIND_BY_KEY, KINDS, FormKey, proceeding_forms, referral, related
from jhro_tui.ui.records.shared import line, only_code, when
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens import case_forms, case_summary
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.screens.form import ConfirmScreen, FormField, FormScreen, Values
from jhro_tui.ui.widgets.document import Document, Section
from jhro_tui.ui.widgets.key_bar import KeyBar
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.services.session import Session
    from jhro_tui.ui.key_scheduler import KeyHold


@dataclass(frozen=True)
class ReadBack:
    """What a form's service returned, and the case as it is after it."""

    result: object
    detail: CaseDetail | None
    review: ReviewNext | None = None
    """In the review queue: where it stands after the step (``detail`` is then the next
    case's)."""


def _open_referrals(detail: CaseDetail) -> bool:
    return any(referral.status in OPEN_REFERRAL_STATUSES for referral in detail.referrals)


# The case's own forms, which are no record kind's (those are in ``jhro_tui.ui.records``).
EDIT = FormKey("edit", "case.edit", "e", N_("Edit"), case_forms.case_form, "documentation",
                show=True)
WORKFLOW = FormKey("workflow", "case.workflow", "w", N_("Submit, validate…"),
                    case_forms.workflow_form, None, show=True,
                    available=lambda detail: bool(detail.transitions))
CONSENT = FormKey("consent", "case.consent", "k", N_("Record consent"),
                   case_forms.consent_form, "follow_up")
PROTECTION = FormKey("protection", "case.protection", "c", N_("Review a victim's protection"),
                      case_forms.protection_form, "follow_up",
                      available=lambda detail: bool(detail.victims))
DONE = FormKey("done", "case.follow_up_done", "d", N_("Mark a follow-up done"),
                case_forms.follow_up_done_form, "follow_up",
                available=lambda detail: bool(detail.follow_ups))
REFERRAL_STATUS = FormKey("referral_status", "case.referral_status", "u",
                           N_("Update a referral"), case_forms.referral_status_form,
                           "follow_up", available=_open_referrals)
EXPORT = FormKey("export", "case.export", "s", N_("Save an attachment to a file"),
                  case_forms.export_form, None, opens="folder",
                  available=lambda detail: bool(detail.attachments))
ASSIGN = FormKey("assign", "case.assign", "g", N_("Assign or share"), case_forms.assign_form,
                  None, opens="candidates", available=lambda detail: detail.can_assign)

SECTION_ORDER = ("overview", "incidents", "victims", "perpetrators", "sources", "protection",
                 "justice", "attachments", "timeline", "history")
"""The sections of the case file, in order (keys 1 to 0): its own and its record kinds'."""
OWN_SECTIONS = {"overview": N_("Overview"), "protection": N_("Protection and referrals"),
                "timeline": N_("Notes and follow-ups"), "history": N_("History")}
KIND_SECTIONS = {kind.section.key: kind.section for kind in KINDS if kind.section}
SECTIONS = tuple((key, OWN_SECTIONS[key] if key in OWN_SECTIONS else KIND_SECTIONS[key].title)
                 for key in SECTION_ORDER)

CASE_FILE_KEYS: tuple[FormKey | Action | str, ...] = (
    # The review queue's own keys, offered only in it, first in the footer (``check_action``).
    Action("case.review_validate", "y", "review('validated')", N_("review"),
           N_("Validate, then the next case"), scope="case", footer=N_("Validate")),
    Action("case.review_return", "b", "review('draft')", N_("review"),
           N_("Return to draft (say why), then the next case"), scope="case",
           footer=N_("Return")),
    Action("case.review_next", "N", "review_next", N_("review"),
           N_("Pass over it: the next case"), scope="case", footer=N_("Next")),
    EDIT, WORKFLOW,
    "incident", "violation", "victim", "perpetrator", "source", "note", "follow_up",
    "referral",
    CONSENT, PROTECTION, DONE, REFERRAL_STATUS,
    "proceeding", "hearing", "accused", "charge", "judgment", "reparation", "payment",
    "court_victim",
    proceeding_forms.STAGE, proceeding_forms.APPEAL, proceeding_forms.JOIN,
    Action("case.change_record", "E", "pick('edit')", N_("case"), N_("Change a record…"),
           scope="case", show=False),
    Action("case.remove_record", "delete", "pick('remove')", N_("case"),
           N_("Remove a record…"), scope="case", show=False),
    "attachment",
    EXPORT, ASSIGN,
    Action("case.summary", "m", "summary", N_("case"),
           N_("Print a summary for a victim or a court…"), scope="case", footer=N_("Summary")),
    "related",
    Action("case.open_law", "O", "open_law", N_("case"),
           N_("Open a law this case illustrates…"), scope="case", show=False),
    Action("case.open_related", "j", "open_related", N_("case"), N_("Open a related case…"),
           scope="case", show=False),
    Action("case.reveal", "ctrl+r", "reveal", N_("case"), N_("Show or hide identities"),
           scope="case", show=False),
    Action("case.reload", "f5", "reload", N_("case"), N_("Reload"), scope="case",
           show=False),
    Action("case.back", "escape", "back", N_("go"), N_("Back"), scope="case"),
    *[Action(f"case.section.{key}", str(number % 10), f"section('{key}')", N_("case"),
             title, scope="case", show=False)
      for number, (key, title) in enumerate(SECTIONS, start=1)],
)
"""The case file's keys, in the order help and the palette list them; a record kind's add
key stands where its key (``jhro_tui.ui.records.KINDS``) is named."""


def _laid_out() -> list[FormKey | Action]:
    """``CASE_FILE_KEYS`` with each record kind's name replaced by the kind; refused at
    import when a registered kind, or its section, has been left out."""
    named = [entry for entry in CASE_FILE_KEYS if isinstance(entry, str)]
    if sorted(named) != sorted(KIND_BY_KEY) or not set(KIND_SECTIONS) <= set(SECTION_ORDER):
        raise ValueError("every record kind is named once in CASE_FILE_KEYS, and its "
                         "section, if it has one, in SECTION_ORDER")
    return [KIND_BY_KEY[entry] if isinstance(entry, str) else entry
            for entry in CASE_FILE_KEYS]


LAID_OUT = _laid_out()
FORMS = {entry.key: entry for entry in LAID_OUT if isinstance(entry, FormKey)}
"""Every form the case file opens by a key (``form('<key>')``), by key."""

for _entry in LAID_OUT:
    register(_entry if isinstance(_entry, Action) else _entry.action())


def _access_text(change: AccessChangeView) -> str:
    if change.kind == "assign":
        if change.previous:
            return _("assigned to {account} (was {previous})").format(
                account=change.account, previous=change.previous)
        return _("assigned to {account}").format(account=change.account)
    if change.kind == "share":
        return _("shared with {account}").format(account=change.account)
    return _("no longer shared with {account}").format(account=change.account)


class CaseDetailScreen(JhroScreen):
    """A case file. Opening it is audited; identities stay masked until asked for."""

    SCOPE = "case"
    HOLDS_CASE_DATA = True
    AUTO_FOCUS = "#case-sections"

    def __init__(self, case_id: int, detail: CaseDetail | None = None,
                 draft: Draft | None = None, *, review: ReviewNext | None = None) -> None:
        """``detail``, when the case was read before the screen was put up, shows at once;
        ``draft``, a form of this case left unsaved, is put back once the case shows;
        ``review``: the case is the review queue's, and a step lands on the next one."""
        super().__init__()
        self.case_id = case_id
        self.detail = detail
        self.reveal_identity = False
        self.pending_draft = draft
        self.review = review

    def compose(self) -> ComposeResult:
        with Vertical(id="case-head", classes="bar"):
            yield Label(plain(_("Opening…")), id="case-title")
            yield Label("", id="case-status")
            queue = Label("", id="case-review")
            queue.display = self.review is not None
            yield queue
        yield Document(id="case-sections")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.detail is not None:
            self.show(self.detail)
        else:
            self.load()

    def route(self) -> Route:
        case_id, review = self.case_id, self.review
        return lambda: CaseDetailScreen(case_id, review=review)

    @work(exclusive=True, group="case-detail", exit_on_error=False)
    async def load(self) -> None:
        app = self.jhro
        try:
            detail = await app.call_db(get_case, app.require_session(), self.case_id,
                                       reveal_identity=self.reveal_identity)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            self.dismiss_screen()
            return
        self.show(detail)

    def dismiss_screen(self) -> None:
        if self.is_current:
            self.app.pop_screen()

    def show(self, detail: CaseDetail) -> None:
        self.detail = detail
        self.query_one("#case-title", Label).update(plain(f"{detail.reference}  {detail.title}"))
        self.query_one("#case-status", Label).update(plain(" · ".join((
            choice_label("status", detail.status), choice_label("priority", detail.priority),
            choice_label("confidentiality", detail.confidentiality),
            detail.officer_full_name or detail.officer, detail.office,
            detail.province_label))))
        self._show_queue()
        own = {"overview": self._overview, "protection": self._protection,
               "timeline": self._timeline, "history": self._history}
        self.query_one(Document).update([
            Section(key, _(title), (own[key](detail) if key in own
                                    else KIND_SECTIONS[key].render(detail))
                    or _("Nothing recorded."))
            for key, title in SECTIONS])
        self.refresh_bindings()
        if self.pending_draft is not None:
            draft, self.pending_draft = self.pending_draft, None
            self.call_later(self.reopen, draft)

    def _show_queue(self) -> None:
        queue = self.review
        label = self.query_one("#case-review", Label)
        label.display = queue is not None
        if queue is not None:
            label.update(plain(ngettext(
                "Review queue: {count} more submitted case after this one",
                "Review queue: {count} more submitted cases after this one",
                queue.remaining).format(count=format_number(queue.remaining))
                if queue.remaining else _("Review queue: the last submitted case")))

    # -- sections ----------------------------------------------------------------------

    def _overview(self, d: CaseDetail) -> str:
        lines = [
            line(_("Opened on"), format_date(d.opened_on), _("by"), d.created_by),
            line(_("Last change"), when(d.updated_at), _("by"), d.updated_by,
                  _("version"), d.version),
        ]
        if d.shared_with:
            lines.append(line(_("Shared with"), ", ".join(d.shared_with)))
        lines += related.overview_lines(d)
        lines += case_laws.overview_lines(d)
        lines += [line(_("Opened for a refused visit"), item.label, format_date(item.on))
                  if item.on is not None else
                  line(_("Detainee"), item.label, item.facility_name,
                       _("held past the legal limit") if item.past_limit
                       else _("held") if item.held else _("released"))
                  for item in d.detention]
        lines.append("")
        lines.append(sanitize(d.narrative, multiline=True) or _("No narrative yet."))
        return "\n".join(lines)

    def _protection(self, d: CaseDetail) -> str:
        lines = []
        states = {"given": _("given"), "refused": _("refused"), "revoked": _("withdrawn")}
        for victim in d.victims:
            consents = []
            for purpose in CONSENT_PURPOSES:
                record = victim.consent(purpose)
                state = states[record.state] if record else _("not asked")
                consents.append(f"{choice_label('consent_purpose', purpose)}: {state}")
            lines.append(line("■", victim.code, _("risk:"),
                               choice_label("risk_level", victim.risk_level),
                               _("review on {date}").format(date=format_date(victim.risk_review_on))
                               if victim.risk_review_on else ""))
            lines.extend("    " + sanitize(consent) for consent in consents)
            if victim.risk_measures:
                lines.append("    " + sanitize(victim.risk_measures))
        referrals = referral.referral_lines(d)
        if referrals:
            lines += ["", _("Referrals"), referrals]
        return "\n".join(lines)

    def _timeline(self, d: CaseDetail) -> str:
        today = self.jhro.today()
        lines = []
        for task in d.follow_ups:
            mark = _("done") if task.done_at else (_("OVERDUE") if task.overdue(today)
                                                   else _("due"))
            lines.append(line("□" if task.done_at is None else "■", format_date(task.due_on),
                               mark, task.description, task.assigned_to))
        for note in d.notes:
            lines.append(line("✎", when(note.created_at), note.author))
            lines.append("  " + sanitize(note.body, multiline=True).replace("\n", "\n  "))
        return "\n".join(lines)

    def _history(self, d: CaseDetail) -> str:
        """The workflow's steps, assignments and shares, and validated versions, in the
        order they happened."""
        entries = [(change.at, line("■", when(change.at), change.by,
                                     f"{choice_label('status', change.from_status)} → "
                                     f"{choice_label('status', change.to_status)}",
                                     change.comment))
                   for change in d.history]
        entries += [(change.at, line("◇", when(change.at), change.by, _access_text(change)))
                    for change in d.access_changes]
        entries += [(snap.taken_at, line("◆", _("validated version {number}").format(
            number=snap.number), when(snap.taken_at), snap.taken_by)) for snap in d.snapshots]
        return "\n".join(text for _at, text in sorted(entries, key=lambda entry: entry[0]))

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        if action == "form" and parameters:
            if detail is None:
                return False
            form = FORMS.get(str(parameters[0]))
            return form is not None and form.allowed(detail)
        if action == "pick":
            return detail is not None and bool(self._records(detail, str(parameters[0])))
        if action == "reveal":
            return detail is not None and detail.can_see_identity
        if action == "summary":
            return detail is not None
        if action in ("review", "review_next"):
            return detail is not None and self.review is not None and (
                action == "review_next" or str(parameters[0]) in detail.transitions)
        return True

    def action_form(self, kind: str) -> None:
        if kind in KIND_BY_KEY and KIND_BY_KEY[kind].picks:
            if self.check_action("form", (kind,)):
                self.action_pick("edit", kind)
            return
        opens = FORMS[kind].opens if kind in FORMS else "form"
        if opens != "form":
            if self.detail is not None and self.check_action("form", (kind,)):
                if opens == "candidates":
                    self._assign(self.detail, self.jhro.hold_keys())
                elif opens == "sessions":
                    self._sessions_form(kind, self.detail, self.jhro.hold_keys())
                else:
                    self._exchange_form(kind, self.detail, self.jhro.hold_keys())
            return
        form = self._form_for(f"case:{self.case_id}:form:{kind}")
        if form is not None:
            self._push_form(form)

    @work(exclusive=True, group="case-exchange", exit_on_error=False)
    async def _exchange_form(self, kind: str, detail: CaseDetail, hold: KeyHold,
                             prefill: Values | None = None) -> None:
        """Attach or save, once the exchange folder is found (and, to attach, its files
        listed): keys typed meanwhile are for the form. ``prefill``: a draft's values."""
        app = self.jhro
        lists_files = FORMS[kind].opens == "files"
        with hold:
            try:
                session = app.require_session()
                folder = await app.call_db(exchange_folder, session)
                files = await app.call_db(exchange_files, session) if lists_files else []
            except JhroError as exc:
                self.notify(exc.message(), severity="error", markup=False)
                return
            if not app.session_open or not self.is_current:
                return
            if lists_files and not files:
                self.notify(_("Your exchange folder {folder} holds no file: put the file "
                              "there first (with sftp).").format(folder=folder),
                            severity="warning", markup=False, timeout=10)
                return
            form = FORMS[kind].factory(app, detail, folder, *([files] if lists_files else []))
            form.draft_key = f"case:{self.case_id}:form:{kind}"
            form.prefill = prefill or {}
            self._push_form(form)

    @work(exclusive=True, group="case-sessions", exit_on_error=False)
    async def _sessions_form(self, kind: str, detail: CaseDetail, hold: KeyHold,
                             prefill: Values | None = None) -> None:
        """A form that offers the office's mobile court sessions, once they are read (keys
        typed meanwhile are for the form). ``prefill``: a draft's values."""
        app = self.jhro
        with hold:
            try:
                offered = await app.call_db(mobile_sessions, app.require_session())
            except JhroError as exc:
                self.notify(exc.message(), severity="error", markup=False)
                return
            if not app.session_open or not self.is_current:
                return
            form = FORMS[kind].factory(app, detail, None, offered)
            form.draft_key = f"case:{self.case_id}:form:{kind}"
            form.prefill = prefill or {}
            self._push_form(form)

    def _form_for(self, key: str) -> FormScreen[Any] | None:
        """The form a draft key names (``case:<id>:form:<kind>``, ``case:<id>:edit:<record>``),
        if this account may fill it now."""
        detail = self.detail
        _case, case_id, purpose, name = (key.split(":", 3) + ["", "", "", ""])[:4]
        if detail is None or case_id != str(self.case_id):
            return None
        form: FormScreen[Any] | None = None
        if purpose == "form" and name in FORMS and FORMS[name].opens == "form" \
                and self.check_action("form", (name,)):
            form = FORMS[name].factory(self.jhro, detail)
        elif purpose == "edit" and (record := case_forms.changeable_records(detail).get(name)):
            form = case_forms.record_form(self.jhro, detail, name, record)
        if form is not None:
            form.draft_key = key
        return form

    def _push_form(self, form: FormScreen[Any]) -> None:
        form.then(self._read_back)
        self.app.push_screen(form, self._form_done)

    def reopen(self, draft: Draft) -> None:
        """Put a form's unsaved text back into it, or say why it cannot be."""
        if self.detail is None:
            self.pending_draft = draft
            return
        _case, case_id, purpose, kind = (draft.form_key.split(":", 3) + ["", "", "", ""])[:4]
        if case_id == str(self.case_id) and purpose == "form" and kind in FORMS \
                and FORMS[kind].opens in ("folder", "files", "sessions") \
                and self.check_action("form", (kind,)):
            if FORMS[kind].opens == "sessions":
                self._sessions_form(kind, self.detail, self.jhro.hold_keys(), draft.fields)
            else:
                self._exchange_form(kind, self.detail, self.jhro.hold_keys(), draft.fields)
            return
        form = self._form_for(draft.form_key)
        if form is None:
            self.notify(_("The unsaved text of “{title}” could not be put back: what it "
                          "changed is gone or can no longer be changed.").format(
                              title=draft.title), severity="warning", markup=False, timeout=10)
            return
        form.prefill = draft.fields
        self._push_form(form)

    @work(exclusive=True, group="case-assign", exit_on_error=False)
    async def _assign(self, detail: CaseDetail, hold: KeyHold) -> None:
        """The assign form, once the accounts it offers are read (keys typed meanwhile
        are for it)."""
        app = self.jhro
        with hold:
            try:
                candidates = await app.call_db(access_candidates, app.require_session(),
                                               detail.id)
            except JhroError as exc:
                self.notify(exc.message(), severity="error", markup=False)
                return
            if not app.session_open or not self.is_current:
                return
            self._push_form(case_forms.assign_form(app, detail, candidates))

    @staticmethod
    def _records(detail: CaseDetail, purpose: str) -> dict[str, Any]:
        if purpose == "edit":
            return case_forms.changeable_records(detail)
        return case_forms.removable_records(detail)

    def action_open_law(self) -> None:
        if self.detail is not None:
            case_laws.pick_law(self, self.detail)

    def action_open_related(self) -> None:
        """Choose one of the cases linked to this one, and open it."""
        detail = self.detail
        if detail is None:
            return
        if not detail.related:
            self.notify(_("No related case you may open."), markup=False)
            return
        choices = [Choice(str(link.other_id), link.other_reference,
                          f"{related.link_label(link)} · {link.other_title}")
                   for link in detail.related]

        async def submit(values: Values) -> int:
            picked = values.get("case")
            if not picked or picked not in {choice.code for choice in choices}:
                raise ValidationError("case", N_("Choose one from the list."))
            return int(picked)

        def picked(case_id: int | None) -> None:
            if case_id is not None:
                self.jhro.open_case(case_id)

        field = FormField("case", _("Related case"), "choice", only_code(choices), choices,
                          placeholder=_("type to narrow the list"))
        self.app.push_screen(FormScreen(_("Open a related case"), [field], submit,
                                        choose_with_enter=True), picked)

    def action_pick(self, purpose: str, kind: str = "") -> None:
        """Choose a record of the case file (of ``kind`` only, if given), then change it
        (``edit``) or, once confirmed, remove it (``remove``)."""
        detail = self.detail
        if detail is None or not self.check_action("pick", (purpose,)):
            return
        choices = {code: record for code, record in self._records(detail, purpose).items()
                   if not kind or code.split(":", 1)[0] == kind}
        if not choices:
            return
        if kind:
            picker = case_forms.record_picker(detail, choices, _(KIND_BY_KEY[kind].title))
        elif purpose == "edit":
            picker = case_forms.record_picker(detail, choices, _("Change a record"))
        else:
            picker = case_forms.record_picker(detail, choices, _("Remove a record"), _(
                "A removed record is gone from the case file; the audit trail keeps that it "
                "was removed, by whom and when."))

        def picked(code: str | None) -> None:
            record = choices.get(code or "")
            if code is None or record is None:
                return
            if purpose == "edit":
                form = self._form_for(f"case:{self.case_id}:edit:{code}")
                if form is not None:
                    self._push_form(form)
                return

            def confirmed(remove: bool | None) -> None:
                if remove:
                    self._remove(code, record)

            self.app.push_screen(ConfirmScreen(case_forms.removal_question(code, record,
                                                                           detail)),
                                 confirmed)

        self.app.push_screen(picker, picked)

    @work(exclusive=True, group="case-remove", exit_on_error=False)
    async def _remove(self, code: str, record: object) -> None:
        try:
            await case_forms.remove_record(self.jhro, code, record)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Removed."), markup=False)
        self.load()

    async def _read_back(self, result: object) -> ReadBack:
        """What the form's service returned, and the case read again before the form
        closes: the form comes down on the case as saved, in one paint, instead of the old
        case file and a second paint once the read (sharing the interpreter with the
        closing form) is done."""
        app = self.jhro
        try:
            detail: CaseDetail | None = await app.call_db(
                get_case, app.require_session(), self.case_id,
                reveal_identity=self.reveal_identity)
        except JhroError:
            detail = None  # saved all the same; ``load`` says why it cannot be shown
        return ReadBack(result, detail)

    def _form_done(self, saved: ReadBack | None) -> None:
        if saved is None or saved.result is None:
            return
        self.notify(_("Saved."), markup=False)
        if saved.detail is not None and self.jhro.session_open:
            self.show(saved.detail)
        else:
            self.load()

    # -- the review queue --------------------------------------------------------------

    def action_review(self, step: str) -> None:
        """Validate, or return to draft with a comment: the workflow's form for that step
        alone; once saved, the next case of the queue instead of this one."""
        if self.detail is None or not self.check_action("review", (step,)):
            return
        form = case_forms.workflow_form(self.jhro, self.detail, step)
        form.then(self._read_next)

        def done(saved: ReadBack | None) -> None:
            if saved is not None and saved.result is not None:
                self.notify(_("Validated.") if step == "validated"
                            else _("Returned to draft."), markup=False)
                self._land(saved)

        self.app.push_screen(form, done)

    def action_review_next(self) -> None:
        if self.check_action("review_next", ()):
            self._pass_over(self.jhro.hold_keys())

    @work(exclusive=True, group="case-review", exit_on_error=False)
    async def _pass_over(self, hold: KeyHold) -> None:
        with hold:
            read = await self._read_next(None)
            if self.jhro.session_open and self.is_current:
                self._land(read)

    async def _read_next(self, result: object) -> ReadBack:
        """What the step returned, and the queue's next case after this one, read before
        the form closes."""
        app = self.jhro
        try:
            queue, detail = await app.call_db(next_in_review, app.require_session(),
                                              self.case_id)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return ReadBack(result, None)
        return ReadBack(result, detail, queue)

    def _land(self, read: ReadBack) -> None:
        """On the next case of the queue, or, when none is left, back where the queue
        was opened, saying so."""
        queue = read.review
        if queue is None:  # the next could not be read: said already
            self.load()
            return
        if queue.case_id is None or read.detail is None:
            self.notify(ngettext(
                "No submitted case after this one; {count} passed over is still waiting.",
                "No submitted case after this one; {count} passed over are still waiting.",
                queue.waiting).format(count=format_number(queue.waiting)) if queue.waiting
                else _("The review queue is empty: no case of your office is waiting for "
                       "validation."), markup=False, timeout=8)
            self.jhro.go_back()
            return
        self.case_id, self.review, self.reveal_identity = queue.case_id, queue, False
        self.show(read.detail)
        self.query_one(Document).show_section("overview")

    def action_summary(self) -> None:
        if self.detail is not None:
            case_summary.ask(self.app, self.detail, self._write_summary)

    @work(exclusive=True, group="case-summary", exit_on_error=False)
    async def _write_summary(self, wanted: Request) -> None:
        app = self.jhro
        try:
            done = await app.call_db(write_summary, app.require_session(), self.case_id,
                                     wanted)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(case_summary.written(done), markup=False, timeout=15)

    def action_reveal(self) -> None:
        self.reveal_identity = not self.reveal_identity
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_section(self, key: str) -> None:
        self.query_one(Document).show_section(key)

    def action_back(self) -> None:
        self.jhro.go_back()


def next_in_review(session: Session, after_case_id: int | None = None
                   ) -> tuple[ReviewNext, CaseDetail | None]:
    """The review queue's next case (``review.next_submitted``), opened: one trip to the
    database thread."""
    queue = next_submitted(session, after_case_id)
    return queue, (get_case(session, queue.case_id) if queue.case_id is not None else None)
