"""One case file, section by section; every change goes through a form and a service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from jhro_tui.errors import JhroError
from jhro_tui.i18n import (
    N_,
    N_plural,
    _,
    format_date,
    format_datetime,
    format_number,
    ngettext,
)
from jhro_tui.services.cases import (
    access_candidates,
    exchange_files,
    exchange_folder,
    get_case,
)
from jhro_tui.services.drafts import Draft
from jhro_tui.services.forms import CONSENT_PURPOSES, OPEN_REFERRAL_STATUSES, choice_label
from jhro_tui.services.views import AccessChangeView, CaseDetail, ViolationView
from jhro_tui.text import sanitize
from jhro_tui.ui.actions import Action, register
from jhro_tui.ui.safe import plain
from jhro_tui.ui.screens import case_forms
from jhro_tui.ui.screens.base import JhroScreen, Route
from jhro_tui.ui.screens.form import ConfirmScreen, FormScreen, Values
from jhro_tui.ui.widgets.document import Document, Section
from jhro_tui.ui.widgets.key_bar import KeyBar

SECTIONS = (
    ("overview", N_("Overview")),
    ("incidents", N_("Incidents and violations")),
    ("victims", N_("Victims")),
    ("perpetrators", N_("Perpetrators")),
    ("sources", N_("Sources")),
    ("protection", N_("Consent and protection")),
    ("referrals", N_("Referrals")),
    ("attachments", N_("Attachments")),
    ("timeline", N_("Notes and follow-ups")),
    ("history", N_("History")),
)
if TYPE_CHECKING:
    from jhro_tui.ui.key_scheduler import KeyHold

MASK = "████"


@dataclass(frozen=True)
class ReadBack:
    """What a form's service returned, and the case as it is after it."""

    result: object
    detail: CaseDetail | None


FORMS: dict[str, Callable[..., FormScreen[Any]]] = {
    "edit": case_forms.case_form, "incident": case_forms.incident_form,
    "violation": case_forms.violation_form, "victim": case_forms.victim_form,
    "perpetrator": case_forms.perpetrator_form, "source": case_forms.source_form,
    "note": case_forms.note_form, "follow_up": case_forms.follow_up_form,
    "referral": case_forms.referral_form, "consent": case_forms.consent_form,
    "workflow": case_forms.workflow_form,
    "done": case_forms.follow_up_done_form, "protection": case_forms.protection_form,
    "referral_status": case_forms.referral_status_form,
}
EXCHANGE_FORMS = {"attachment", "export"}
"""Forms on the account's exchange folder: it is read (and its files listed) first."""
# Which part of the case a form changes (``CaseDetail.editable``), or "" for any.
FORM_SECTION = {"edit": "documentation", "incident": "documentation",
                "violation": "documentation", "victim": "documentation",
                "perpetrator": "documentation", "source": "documentation",
                "note": "notes", "follow_up": "follow_up", "referral": "follow_up",
                "consent": "follow_up", "attachment": "follow_up", "workflow": "",
                "export": "", "assign": "", "done": "follow_up", "protection": "follow_up",
                "referral_status": "follow_up"}

for _action in (
    Action("case.edit", "e", "form('edit')", N_("case"), N_("Edit"), scope="case"),
    Action("case.workflow", "w", "form('workflow')", N_("case"), N_("Submit, validate…"),
           scope="case"),
    Action("case.incident", "i", "form('incident')", N_("case"), N_("Add incident"),
           scope="case", show=False),
    Action("case.violation", "v", "form('violation')", N_("case"), N_("Add violation"),
           scope="case", show=False),
    Action("case.victim", "p", "form('victim')", N_("case"), N_("Add victim"),
           scope="case", show=False),
    Action("case.perpetrator", "x", "form('perpetrator')", N_("case"),
           N_("Add perpetrator"), scope="case", show=False),
    Action("case.source", "o", "form('source')", N_("case"), N_("Add source"), scope="case",
           show=False),
    Action("case.note", "n", "form('note')", N_("case"), N_("Add note"), scope="case"),
    Action("case.follow_up", "t", "form('follow_up')", N_("case"), N_("Add follow-up"),
           scope="case", show=False),
    Action("case.referral", "r", "form('referral')", N_("case"), N_("Add referral"),
           scope="case", show=False),
    Action("case.consent", "k", "form('consent')", N_("case"), N_("Record consent"),
           scope="case", show=False),
    Action("case.protection", "c", "form('protection')", N_("case"),
           N_("Review a victim's protection"), scope="case", show=False),
    Action("case.follow_up_done", "d", "form('done')", N_("case"),
           N_("Mark a follow-up done"), scope="case", show=False),
    Action("case.referral_status", "u", "form('referral_status')", N_("case"),
           N_("Update a referral"), scope="case", show=False),
    Action("case.change_record", "E", "pick('edit')", N_("case"), N_("Change a record…"),
           scope="case", show=False),
    Action("case.remove_record", "delete", "pick('remove')", N_("case"),
           N_("Remove a record…"), scope="case", show=False),
    Action("case.attach", "a", "form('attachment')", N_("case"), N_("Attach a file"),
           scope="case", show=False),
    Action("case.export", "s", "form('export')", N_("case"),
           N_("Save an attachment to a file"), scope="case", show=False),
    Action("case.assign", "g", "form('assign')", N_("case"), N_("Assign or share"),
           scope="case", show=False),
    Action("case.reveal", "ctrl+r", "reveal", N_("case"), N_("Show or hide identities"),
           scope="case", show=False),
    Action("case.reload", "f5", "reload", N_("case"), N_("Reload"), scope="case",
           show=False),
    Action("case.back", "escape", "back", N_("go"), N_("Back"), scope="case"),
    *[Action(f"case.section.{key}", str(number % 10), f"section('{key}')", N_("case"),
             title, scope="case", show=False)
      for number, (key, title) in enumerate(SECTIONS, start=1)],
):
    register(_action)


def _line(*parts: object) -> str:
    return "  ".join(sanitize(str(part)) for part in parts if part not in (None, ""))


UNNAMED_COUNTS = {
    "men": N_plural("{count} man", "{count} men"),
    "women": N_plural("{count} woman", "{count} women"),
    "boys": N_plural("{count} boy", "{count} boys"),
    "girls": N_plural("{count} girl", "{count} girls"),
    "unknown": N_plural("{count} of unknown sex or age", "{count} of unknown sex or age"),
}


def unnamed_text(violation: ViolationView) -> str:
    """"12 men, 5 women, 3 girls": a violation's victims counted without names."""
    return ", ".join(
        ngettext(*UNNAMED_COUNTS[group], count).format(count=format_number(count))
        for group, count in violation.unnamed.counts().items() if count)


def _when(value: Any) -> str:
    return format_datetime(value) if value else ""


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
                 draft: Draft | None = None) -> None:
        """``detail``, when the case was read before the screen was put up, shows at once;
        ``draft``, a form of this case left unsaved, is put back once the case shows."""
        super().__init__()
        self.case_id = case_id
        self.detail = detail
        self.reveal_identity = False
        self.pending_draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(id="case-head", classes="bar"):
            yield Label(plain(_("Opening…")), id="case-title")
            yield Label("", id="case-status")
        yield Document(id="case-sections")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.detail is not None:
            self.show(self.detail)
        else:
            self.load()

    def route(self) -> Route:
        case_id = self.case_id
        return lambda: CaseDetailScreen(case_id)

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
        self.query_one(Document).update([
            Section(key, _(title), getattr(self, f"_{key}")(detail) or _("Nothing recorded."))
            for key, title in SECTIONS])
        self.refresh_bindings()
        if self.pending_draft is not None:
            draft, self.pending_draft = self.pending_draft, None
            self.call_later(self.reopen, draft)

    # -- sections ----------------------------------------------------------------------

    def _overview(self, d: CaseDetail) -> str:
        lines = [
            _line(_("Opened on"), format_date(d.opened_on), _("by"), d.created_by),
            _line(_("Last change"), _when(d.updated_at), _("by"), d.updated_by,
                  _("version"), d.version),
        ]
        if d.shared_with:
            lines.append(_line(_("Shared with"), ", ".join(d.shared_with)))
        lines.append("")
        lines.append(sanitize(d.narrative, multiline=True) or _("No narrative yet."))
        return "\n".join(lines)

    def _incidents(self, d: CaseDetail) -> str:
        lines = []
        for incident in d.incidents:
            period = incident.date.format()
            if incident.end:
                period += " – " + incident.end.format()
            lines.append(_line("■", period, incident.province_label, incident.territory_label,
                               incident.locality))
            if incident.description:
                lines.append("  " + sanitize(incident.description, multiline=True)
                             .replace("\n", "\n  "))
            for violation in incident.violations:
                lines.append(_line("  •", violation.type_label, f"({violation.category_label})",
                                   "—", choice_label("verification_status",
                                                     violation.verification_status),
                                   violation.verification_set_by))
                victims = ", ".join(victim.code for victim in violation.victims)
                perpetrators = ", ".join(
                    " ".join(part for part in (p.category_label, p.unit) if part)
                    for p in violation.perpetrators)
                if victims:
                    lines.append(_line("    ", _("Victims:"), victims))
                if violation.unnamed.total:
                    lines.append(_line("    ", _("Not named:"), unnamed_text(violation)))
                if perpetrators:
                    lines.append(_line("    ", _("Perpetrators:"), perpetrators))
        return "\n".join(lines)

    def _victims(self, d: CaseDetail) -> str:
        lines = []
        for victim in d.victims:
            age = str(victim.age) if victim.age is not None else choice_label(
                "age_group", victim.age_group)
            lines.append(_line("■", victim.code, choice_label("sex", victim.sex), age,
                               choice_label("displacement", victim.displacement),
                               _("disability: {value}").format(
                                   value=choice_label("disability", victim.disability))))
            if victim.identity is not None:
                lines.append(_line("   ", _("Name:"), victim.identity.name or "—",
                                   _("Contact:"), victim.identity.contact or "—"))
            elif victim.has_identity:
                hint = _("ctrl+r shows it") if victim.identity_allowed else _("restricted")
                lines.append(_line("   ", _("Identity:"), MASK, f"({hint})"))
        return "\n".join(lines)

    def _perpetrators(self, d: CaseDetail) -> str:
        return "\n".join(_line("■", p.category_label, p.unit, p.rank, p.name, p.description)
                         for p in d.perpetrators)

    def _sources(self, d: CaseDetail) -> str:
        return "\n".join(_line("■", choice_label("source_kind", s.kind),
                               choice_label("reliability", s.reliability),
                               choice_label("credibility", s.credibility),
                               format_date(s.obtained_on) if s.obtained_on else "",
                               s.description) for s in d.sources)

    def _protection(self, d: CaseDetail) -> str:
        lines = []
        states = {"given": _("given"), "refused": _("refused"), "revoked": _("withdrawn")}
        for victim in d.victims:
            consents = []
            for purpose in CONSENT_PURPOSES:
                record = victim.consent(purpose)
                state = states[record.state] if record else _("not asked")
                consents.append(f"{choice_label('consent_purpose', purpose)}: {state}")
            lines.append(_line("■", victim.code, _("risk:"),
                               choice_label("risk_level", victim.risk_level),
                               _("review on {date}").format(date=format_date(victim.risk_review_on))
                               if victim.risk_review_on else ""))
            lines.extend("    " + sanitize(consent) for consent in consents)
            if victim.risk_measures:
                lines.append("    " + sanitize(victim.risk_measures))
        return "\n".join(lines)

    def _referrals(self, d: CaseDetail) -> str:
        return "\n".join(_line("■", r.victim_code, r.service_label, r.provider,
                               choice_label("referral_status", r.status),
                               format_date(r.status_on), r.comment) for r in d.referrals)

    def _attachments(self, d: CaseDetail) -> str:
        lines = []
        for a in d.attachments:
            lines.append(_line("■", a.filename, format_number(a.size), _("bytes"),
                               "sha256:" + a.sha256[:16] + "…", a.added_by))
            if a.description:
                lines.append("  " + sanitize(a.description))
        return "\n".join(lines)

    def _timeline(self, d: CaseDetail) -> str:
        today = self.jhro.today()
        lines = []
        for task in d.follow_ups:
            mark = _("done") if task.done_at else (_("OVERDUE") if task.overdue(today)
                                                   else _("due"))
            lines.append(_line("□" if task.done_at is None else "■", format_date(task.due_on),
                               mark, task.description, task.assigned_to))
        for note in d.notes:
            lines.append(_line("✎", _when(note.created_at), note.author))
            lines.append("  " + sanitize(note.body, multiline=True).replace("\n", "\n  "))
        return "\n".join(lines)

    def _history(self, d: CaseDetail) -> str:
        """The workflow's steps, assignments and shares, and validated versions, in the
        order they happened."""
        entries = [(change.at, _line("■", _when(change.at), change.by,
                                     f"{choice_label('status', change.from_status)} → "
                                     f"{choice_label('status', change.to_status)}",
                                     change.comment))
                   for change in d.history]
        entries += [(change.at, _line("◇", _when(change.at), change.by, _access_text(change)))
                    for change in d.access_changes]
        entries += [(snap.taken_at, _line("◆", _("validated version {number}").format(
            number=snap.number), _when(snap.taken_at), snap.taken_by)) for snap in d.snapshots]
        return "\n".join(text for _at, text in sorted(entries, key=lambda entry: entry[0]))

    # -- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        if action == "form" and parameters:
            if detail is None:
                return False
            kind = str(parameters[0])
            if kind == "workflow":
                return bool(detail.transitions)
            if kind == "export":
                return bool(detail.attachments)
            if kind == "assign":
                return detail.can_assign
            if not {"done": detail.follow_ups, "protection": detail.victims,
                    "referral_status": [r for r in detail.referrals
                                        if r.status in OPEN_REFERRAL_STATUSES],
                    }.get(kind, True):
                return False  # nothing to choose from
            section = FORM_SECTION.get(kind, "")
            return section in detail.editable
        if action == "pick":
            return detail is not None and bool(self._records(detail, str(parameters[0])))
        if action == "reveal":
            return detail is not None and detail.can_see_identity
        return True

    def action_form(self, kind: str) -> None:
        if kind == "assign":
            if self.detail is not None and self.check_action("form", (kind,)):
                self._assign(self.detail, self.jhro.hold_keys())
            return
        if kind in EXCHANGE_FORMS:
            if self.detail is not None and self.check_action("form", (kind,)):
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
        with hold:
            try:
                session = app.require_session()
                folder = await app.call_db(exchange_folder, session)
                files = await app.call_db(exchange_files, session) \
                    if kind == "attachment" else []
            except JhroError as exc:
                self.notify(exc.message(), severity="error", markup=False)
                return
            if not app.session_open or not self.is_current:
                return
            if kind == "attachment" and not files:
                self.notify(_("Your exchange folder {folder} holds no file: put the file "
                              "there first (with sftp).").format(folder=folder),
                            severity="warning", markup=False, timeout=10)
                return
            form = case_forms.attachment_form(app, detail, folder, files) \
                if kind == "attachment" else case_forms.export_form(app, detail, folder)
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
        if purpose == "form" and name in FORMS and self.check_action("form", (name,)):
            form = FORMS[name](self.jhro, detail)
        elif purpose == "edit" and (record := case_forms.changeable_records(detail).get(name)):
            form = case_forms.record_form(self.jhro, detail, record)
        if form is not None:
            form.draft_key = key
        return form

    def _push_form(self, form: FormScreen[Any]) -> None:
        form.submit = self._then_read_back(form.submit)
        self.app.push_screen(form, self._form_done)

    def reopen(self, draft: Draft) -> None:
        """Put a form's unsaved text back into it, or say why it cannot be."""
        if self.detail is None:
            self.pending_draft = draft
            return
        _case, case_id, purpose, kind = (draft.form_key.split(":", 3) + ["", "", "", ""])[:4]
        if case_id == str(self.case_id) and purpose == "form" and kind in EXCHANGE_FORMS \
                and self.check_action("form", (kind,)):
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
    def _records(detail: CaseDetail, purpose: str) -> dict[str, case_forms.Record]:
        if purpose == "edit":
            return case_forms.changeable_records(detail)
        return case_forms.removable_records(detail)

    def action_pick(self, purpose: str) -> None:
        """Choose a record of the case file, then change it (``edit``) or, once
        confirmed, remove it (``remove``)."""
        detail = self.detail
        if detail is None or not self.check_action("pick", (purpose,)):
            return
        choices = self._records(detail, purpose)
        if purpose == "edit":
            picker = case_forms.record_picker(detail, choices, _("Change a record"))
        else:
            picker = case_forms.record_picker(detail, choices, _("Remove a record"), _(
                "A removed record is gone from the case file; the audit trail keeps that it "
                "was removed, by whom and when."))

        def picked(code: str | None) -> None:
            record = choices.get(code or "")
            if record is None:
                return
            if purpose == "edit":
                form = self._form_for(f"case:{self.case_id}:edit:{code}")
                if form is not None:
                    self._push_form(form)
                return

            def confirmed(remove: bool | None) -> None:
                if remove:
                    self._remove(record)

            self.app.push_screen(ConfirmScreen(case_forms.removal_question(record, detail)),
                                 confirmed)

        self.app.push_screen(picker, picked)

    @work(exclusive=True, group="case-remove", exit_on_error=False)
    async def _remove(self, record: case_forms.Record) -> None:
        try:
            await case_forms.remove_record(self.jhro, record)
        except JhroError as exc:
            self.notify(exc.message(), severity="error", markup=False)
            return
        self.notify(_("Removed."), markup=False)
        self.load()

    def _then_read_back(self, submit: Callable[[Values], Awaitable[Any]]
                        ) -> Callable[[Values], Awaitable[ReadBack]]:
        """The form's own submit, then the case read again before the form closes: the
        form comes down on the case as saved, in one paint, instead of the old case file
        and a second paint once the read (sharing the interpreter with the closing form)
        is done."""
        app = self.jhro

        async def submit_and_read(values: Values) -> ReadBack:
            result = await submit(values)
            try:
                detail: CaseDetail | None = await app.call_db(
                    get_case, app.require_session(), self.case_id,
                    reveal_identity=self.reveal_identity)
            except JhroError:
                detail = None  # saved all the same; ``load`` says why it cannot be shown
            return ReadBack(result, detail)

        return submit_and_read

    def _form_done(self, saved: ReadBack | None) -> None:
        if saved is None or saved.result is None:
            return
        self.notify(_("Saved."), markup=False)
        if saved.detail is not None and self.jhro.session_open:
            self.show(saved.detail)
        else:
            self.load()

    def action_reveal(self) -> None:
        self.reveal_identity = not self.reveal_identity
        self.load()

    def action_reload(self) -> None:
        self.load()

    def action_section(self, key: str) -> None:
        self.query_one(Document).show_section(key)

    def action_back(self) -> None:
        self.jhro.go_back()
