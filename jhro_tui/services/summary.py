"""The printable case summary: a case file for a victim or a court, redacted by consent.

Built in two steps: ``build`` turns the case file as read for the case file screen
(``detail.read_detail``, with the justice module's views; nothing is queried again) into
a neutral ``Summary`` of plain, terminal-safe lines; ``as_markdown`` and
``summary_pdf.as_pdf`` only lay those lines out. Whatever is not in the ``Summary``
cannot reach a file.

Who is named (the rule, written once here):

- A victim's name and contact appear only when (1) the person printing may see
  identities at all (the assigned officer or the office's supervisor, the rule of
  ``victims.reveal_identity``), and (2) that victim's consent for the audience's purpose
  is in force (the latest record for the purpose, not revoked): ``justice`` for a court,
  ``documentation`` for the victim's own copy (they consented to their identity being
  recorded in the file; the copy gives it back to them).
- A victim's summary is for one victim (``victim``): only that victim's identity may
  appear; the other victims appear by their code alone (not even sex or age group, which
  in a village can name someone).
- Accused persons: as in the case file, their names are masked like victims'. A court's
  summary names them when the person printing may see identities (the court tries them
  by name); a victim's summary never does, since the copy leaves the office's hands.
- Perpetrators of the documentation appear by category and unit, never by name.
- Free text that may name anyone and that no consent covers (narrative, descriptions,
  notes, hearing summaries, stage evidence, reparation beneficiaries, payment notes) is
  left out; only the case's title and places are printed as typed.

Every summary is audited: the case view (``case.view``), each identity included
(``victim.identity.view``, ``accused.identity.view``), and the export itself
(``case.summary``: audience, format, identities, where it went). A refusal is audited by
the case's unit of work. The file is new (never replacing one), 0600, written without
following a symbolic link (``security.exchange``), and NOT encrypted.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from jhro_tui.errors import UsageError, ValidationError
from jhro_tui.i18n import N_, _, format_date, format_number, ngettext
from jhro_tui.security import exchange
from jhro_tui.security.audit import FAILED
from jhro_tui.services import access
from jhro_tui.services.access import NotAvailable
from jhro_tui.services.attachments import exchange_folder
from jhro_tui.services.common import account_names
from jhro_tui.services.dates import office_time
from jhro_tui.services.detail import read_detail
from jhro_tui.services.forms import choice_label
from jhro_tui.services.justice.views import AccusedView, ProceedingView
from jhro_tui.services.session import Session
from jhro_tui.services.views import CaseDetail, IncidentView, VictimView, ViolationView
from jhro_tui.store.models import Case
from jhro_tui.text import markdown_literal, sanitize

ACTION = "case.summary"
FORMATS = {"pdf": N_("PDF (to print)"), "md": N_("Markdown (text)")}
AUDIENCES = {"court": N_("A court or prosecutor"), "victim": N_("A victim (their own copy)")}
AUDIENCE_CONSENT = {"court": "justice", "victim": "documentation"}
"""The consent purpose that lets a victim's identity into a summary for each audience."""


@dataclass(frozen=True)
class Request:
    """What to print: for whom (``audience``; ``victim``: the victim's code, for a
    victim's summary), in which format."""

    audience: str
    fmt: str
    victim: str = ""


def request(audience: str, fmt: str, victim: str = "") -> Request:
    """A checked ``Request``: a known audience and format, and a victim named exactly
    when the summary is a victim's."""
    if audience not in AUDIENCES:
        raise ValidationError("audience", N_("Unknown value {value}: choose one from the "
                                             "list."), value=audience)
    if fmt not in FORMATS:
        raise ValidationError("format", N_("Unknown format {format}: pdf or md."),
                              format=fmt)
    victim = (victim or "").strip()
    if audience == "victim" and not victim:
        raise ValidationError("victim", N_("A victim's summary is for one victim: choose "
                                           "which."))
    if audience == "court" and victim:
        raise ValidationError("victim", N_("A court's summary is for no one victim: choose "
                                           "a victim only for a victim's summary."))
    return Request(audience, fmt, victim)


# --- the neutral document --------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One line of a part, terminal-safe text; ``depth``: how far it is indented."""

    text: str
    depth: int = 0


@dataclass(frozen=True)
class Part:
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Summary:
    """A case summary as any format prints it; every string already made safe."""

    title: str
    facts: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]
    parts: tuple[Part, ...]
    footer: str
    printed_at: dt.datetime
    reference: str
    audience: str
    victim: str
    identities: tuple[str, ...]
    """Codes of the victims whose identity is printed."""
    accused_named: tuple[str, ...]
    """Codes of the accused whose name is printed."""
    victim_ids: tuple[int, ...] = ()
    accused_ids: tuple[int, ...] = ()


def _text(*parts: object) -> str:
    """Parts joined two spaces apart (empty ones left out), stored text made safe."""
    return "  ".join(sanitize(str(part)) for part in parts if part not in (None, ""))


def _words(*parts: object, glue: str = ", ") -> str:
    return glue.join(sanitize(str(part)) for part in parts if part not in (None, ""))


def _named(victim: VictimView, detail: CaseDetail, wanted: Request) -> bool:
    """Whether ``victim``'s identity goes into this summary (the module's rule)."""
    if victim.identity is None or not detail.can_see_identity or not victim.has_identity:
        return False
    if wanted.audience == "victim" and victim.code != wanted.victim:
        return False
    return victim.consents_to(AUDIENCE_CONSENT[wanted.audience])


def _victim_lines(detail: CaseDetail, wanted: Request, named: set[int]) -> list[Line]:
    lines = []
    for victim in detail.victims:
        own = wanted.audience == "court" or victim.code == wanted.victim
        if not own:
            lines.append(Line(_text(victim.code)))
            continue
        age = (_("{age} years").format(age=victim.age) if victim.age is not None else "")
        lines.append(Line(_text(victim.code, choice_label("sex", victim.sex),
                                choice_label("age_group", victim.age_group), age)))
        if victim.id in named and victim.identity is not None:
            lines.append(Line(_text(_("Name:"), victim.identity.name or "—"), 1))
            if victim.identity.contact:
                lines.append(Line(_text(_("Contact:"), victim.identity.contact), 1))
    return lines


def _violation_lines(violation: ViolationView) -> list[Line]:
    lines = [Line(_text(violation.type_label, f"({violation.category_label})"
                        if violation.category_label else "", "—",
                        choice_label("verification_status",
                                     violation.verification_status)), 1)]
    if violation.victims:
        lines.append(Line(_text(_("Victims:"), _words(*(
            f"{v.code} ({choice_label('involvement', v.involvement)})"
            for v in violation.victims))), 2))
    if violation.unnamed.total:
        lines.append(Line(_text(_("Not named:"), violation.unnamed.describe()), 2))
    if violation.perpetrators:
        lines.append(Line(_text(_("Perpetrators:"), _words(*(
            _words(p.category_label, p.unit, glue=" · ") for p in violation.perpetrators),
            glue="; ")), 2))
    return lines


def _incident_lines(incident: IncidentView) -> list[Line]:
    period = incident.date.format()
    if incident.end is not None:
        period = f"{period} – {incident.end.format()}"
    lines = [Line(_text(period, _words(incident.locality, incident.territory_label,
                                       incident.province_label)))]
    for violation in incident.violations:
        lines += _violation_lines(violation)
    return lines


def _accused_lines(person: AccusedView, court: bool) -> list[Line]:
    name = person.name if court and person.name else ""
    lines = [Line(_text(person.code, name, _words(person.category_label, person.rank,
                                                  person.unit, glue=" · ")), 2)]
    for charge in person.charges:
        verdict = choice_label("verdict", charge.verdict) if charge.verdict else \
            _("not judged")
        if charge.verdict == "requalified":
            verdict += ": " + charge.requalified_label
        lines.append(Line(_text(_("Charge:"), charge.label, "—", verdict), 3))
    if person.judged_on is not None:
        months = ngettext("{count} month", "{count} months", person.sentence_months or 0
                          ).format(count=person.sentence_months) \
            if person.sentence_months else ""
        lines.append(Line(_text(_("Judged on {date}:").format(
            date=format_date(person.judged_on)),
            choice_label("verdict", person.outcome) if person.outcome != "pending" else "",
            choice_label("sentence_kind", person.sentence_kind) if person.sentence_kind
            else "", months), 3))
    for reparation in person.reparations:
        lines.append(Line(_text(
            _("Reparation ordered on {date}:").format(
                date=format_date(reparation.ordered_on)),
            f"{format_number(reparation.amount)} {reparation.currency}",
            _("jointly with the State") if reparation.jointly_with_state else "",
            _("paid {paid} of {ordered}").format(paid=format_number(reparation.paid),
                                                 ordered=format_number(reparation.amount))),
            3))
    return lines


def _proceeding_lines(p: ProceedingView, court: bool, victim: str) -> list[Line]:
    """A proceeding; ``victim``: the victim a victim's copy is for (the only one whose
    part in court it shows)."""
    lines = [Line(_text(p.label or p.court_label, _words(
        choice_label("jurisdiction", p.jurisdiction) if p.jurisdiction else "",
        p.territory_label, p.province_label)))]
    lines.append(Line(_text(_("Opened on {date}").format(date=format_date(p.opened_on)),
                            _("stage:"), choice_label("proceeding_stage", p.stage),
                            _("since {date}").format(date=format_date(p.stage_on))), 1))
    if len(p.stages) > 1:
        lines.append(Line(_text(_("Stages:"), " → ".join(
            f"{choice_label('proceeding_stage', s.stage)} {format_date(s.on)}"
            for s in p.stages)), 1))
    if p.appeal_of_label:
        lines.append(Line(_text(_("Appeal against:"), p.appeal_of_label), 1))
    if p.appeals:
        lines.append(Line(_text(_("Appealed:"), _words(*(label for _id, label in p.appeals))),
                          1))
    for hearing in p.hearings:
        lines.append(Line(_text(_("Hearing on {date}").format(
            date=format_date(hearing.held_on)),
            _("postponed") if hearing.postponed else "",
            _("closed to the public") if hearing.closed_to_public else "",
            _("next: {date}").format(date=format_date(hearing.next_on))
            if hearing.next_on else ""), 1))
    if p.next_hearing_on is not None:
        lines.append(Line(_text(_("Next hearing:"), format_date(p.next_hearing_on)), 1))
    if p.accused:
        lines.append(Line(_("Accused"), 1))
        for person in p.accused:
            lines += _accused_lines(person, court)
    shown = [v for v in p.victims if court or v.victim_code == victim]
    if shown:
        lines.append(Line(_text(_("Victims in court:"), _words(*(
            _words(v.victim_code, _("civil party") if v.civil_party else "", glue=" ")
            for v in shown))), 1))
    return lines


def build(detail: CaseDetail, wanted: Request, printed_by: str, printed_at: dt.datetime,
          local: dt.datetime) -> Summary:
    """The summary of ``detail`` (read with identities if the reader may see them) for
    ``wanted``; ``printed_at`` in UTC, ``local`` the same instant on the office's clock."""
    named = {victim.id for victim in detail.victims if _named(victim, detail, wanted)}
    court = wanted.audience == "court"
    def office_day(at: dt.datetime) -> str:
        """A stored instant (UTC) as the office's calendar day."""
        return format_date(at.replace(tzinfo=dt.UTC).astimezone(local.tzinfo).date())

    validated = [change.at for change in detail.history if change.to_status == "validated"]
    facts = [(_("Reference"), detail.reference), (_("Title"), detail.title),
             (_("Office"), detail.office),
             (_("Status"), choice_label("status", detail.status)),
             (_("Confidentiality"), choice_label("confidentiality", detail.confidentiality)),
             (_("Province"), detail.province_label),
             (_("Opened on"), format_date(detail.opened_on))]
    if validated:
        facts.append((_("Last validated on"), office_day(validated[-1])))
    facts.append((_("Last change"), office_day(detail.updated_at)))
    purpose = choice_label("consent_purpose", AUDIENCE_CONSENT[wanted.audience])
    if court:
        title = _("Case summary for a court")
        note = _("Victims are named only where they consented to: {purpose}. The others "
                 "appear by their code.").format(purpose=purpose)
    else:
        title = _("Case summary for the victim {code}").format(code=wanted.victim)
        note = _("The victim {code} is named only with their consent to: {purpose}. The "
                 "other victims appear by their code alone.").format(
            code=wanted.victim, purpose=purpose)
    notes = [note]
    if not detail.can_see_identity:
        notes.append(_("Printed by someone who may not see identities: no victim or "
                       "accused is named."))
    notes.append(_("Narratives, descriptions and notes are left out: they may name people "
                   "who did not consent."))

    incidents = [line for incident in detail.incidents for line in _incident_lines(incident)]
    perpetrators = [Line(_text(_words(p.category_label, p.unit, glue=" · ")))
                    for p in detail.perpetrators]
    justice = [line for p in detail.proceedings
               for line in _proceeding_lines(p, court, wanted.victim)]
    nothing = (Line(_("Nothing recorded.")),)
    parts = (
        Part(_("Incidents and violations"), tuple(incidents) or nothing),
        Part(_("Victims"), tuple(_victim_lines(detail, wanted, named)) or nothing),
        Part(_("Perpetrators"), tuple(perpetrators) or nothing),
        Part(_("Justice"), tuple(justice) or nothing),
    )
    accused = [person for p in detail.proceedings for person in p.accused
               if court and person.name]
    footer = _("CONFIDENTIAL. Printed by {who} on {utc} UTC ({local}, office time).").format(
        who=_words(printed_by), utc=printed_at.strftime("%Y-%m-%d %H:%M"),
        local=_words(f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".strip()))
    return Summary(
        sanitize(title), tuple((sanitize(label), sanitize(value)) for label, value in facts),
        tuple(sanitize(note) for note in notes), parts, footer, printed_at, detail.reference,
        wanted.audience, wanted.victim,
        tuple(victim.code for victim in detail.victims if victim.id in named),
        tuple(person.code for person in accused),
        tuple(sorted(named)), tuple(person.id for person in accused))


# --- Markdown --------------------------------------------------------------------------------

_BLOCK_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def _md(text: str) -> str:
    """Stored text on a Markdown line: its markup signs taken literally, and nothing at
    its start read as a list or a heading."""
    return _BLOCK_START.sub(lambda found: (f"{found.group(1)}\\{found.group(2)}"
                                           if found.group(1) else f"\\{found.group(3)}"),
                            markdown_literal(text))


def as_markdown(summary: Summary) -> bytes:
    lines = [f"# {_md(summary.title)}", ""]
    lines += [f"- **{_md(label)}**: {_md(value)}" for label, value in summary.facts]
    lines.append("")
    lines += [f"> {_md(note)}\n>" for note in summary.notes]
    lines[-1] = lines[-1].removesuffix("\n>")
    for part in summary.parts:
        lines += ["", f"## {_md(part.title)}", ""]
        lines += [f"{'  ' * line.depth}- {_md(line.text)}" for line in part.lines]
    lines += ["", "---", "", f"*{_md(summary.footer)}*", ""]
    return "\n".join(lines).encode()


def render(summary: Summary, fmt: str) -> bytes:
    if fmt == "pdf":
        from jhro_tui.services.summary_pdf import as_pdf  # fpdf2 only when asked for

        return as_pdf(summary)
    return as_markdown(summary)


# --- the service ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Printed:
    """A summary made: its bytes, where it went (None: printed on standard output), and
    who it names."""

    content: bytes
    path: Path | None
    identities: tuple[str, ...]
    accused_named: tuple[str, ...]


def case_of(session: Session, reference: str) -> int:
    """The id of the case ``reference`` names, if this account may see it; a reference
    that does not exist is refused the same way (and audited), so none can be probed."""
    wanted = (reference or "").strip().upper()
    target = f"case:{wanted}"
    with access.reading(session):
        who = access.case_actor(session, ACTION, target)
        found = Case.get_or_none(Case.reference == wanted)
        if found is None:
            raise access.Denied(ACTION, target, "no such case", NotAvailable())
        if not access.Visibility(who).allows(found):
            raise access.Denied(ACTION, target, "not visible", NotAvailable())
        return int(found.id)


def _summary(session: Session, case_id: int, wanted: Request, *, to_stdout: bool = False
             ) -> Summary:
    """The case read and its summary built in one unit of work, audited as a view of the
    case and of each identity it prints (and, ``to_stdout``, as the export itself)."""
    with access.case_unit(session, case_id, ACTION) as work:
        allowed = access.can_see_identity(work.case, work.who)
        detail = read_detail(work.case, work.who, account_names(), reveal_identity=allowed)
        if wanted.audience == "victim" and wanted.victim not in {
                victim.code for victim in detail.victims}:
            raise ValidationError("victim", N_("No victim {code} in this case."),
                                  code=wanted.victim)
        now = dt.datetime.now(dt.UTC)
        who = session.user
        printed_by = f"{who.full_name} ({who.name})" if who.full_name else who.name
        summary = build(detail, wanted, printed_by, now, office_time(session.settings, now))
        work.audit("case.view", "summary")
        for victim_id in summary.victim_ids:
            work.audit("victim.identity.view", work.subject, target=f"victim:{victim_id}")
        for accused_id in summary.accused_ids:
            work.audit("accused.identity.view", work.subject, target=f"accused:{accused_id}")
        if to_stdout:
            work.audit(ACTION, _detail(summary, wanted.fmt, "to=stdout"))
    return summary


def _detail(summary: Summary, fmt: str, where: str) -> str:
    return (f"audience={summary.audience}"
            + (f" victim={summary.victim}" if summary.victim else "")
            + f" format={fmt} identities={','.join(summary.identities) or '-'}"
            + f" accused_named={','.join(summary.accused_named) or '-'} {where}")


def file_name(summary: Summary, fmt: str, folder: Path) -> str:
    """``jhro-summary-<reference>-<audience>[-<victim>]-<UTC time>[-n].<fmt>``, safe in
    any folder, and not a name ``folder`` holds already (two prints in one second). A
    file made meanwhile under the name is still never replaced: the write refuses it."""
    who = summary.audience + (f"-{summary.victim}" if summary.victim else "")
    safe = re.sub(r"[^A-Za-z0-9]+", "-", f"{summary.reference}-{who}").strip("-")[:60]
    stem = f"jhro-summary-{safe}-{summary.printed_at:%Y%m%d-%H%M%S}"
    name, number = f"{stem}.{fmt}", 1
    while os.path.lexists(folder / name) and number < 100:
        number += 1
        name = f"{stem}-{number}.{fmt}"
    return name


def printed(session: Session, case_id: int, wanted: Request) -> Printed:
    """The summary as Markdown for standard output, audited as an export."""
    if wanted.fmt != "md":
        raise UsageError(N_("A PDF is written to a file: give --output FILE."))
    summary = _summary(session, case_id, wanted, to_stdout=True)
    return Printed(as_markdown(summary), None, summary.identities, summary.accused_named)


def write(session: Session, case_id: int, wanted: Request, folder: Path | None = None, *,
          name: str | None = None) -> Printed:
    """Write the summary as a new file of ``folder`` (default: the account's exchange
    folder), named ``file_name(...)`` unless ``name`` is given. The document is drawn
    outside the write lock (a PDF takes a moment no other session's save should wait);
    a file that cannot be written leaves nothing behind, and the failure is audited."""
    summary = _summary(session, case_id, wanted)
    content = render(summary, wanted.fmt)
    try:
        with access.case_unit(session, case_id, ACTION) as work:
            where = folder if folder is not None else exchange_folder(session)
            name = name or file_name(summary, wanted.fmt, where)
            exchange.write_new_file(where, name, content)
            work.audit(ACTION, _detail(summary, wanted.fmt, f"file={where / name}"))
    except UsageError as exc:
        session.audit(ACTION, f"case:{summary.reference}",
                      f"format={wanted.fmt} name={name!r} error={type(exc).__name__}",
                      outcome=FAILED)
        raise
    return Printed(content, where / name, summary.identities, summary.accused_named)

