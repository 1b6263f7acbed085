"""What services return: frozen, plain values that a screen may keep and show.

Never peewee rows, so nothing a screen holds can run a query or change the database.
Codes come with their label in the installed language; dates with a precision come as
``PartialDate``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from jhro_tui.i18n import _
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import UnnamedVictims
from jhro_tui.services.justice.views import ProceedingView
from jhro_tui.text import sanitize


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list."""

    id: int
    reference: str
    title: str
    status: str
    priority: str
    officer: str
    """Account name of the assigned officer."""
    officer_full_name: str
    office: str
    province_code: str
    province_label: str
    opened_on: dt.date
    incident_date: PartialDate | None
    """The earliest incident's date, at its own precision."""
    updated_at: dt.datetime
    version: int
    victim_count: int
    cursor: tuple[object, int] = (None, 0)
    """This row's sort key for the query that produced it: pass it as ``after`` to get
    the next page."""


@dataclass(frozen=True)
class ViolationVictim:
    victim_id: int
    code: str
    involvement: str


@dataclass(frozen=True)
class ViolationPerpetrator:
    perpetrator_id: int
    category_code: str
    category_label: str
    unit: str
    role: str


@dataclass(frozen=True)
class ViolationView:
    id: int
    incident_id: int
    type_code: str
    type_label: str
    category_code: str
    category_label: str
    description: str
    verification_status: str
    verification_set_by: str
    verification_set_at: dt.datetime
    victims: tuple[ViolationVictim, ...]
    perpetrators: tuple[ViolationPerpetrator, ...]
    version: int
    unnamed: UnnamedVictims = UnnamedVictims()
    """Victims counted without being identified one by one."""


@dataclass(frozen=True)
class IncidentView:
    id: int
    date: PartialDate
    end: PartialDate | None
    province_code: str
    province_label: str
    territory_code: str
    territory_label: str
    locality: str
    description: str
    violations: tuple[ViolationView, ...]
    version: int
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class ConsentView:
    """One consent record for one purpose; the latest per purpose is the one in force."""

    id: int
    purpose: str
    given: bool
    note: str
    recorded_by: str
    recorded_at: dt.datetime
    revoked_at: dt.datetime | None
    revoked_by: str
    revocation_reason: str

    @property
    def active(self) -> bool:
        """Consent given and not revoked."""
        return self.given and self.revoked_at is None

    @property
    def state(self) -> str:
        """``given``, ``refused`` or ``revoked``."""
        if self.revoked_at is not None:
            return "revoked"
        return "given" if self.given else "refused"


@dataclass(frozen=True)
class VictimIdentity:
    """Restricted identity fields: only for the assigned officer and the office
    supervisor, and every read of them is audited."""

    victim_id: int
    name: str
    contact: str


@dataclass(frozen=True)
class VictimView:
    id: int
    code: str
    sex: str
    age: int | None
    age_group: str
    disability: str
    displacement: str
    risk_level: str
    risk_measures: str
    risk_review_on: dt.date | None
    consents: tuple[ConsentView, ...]
    """Every consent record in the order written (history included): the last for a
    purpose is the one in force, whatever the clock said when each was written."""
    identity: VictimIdentity | None
    """None unless asked for and allowed (see ``identity_allowed``)."""
    identity_allowed: bool
    """Whether this account may reveal the identity fields."""
    has_identity: bool
    """Whether a name or contact is recorded (shown as a mask when hidden)."""
    version: int

    def consent(self, purpose: str) -> ConsentView | None:
        """The record in force for ``purpose`` (the latest), or None when never asked."""
        latest = None
        for record in self.consents:
            if record.purpose == purpose:
                latest = record
        return latest

    def consents_to(self, purpose: str) -> bool:
        record = self.consent(purpose)
        return record is not None and record.active


@dataclass(frozen=True)
class PerpetratorView:
    id: int
    category_code: str
    category_label: str
    kind: str
    """``state``, ``non_state`` or ``unknown`` (from the category)."""
    unit: str
    name: str
    rank: str
    description: str
    version: int


@dataclass(frozen=True)
class SourceView:
    id: int
    kind: str
    reliability: str
    credibility: int
    obtained_on: dt.date | None
    description: str
    version: int


@dataclass(frozen=True)
class ReferralView:
    id: int
    victim_id: int
    victim_code: str
    service_code: str
    service_label: str
    provider: str
    proposed_on: dt.date
    status: str
    status_on: dt.date
    comment: str
    consent_active: bool
    """Whether the victim's consent to referral is in force now."""
    version: int


@dataclass(frozen=True)
class FollowUpView:
    id: int
    case_id: int | None
    """None for a detention visit's follow-up (``visit_id``)."""
    case_reference: str
    description: str
    due_on: dt.date
    assigned_to: str
    done_at: dt.datetime | None
    done_by: str
    version: int
    visit_id: int | None = None
    action_id: int | None = None
    """An advocacy action's next step (no case then)."""

    def overdue(self, today: dt.date) -> bool:
        return self.done_at is None and self.due_on < today


@dataclass(frozen=True)
class NoteView:
    id: int
    author: str
    body: str
    created_at: dt.datetime


@dataclass(frozen=True)
class AttachmentView:
    """An attachment's metadata; the content leaves only through ``export_attachment``."""

    id: int
    filename: str
    description: str
    size: int
    sha256: str
    added_by: str
    added_at: dt.datetime


@dataclass(frozen=True)
class RelatedCaseView:
    """A link from this case to another that the reader may see."""

    id: int
    case_id: int
    """The case whose file shows the link (``other_id`` is the case it leads to)."""
    kind: str
    follows_on: bool
    """For a follow-on link: True when this case follows on from the other, False when
    the other follows on from it."""
    other_id: int
    other_reference: str
    other_title: str
    other_status: str
    note: str
    created_by: str
    created_at: dt.datetime


@dataclass(frozen=True)
class StatusChangeView:
    from_status: str
    to_status: str
    by: str
    at: dt.datetime
    comment: str


@dataclass(frozen=True)
class AccessChangeView:
    """A case assigned, shared or no longer shared: with whom, by whom, when."""

    kind: str
    """``assign``, ``share`` or ``unshare``."""
    account: str
    """The officer assigned, or the account shared with (or no longer)."""
    previous: str
    """For an assignment: the officer before (empty if unknown)."""
    by: str
    at: dt.datetime


@dataclass(frozen=True)
class AccountChoice:
    """An account a supervisor may pick: its name, and what tells it apart."""

    name: str
    full_name: str
    role: str
    office: str


@dataclass(frozen=True)
class AccessCandidates:
    """Who a case may go to (``cases.access_candidates``)."""

    assign: tuple[AccountChoice, ...]
    """Active officers and supervisors of the case's office, but its officer."""
    share: tuple[AccountChoice, ...]
    """Active officers and supervisors of any office who do not see the case yet."""


@dataclass(frozen=True)
class SnapshotInfo:
    """A validated version kept readable (``workflow.get_snapshot`` opens it)."""

    number: int
    case_version: int
    taken_at: dt.datetime
    taken_by: str


@dataclass(frozen=True)
class LawOfCase:
    """A law a case illustrates, as its case file lists it (``advocacy.board``)."""

    law_id: int
    title: str
    stage: str
    stage_on: dt.date


@dataclass(frozen=True)
class LinkedDetention:
    """A line of a case file about detention (``detention.linked``): a detainee linked to
    the case (``kind`` detainee) or the refused visit it was opened for (``visit``)."""

    kind: str
    id: int
    label: str
    """The detainee's code, or the visit's facility."""
    facility_name: str
    on: dt.date | None
    """The visit's day; None for a detainee."""
    held: bool = False
    past_limit: bool = False


@dataclass(frozen=True)
class CaseDetail:
    """A whole case file, with what this account may do to it."""

    id: int
    reference: str
    title: str
    narrative: str
    status: str
    priority: str
    confidentiality: str
    officer: str
    officer_full_name: str
    office: str
    province_code: str
    province_label: str
    opened_on: dt.date
    created_at: dt.datetime
    created_by: str
    updated_at: dt.datetime
    updated_by: str
    version: int
    incidents: tuple[IncidentView, ...]
    victims: tuple[VictimView, ...]
    perpetrators: tuple[PerpetratorView, ...]
    sources: tuple[SourceView, ...]
    referrals: tuple[ReferralView, ...]
    follow_ups: tuple[FollowUpView, ...]
    notes: tuple[NoteView, ...]
    attachments: tuple[AttachmentView, ...]
    history: tuple[StatusChangeView, ...]
    snapshots: tuple[SnapshotInfo, ...]
    shared_with: tuple[str, ...]
    access_changes: tuple[AccessChangeView, ...] = ()
    """Assignments and shares, oldest first."""
    related: tuple[RelatedCaseView, ...] = ()
    """Linked cases this account may see, the most recent link first."""
    detention: tuple[LinkedDetention, ...] = ()
    """The refused visits the case was opened for
    and the detainees linked to it, where this account's office monitors the facility."""
    laws: tuple[LawOfCase, ...] = ()
    """The laws of this account's office the case illustrates (advocacy)."""
    proceedings: tuple[ProceedingView, ...] = ()
    """Court proceedings about the case, as this account may see them (none in a
    snapshot: the validated file is the documentation, not the court's later work)."""
    can_edit: bool = False
    """May this account change the case at all (in some section)?"""
    editable: frozenset[str] = field(default_factory=frozenset)
    """Sections open to this account in the current status: ``documentation`` (header,
    incidents, violations, victims, perpetrators, sources), ``follow_up`` (referrals,
    follow-ups, attachments, consent, protection reviews), ``notes``."""
    transitions: tuple[str, ...] = ()
    """Statuses this account may move the case to now."""
    can_see_identity: bool = False
    can_assign: bool = False

    @property
    def violations(self) -> tuple[ViolationView, ...]:
        return tuple(v for incident in self.incidents for v in incident.violations)


@dataclass(frozen=True)
class CaseSnapshotView:
    """A validated version of a case as it was (identity fields are never kept)."""

    number: int
    case_version: int
    taken_at: dt.datetime
    taken_by: str
    detail: CaseDetail


@dataclass(frozen=True)
class ProtectionReview:
    victim_id: int
    victim_code: str
    case_id: int
    case_reference: str
    risk_level: str
    review_on: dt.date

    def overdue(self, today: dt.date) -> bool:
        return self.review_on < today


@dataclass(frozen=True)
class NextHearing:
    """A hearing set for a proceeding of the officer's cases."""

    proceeding_id: int
    label: str
    on: dt.date


@dataclass(frozen=True)
class CaseloadRow:
    """One officer's line of an office's caseload (``home.caseload``)."""

    officer: str
    """Account name; "" on the line of the unassigned cases."""
    full_name: str
    counts: tuple[int, ...]
    """Cases of the office they hold, by status, in ``CASELOAD_STATUSES`` order."""
    late: int
    """Cases with an open follow-up of theirs past its due date."""


@dataclass(frozen=True)
class Caseload:
    """Who carries what in an office, and what is late (a supervisor's home)."""

    office: str
    officers: tuple[CaseloadRow, ...]
    """The office's active officers, by account name, those without a case included."""
    unassigned: CaseloadRow
    """The office's cases no active officer of it holds (``listing.unassigned``)."""
    today: dt.date
    """The day "late" was counted on: the list behind a figure asks for that day."""


@dataclass(frozen=True)
class HomeSummary:
    """The start screen of an officer or supervisor."""

    open_cases: tuple[CaseSummary, ...]
    """Assigned to me and not closed, most recently changed first (at most ``limit``)."""
    open_case_count: int
    to_validate: tuple[CaseSummary, ...]
    """For a supervisor: cases of the office waiting for validation."""
    to_validate_count: int
    follow_ups_due: tuple[FollowUpView, ...]
    """Not done, due today or within the next days, earliest first: mine, and for a
    supervisor those of the office's open cases."""
    follow_ups_overdue: tuple[FollowUpView, ...]
    """The same, past their due date, the oldest first."""
    protection_reviews_due: tuple[ProtectionReview, ...]
    """Victims in cases I may edit whose protection review date is past or near."""
    today: dt.date
    follow_ups_due_count: int = 0
    follow_ups_overdue_count: int = 0
    next_hearings: tuple[NextHearing, ...] = ()
    """Officer: the next hearings of the proceedings of their cases, soonest first."""
    justice_overdue: int = 0
    """Supervisor: proceedings whose next step is overdue (``justice.overview.home``)."""
    held_past_limit: int = 0
    """Detainees held past the legal limit in my office now (``detention.overview``)."""
    caseload: Caseload | None = None
    """Supervisor: their office's caseload."""


@dataclass(frozen=True)
class Gap:
    """Something a complete case has and this one lacks (``workflow.gaps_of``)."""

    check: str
    """The check it fails, one of ``config.SUBMISSION_CHECKS``."""
    template: str
    """The untranslated sentence (``N_``), translated when shown."""
    params: tuple[tuple[str, str], ...]
    required: bool
    """The office requires it (``submission_requires``): the case is refused without it."""

    def message(self) -> str:
        """The translated sentence, with stored text made safe for a terminal."""
        return _(self.template).format(**{key: sanitize(value) for key, value in self.params})
