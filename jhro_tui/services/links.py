"""Related cases: this case linked to another the user may see, with the kind of link.

A link shows in both case files. Making or removing one needs the right to change this
case now (its follow-up part: a link is still made after validation, when a later case
turns out to concern the same incident) and the right to see the other, whatever its
status (a follow-on of a closed case is the common case). Each side is touched and
audited, so that both cases' histories and access records say it happened. A reader
sees only the links to cases they may see themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import cast

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access
from jhro_tui.services.access import FOLLOW_UP, Actor, CaseWork, NotAvailable
from jhro_tui.services.common import account_names
from jhro_tui.services.forms import CASE_LINK_KINDS, CaseLinkForm
from jhro_tui.services.session import Session
from jhro_tui.services.validation import length, required
from jhro_tui.services.views import RelatedCaseView
from jhro_tui.store.models import Case, CaseLink, utc_now

LINK_KINDS = tuple(CASE_LINK_KINDS)


def link_case(session: Session, case_id: int, form: CaseLinkForm) -> RelatedCaseView:
    """Link case ``case_id`` to the case whose reference the form gives."""
    action = "case.link"
    with access.case_unit(session, case_id, action, section=FOLLOW_UP) as work:
        case, who = work.case, work.who
        if form.kind not in CASE_LINK_KINDS:
            raise ValidationError("kind", N_("Choose the kind of link."))
        reference = required("reference", form.reference,
                             N_("Give the reference of the other case, such as "
                                "GOM-2026-0001.")).upper()
        length("note", form.note)
        other = _visible_by_reference(reference, work)
        if other.id == case.id:
            raise ValidationError("reference", N_("A case cannot be linked to itself."))
        if _linked(case.id, other.id, form.kind):
            raise ValidationError("kind", N_("These cases are already linked this way."))
        row = CaseLink.create(case=case.id, other=other.id, kind=form.kind,
                              note=form.note.strip(), created_by=who.id,
                              created_at=utc_now())
        for this, that in ((case, other), (other, case)):
            work.changed(action, f"link={row.id} kind={form.kind} with={that.reference}",
                         case=this)
    return RelatedCaseView(row.id, case.id, row.kind, True, other.id, other.reference,
                           other.title, other.status, row.note, who.name, row.created_at)


def unlink_case(session: Session, case_id: int, link_id: int) -> None:
    """Remove link ``link_id`` from case ``case_id``'s file (and so from the other's)."""
    action = "case.unlink"
    with access.case_unit(session, case_id, action, section=FOLLOW_UP) as work:
        case = work.case
        row = CaseLink.get_or_none(CaseLink.id == link_id)
        if row is None or case.id not in (row.case_id, row.other_id):
            raise work.denied("no such record", NotAvailable(), target=f"link:{link_id}")
        other = access.load_case(row.other_id if row.case_id == case.id else row.case_id,
                                 work.who, action)
        CaseLink.delete().where(CaseLink.id == link_id).execute()
        for this, that in ((case, other), (other, case)):
            work.changed(action, f"link={link_id} kind={row.kind} with={that.reference}",
                         case=this)


def related_cases(case_id: int, who: Actor) -> tuple[RelatedCaseView, ...]:
    """The links of case ``case_id`` to cases ``who`` may see, the most recent first
    (inside the unit that read the case)."""
    names = account_names()
    found = []
    for outgoing, mine, theirs in ((True, CaseLink.case, CaseLink.other),
                                   (False, CaseLink.other, CaseLink.case)):
        rows = cast("Iterable[tuple[int, str, str, int, dt.datetime, int, str, str, str]]", (
            CaseLink.select(CaseLink.id, CaseLink.kind, CaseLink.note, CaseLink.created_by,
                            CaseLink.created_at, Case.id, Case.reference, Case.title,
                            Case.status)
            .join(Case, on=(theirs == Case.id))
            .where(mine == case_id, access.Visibility(who).sql()).tuples()))
        found += [RelatedCaseView(link_id, case_id, kind, outgoing, other_id, reference, title,
                                  status, note, names.get(by, ("", ""))[0], at)
                  for link_id, kind, note, by, at, other_id, reference, title, status in rows]
    found.sort(key=lambda link: (link.created_at, link.id), reverse=True)
    return tuple(found)


def _visible_by_reference(reference: str, work: CaseWork) -> Case:
    """The case of ``reference``, if ``work.who`` may see it; one that does not exist is
    refused the same way (and audited), so references cannot be probed."""
    found = Case.select(Case.id).where(Case.reference == reference).first()
    if found is None:
        raise work.denied("no such record", NotAvailable(), target=f"case:{reference}")
    return access.load_case(found.id, work.who, work.action)


def _linked(case_id: int, other_id: int, kind: str) -> bool:
    return CaseLink.select().where(
        CaseLink.kind == kind,
        ((CaseLink.case == case_id) & (CaseLink.other == other_id))
        | ((CaseLink.case == other_id) & (CaseLink.other == case_id))).exists()
