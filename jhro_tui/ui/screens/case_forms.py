"""The forms of a case file: each turns what was typed into a service's form and calls it.

Parsing here only turns text into values (a date, a number); every rule is the
service's, and its refusals come back on the form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_date, format_number, ngettext
from jhro_tui.security.exchange import ExchangeFile
from jhro_tui.services import cases, records, victims, workflow
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import (
    CONSENT_PURPOSES,
    OPEN_REFERRAL_STATUSES,
    CaseForm,
    FollowUpForm,
    IncidentForm,
    PerpetratorForm,
    ProtectionForm,
    ReferralForm,
    SourceForm,
    UnnamedVictims,
    VictimForm,
    ViolationForm,
    choice_label,
)
from jhro_tui.services.views import (
    AccessCandidates,
    AccountChoice,
    AttachmentView,
    CaseDetail,
    FollowUpView,
    Gap,
    IncidentView,
    PerpetratorView,
    SourceView,
    VictimView,
    ViolationView,
)
from jhro_tui.ui.screens.cases import closed_choices, reference_choices
from jhro_tui.ui.screens.form import FormField, FormScreen, Values, codes, text_or_none
from jhro_tui.ui.screens.home import role_label
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell

T = TypeVar("T")
DATE_PLACEHOLDER = N_("YYYY-MM-DD")
"""What a date field shows when empty: never a date, which would read as one recorded."""


def partial_date(values: Values, key: str, *, required: bool = False) -> PartialDate | None:
    text = text_or_none(values, key)
    if not text:
        if required:
            raise ValidationError(key, N_("An incident needs a date: at least a year."))
        return None
    return PartialDate.parse(text, key)


def full_date(values: Values, key: str) -> dt.date | None:
    """A day (``2024-03-15`` or ``15/03/2024``), or None when left empty."""
    parsed = partial_date(values, key)
    if parsed is None:
        return None
    if parsed.day is None:
        raise ValidationError(key, N_("Give the full date, with the day."))
    return parsed.first_day()


def whole_number(values: Values, key: str) -> int | None:
    text = text_or_none(values, key)
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError(key, N_("Write a whole number."))
    return int(text)


def _call(app: Shell, function: Callable[..., T], *args: Any, **kwargs: Any
          ) -> Awaitable[T]:
    return app.call_db(function, app.require_session(), *args, **kwargs)


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
            return await _call(app, cases.create_case, form)
        return await _call(app, cases.update_case, detail.id, form,
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


def incident_form(app: Shell, detail: CaseDetail, incident: IncidentView | None = None
                  ) -> FormScreen[Any]:
    """A new incident, or ``incident`` as recorded, to change."""

    async def submit(values: Values) -> Any:
        form = IncidentForm(
            date=partial_date(values, "date", required=True),
            province_code=values.get("province_code") or "",
            territory_code=values.get("territory_code") or "",
            locality=text_or_none(values, "locality"),
            description=values.get("description") or "",
            end=partial_date(values, "end"))
        if incident is None:
            return await _call(app, records.add_incident, detail.id, form)
        return await _call(app, records.update_incident, incident.id, form,
                           expected_version=incident.version)

    fields = [
        FormField("date", _("Date"), value=incident.date.iso() if incident else "",
                  placeholder=_("YYYY-MM-DD, YYYY-MM, YYYY or ~YYYY")),
        FormField("end", _("Until"), value=incident.end.iso() if incident and incident.end
                  else "", placeholder=_("if it lasted (optional)")),
        FormField("province_code", _("Province"), "choice",
                  (incident.province_code if incident else detail.province_code) or None,
                  reference_choices("province")),
        FormField("territory_code", _("Territory"), "choice",
                  incident.territory_code or None if incident else None,
                  reference_choices("territory"), within="province_code"),
        FormField("locality", _("Locality"), value=incident.locality if incident else ""),
        FormField("description", _("What happened"), "area",
                  incident.description if incident else ""),
    ]
    if incident is None:
        return FormScreen(_("New incident"), fields, submit)
    return FormScreen(_("Incident of {date}").format(date=incident.date.format()), fields,
                      submit)


def _incident_choices(detail: CaseDetail) -> list[Choice]:
    return [Choice(str(incident.id), incident.date.format(),
                   f"{incident.province_label} {incident.locality}".strip())
            for incident in detail.incidents]


def _victim_choices(detail: CaseDetail) -> list[Choice]:
    return [Choice(str(victim.id), victim.code, choice_label("sex", victim.sex))
            for victim in detail.victims]


def _perpetrator_choices(detail: CaseDetail) -> list[Choice]:
    return [Choice(str(p.id), p.category_label, " ".join(x for x in (p.unit, p.rank) if x))
            for p in detail.perpetrators]


def violation_form(app: Shell, detail: CaseDetail, violation: ViolationView | None = None
                   ) -> FormScreen[Any]:
    """A new violation with its victims and perpetrators, or ``violation`` as recorded, to
    change; the victims and perpetrators chosen are exactly those linked once saved."""

    async def submit(values: Values) -> Any:
        form = ViolationForm(type_code=values.get("type_code") or "",
                             description=values.get("description") or "",
                             verification_status=values.get("verification_status")
                             or "reported",
                             unnamed=UnnamedVictims(**{
                                 group: whole_number(values, f"unnamed_{group}") or 0
                                 for group in UNNAMED_LABELS}))
        victim_ids = [int(code) for code in codes(values, "victims")]
        perpetrator_ids = [int(code) for code in codes(values, "perpetrators")]
        if violation is None:
            incident = values.get("incident")
            if not incident:
                raise ValidationError("incident", N_("Choose the incident."))
            return await _call(app, records.add_violation, int(incident), form,
                               victim_ids=victim_ids, perpetrator_ids=perpetrator_ids)
        return await _call(app, records.update_violation, violation.id, form,
                           expected_version=violation.version, victim_ids=victim_ids,
                           perpetrator_ids=perpetrator_ids)

    fields = []
    if violation is None:
        incidents = _incident_choices(detail)
        fields.append(FormField("incident", _("Incident"), "choice",
                                incidents[-1].code if incidents else None, incidents))
    unnamed = violation.unnamed if violation else UnnamedVictims()
    linked_victims = [str(v.victim_id) for v in violation.victims] if violation else []
    linked_perpetrators = ([str(p.perpetrator_id) for p in violation.perpetrators]
                           if violation else [])
    fields += [
        FormField("type_code", _("Violation"), "choice",
                  violation.type_code if violation else None,
                  reference_choices("violation_type", leaves_only=True),
                  placeholder=_("type to narrow the list"), aliases=("type",)),
        FormField("verification_status", _("Verification"), "choice",
                  violation.verification_status if violation else "reported",
                  closed_choices("verification_status")),
        FormField("victims", _("Victims"), "choices", "\n".join(linked_victims),
                  _victim_choices(detail), aliases=("victim", "victim_ids")),
        FormField("perpetrators", _("Perpetrators"), "choices",
                  "\n".join(linked_perpetrators), _perpetrator_choices(detail),
                  aliases=("perpetrator", "perpetrator_ids")),
        *[FormField(f"unnamed_{group}", _(label), value=str(count) if count else "",
                    placeholder="0")
          for (group, label), count in zip(UNNAMED_LABELS.items(), unnamed.counts().values(),
                                           strict=True)],
        FormField("description", _("Details"), "area",
                  violation.description if violation else ""),
    ]
    intro = _("Victims: those recorded in the case who suffered it. Count the others, not "
              "identified one by one, under “Unnamed”.")
    if violation is None:
        return FormScreen(_("New violation"), fields, submit, intro=intro)
    return FormScreen(_("Violation: {type}").format(type=violation.type_label), fields,
                      submit, intro=intro)


UNNAMED_LABELS = {"men": N_("Unnamed: men"), "women": N_("Unnamed: women"),
                  "boys": N_("Unnamed: boys"), "girls": N_("Unnamed: girls"),
                  "unknown": N_("Unnamed: unknown")}
"""The form's fields for victims counted without names, in ``UNNAMED_GROUPS`` order."""

YES_NO = [Choice("yes", N_("Yes")), Choice("no", N_("No"))]


def victim_form(app: Shell, detail: CaseDetail, victim: VictimView | None = None
                ) -> FormScreen[Any]:
    """A new victim with their consent, or ``victim`` as recorded, to change (consent has
    its own form: each answer is a dated record, not a field to overwrite)."""
    # A name is only ever typed by someone who may see it, and only changed once it is
    # shown: left out, the service keeps it as it is.
    identity = victim.identity if victim else None
    with_identity = detail.can_see_identity and (victim is None or identity is not None)

    async def submit(values: Values) -> Any:
        form = VictimForm(
            code=text_or_none(values, "code"),
            name=text_or_none(values, "name") or None if with_identity else None,
            contact=text_or_none(values, "contact") or None if with_identity else None,
            sex=values.get("sex") or "unknown", age=whole_number(values, "age"),
            age_group=values.get("age_group") or "unknown",
            disability=values.get("disability") or "unknown",
            displacement=values.get("displacement") or "unknown",
            risk_level=values.get("risk_level") or "none",
            risk_measures=values.get("risk_measures") or "",
            risk_review_on=full_date(values, "risk_review_on"))
        if victim is not None:
            if with_identity:  # emptied on purpose: the service keeps None as unchanged
                form = replace(form, name=form.name or "", contact=form.contact or "")
            return await _call(app, victims.update_victim, victim.id, form,
                               expected_version=victim.version)
        answers = {purpose: values.get(f"consent_{purpose}") for purpose in CONSENT_PURPOSES}
        return await _call(app, victims.add_victim, detail.id, form, consents={
            purpose: answer == "yes" for purpose, answer in answers.items()
            if answer in ("yes", "no")})

    yes_no = [Choice(choice.code, _(choice.label)) for choice in YES_NO]
    fields = [FormField("code", _("Code"), value=victim.code if victim else "",
                        placeholder=_("left empty: V01, V02…"))]
    if with_identity:
        fields += [FormField("name", _("Name (restricted)"),
                             value=identity.name if identity else ""),
                   FormField("contact", _("Contact (restricted)"),
                             value=identity.contact if identity else "")]
    fields += [
        FormField("sex", _("Sex"), "choice", victim.sex if victim else "unknown",
                  closed_choices("sex")),
        FormField("age", _("Age"),
                  value=str(victim.age) if victim and victim.age is not None else ""),
        FormField("age_group", _("Age group"), "choice",
                  victim.age_group if victim else "unknown", closed_choices("age_group")),
        FormField("disability", _("Disability"), "choice",
                  victim.disability if victim else "unknown", closed_choices("disability")),
        FormField("displacement", _("Displacement"), "choice",
                  victim.displacement if victim else "unknown",
                  closed_choices("displacement")),
    ]
    if victim is None:
        fields += [FormField(f"consent_{purpose}", _("Consent: {purpose}").format(
            purpose=choice_label("consent_purpose", purpose)), "choice", None, yes_no)
            for purpose in CONSENT_PURPOSES]
    fields += [
        FormField("risk_level", _("Protection risk"), "choice",
                  victim.risk_level if victim else "none", closed_choices("risk_level")),
        FormField("risk_review_on", _("Next review"),
                  value=victim.risk_review_on.isoformat() if victim and victim.risk_review_on
                  else "", placeholder=_("YYYY-MM-DD (needed with a risk)")),
        FormField("risk_measures", _("Measures"), "area",
                  victim.risk_measures if victim else ""),
    ]
    if victim is None:
        return FormScreen(_("New victim"), fields, submit)
    intro = "" if with_identity or not victim.has_identity or not detail.can_see_identity \
        else _("The name and contact stay as they are: show them first (ctrl+r on the "
               "case file) to change them.")
    return FormScreen(_("Victim {code}").format(code=victim.code), fields, submit,
                      intro=intro)


def perpetrator_form(app: Shell, detail: CaseDetail,
                     perpetrator: PerpetratorView | None = None) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        form = PerpetratorForm(category_code=values.get("category_code") or "",
                               unit=text_or_none(values, "unit"),
                               name=text_or_none(values, "name"),
                               rank=text_or_none(values, "rank"),
                               description=values.get("description") or "")
        if perpetrator is None:
            return await _call(app, records.add_perpetrator, detail.id, form)
        return await _call(app, records.update_perpetrator, perpetrator.id, form,
                           expected_version=perpetrator.version)

    fields = [
        FormField("category_code", _("Category"), "choice",
                  perpetrator.category_code if perpetrator else None,
                  reference_choices("perpetrator_category"),
                  placeholder=_("type to narrow the list"),
                  aliases=("category",)),
        FormField("unit", _("Unit or group"), value=perpetrator.unit if perpetrator else ""),
        FormField("name", _("Name"), value=perpetrator.name if perpetrator else ""),
        FormField("rank", _("Rank"), value=perpetrator.rank if perpetrator else ""),
        FormField("description", _("Details"), "area",
                  perpetrator.description if perpetrator else ""),
    ]
    if perpetrator is None:
        return FormScreen(_("New perpetrator"), fields, submit)
    return FormScreen(_("Perpetrator: {category}").format(
        category=perpetrator.category_label), fields, submit)


def source_form(app: Shell, detail: CaseDetail, source: SourceView | None = None
                ) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        credibility = values.get("credibility")
        form = SourceForm(kind=values.get("kind") or "",
                          reliability=values.get("reliability") or "",
                          credibility=int(credibility) if credibility else 0,
                          obtained_on=full_date(values, "obtained_on"),
                          description=values.get("description") or "")
        if source is None:
            return await _call(app, records.add_source, detail.id, form)
        return await _call(app, records.update_source, source.id, form,
                           expected_version=source.version)

    fields = [
        FormField("kind", _("Kind"), "choice", source.kind if source else None,
                  closed_choices("source_kind")),
        FormField("reliability", _("Reliability of the source"), "choice",
                  source.reliability if source else None, closed_choices("reliability")),
        FormField("credibility", _("Credibility of the information"), "choice",
                  str(source.credibility) if source else None, closed_choices("credibility")),
        FormField("obtained_on", _("Obtained on"),
                  value=(source.obtained_on.isoformat() if source.obtained_on else "")
                  if source else app.today().isoformat(), placeholder=_(DATE_PLACEHOLDER)),
        FormField("description", _("Details"), "area", source.description if source else ""),
    ]
    if source is None:
        return FormScreen(_("New source"), fields, submit)
    return FormScreen(_("Source: {kind}").format(kind=choice_label("source_kind", source.kind)),
                      fields, submit)


def note_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        return await _call(app, cases.add_note, detail.id, values.get("body") or "")

    return FormScreen(_("New note"), [FormField("body", _("Note"), "area")], submit)


def follow_up_form(app: Shell, detail: CaseDetail, task: FollowUpView | None = None
                   ) -> FormScreen[Any]:
    """A new follow-up, or ``task`` as planned, to put off, reword or hand over."""

    async def submit(values: Values) -> Any:
        form = FollowUpForm(description=text_or_none(values, "description"),
                            due_on=full_date(values, "due_on"),
                            assigned_to=text_or_none(values, "assigned_to") or None)
        if task is None:
            return await _call(app, cases.add_follow_up, detail.id, form)
        return await _call(app, cases.update_follow_up, task.id, form,
                           expected_version=task.version)

    fields = [FormField("description", _("To do"), value=task.description if task else ""),
              FormField("due_on", _("Due on"), value=task.due_on.isoformat() if task else "",
                        placeholder=_(DATE_PLACEHOLDER)),
              FormField("assigned_to", _("Assigned to"), value=task.assigned_to if task else "",
                        placeholder=_("left empty: the case's officer"))]
    if task is None:
        return FormScreen(_("New follow-up"), fields, submit)
    return FormScreen(_("Follow-up: {description}").format(description=task.description),
                      fields, submit)


def _chosen(values: Values, key: str, items: Sequence[T]) -> T:
    """The item of ``items`` (views with an ``id``) picked in the field ``key``."""
    picked = values.get(key)
    for item in items:
        if picked and str(item.id) == picked:  # type: ignore[attr-defined]
            return item
    raise ValidationError(key, N_("Choose one from the list."))


def _only(choices: list[Choice]) -> str | None:
    return choices[0].code if len(choices) == 1 else None


DONE_OR_NOT = {"done": N_("Done"), "to_do": N_("To do again")}


def follow_up_done_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    """Mark a follow-up done, or to do again; the open ones are listed first."""
    tasks = sorted(detail.follow_ups, key=lambda task: (task.done_at is not None, task.due_on))

    async def submit(values: Values) -> Any:
        task = _chosen(values, "follow_up", tasks)
        return await _call(app, cases.complete_follow_up, task.id,
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
        victim = _chosen(values, "victim", detail.victims)
        form = ProtectionForm(risk_level=values.get("risk_level") or "",
                              risk_measures=values.get("risk_measures") or "",
                              risk_review_on=full_date(values, "risk_review_on"))
        return await _call(app, victims.review_protection, victim.id, form,
                           expected_version=victim.version)

    choices = _victim_choices(detail)
    # With one victim the form starts from what was recorded; with several, the section
    # "Consent and protection" (6) shows each one's.
    only = detail.victims[0] if len(detail.victims) == 1 else None
    fields = [
        FormField("victim", _("Victim"), "choice", _only(choices), choices),
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
        referral = _chosen(values, "referral", open_referrals)
        status = values.get("status")
        if not status:
            raise ValidationError("status", N_("Choose one from the list."))
        return await _call(app, victims.update_referral, referral.id, status,
                           on=full_date(values, "on"), comment=values.get("comment") or "",
                           expected_version=referral.version)

    choices = [Choice(str(r.id), f"{r.victim_code} {r.service_label}",
                      f"{choice_label('referral_status', r.status)} {r.provider}".strip())
               for r in open_referrals]
    fields = [
        FormField("referral", _("Referral"), "choice", _only(choices), choices),
        FormField("status", _("Now"), "choice", None,
                  [choice for choice in closed_choices("referral_status")
                   if choice.code not in ("proposed",)]),
        FormField("on", _("Since"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("comment", _("Comment"), "area"),
    ]
    return FormScreen(_("Referral status"), fields, submit)


def referral_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        victim = values.get("victim")
        if not victim:
            raise ValidationError("victim", N_("Choose the victim."))
        form = ReferralForm(service_code=values.get("service_code") or "",
                            provider=text_or_none(values, "provider"),
                            proposed_on=full_date(values, "proposed_on"),
                            comment=values.get("comment") or "")
        return await _call(app, victims.add_referral, int(victim), form)

    fields = [
        FormField("victim", _("Victim"), "choice", None, _victim_choices(detail)),
        FormField("service_code", _("Service"), "choice", None,
                  reference_choices("referral_service"), aliases=("service",)),
        FormField("provider", _("Provider")),
        FormField("proposed_on", _("Proposed on"), value=app.today().isoformat(),
                  placeholder=_(DATE_PLACEHOLDER)),
        FormField("comment", _("Comment"), "area"),
    ]
    return FormScreen(_("New referral"), fields, submit)


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
            return await _call(app, victims.revoke_consent, int(victim), purpose,
                               reason=values.get("note") or "")
        return await _call(app, victims.record_consent, int(victim), purpose,
                           given=action == "give", note=values.get("note") or "")

    fields = [
        FormField("victim", _("Victim"), "choice", None, _victim_choices(detail)),
        FormField("purpose", _("Purpose"), "choice", None, closed_choices("consent_purpose")),
        FormField("action", _("Record"), "choice", None,
                  [Choice(code, _(label)) for code, label in CONSENT_ACTIONS.items()]),
        FormField("note", _("Note"), "area"),
    ]
    return FormScreen(_("Consent"), fields, submit)


def attachment_form(app: Shell, detail: CaseDetail, folder: Path,
                    files: Sequence[ExchangeFile] = ()) -> FormScreen[Any]:
    """Attach one of the regular files of the account's exchange folder ``folder``."""

    async def submit(values: Values) -> Any:
        name = values.get("file")
        if not name:
            raise ValidationError("file", N_("Choose one from the list."))
        return await _call(app, cases.add_attachment, detail.id, name,
                           description=values.get("description") or "")

    fields = [FormField("file", _("File"), "choice", None,
                        [Choice(found.name, found.name, _("{size} bytes").format(
                            size=format_number(found.size))) for found in files]),
              FormField("description", _("Description"))]
    return FormScreen(_("Attach a file"), fields, submit, intro=_(
        "From your exchange folder {folder}. The file is copied into the encrypted database "
        "with its size and SHA-256; delete the plain copy afterwards if it holds anything "
        "sensitive.").format(folder=folder))


def export_form(app: Shell, detail: CaseDetail, folder: Path) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        attachment = values.get("attachment")
        name = text_or_none(values, "path")
        if not attachment:
            raise ValidationError("attachment", N_("Choose one from the list."))
        if not name:
            raise ValidationError("path", N_("Give the name of the file to write."))
        return await _call(app, cases.export_attachment, int(attachment), name)

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
        return await _call(app, cases.change_access, detail.id, officer=officer, share=shared,
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


def workflow_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    """Move the case on; before a submission or a validation, what the case lacks: what
    the office requires (the step is refused without it), then what to check."""

    gaps = workflow.submission_gaps(app.require_session(), detail)

    async def submit(values: Values) -> Any:
        target = values.get("target")
        if not target:
            raise ValidationError("target", N_("Choose one from the list."))
        try:
            return await _call(app, workflow.transition, detail.id, target,
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
    return FormScreen(_("Workflow of {reference}").format(reference=detail.reference),
                      fields, submit, intro=_workflow_intro(detail, gaps))


def _workflow_intro(detail: CaseDetail, gaps: tuple[Gap, ...]) -> str:
    lines = []
    commented = [choice_label("status", target) for target in detail.transitions
                 if workflow.TRANSITIONS[(detail.status, target)].comment_required]
    if commented:
        lines.append(_("Moving it to {status} needs a comment: say why.").format(
            status=", ".join(commented)))
    checked = [target for target in workflow.CHECKED_STEPS if target in detail.transitions]
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

Record = (IncidentView | ViolationView | VictimView | PerpetratorView | SourceView
          | AttachmentView | FollowUpView)


def _documentation(detail: CaseDetail) -> dict[str, Record]:
    """The records of the case's documentation, by ``kind:id``, in the order of its file,
    while this account may change it."""
    found: dict[str, Record] = {}
    if "documentation" not in detail.editable:
        return found
    for incident in detail.incidents:
        found[f"incident:{incident.id}"] = incident
        for violation in incident.violations:
            found[f"violation:{violation.id}"] = violation
    found.update((f"victim:{victim.id}", victim) for victim in detail.victims)
    found.update((f"perpetrator:{p.id}", p) for p in detail.perpetrators)
    found.update((f"source:{source.id}", source) for source in detail.sources)
    return found


def changeable_records(detail: CaseDetail) -> dict[str, Record]:
    """The records this account may change now: the documentation's, and the follow-ups
    (which may change as long as they may be added)."""
    found = _documentation(detail)
    if "follow_up" in detail.editable:
        found.update((f"follow_up:{task.id}", task) for task in detail.follow_ups)
    return found


def removable_records(detail: CaseDetail) -> dict[str, Record]:
    """The records this account may remove now: the documentation's, and the attachments
    while they may be added (one added by mistake must not stay). A follow-up is marked
    done instead (d)."""
    found = _documentation(detail)
    if "follow_up" in detail.editable:
        found.update((f"attachment:{a.id}", a) for a in detail.attachments)
    return found


def _record_choice(code: str, record: Record, detail: CaseDetail) -> Choice:
    if isinstance(record, IncidentView):
        return Choice(code, _("Incident of {date}").format(date=record.date.format()),
                      f"{record.province_label} {record.locality}".strip())
    if isinstance(record, ViolationView):
        dates = {incident.id: incident.date.format() for incident in detail.incidents}
        return Choice(code, _("Violation: {type}").format(type=record.type_label),
                      f"{dates.get(record.incident_id, '')} · "
                      f"{choice_label('verification_status', record.verification_status)}")
    if isinstance(record, VictimView):
        return Choice(code, _("Victim {code}").format(code=record.code),
                      choice_label("sex", record.sex))
    if isinstance(record, PerpetratorView):
        return Choice(code, _("Perpetrator: {category}").format(category=record.category_label),
                      " ".join(part for part in (record.unit, record.rank) if part))
    if isinstance(record, AttachmentView):
        return Choice(code, _("Attachment: {name}").format(name=record.filename),
                      record.description)
    if isinstance(record, FollowUpView):
        return Choice(code, _("Follow-up: {description}").format(
            description=record.description), f"{format_date(record.due_on)} {record.assigned_to}")
    return Choice(code, _("Source: {kind}").format(kind=choice_label("source_kind", record.kind)),
                  f"{record.reliability} {record.credibility}")


def record_picker(detail: CaseDetail, records_by_code: dict[str, Record], title: str,
                  intro: str = "") -> FormScreen[str]:
    """Choose one of ``records_by_code``; the form returns its ``kind:id``."""

    async def submit(values: Values) -> str:
        picked = values.get("record")
        if not picked or picked not in records_by_code:
            raise ValidationError("record", N_("Choose one from the list."))
        return picked

    choices = [_record_choice(code, record, detail) for code, record in records_by_code.items()]
    field = FormField("record", _("Record of the case"), "choice", _only(choices), choices,
                      placeholder=_("type to narrow the list"))
    return FormScreen(title, [field], submit, intro=intro, choose_with_enter=True)


EDITORS: dict[type, Callable[..., FormScreen[Any]]] = {
    IncidentView: incident_form, ViolationView: violation_form, VictimView: victim_form,
    PerpetratorView: perpetrator_form, SourceView: source_form, FollowUpView: follow_up_form,
}


def record_form(app: Shell, detail: CaseDetail, record: Record) -> FormScreen[Any]:
    """The form that changes ``record``, filled with what is recorded."""
    return EDITORS[type(record)](app, detail, record)


def removal_question(record: Record, detail: CaseDetail) -> str:
    """What removing ``record`` takes with it, asked before it goes."""
    if isinstance(record, IncidentView):
        count = len(record.violations)
        question = ngettext("Remove the incident of {date} and its violation?",
                            "Remove the incident of {date} and its {count} violations?",
                            count) if count else _("Remove the incident of {date}?")
        return question.format(date=record.date.format(), count=count)
    if isinstance(record, ViolationView):
        return _("Remove the violation “{type}” and its links to victims and "
                 "perpetrators?").format(type=record.type_label)
    if isinstance(record, VictimView):
        count = sum(1 for referral in detail.referrals if referral.victim_id == record.id)
        question = ngettext(
            "Remove victim {code} with their consent records and their referral?",
            "Remove victim {code} with their consent records and their {count} referrals?",
            count) if count else _("Remove victim {code} with their consent records?")
        return question.format(code=record.code, count=count)
    if isinstance(record, PerpetratorView):
        return _("Remove the perpetrator “{category}” and their part in each "
                 "violation?").format(category=record.category_label)
    if isinstance(record, AttachmentView):
        return _("Remove the attachment “{name}” ({size} bytes)? Its content is erased "
                 "from the database.").format(name=record.filename,
                                              size=format_number(record.size))
    if isinstance(record, SourceView):
        return _("Remove this source ({kind})?").format(
            kind=choice_label("source_kind", record.kind))
    raise TypeError(f"{type(record).__name__} is not removed from a case file")


REMOVERS: dict[type, Callable[..., None]] = {
    IncidentView: records.remove_incident, ViolationView: records.remove_violation,
    VictimView: victims.remove_victim, PerpetratorView: records.remove_perpetrator,
    SourceView: records.remove_source,
}


def remove_record(app: Shell, record: Record) -> Awaitable[None]:
    if isinstance(record, AttachmentView):  # never changed, so without a version
        return _call(app, cases.remove_attachment, record.id)
    return _call(app, REMOVERS[type(record)], record.id, expected_version=record.version)
