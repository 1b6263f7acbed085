"""Case files: create, edit, open, assign, share, comment, follow up, attach.

Every service re-reads the acting account, checks what it may do (``access``), validates
(``validation``), changes the database and writes its audit row in one transaction, and
returns frozen views (``views``). Listing and search live in ``listing``, the workflow in
``workflow``, incidents and the rest of the documentation in ``records``, victims,
consent and referrals in ``victims``, attached files in ``attachments``, the start
screen in ``home``; this module re-exports the names a screen needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services import access
from jhro_tui.services.access import DOCUMENTATION, FOLLOW_UP, NOTES, CaseWork
from jhro_tui.services.attachments import (
    add_attachment,
    exchange_files,
    exchange_folder,
    export_attachment,
    remove_attachment,
)
from jhro_tui.services.common import (
    account_names,
    bump,
    changed_values,
    rules,
)
from jhro_tui.services.dates import today
from jhro_tui.services.detail import (
    follow_up_view,
    note_view,
    read_detail,
)
from jhro_tui.services.forms import PRIORITY_RANK, CaseForm, FollowUpForm
from jhro_tui.services.home import home_summary
from jhro_tui.services.listing import (
    SORTS,
    CaseQuery,
    count_cases,
    list_cases,
    search_expression,
    summary_of,
)
from jhro_tui.services.session import Session
from jhro_tui.services.validation import (
    from_today,
    validate_case,
    validate_follow_up,
    validate_note,
)
from jhro_tui.services.views import (
    AccessCandidates,
    AccountChoice,
    CaseDetail,
    CaseSummary,
    FollowUpView,
    NoteView,
)
from jhro_tui.store.models import (
    Account,
    Case,
    CaseAccessChange,
    CaseCounter,
    CaseShare,
    CaseStatusChange,
    FollowUp,
    Note,
    Office,
    utc_now,
)

__all__ = [
    "SORTS", "CaseQuery", "access_candidates", "add_attachment", "add_follow_up", "add_note",
    "assign_case", "reassign_candidates", "reassign_cases",
    "complete_follow_up", "count_cases", "create_case", "exchange_files", "exchange_folder",
    "export_attachment", "get_case",
    "home_summary", "list_cases", "remove_attachment", "search_expression", "share_case",
    "unshare_case", "update_case",
]

def format_reference(office_code: str, year: int, number: int) -> str:
    """``GOM-2026-0001``: the office's code, the year, the office's count in that year
    (four digits, more past 9,999)."""
    return f"{office_code}-{year:04d}-{number:04d}"


def next_reference(office: str, year: int) -> str:
    """The next free reference of ``office`` in ``year``; call inside the write transaction.

    Each office counts its own cases: a reference says nothing of other offices' volume.
    """
    code = Office.get(Office.name == office).code
    counter = CaseCounter.get_or_none(CaseCounter.office == office, CaseCounter.year == year)
    number = (counter.last if counter else 0) + 1
    if counter is None:
        CaseCounter.insert(office=office, year=year, last=number).execute()
    else:
        CaseCounter.update(last=number).where(CaseCounter.office == office,
                                              CaseCounter.year == year).execute()
    return format_reference(code, year, number)


def _case_account(name: str, office: str, field: str) -> Account:
    """An active officer or supervisor of ``office`` named ``name``, or a ValidationError."""
    row = Account.get_or_none(Account.name == name)
    if (row is None or not row.active or row.role not in access.CASE_ROLES
            or row.office != office):
        raise ValidationError(field, N_("{name} is not an active officer or supervisor of "
                                        "the {office} office."), name=name, office=office)
    return row


# --- the case header -------------------------------------------------------------------------

def create_case(session: Session, form: CaseForm) -> CaseSummary:
    """Open a new case file in draft (officer or supervisor).

    An officer opens cases in their own office, assigned to themselves; a supervisor may
    assign the new case to an officer of their office.
    """
    with access.working(session, "case.create") as work:
        who = work.who
        form = validate_case(form, rules(session))
        office = form.office or who.office
        if not office:
            raise ValidationError("office", N_("Your account has no field office: an "
                                               "administrator must set one first."))
        if office != who.office:
            raise work.denied(f"office={office}")
        officer_id = who.id
        if form.officer and form.officer != who.name:
            if not who.is_supervisor:
                raise work.denied(f"officer={form.officer}")
            officer_id = _case_account(form.officer, office, "officer").id
        opened_on = form.opened_on or today(session.settings)
        reference = next_reference(office, opened_on.year)
        now = utc_now()
        case = Case.create(
            reference=reference, title=form.title, narrative=form.narrative, status="draft",
            priority=PRIORITY_RANK[form.priority], confidentiality=form.confidentiality,
            officer=officer_id, office=office, province_code=form.province_code,
            opened_on=opened_on, created_at=now, created_by=who.id, updated_at=now,
            updated_by=who.id, version=1)
        CaseStatusChange.create(case=case.id, from_status="", to_status="draft", by=who.id,
                                at=now)
        if officer_id != who.id:
            CaseAccessChange.create(case=case.id, kind="assign", account=officer_id,
                                    by=who.id, at=now)
        work.audit("case.create", f"office={office}", target=f"case:{reference}")
    return summary_of(case.id)


def update_case(session: Session, case_id: int, form: CaseForm, *,
                expected_version: int) -> CaseSummary:
    """Change a draft case's header; refused with ``Conflict`` if someone saved first.

    ``officer`` and ``office`` are ignored here: ``assign_case`` changes them.
    """
    with access.case_unit(session, case_id, "case.update", section=DOCUMENTATION,
                          expected_version=expected_version) as work:
        case = work.case
        submitted = vars(form)
        form = validate_case(form, rules(session))
        changed = changed_values(case, {
            "title": form.title, "narrative": form.narrative,
            "priority": PRIORITY_RANK[form.priority], "confidentiality": form.confidentiality,
            "province_code": form.province_code,
            "opened_on": form.opened_on or case.opened_on}, submitted)
        # Only what changed, and nothing when nothing did: an untouched title or narrative
        # keeps its stored bytes and its full-text row, which costs some 30 ms to rewrite
        # on a large caseload (every word deleted and added again).
        if changed:
            Case.update(**changed, version=Case.version + 1, updated_at=utc_now(),
                        updated_by=work.who.id).where(Case.id == case.id).execute()
            work.audit("case.update", "fields=" + ",".join(sorted(changed)))
    return summary_of(case_id)


def get_case(session: Session, case_id: int, *, reveal_identity: bool = False) -> CaseDetail:
    """Open a case file (audited as a view).

    ``reveal_identity`` also returns victims' names and contacts: only for the assigned
    officer and the office supervisor, and each victim revealed is audited.
    """
    with access.case_unit(session, case_id, "case.view") as work:
        if reveal_identity and not access.can_see_identity(work.case, work.who):
            raise work.denied("not assigned officer or supervisor",
                              action="victim.identity.view")
        detail = read_detail(work.case, work.who, account_names(),
                             reveal_identity=reveal_identity)
        work.audit("case.view")
        if reveal_identity:
            for victim in detail.victims:
                if victim.has_identity:
                    work.audit("victim.identity.view", work.subject,
                               target=f"victim:{victim.id}")
            for person in (a for p in detail.proceedings for a in p.accused if a.name):
                work.audit("accused.identity.view", work.subject, target=f"accused:{person.id}")
    return detail


def assign_case(session: Session, case_id: int, officer: str, *,
                expected_version: int) -> CaseSummary:
    """Give the case to another officer of its office (the office supervisor)."""
    with access.case_unit(session, case_id, "case.assign", supervisor=True) as work:
        _assign(work, officer, expected_version)
    return summary_of(case_id)


def share_case(session: Session, case_id: int, account: str) -> tuple[str, ...]:
    """Let ``account`` (an officer or supervisor, any office) see and edit the case.

    Only the office supervisor shares. Returns the accounts the case is shared with.
    """
    with access.case_unit(session, case_id, "case.share", supervisor=True) as work:
        _set_share(work, account, shared=True)
        return _shared_with(case_id)


def unshare_case(session: Session, case_id: int, account: str) -> tuple[str, ...]:
    """Withdraw a share (the office supervisor)."""
    with access.case_unit(session, case_id, "case.unshare", supervisor=True) as work:
        _set_share(work, account, shared=False)
        return _shared_with(case_id)


def change_access(session: Session, case_id: int, *, officer: str = "", share: str = "",
                  unshare: str = "", expected_version: int) -> CaseSummary:
    """Assign the case, share it and withdraw a share, in one unit of work: a refusal of
    any leaves all as they were (the office supervisor's form)."""
    with access.case_unit(session, case_id, "case.access", supervisor=True) as work:
        if officer:
            _assign(work, officer, expected_version)
        if share:
            _set_share(work, share, shared=True)
        if unshare:
            _set_share(work, unshare, shared=False)
    return summary_of(case_id)


def access_candidates(session: Session, case_id: int) -> AccessCandidates:
    """The accounts the office supervisor may assign the case to or share it with, for a
    picker (audited as a list of accounts)."""
    with access.case_unit(session, case_id, "case.access", supervisor=True) as work:
        case = work.case
        shared = set(_shared_with(case.id))
        rows = [AccountChoice(name, full_name, role, office) for name, full_name, role, office
                in cast("Iterable[tuple[str, str, str, str]]",
                        Account.select(Account.name, Account.full_name, Account.role,
                                       Account.office)
                        .where(Account.active, Account.role.in_(access.CASE_ROLES),
                               Account.id != case.officer_id)
                        .order_by(Account.office, Account.name).tuples())]
        assign = tuple(row for row in rows if row.office == case.office)
        # The office's supervisors see its cases already: a share would change nothing.
        share = tuple(row for row in rows if row.name not in shared
                      and not (row.office == case.office and row.role == "supervisor"))
        work.audit("account.list", f"assign={len(assign)} share={len(share)}")
    return AccessCandidates(assign, share)


def reassign_cases(session: Session, case_ids: Iterable[int], officer: str
                   ) -> tuple[CaseSummary, ...]:
    """Give every case of ``case_ids`` to ``officer`` (the office supervisor, as
    ``assign_case`` does each): one unit of work, audited case by case as an assignment.
    All or nothing: a case the supervisor may not reassign refuses the whole group, and
    the message names it (by its reference, when the account may see it at all)."""
    wanted = tuple(dict.fromkeys(case_ids))
    if not wanted:
        raise ValidationError("cases", N_("Mark the cases to reassign first."))
    with access.unit(session) as audit:
        who = access.case_actor(session, "case.assign")
        for case_id in wanted:
            work = CaseWork(who, "case.assign", audit,
                            access.load_case(case_id, who, "case.assign"))
            if not access.supervises(work.case, who):
                raise work.denied("not the office supervisor", PermissionDenied(
                    N_("{reference} is not a case of your office: only its office's "
                       "supervisor reassigns it. Nothing was reassigned."),
                    reference=work.case.reference))
            _assign(work, officer, work.case.version)
    return tuple(summary_of(case_id) for case_id in wanted)


def reassign_candidates(session: Session) -> tuple[AccountChoice, ...]:
    """The accounts the office supervisor may give cases of the office to: its active
    officers and supervisors (``assign_case``'s rule), for a picker (audited as a list of
    accounts)."""
    with access.working(session, "case.assign") as work:
        office = access.Visibility(work.who).office
        if not office:
            raise work.denied(f"role={work.who.role}", target="account:list")
        rows = tuple(AccountChoice(name, full_name, role, office) for name, full_name, role
                     in cast("Iterable[tuple[str, str, str]]",
                             Account.select(Account.name, Account.full_name, Account.role)
                             .where(Account.active, Account.role.in_(access.CASE_ROLES),
                                    Account.office == office)
                             .order_by(Account.role, Account.name).tuples()))
        work.audit("account.list", f"assign={len(rows)}")
    return rows


def _assign(work: CaseWork, officer: str, expected_version: int) -> None:
    case, who = work.case, work.who
    work.check_version(expected_version)
    target = _case_account(officer, case.office, "officer")
    previous = case.officer.name
    now = utc_now()
    Case.update(officer=target.id, version=Case.version + 1, updated_at=now,
                updated_by=who.id).where(Case.id == case.id).execute()
    if target.id != case.officer_id:
        CaseAccessChange.create(case=case.id, kind="assign", account=target.id,
                                previous=case.officer_id, by=who.id, at=now)
    work.audit("case.assign", f"{previous}->{target.name}")


def _set_share(work: CaseWork, account: str, *, shared: bool) -> None:
    case, who = work.case, work.who
    target = Account.get_or_none(Account.name == account)
    if target is None or not target.active or target.role not in access.CASE_ROLES:
        raise ValidationError("account", N_("{name} is not an active officer or "
                                            "supervisor."), name=account)
    now = utc_now()
    changed = 0
    if shared:
        if target.id != case.officer_id:
            changed = (CaseShare.insert(case=case.id, account=target.id, shared_by=who.id,
                                        shared_at=now)
                       .on_conflict_ignore().as_rowcount().execute())
    else:
        changed = CaseShare.delete().where(CaseShare.case == case.id,
                                           CaseShare.account == target.id).execute()
    if changed:  # the case's history keeps what changed, not a share that was already so
        CaseAccessChange.create(case=case.id, kind="share" if shared else "unshare",
                                account=target.id, by=who.id, at=now)
    work.changed("case.share" if shared else "case.unshare", f"account={target.name}")


def _shared_with(case_id: int) -> tuple[str, ...]:
    return tuple(sorted(name for (name,) in
                        cast("Iterable[tuple[str]]",
                             Account.select(Account.name).join(
                                 CaseShare, on=(CaseShare.account == Account.id))
                             .where(CaseShare.case == case_id).tuples())))


# --- notes and follow-ups ----------------------------------------------------------------------

def add_note(session: Session, case_id: int, body: str) -> NoteView:
    """Add a note (any status, closed included); notes are never edited."""
    with access.case_unit(session, case_id, "note.add", section=NOTES) as work:
        who = work.who
        text = validate_note(body)
        row = Note.create(case=work.case.id, author=who.id, body=text, created_at=utc_now())
        work.changed("note.add", f"note={row.id}")
    return note_view(row, {who.id: (who.name, "")})


def add_follow_up(session: Session, case_id: int, form: FollowUpForm) -> FollowUpView:
    """Plan a task with a due date, for the case's officer unless another is named."""
    with access.case_unit(session, case_id, "follow_up.add", section=FOLLOW_UP) as work:
        case, who = work.case, work.who
        checks = rules(session)
        validate_follow_up(form, checks)
        from_today(checks, "due_on", form.due_on)
        now = utc_now()
        row = FollowUp.create(case=case.id, office=case.office,
                              description=form.description.strip(),
                              due_on=form.due_on, assigned_to=_assignee(case, form),
                              created_by=who.id, created_at=now, updated_by=who.id,
                              updated_at=now)
        work.changed("follow_up.add", f"follow_up={row.id}")
        view = follow_up_view(row, case.reference, account_names())
    return view


def update_follow_up(session: Session, follow_up_id: int, form: FollowUpForm, *,
                     expected_version: int) -> FollowUpView:
    """Change what a follow-up asks, when it is due, or who does it (a visit put off,
    a colleague taking it over); refused with ``Conflict`` if someone saved first."""
    with access.record_unit(session, FollowUp, follow_up_id, "follow_up.update",
                            section=FOLLOW_UP, expected_version=expected_version) as work:
        row, case, who = work.row, work.case, work.who
        checks = rules(session)
        validate_follow_up(form, checks)
        from_today(checks, "due_on", form.due_on, recorded=row.due_on)
        changes = changed_values(row, {"description": form.description.strip(),
                                       "due_on": form.due_on,
                                       "assigned_to_id": _assignee(case, form)},
                                 {"description": form.description})
        if changes:
            # The account by its id: ``assigned_to`` itself would read the account's row.
            bump(FollowUp, row.id, who, {FollowUp._meta.combined[name]: value
                                         for name, value in changes.items()})
            work.changed("follow_up.update", f"follow_up={row.id}")
        view = follow_up_view(FollowUp.get_by_id(row.id), case.reference, account_names())
    return view


def _assignee(case: Case, form: FollowUpForm) -> int:
    """Who does a follow-up: the account named, if it may work on the case, else the
    case's officer."""
    if not form.assigned_to:
        return int(case.officer_id)
    target = Account.get_or_none(Account.name == form.assigned_to)
    if (target is None or not target.active or target.role not in access.CASE_ROLES
            or not access.Visibility(access.Actor(target.id, target.name, target.role,
                                                  target.office)).allows(case)):
        raise ValidationError("assigned_to", N_("{name} cannot work on this case."),
                              name=form.assigned_to)
    return int(target.id)


def complete_follow_up(session: Session, follow_up_id: int, *, expected_version: int,
                       done: bool = True) -> FollowUpView:
    """Mark a follow-up done (or not done again)."""
    with access.record_unit(session, FollowUp, follow_up_id, "follow_up.done",
                            section=FOLLOW_UP, expected_version=expected_version) as work:
        row, case, who = work.row, work.case, work.who
        now = utc_now()
        FollowUp.update(done_at=now if done else None, done_by=who.id if done else None,
                        version=FollowUp.version + 1, updated_at=now, updated_by=who.id
                        ).where(FollowUp.id == row.id).execute()
        work.changed("follow_up.done" if done else "follow_up.undone", f"follow_up={row.id}")
        view = follow_up_view(FollowUp.get_by_id(row.id), case.reference, account_names())
    return view
