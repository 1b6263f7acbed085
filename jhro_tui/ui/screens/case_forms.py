"""The case's own forms (its header, workflow, assignment, consent, protection…: no
record kind's), and the generic ``E``/``Del`` picker over the record kinds of
``jhro_tui.ui.records``.

Parsing here only turns text into values (a date, a number); every rule is the
service's, and its refusals come back on the form.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_date
from jhro_tui.services import cases, victims, workflow
from jhro_tui.services.forms import (
    OPEN_REFERRAL_STATUSES,
    CaseForm,
    ProtectionForm,
    choice_label,
)
from jhro_tui.services.views import AccessCandidates, AccountChoice, CaseDetail, Gap
from jhro_tui.ui.choices import closed_choices, reference_choices
from jhro_tui.ui.records import KIND_BY_KEY, KINDS, RecordKind
from jhro_tui.ui.records.shared import (
    DATE_PLACEHOLDER,
    call,
    chosen,
    full_date,
    only_code,
    victim_choices,
)
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, text_or_none
from jhro_tui.ui.screens.home import role_label
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def case_form(app: Shell, detail: CaseDetail | None = None) -> FormScreen[Any]:
    """New case, or the header of an existing one."""

    async def submit(values: Values) -> Any:
        form = CaseForm(
            title=text_or_none(values, "title"), narrative=values.get("narrative") or "",
            priority=values.get("priority") or "normal",
            confidentiality=values.get("confidentiality") or "confidential",
            province_code=values.get("province_code") or "",
            opened_on=full_date(values, "opened_on"))
        if detail is None:
            return await call(app, cases.create_case, form)
        return await call(app, cases.update_case, detail.id, form,
                          expected_version=detail.version)

    fields = [
        FormField("title", _("Title"), value=detail.title if detail else ""),
        FormField("narrative", _("Narrative"), "area", detail.narrative if detail else ""),
        FormField("province_code", _("Province"), "choice",
                  detail.province_code if detail else None, reference_choices("province")),
        FormField("opened_on", _("Opened on"),
                  value=detail.opened_on.isoformat() if detail else app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("priority", _("Priority"), "choice", detail.priority if detail else "normal",
                  closed_choices("priority")),
        FormField("confidentiality", _("Confidentiality"), "choice",
                  detail.confidentiality if detail else "confidential",
                  closed_choices("confidentiality")),
    ]
    title = _("New case") if detail is None else _("Edit {reference}").format(
        reference=detail.reference)
    return FormScreen(title, fields, submit)


DONE_OR_NOT = {"done": N_("Done"), "to_do": N_("To do again")}


def follow_up_done_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    """Mark a follow-up done, or to do again; the open ones are listed first."""
    tasks = sorted(detail.follow_ups, key=lambda task: (task.done_at is not None, task.due_on))

    async def submit(values: Values) -> Any:
        task = chosen(values, "follow_up", tasks)
        return await call(app, cases.complete_follow_up, task.id,
                          expected_version=task.version, done=values.get("state") != "to_do")

    choices = [Choice(str(task.id), task.description,
                      f"{format_date(task.due_on)}{' · ' + _('done') if task.done_at else ''}")
               for task in tasks]
    fields = [
        FormField("follow_up", _("Follow-up"), "choice",
                  choices[0].code if tasks and tasks[0].done_at is None else None, choices),
        FormField("state", _("Mark as"), "choice", "done",
                  [Choice(code, _(label)) for code, label in DONE_OR_NOT.items()]),
    ]
    return FormScreen(_("Follow-up done"), fields, submit)


def protection_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    """A protection-risk review of one victim: level, measures, next review."""

    async def submit(values: Values) -> Any:
        victim = chosen(values, "victim", detail.victims)
        form = ProtectionForm(risk_level=values.get("risk_level") or "",
                              risk_measures=values.get("risk_measures") or "",
                              risk_review_on=full_date(values, "risk_review_on"))
        return await call(app, victims.review_protection, victim.id, form,
                          expected_version=victim.version)

    choices = victim_choices(detail)
    # With one victim the form starts from what was recorded; with several, the section
    # "Protection and referrals" (6) shows each one's.
    only = detail.victims[0] if len(detail.victims) == 1 else None
    fields = [
        FormField("victim", _("Victim"), "choice", only_code(choices), choices),
        FormField("risk_level", _("Protection risk"), "choice",
                  only.risk_level if only else None, closed_choices("risk_level")),
        FormField("risk_review_on", _("Next review"),
                  value=only.risk_review_on.isoformat() if only and only.risk_review_on
                  else "", placeholder=_("YYYY-MM-DD (needed with a risk)")),
        FormField("risk_measures", _("Measures"), "area", only.risk_measures if only else ""),
    ]
    return FormScreen(_("Protection review"), fields, submit)


def referral_status_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    """Move an open referral on: accepted, completed, refused or withdrawn."""
    open_referrals = [r for r in detail.referrals if r.status in OPEN_REFERRAL_STATUSES]

    async def submit(values: Values) -> Any:
        referral = chosen(values, "referral", open_referrals)
        status = values.get("status")
        if not status:
            raise ValidationError("status", N_("Choose one from the list."))
        return await call(app, victims.update_referral, referral.id, status,
                          on=full_date(values, "on"), comment=values.get("comment") or "",
                          expected_version=referral.version)

    choices = [Choice(str(r.id), f"{r.victim_code} {r.service_label}",
                      f"{choice_label('referral_status', r.status)} {r.provider}".strip())
               for r in open_referrals]
    fields = [
        FormField("referral", _("Referral"), "choice", only_code(choices), choices),
        FormField("status", _("Now"), "choice", None,
                  [choice for choice in closed_choices("referral_status")
                   if choice.code not in ("proposed",)]),
        FormField("on", _("Since"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("comment", _("Comment"), "area"),
    ]
    return FormScreen(_("Referral status"), fields, submit)


CONSENT_ACTIONS = {"give": N_("Consent given"), "refuse": N_("Consent refused"),
                   "revoke": N_("Consent withdrawn")}


def consent_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        victim, purpose, action = (values.get("victim"), values.get("purpose"),
                                   values.get("action"))
        if not victim:
            raise ValidationError("victim", N_("Choose the victim."))
        if not purpose or not action:
            raise ValidationError("purpose" if not purpose else "action",
                                  N_("Choose one from the list."))
        if action == "revoke":
            return await call(app, victims.revoke_consent, int(victim), purpose,
                              reason=values.get("note") or "")
        return await call(app, victims.record_consent, int(victim), purpose,
                          given=action == "give", note=values.get("note") or "")

    fields = [
        FormField("victim", _("Victim"), "choice", None, victim_choices(detail)),
        FormField("purpose", _("Purpose"), "choice", None, closed_choices("consent_purpose")),
        FormField("action", _("Record"), "choice", None,
                  [Choice(code, _(label)) for code, label in CONSENT_ACTIONS.items()]),
        FormField("note", _("Note"), "area"),
    ]
    return FormScreen(_("Consent"), fields, submit)


def export_form(app: Shell, detail: CaseDetail, folder: Path) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        attachment = values.get("attachment")
        name = text_or_none(values, "path")
        if not attachment:
            raise ValidationError("attachment", N_("Choose one from the list."))
        if not name:
            raise ValidationError("path", N_("Give the name of the file to write."))
        return await call(app, cases.export_attachment, int(attachment), name)

    fields = [
        FormField("attachment", _("Attachment"), "choice", None,
                  [Choice(str(a.id), a.filename, a.description) for a in detail.attachments]),
        FormField("path", _("Save as"), placeholder=_("name of a new file")),
    ]
    return FormScreen(_("Save an attachment to a file"), fields, submit, intro=_(
        "Saved as a new file of your exchange folder {folder}. WARNING: the saved file is "
        "NOT encrypted. Anyone who can read that disk can read it. This export is recorded "
        "in the audit trail.").format(folder=folder))


def assign_form(app: Shell, detail: CaseDetail, candidates: AccessCandidates
                ) -> FormScreen[Any]:
    """Assign the case, share it, stop sharing it: each account picked from those who may
    take it (``cases.access_candidates``)."""

    async def submit(values: Values) -> Any:
        officer, shared, unshared = (values.get(key) or "" for key in
                                     ("officer", "share", "unshare"))
        if not officer and not shared and not unshared:
            raise ValidationError("officer", N_("Choose an account in one of the lists."))
        return await call(app, cases.change_access, detail.id, officer=officer, share=shared,
                          unshare=unshared, expected_version=detail.version)

    def choices(accounts: Sequence[AccountChoice], *, with_office: bool) -> list[Choice]:
        return [Choice(account.name, account.full_name or account.name, " · ".join(
            part for part in (account.name, account.office if with_office else "",
                              role_label(account.role) if account.role != "officer" else "")
            if part)) for account in accounts]

    fields = [FormField("officer", _("Assign to"), "choice", None,
                        choices(candidates.assign, with_office=False),
                        placeholder=_("an officer of {office}").format(office=detail.office),
                        aliases=("account_name",)),
              FormField("share", _("Share with"), "choice", None,
                        choices(candidates.share, with_office=True),
                        placeholder=_("an officer of any office"), aliases=("account",))]
    if detail.shared_with:
        fields.append(FormField("unshare", _("Stop sharing with"), "choice", None,
                                [Choice(name, name) for name in detail.shared_with]))
    return FormScreen(_("Assign or share {reference}").format(reference=detail.reference),
                      fields, submit, intro=_(
                          "Now with {officer}. Type a few letters of a name to narrow a "
                          "list; Enter takes the highlighted account.").format(
                          officer=detail.officer_full_name or detail.officer))


def workflow_form(app: Shell, detail: CaseDetail, step: str | None = None
                  ) -> FormScreen[Any]:
    """Move the case on; before a submission or a validation, what the case lacks: what
    the office requires (the step is refused without it), then what to check. ``step``:
    that step only, the form asking just why (the review queue's validate and return)."""

    gaps = workflow.submission_gaps(app.require_session(), detail)

    async def submit(values: Values) -> Any:
        target = step or values.get("target")
        if not target:
            raise ValidationError("target", N_("Choose one from the list."))
        try:
            return await call(app, workflow.transition, detail.id, target,
                              comment=values.get("comment") or "",
                              expected_version=detail.version)
        except workflow.Incomplete as refused:
            if refused.gaps == tuple(gap for gap in gaps if gap.required):
                # The list is on the form already: one line says so, and the form keeps
                # its fields in view at 80x24.
                raise ValidationError("target", N_("Refused: first record what is marked "
                                                   "■ above.")) from None
            raise  # the case changed since the form opened: its own list

    fields = [
        FormField("target", _("Move to"), "choice",
                  detail.transitions[0] if len(detail.transitions) == 1 else None,
                  [Choice(code, choice_label("status", code)) for code in detail.transitions],
                  aliases=("status",)),
        FormField("comment", _("Why"), "area"),
    ]
    title = N_("Workflow of {reference}")
    if step is not None:
        fields = fields[1:]
        title = STEP_TITLES.get(step, title)
    return FormScreen(_(title).format(reference=detail.reference), fields, submit,
                      intro=_workflow_intro(detail, gaps, step))


STEP_TITLES = {"validated": N_("Validate {reference}"),
               "draft": N_("Return {reference} to draft")}


def _workflow_intro(detail: CaseDetail, gaps: tuple[Gap, ...], step: str | None = None
                    ) -> str:
    lines = []
    steps = [step] if step is not None else detail.transitions
    commented = [choice_label("status", target) for target in steps
                 if workflow.TRANSITIONS[(detail.status, target)].comment_required]
    if commented:
        lines.append(_("Moving it to {status} needs a comment: say why.").format(
            status=", ".join(commented)))
    checked = [target for target in workflow.CHECKED_STEPS if target in steps]
    if checked:
        required = [gap.message() for gap in gaps if gap.required]
        warned = [gap.message() for gap in gaps if not gap.required]
        submitting = checked[0] == "submitted"
        if required:
            lines.append(_("Required before submitting, and missing:") if submitting
                         else _("Required before validating, and missing:"))
            lines += [f"■ {text}" for text in required]
        if warned:
            lines.append(_("To check (ctrl+s submits it all the same):") if submitting
                         else _("To check (ctrl+s validates it all the same):"))
            lines += [f"□ {text}" for text in warned]
        if not gaps:
            lines.append(_("Nothing is missing: the case has what a complete case has."))
    return "\n".join(lines)


# --- a record of the case file, to change or remove -----------------------------------------

def _pickable(detail: CaseDetail, kinds: Sequence[RecordKind[Any]]) -> dict[str, Any]:
    """The records of ``kinds`` by ``kind:id``, in the order of the case file (each under
    its parent for a kind ``within`` another), of the parts this account may change now."""
    kinds = [kind for kind in kinds if kind.records is not None and kind.part in
             detail.editable]
    found: dict[str, Any] = {}

    def add(kind: RecordKind[Any], of: object) -> None:
        assert kind.records is not None
        for record in kind.records(of):
            found[f"{kind.key}:{record.id}"] = record
            for inner in kinds:
                if inner.within == kind.key:
                    add(inner, record)

    for kind in kinds:
        if not kind.within:
            add(kind, detail)
    return found


def changeable_records(detail: CaseDetail) -> dict[str, Any]:
    """The records this account may change now (a follow-up as long as they may be added)."""
    return _pickable(detail, [kind for kind in KINDS if kind.changeable])


def removable_records(detail: CaseDetail) -> dict[str, Any]:
    """The records this account may remove now (an attachment while they may be added: one
    added by mistake must not stay). A follow-up is marked done instead (d)."""
    return _pickable(detail, [kind for kind in KINDS if kind.remove is not None])


def kind_of(code: str) -> RecordKind[Any]:
    """The kind of the record ``kind:id``."""
    return KIND_BY_KEY[code.split(":", 1)[0]]


def _record_choice(code: str, record: object, detail: CaseDetail) -> Choice:
    choice = kind_of(code).choice
    assert choice is not None
    return Choice(code, *choice(record, detail))


def record_picker(detail: CaseDetail, records_by_code: dict[str, Any], title: str,
                  intro: str = "") -> FormScreen[str]:
    """Choose one of ``records_by_code``; the form returns its ``kind:id``."""

    async def submit(values: Values) -> str:
        picked = values.get("record")
        if not picked or picked not in records_by_code:
            raise ValidationError("record", N_("Choose one from the list."))
        return picked

    choices = [_record_choice(code, record, detail) for code, record in records_by_code.items()]
    field = FormField("record", _("Record of the case"), "choice", only_code(choices), choices,
                      placeholder=_("type to narrow the list"))
    return FormScreen(title, [field], submit, intro=intro, choose_with_enter=True)


def record_form(app: Shell, detail: CaseDetail, code: str, record: object
                ) -> FormScreen[Any]:
    """The form that changes ``record`` (``code``: its ``kind:id``), filled with what is
    recorded."""
    return kind_of(code).factory(app, detail, record)


def removal_question(code: str, record: object, detail: CaseDetail) -> str:
    """What removing ``record`` takes with it, asked before it goes."""
    question = kind_of(code).question
    if question is None:
        raise TypeError(f"{code} is not removed from a case file")
    return question(record, detail)


def remove_record(app: Shell, code: str, record: object) -> Awaitable[None]:
    remove = kind_of(code).remove
    if remove is None:
        raise TypeError(f"{code} is not removed from a case file")
    return remove(app, record)
