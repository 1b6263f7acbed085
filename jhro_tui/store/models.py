"""The tables, as peewee models. Migrations in ``migrations/`` create and change them.

Past 500 lines on purpose: the whole schema on one page, where a reviewer checks a
migration against the model it must produce, and a module adds its tables beside the
ones they point to."""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)
from playhouse.sqlite_ext import FTS5Model, SearchField

from jhro_tui.store.db import BaseModel, database

ROLES = ("officer", "supervisor", "admin")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Account(BaseModel):
    """A person who may log in; roles live here, inside the encrypted database."""

    id: AutoField[int]
    """The primary key peewee adds implicitly (declared here for the type checker only)."""
    name = CharField(unique=True)
    full_name = TextField(default="")
    role = CharField()
    office = CharField(default="")
    scope = CharField(default="office")
    """A supervisor's reach for figures: ``office`` (their own) or ``national`` (every
    office's statistics; the cases they open stay those of their own office)."""
    language = CharField(default="en")
    active = BooleanField(default=True)
    public_key = BlobField()
    """Trusted copy of the keyring's public key: a key rotation seals only to this."""
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)
    last_login_at = DateTimeField(null=True)
    """The last successful login, shown (with the failures since) at the next one."""
    failed_logins = IntegerField(default=0)
    """Failed logins since the last successful one."""
    passphrase_reset_by = CharField(default="")
    """The administrator who last reset the passphrase, until the account has seen it."""
    passphrase_reset_at = DateTimeField(null=True)
    must_change_passphrase = BooleanField(default=False)
    """Set by a reset: the passphrase opens one session, which must change it."""
    reset_passphrase_used = BooleanField(default=False)
    """The one session a reset passphrase opens has begun."""


class Office(BaseModel):
    """A field office. Accounts and cases hold its name; this table is the list of them."""

    id = AutoField()
    name = CharField(unique=True)
    code = CharField(unique=True)
    """A few capitals that begin the office's case references (``GOM`` in GOM-2026-0001)."""
    created_at = DateTimeField(default=utc_now)


class Setting(BaseModel):
    """Small named values that belong to the database itself."""

    key = CharField(primary_key=True)
    value = TextField()


# --- Reference data -------------------------------------------------------------------------

class ReferenceTerm(BaseModel):
    """One entry of a shipped vocabulary (violation types, provinces, …), by stable code."""

    id = AutoField()
    vocabulary = CharField()
    code = CharField()
    parent_code = CharField(default="")
    label_en = TextField()
    label_fr = TextField()
    extra = TextField(default="{}")
    """JSON object of the file's other columns (kind, capital, jurisdiction, …)."""
    active = BooleanField(default=True)
    """False once a later version of the file no longer lists the code (codes are never
    deleted: saved cases keep pointing at them)."""

    class Meta:
        table_name = "reference_term"
        indexes = ((("vocabulary", "code"), True),)


# --- Case files -----------------------------------------------------------------------------

class Case(BaseModel):
    """A case file: the unit of documentation, assignment, review and access."""

    id = AutoField()
    officer_id: int
    created_by_id: int
    updated_by_id: int
    reference = CharField(unique=True)
    title = TextField()
    narrative = TextField(default="")
    status = CharField(default="draft")
    priority = IntegerField(default=2)
    """1 low, 2 normal, 3 high, 4 urgent: an integer so that sorting follows urgency."""
    confidentiality = CharField(default="confidential")
    officer = ForeignKeyField(Account, column_name="officer_id", backref="+")
    office = CharField()
    province_code = CharField(default="")
    opened_on = DateField()
    incident_start = DateField(null=True)
    """Earliest day of the earliest incident (kept by triggers, for filters and sorting)."""
    incident_end = DateField(null=True)
    """Last day of the latest incident period (kept by triggers)."""
    incident_precision = CharField(null=True)
    """Precision of the earliest incident date, so lists show "March 2024", not a day."""
    incident_estimated = BooleanField(default=False)
    created_at = DateTimeField(default=utc_now)
    created_by = ForeignKeyField(Account, column_name="created_by_id", backref="+")
    updated_at = DateTimeField(default=utc_now)
    """Last change to anything in the case file (header or any section)."""
    updated_by = ForeignKeyField(Account, column_name="updated_by_id", backref="+")
    version = IntegerField(default=1)
    """Version of the header and status, checked before every header save."""
    source_reference = CharField(default="")
    """The reference an imported case had in the file it came from (migration 0020)."""

    class Meta:
        table_name = "case_file"


class CaseCounter(BaseModel):
    """Last reference number an office used in a year (GOM-<year>-<number>)."""

    office = CharField()
    year = IntegerField()
    last = IntegerField(default=0)

    class Meta:
        table_name = "office_case_counter"
        primary_key = CompositeKey("office", "year")


class CaseShare(BaseModel):
    """An explicit grant: ``account`` may see and edit ``case``."""

    id = AutoField()
    case_id: int
    account_id: int
    shared_by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    account = ForeignKeyField(Account, column_name="account_id", backref="+")
    shared_by = ForeignKeyField(Account, column_name="shared_by_id", backref="+")
    shared_at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "case_share"
        indexes = ((("case", "account"), True), (("account", "case"), False))


class CaseAccessChange(BaseModel):
    """A case assigned to an officer, shared with an account, or no longer shared."""

    id = AutoField()
    case_id: int
    account_id: int
    previous_id: int | None
    by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    kind = CharField()
    """``assign``, ``share`` or ``unshare``."""
    account = ForeignKeyField(Account, column_name="account_id", backref="+")
    """The officer assigned, or the account shared with (or no longer)."""
    previous = ForeignKeyField(Account, column_name="previous_id", backref="+", null=True)
    """For an assignment: the officer before."""
    by = ForeignKeyField(Account, column_name="by_id", backref="+")
    at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "case_access_change"
        indexes = ((("case", "at"), False),)


class CaseStatusChange(BaseModel):
    """One step of the workflow: who moved the case from what to what, when and why."""

    id = AutoField()
    case_id: int
    by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    from_status = CharField()
    to_status = CharField()
    by = ForeignKeyField(Account, column_name="by_id", backref="+")
    at = DateTimeField(default=utc_now)
    comment = TextField(default="")

    class Meta:
        table_name = "case_status_change"
        indexes = ((("case", "at"), False), (("case", "to_status", "at"), False))


class CaseSnapshot(BaseModel):
    """The case file as it stood when a supervisor validated it (JSON, identity excluded)."""

    id = AutoField()
    case_id: int
    taken_by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    number = IntegerField()
    case_version = IntegerField()
    taken_at = DateTimeField(default=utc_now)
    taken_by = ForeignKeyField(Account, column_name="taken_by_id", backref="+")
    document = BlobField()
    """zlib-compressed JSON of the case file (``services.snapshots``)."""

    class Meta:
        table_name = "case_snapshot"
        indexes = ((("case", "number"), True),)


class CaseLink(BaseModel):
    """Two cases that belong together: ``case`` is where the link was made; for a
    follow-on, ``case`` follows on from ``other``."""

    id = AutoField()
    case_id: int
    other_id: int
    created_by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    other = ForeignKeyField(Case, column_name="other_id", on_delete="CASCADE", backref="+")
    kind = CharField()
    note = TextField(default="")
    created_by = ForeignKeyField(Account, column_name="created_by_id", backref="+")
    created_at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "case_link"
        indexes = ((("case", "other", "kind"), True), (("other",), False))


class Tracked(BaseModel):
    """Columns every editable section row has: its own version for conflict checks."""

    created_by_id: int
    updated_by_id: int

    version = IntegerField(default=1)
    created_at = DateTimeField(default=utc_now)
    created_by = ForeignKeyField(Account, column_name="created_by_id", backref="+")
    updated_at = DateTimeField(default=utc_now)
    updated_by = ForeignKeyField(Account, column_name="updated_by_id", backref="+")


class Incident(Tracked):
    """Something that happened at a place and a (possibly partial) date."""

    id = AutoField()
    case_id: int
    created_by_id: int
    updated_by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    date_value = DateField()
    """First day of the date as given: 2024-03 is stored 2024-03-01 with precision month."""
    date_precision = CharField()
    date_estimated = BooleanField(default=False)
    end_value = DateField(null=True)
    end_precision = CharField(null=True)
    end_estimated = BooleanField(default=False)
    period_end = DateField()
    """Last day the incident may have lasted to (end of the end date, or of the date)."""
    province_code = CharField()
    territory_code = CharField(default="")
    locality = TextField(default="")
    description = TextField(default="")

    class Meta:
        table_name = "incident"
        indexes = ((("case", "date_value"), False),)


class Violation(Tracked):
    """An act in an incident, typed by the violation taxonomy, with its verification."""

    id = AutoField()
    incident_id: int
    case_id: int
    verification_set_by_id: int
    created_by_id: int
    updated_by_id: int
    incident = ForeignKeyField(Incident, column_name="incident_id", on_delete="CASCADE")
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    type_code = CharField()
    description = TextField(default="")
    verification_status = CharField(default="reported")
    verification_set_by = ForeignKeyField(Account, column_name="verification_set_by_id",
                                          backref="+")
    verification_set_at = DateTimeField(default=utc_now)
    # Victims not identified one by one, counted (migration 0008).
    unnamed_men = IntegerField(default=0)
    unnamed_women = IntegerField(default=0)
    unnamed_boys = IntegerField(default=0)
    unnamed_girls = IntegerField(default=0)
    unnamed_unknown = IntegerField(default=0)

    class Meta:
        table_name = "violation"
        indexes = ((("type_code", "case"), False), (("case",), False))


class Victim(Tracked):
    """A person harmed; known by a code, with restricted identity fields."""

    id = AutoField()
    case_id: int
    created_by_id: int
    updated_by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    code = CharField()
    name = TextField(default="")
    """Restricted: shown only to the assigned officer and the office supervisor."""
    contact = TextField(default="")
    """Restricted, like ``name``."""
    sex = CharField(default="unknown")
    age = IntegerField(null=True)
    age_group = CharField(default="unknown")
    disability = CharField(default="unknown")
    displacement = CharField(default="unknown")
    risk_level = CharField(default="none")
    risk_measures = TextField(default="")
    risk_review_on = DateField(null=True)

    class Meta:
        table_name = "victim"
        indexes = ((("case", "code"), True), (("risk_review_on",), False))


class Consent(BaseModel):
    """Informed consent for one purpose, as recorded; revocation keeps the row."""

    id = AutoField()
    victim_id: int
    recorded_by_id: int
    revoked_by_id: int | None
    victim = ForeignKeyField(Victim, column_name="victim_id", on_delete="CASCADE")
    purpose = CharField()
    given = BooleanField()
    note = TextField(default="")
    recorded_by = ForeignKeyField(Account, column_name="recorded_by_id", backref="+")
    recorded_at = DateTimeField(default=utc_now)
    revoked_at = DateTimeField(null=True)
    revoked_by = ForeignKeyField(Account, column_name="revoked_by_id", backref="+", null=True)
    revocation_reason = TextField(default="")

    class Meta:
        table_name = "consent"
        indexes = ((("victim", "purpose", "recorded_at"), False),)


class VictimViolation(BaseModel):
    """A victim harmed by a violation, and how (direct, indirect, witness)."""

    id = AutoField()
    victim_id: int
    violation_id: int
    victim = ForeignKeyField(Victim, column_name="victim_id", on_delete="CASCADE")
    violation = ForeignKeyField(Violation, column_name="violation_id", on_delete="CASCADE")
    involvement = CharField(default="direct")

    class Meta:
        table_name = "victim_violation"
        indexes = ((("victim", "violation"), True), (("violation",), False))


class Perpetrator(Tracked):
    """An alleged perpetrator: category from the taxonomy, unit, name and rank if known."""

    id = AutoField()
    case_id: int
    created_by_id: int
    updated_by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    category_code = CharField()
    unit = TextField(default="")
    name = TextField(default="")
    rank = TextField(default="")
    description = TextField(default="")

    class Meta:
        table_name = "perpetrator"
        indexes = ((("case",), False), (("category_code", "case"), False))


class PerpetratorInvolvement(BaseModel):
    """How a perpetrator took part in a violation (ESF degree of involvement)."""

    id = AutoField()
    perpetrator_id: int
    violation_id: int
    perpetrator = ForeignKeyField(Perpetrator, column_name="perpetrator_id",
                                  on_delete="CASCADE")
    violation = ForeignKeyField(Violation, column_name="violation_id", on_delete="CASCADE")
    role = CharField(default="direct")

    class Meta:
        table_name = "perpetrator_involvement"
        indexes = ((("perpetrator", "violation"), True), (("violation",), False))


class CountedViolation(BaseModel):
    """A violation as its case was validated: what the statistics count. Written when a
    case becomes validated and removed when it goes back to draft; a validated case's
    documentation cannot change in between (``access.SECTION_STATUSES``).

    Narrow and kept in the order of (office, day), without a rowid, so that an office's
    year of figures reads a few dozen pages in a row rather than every case's text."""

    violation = ForeignKeyField(Violation, column_name="violation_id", unique=True,
                                on_delete="CASCADE", backref="+")
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE", backref="+")
    incident_id = IntegerField()
    office = CharField()
    day = DateField()
    """The incident's date (its first day at its precision)."""
    last_day = DateField()
    """The last day the incident's date may stand for, at its precision."""
    precision = CharField()
    province = CharField()
    territory = CharField(default="")
    type_code = CharField()
    verification = CharField()
    unnamed_men = IntegerField(default=0)
    unnamed_women = IntegerField(default=0)
    unnamed_boys = IntegerField(default=0)
    unnamed_girls = IntegerField(default=0)
    unnamed_unknown = IntegerField(default=0)

    class Meta:
        table_name = "counted_violation"
        primary_key = CompositeKey("office", "day", "violation")
        without_rowid = True


class CountedVictim(BaseModel):
    """A named victim of a counted violation, with the sex and age group validated, and
    the violation's own facts again, so that counting victims reads this table alone."""

    violation_id = IntegerField(index=True)
    """A ``counted_violation`` (removed with it)."""
    victim_id = IntegerField()
    case_id = IntegerField()
    office = CharField()
    day = DateField()
    last_day = DateField()
    precision = CharField()
    province = CharField()
    territory = CharField(default="")
    type_code = CharField()
    verification = CharField()
    sex = CharField()
    age_group = CharField()

    class Meta:
        table_name = "counted_victim"
        primary_key = CompositeKey("office", "day", "violation_id", "victim_id")
        without_rowid = True


class CountedPerpetrator(BaseModel):
    """A perpetrator's category on a counted violation, at its first two levels (a
    regiment of the FARDC counts under the FARDC) and at the top one."""

    violation_id = IntegerField()
    """A ``counted_violation`` (removed with it)."""
    category = CharField()
    top = CharField()

    class Meta:
        table_name = "counted_perpetrator"
        primary_key = CompositeKey("violation_id", "category")
        without_rowid = True


class Source(Tracked):
    """Where information came from: source reliability and information credibility apart."""

    id = AutoField()
    case_id: int
    created_by_id: int
    updated_by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    kind = CharField()
    reliability = CharField()
    """A (completely reliable) to F (cannot be judged), for the source itself."""
    credibility = IntegerField()
    """1 (confirmed) to 6 (cannot be judged), for the information it gave."""
    obtained_on = DateField(null=True)
    description = TextField(default="")

    class Meta:
        table_name = "source"
        indexes = ((("case",), False),)


class Referral(Tracked):
    """A victim referred to a service, gated by their consent to referral."""

    id = AutoField()
    victim_id: int
    case_id: int
    created_by_id: int
    updated_by_id: int
    victim = ForeignKeyField(Victim, column_name="victim_id", on_delete="CASCADE")
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    service_code = CharField()
    provider = TextField(default="")
    proposed_on = DateField()
    status = CharField(default="proposed")
    status_on = DateField()
    comment = TextField(default="")

    class Meta:
        table_name = "referral"
        indexes = ((("victim",), False), (("case",), False))


class FollowUp(Tracked):
    """A task with a due date on a case, or on a detention visit (``visit_id``; no case
    then)."""

    id = AutoField()
    case_id: int | None
    assigned_to_id: int
    done_by_id: int | None
    created_by_id: int
    updated_by_id: int
    case = ForeignKeyField(Case, column_name="case_id", null=True, on_delete="CASCADE")
    visit_id = IntegerField(null=True)
    """The detention visit it follows (declared before that table, so not a foreign key:
    removing a visit removes its follow-ups in the same unit of work)."""
    action_id = IntegerField(null=True)
    """The advocacy action whose next step it is (no case then; not a foreign key, as
    ``visit_id``)."""
    office = CharField(default="")
    """The case's (or the visited facility's) field office, kept here so that a
    supervisor's home finds the office's follow-ups from an index alone (a case never
    changes office)."""
    description = TextField()
    due_on = DateField()
    assigned_to = ForeignKeyField(Account, column_name="assigned_to_id", backref="+")
    done_at = DateTimeField(null=True)
    done_by = ForeignKeyField(Account, column_name="done_by_id", backref="+", null=True)

    class Meta:
        table_name = "follow_up"
        indexes = ((("assigned_to", "done_at", "due_on"), False), (("case",), False),
                   (("done_at", "office", "due_on"), False), (("visit_id",), False),
                   (("action_id",), False))


class Note(BaseModel):
    """A comment on a case; notes are never edited or deleted."""

    id = AutoField()
    case_id: int
    author_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    author = ForeignKeyField(Account, column_name="author_id", backref="+")
    body = TextField()
    created_at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "note"
        indexes = ((("case", "created_at"), False),)


# --- Justice (issue 18): proceedings, hearings, judgments, reparations, mobile courts -------

class MobileSession(Tracked):
    """A mobile court (audience foraine) sitting for some days away from its seat, supported
    by a field office, which alone sees it. Its figures are counted from records."""

    id = AutoField()
    created_by_id: int
    updated_by_id: int
    office = CharField()
    court_code = CharField()
    province_code = CharField()
    territory_code = CharField(default="")
    locality = TextField(default="")
    start_on = DateField()
    end_on = DateField()
    note = TextField(default="")

    class Meta:
        table_name = "mobile_session"
        indexes = ((("office", "start_on"), False),)


class Proceeding(Tracked):
    """Criminal proceedings before one court, about one or more cases (``ProceedingCase``).
    An appeal is a proceeding of its own whose ``appeal_of`` is the first instance."""

    id = AutoField()
    appeal_of_id: int | None
    session_id: int | None
    created_by_id: int
    updated_by_id: int
    office = CharField()
    """The field office of the case it was opened from: whose Justice screen lists it."""
    court_code = CharField()
    jurisdiction = CharField()
    """``civil``, ``military`` or ``mobile``, from the court's reference row."""
    province_code = CharField()
    territory_code = CharField(default="")
    docket = TextField(default="")
    stage = CharField()
    stage_on = DateField()
    """The day the current stage began."""
    opened_on = DateField()
    """The day of its first stage (the complaint, usually): nothing in it may be earlier."""
    appeal_of = ForeignKeyField("self", column_name="appeal_of_id", null=True,
                                on_delete="SET NULL", backref="+")
    session = ForeignKeyField(MobileSession, column_name="session_id", null=True,
                              on_delete="SET NULL", backref="+")
    last_hearing_on = DateField(null=True)
    """The latest hearing held or set (kept by the hearing services, for "no hearing for
    N days" from an index)."""
    next_hearing_on = DateField(null=True)

    class Meta:
        table_name = "proceeding"
        indexes = ((("office", "stage"), False), (("next_hearing_on",), False))


class ProceedingCase(BaseModel):
    """A case a proceeding is about (a trial often joins several)."""

    id = AutoField()
    proceeding_id: int
    case_id: int
    proceeding = ForeignKeyField(Proceeding, column_name="proceeding_id", on_delete="CASCADE")
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE", backref="+")

    class Meta:
        table_name = "proceeding_case"
        indexes = ((("proceeding", "case"), True),)


class ProceedingStage(BaseModel):
    """One step of a proceeding (complaint filed, investigation, … closed), with its
    evidence: the history is never rewritten."""

    id = AutoField()
    proceeding_id: int
    by_id: int
    proceeding = ForeignKeyField(Proceeding, column_name="proceeding_id", on_delete="CASCADE")
    stage = CharField()
    on = DateField()
    evidence = TextField(default="")
    by = ForeignKeyField(Account, column_name="by_id", backref="+")
    at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "proceeding_stage"
        indexes = ((("proceeding", "on"), False),)


class Accused(Tracked):
    """A person tried: one of the case's perpetrators where known, else a name that is
    restricted like a victim's identity; rank and unit for State agents."""

    id = AutoField()
    proceeding_id: int
    perpetrator_id: int | None
    first_instance_id: int | None
    created_by_id: int
    updated_by_id: int
    proceeding = ForeignKeyField(Proceeding, column_name="proceeding_id", on_delete="CASCADE")
    perpetrator = ForeignKeyField(Perpetrator, column_name="perpetrator_id", null=True,
                                  on_delete="SET NULL", backref="+")
    first_instance = ForeignKeyField("self", column_name="first_instance_id", null=True,
                                     on_delete="SET NULL", backref="+")
    """On appeal: the same person at first instance, whose judgment stands beside."""
    code = CharField()
    """``A1``, ``A2``… within the proceeding: how lists name the accused."""
    name = TextField(default="")
    """Restricted: shown only to who may see the identities of one of its cases."""
    category_code = CharField(default="")
    rank = TextField(default="")
    unit = TextField(default="")
    judged_on = DateField(null=True)
    sentence_kind = CharField(default="")
    sentence_months = IntegerField(null=True)
    """Length of a prison sentence; None for life, death, a fine or none."""

    class Meta:
        table_name = "accused"
        indexes = ((("proceeding", "code"), True),)


class Charge(Tracked):
    """A charge an accused faces, and the court's verdict on it."""

    id = AutoField()
    accused_id: int
    proceeding_id: int
    created_by_id: int
    updated_by_id: int
    accused = ForeignKeyField(Accused, column_name="accused_id", on_delete="CASCADE")
    proceeding = ForeignKeyField(Proceeding, column_name="proceeding_id", on_delete="CASCADE",
                                 backref="+")
    charge_code = CharField()
    verdict = CharField(default="")
    """"" until judged; ``convicted``, ``acquitted``, ``dismissed`` or ``requalified``."""
    requalified_code = CharField(default="")
    """For ``requalified``: the charge the court convicted of instead."""

    class Meta:
        table_name = "charge"
        indexes = ((("accused", "charge_code"), True),)


class Hearing(Tracked):
    """A day in court: what happened, and the next date; a postponement keeps its reason."""

    id = AutoField()
    proceeding_id: int
    created_by_id: int
    updated_by_id: int
    proceeding = ForeignKeyField(Proceeding, column_name="proceeding_id", on_delete="CASCADE")
    held_on = DateField()
    postponed = BooleanField(default=False)
    reason = TextField(default="")
    """Why it was postponed (required then)."""
    summary = TextField(default="")
    next_on = DateField(null=True)
    closed_to_public = BooleanField(default=False)

    class Meta:
        table_name = "hearing"
        indexes = ((("proceeding", "held_on"), False), (("held_on",), False))


class Reparation(Tracked):
    """Reparations a court ordered an accused to pay (alone or jointly with the State)."""

    id = AutoField()
    accused_id: int
    proceeding_id: int
    created_by_id: int
    updated_by_id: int
    accused = ForeignKeyField(Accused, column_name="accused_id", on_delete="CASCADE")
    proceeding = ForeignKeyField(Proceeding, column_name="proceeding_id", on_delete="CASCADE",
                                 backref="+")
    amount = IntegerField()
    """In whole units of ``currency`` (courts order whole dollars or francs)."""
    currency = CharField()
    beneficiary = TextField()
    """To whom: a victim's code, "the civil parties", a family…"""
    jointly_with_state = BooleanField(default=False)
    ordered_on = DateField()

    class Meta:
        table_name = "reparation"


class ReparationPayment(BaseModel):
    """Money actually received against a reparation order."""

    id = AutoField()
    reparation_id: int
    recorded_by_id: int
    reparation = ForeignKeyField(Reparation, column_name="reparation_id", on_delete="CASCADE")
    amount = IntegerField()
    paid_on = DateField()
    note = TextField(default="")
    recorded_by = ForeignKeyField(Account, column_name="recorded_by_id", backref="+")
    recorded_at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "reparation_payment"


class CourtVictim(Tracked):
    """A victim of one of the cases in court: civil party, protection measures, legal aid.
    Shown only while the victim's consent for ``justice`` stands."""

    id = AutoField()
    proceeding_id: int
    victim_id: int
    created_by_id: int
    updated_by_id: int
    proceeding = ForeignKeyField(Proceeding, column_name="proceeding_id", on_delete="CASCADE")
    victim = ForeignKeyField(Victim, column_name="victim_id", on_delete="CASCADE", backref="+")
    civil_party = BooleanField(default=False)
    protection_requested = TextField(default="")
    """Space-separated codes (closed_hearing, pseudonym, screen, voice_distortion)."""
    protection_granted = TextField(default="")
    legal_aid = TextField(default="")

    class Meta:
        table_name = "court_victim"
        indexes = ((("proceeding", "victim"), True),)


class SessionRelease(BaseModel):
    """Detainees a mobile court session released, as counted on the day (until the
    detention module records each release)."""

    id = AutoField()
    session_id: int
    recorded_by_id: int
    session = ForeignKeyField(MobileSession, column_name="session_id", on_delete="CASCADE")
    released = IntegerField()
    released_on = DateField()
    basis = CharField()
    note = TextField(default="")
    recorded_by = ForeignKeyField(Account, column_name="recorded_by_id", backref="+")
    recorded_at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "session_release"


# --- Detention monitoring (issue 19): facilities, visits, detainees and their legal timeline -

class Facility(Tracked):
    """A place where people are held (a prison, a police cell…), monitored by one field
    office: its officers and supervisor alone see it and everything recorded there."""

    id = AutoField()
    created_by_id: int
    updated_by_id: int
    office = CharField()
    name = TextField()
    kind = CharField()
    province_code = CharField()
    territory_code = CharField(default="")
    locality = TextField(default="")
    authority = TextField(default="")
    """Who runs it: the prison service, a police commander, an intelligence unit…"""
    capacity = IntegerField(null=True)
    """Official capacity; None when unknown (an unofficial place has none)."""
    note = TextField(default="")

    class Meta:
        table_name = "facility"
        indexes = ((("office", "name"), False),)


class DetentionVisit(Tracked):
    """A monitoring visit to a facility: the access given, who was seen, in what
    conditions. A refusal is a violation in itself; the case opened for it is ``case``."""

    id = AutoField()
    facility_id: int
    case_id: int | None
    created_by_id: int
    updated_by_id: int
    facility = ForeignKeyField(Facility, column_name="facility_id", on_delete="CASCADE")
    office = CharField()
    """The facility's office, kept here so a period's visits come from one index."""
    visited_on = DateField()
    access = CharField()
    """``full``, ``partial`` or ``refused``."""
    men = IntegerField(null=True)
    women = IntegerField(null=True)
    boys = IntegerField(null=True)
    girls = IntegerField(null=True)
    conditions = TextField(default="")
    """Space-separated codes of the problems seen (overcrowding, food, water…)."""
    notes = TextField(default="")
    case = ForeignKeyField(Case, column_name="case_id", null=True, on_delete="SET NULL",
                           backref="+")

    class Meta:
        table_name = "detention_visit"
        indexes = ((("office", "visited_on"), False), (("facility", "visited_on"), False))


class VisitOfficer(BaseModel):
    """An officer who took part in a visit."""

    id = AutoField()
    visit_id: int
    account_id: int
    visit = ForeignKeyField(DetentionVisit, column_name="visit_id", on_delete="CASCADE")
    account = ForeignKeyField(Account, column_name="account_id", backref="+")

    class Meta:
        table_name = "visit_officer"
        indexes = ((("visit", "account"), True),)


class Detainee(Tracked):
    """A person held, known by a code; the name is restricted like a victim's. The columns
    after ``penalty`` are worked out from the legal timeline (``DetentionStep``) each time
    it changes, so that "held past the limit today" is one indexed query."""

    id = AutoField()
    facility_id: int
    officer_id: int
    case_id: int | None
    review_by_id: int | None
    created_by_id: int
    updated_by_id: int
    office = CharField()
    code = CharField()
    """``D-0001``… within the office: how lists name the detainee."""
    name = TextField(default="")
    """Restricted: shown only to the officer following the detainee and the supervisor."""
    sex = CharField(default="unknown")
    age_group = CharField(default="unknown")
    facility = ForeignKeyField(Facility, column_name="facility_id", on_delete="CASCADE")
    """Where the detainee is held now (a transfer changes it)."""
    officer = ForeignKeyField(Account, column_name="officer_id", backref="+")
    case = ForeignKeyField(Case, column_name="case_id", null=True, on_delete="SET NULL",
                           backref="+")
    penalty = CharField(default="")
    """The extension band of the offence (a ``detention_limit`` code); "" unknown."""
    arrested_at = DateTimeField(null=True)
    released_at = DateTimeField(null=True)
    lawful_until = DateTimeField(null=True)
    """When the last legal basis runs out (UTC); None while one runs without end (a
    conviction) or before any arrest is recorded."""
    lapsed_step = CharField(default="")
    """The step whose limit ``lawful_until`` is (custody, warrant, order…)."""
    review = CharField(default="")
    """The officer's word on the flag: ``confirmed``, ``overridden``, or "" (none yet)."""
    review_reason = TextField(default="")
    review_by = ForeignKeyField(Account, column_name="review_by_id", null=True, backref="+")
    review_at = DateTimeField(null=True)

    class Meta:
        table_name = "detainee"
        indexes = ((("office", "code"), True),
                   (("office", "released_at", "lawful_until"), False),
                   (("facility", "released_at"), False))


class DetentionStep(Tracked):
    """One fact of a detainee's legal timeline: the arrest, custody, a warrant, an order
    and its extensions, an appearance before a judge, a judgment, a sentence, a transfer,
    the release. The legal basis is computed from these, never typed."""

    id = AutoField()
    detainee_id: int
    facility_id: int | None
    proceeding_id: int | None
    session_id: int | None
    created_by_id: int
    updated_by_id: int
    detainee = ForeignKeyField(Detainee, column_name="detainee_id", on_delete="CASCADE")
    kind = CharField()
    at = DateTimeField()
    """The instant (UTC); a step known only to the day is stored at the start of that day
    in the office's zone, with ``timed`` False."""
    timed = BooleanField(default=False)
    months = IntegerField(null=True)
    """A sentence's length (None: life, death or no prison term)."""
    verdict = CharField(default="")
    """A judgment's outcome: ``convicted``, ``acquitted`` or ``other``."""
    facility = ForeignKeyField(Facility, column_name="facility_id", null=True,
                               on_delete="SET NULL", backref="+")
    """A transfer's destination."""
    proceeding = ForeignKeyField(Proceeding, column_name="proceeding_id", null=True,
                                 on_delete="SET NULL", backref="+")
    """A judgment's proceeding in the justice module, where known."""
    basis = CharField(default="")
    """A release's basis (court order, mobile court session, end of sentence…)."""
    session = ForeignKeyField(MobileSession, column_name="session_id", null=True,
                              on_delete="SET NULL", backref="+")
    """The mobile court session that released the detainee: counted in its figures."""
    note = TextField(default="")

    class Meta:
        table_name = "detention_step"
        indexes = ((("detainee", "at"), False),)


class Law(Tracked):
    """A law or policy the office lobbies for (advocacy), kept by one field office like
    its detention monitoring (``services/office_records``). ``stage`` and ``stage_on`` are
    the latest of its history (``LawStage``), kept here so that the board is one indexed
    query."""

    id = AutoField()
    created_by_id: int
    updated_by_id: int
    officer_id: int | None
    office = CharField()
    title = TextField()
    kind = CharField()
    jurisdiction = CharField()
    """``national`` or ``provincial`` (then ``province_code``)."""
    province_code = CharField(default="")
    theme = CharField()
    standards = TextField(default="")
    """The international standards it should meet: codes separated by spaces."""
    priority = IntegerField(default=2)
    """``forms.PRIORITY_RANK``, as a case's."""
    officer = ForeignKeyField(Account, column_name="officer_id", backref="+", null=True)
    """The responsible officer."""
    stage = CharField()
    stage_on = DateField()
    note = TextField(default="")

    class Meta:
        table_name = "law"
        indexes = ((("office", "stage", "priority", "stage_on"), False),)


class LawStage(BaseModel):
    """One step of a law's history: the stage it reached, on what day, and the evidence
    (a gazette, a committee report, a letter); never changed, only withdrawn whole by the
    supervisor when recorded by mistake."""

    id = AutoField()
    law_id: int
    recorded_by_id: int
    law = ForeignKeyField(Law, column_name="law_id", on_delete="CASCADE")
    stage = CharField()
    on = DateField()
    evidence = TextField(default="")
    recorded_by = ForeignKeyField(Account, column_name="recorded_by_id", backref="+")
    recorded_at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "law_stage"
        indexes = ((("law", "on", "id"), False), (("stage", "on"), False))


class AdvocacyAction(Tracked):
    """A step of advocacy (a meeting, a letter, a report…) with a State institution, on a
    law or not; its follow-up date becomes a ``FollowUp`` (``action_id``)."""

    id = AutoField()
    created_by_id: int
    updated_by_id: int
    law_id: int | None
    office = CharField()
    law = ForeignKeyField(Law, column_name="law_id", on_delete="SET NULL", null=True)
    taken_on = DateField()
    kind = CharField()
    institution = CharField()
    """The kind of institution targeted (``forms.INSTITUTIONS``), so a report groups by it."""
    target_name = TextField(default="")
    """The institution as named (the Ministry of Justice, the Senate's committee…)."""
    target_person = TextField(default="")
    summary = TextField()
    outcome = TextField(default="")
    next_step = TextField(default="")
    follow_up_on = DateField(null=True)

    class Meta:
        table_name = "advocacy_action"
        indexes = ((("office", "taken_on"), False), (("law", "taken_on"), False))


class AdvocacyCase(BaseModel):
    """A case that illustrates a law's problem, linked on the law or through an action
    (then ``law`` is the action's law, if it has one)."""

    id = AutoField()
    law_id: int | None
    action_id: int | None
    case_id: int
    linked_by_id: int
    law = ForeignKeyField(Law, column_name="law_id", on_delete="CASCADE", null=True)
    action = ForeignKeyField(AdvocacyAction, column_name="action_id", on_delete="CASCADE",
                             null=True)
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    linked_by = ForeignKeyField(Account, column_name="linked_by_id", backref="+")
    linked_at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "advocacy_case"
        indexes = ((("law", "case"), False), (("action", "case"), False))


class FormDraft(BaseModel):
    """What an account typed in a form and did not save (migration 0009)."""

    id = AutoField()
    account_id: int
    account = ForeignKeyField(Account, column_name="account_id", on_delete="CASCADE",
                              backref="+")
    form_key = CharField()
    """Which form: ``case:<id>:form:<kind>``, ``case:<id>:edit:<record>`` or ``case:new``."""
    title = TextField()
    fields = TextField()
    """The fields' values, as JSON."""
    saved_at = DateTimeField(default=utc_now)

    class Meta:
        table_name = "form_draft"
        indexes = ((("account", "form_key"), True),)


class Attachment(BaseModel):
    """A file kept inside the encrypted database, with its size and SHA-256."""

    id = AutoField()
    case_id: int
    added_by_id: int
    case = ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE")
    filename = TextField()
    description = TextField(default="")
    size = IntegerField()
    sha256 = CharField()
    added_by = ForeignKeyField(Account, column_name="added_by_id", backref="+")
    added_at = DateTimeField(default=utc_now)
    content = BlobField()
    """Last column, so that reading the metadata never touches the blob's pages."""

    class Meta:
        table_name = "attachment"
        indexes = ((("case",), False),)


class CaseSearch(BaseModel):
    """The text of a case that full-text search reads, one row per case (kept by triggers)."""

    case_id: int
    case = ForeignKeyField(Case, column_name="case_id", primary_key=True, on_delete="CASCADE")
    reference = TextField()
    title = TextField()
    body = TextField()

    class Meta:
        table_name = "case_search"


class CaseSearchIndex(FTS5Model):  # type: ignore[misc]
    """FTS5 index over ``case_search`` (external content; rowid is the case id)."""

    reference = SearchField()
    title = SearchField()
    body = SearchField()

    class Meta:
        database = database
        table_name = "case_fts"
        options = {"content": "case_search", "content_rowid": "case_id",
                   "tokenize": "unicode61 remove_diacritics 2"}


class BulkLoad(BaseModel):
    """While a row exists here, per-row search triggers stand aside for a bulk loader,
    which rebuilds the search text itself in the same transaction (demo builder only)."""

    flag = IntegerField(primary_key=True)

    class Meta:
        table_name = "bulk_load"
