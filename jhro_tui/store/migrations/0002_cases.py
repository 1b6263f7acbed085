"""Case files: reference data, cases and their sections, workflow, full-text search."""

import datetime

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

# Rows that a bulk loader has flagged make the per-row search triggers stand aside; the
# loader then writes ``case_search`` itself, inside the same transaction.
NOT_BULK = "WHEN NOT EXISTS (SELECT 1 FROM bulk_load)"


def _body(case_id):
    """SQL for the searchable text of one case, other than its reference and title."""
    return f"""coalesce((SELECT narrative FROM case_file WHERE id = {case_id}), '')
        || ' ' || coalesce((SELECT group_concat(locality || ' ' || description, ' ')
                            FROM incident WHERE case_id = {case_id}), '')
        || ' ' || coalesce((SELECT group_concat(code, ' ') FROM victim
                            WHERE case_id = {case_id}), '')
        || ' ' || coalesce((SELECT group_concat(body, ' ') FROM note
                            WHERE case_id = {case_id}), '')"""


def _refresh_body(case_id):
    return f"UPDATE case_search SET body = {_body(case_id)} WHERE case_id = {case_id};"


def _incident_summary(case_id):
    first = (f"(SELECT {{column}} FROM incident WHERE case_id = {case_id} "
             f"ORDER BY date_value, id LIMIT 1)")
    return f"""UPDATE case_file SET
        incident_start = (SELECT min(date_value) FROM incident WHERE case_id = {case_id}),
        incident_end = (SELECT max(period_end) FROM incident WHERE case_id = {case_id}),
        incident_precision = {first.format(column="date_precision")},
        incident_estimated = coalesce({first.format(column="date_estimated")}, 0)
        WHERE id = {case_id};"""


SEARCH_SQL = [
    """CREATE VIRTUAL TABLE case_fts USING fts5(
        reference, title, body,
        content='case_search', content_rowid='case_id',
        tokenize='unicode61 remove_diacritics 2')""",
    # Deleted or changed text leaves no trace in the index's pages.
    "INSERT INTO case_fts(case_fts, rank) VALUES('secure-delete', 1)",
    """CREATE TRIGGER case_search_ai AFTER INSERT ON case_search BEGIN
        INSERT INTO case_fts(rowid, reference, title, body)
        VALUES (new.case_id, new.reference, new.title, new.body);
    END""",
    """CREATE TRIGGER case_search_ad AFTER DELETE ON case_search BEGIN
        INSERT INTO case_fts(case_fts, rowid, reference, title, body)
        VALUES ('delete', old.case_id, old.reference, old.title, old.body);
    END""",
    """CREATE TRIGGER case_search_au AFTER UPDATE ON case_search BEGIN
        INSERT INTO case_fts(case_fts, rowid, reference, title, body)
        VALUES ('delete', old.case_id, old.reference, old.title, old.body);
        INSERT INTO case_fts(rowid, reference, title, body)
        VALUES (new.case_id, new.reference, new.title, new.body);
    END""",
    f"""CREATE TRIGGER case_file_search_ai AFTER INSERT ON case_file {NOT_BULK} BEGIN
        INSERT INTO case_search(case_id, reference, title, body)
        VALUES (new.id, new.reference, new.title, {_body("new.id")});
    END""",
    f"""CREATE TRIGGER case_file_search_au AFTER UPDATE OF reference, title, narrative
        ON case_file {NOT_BULK} BEGIN
        UPDATE case_search SET reference = new.reference, title = new.title,
            body = {_body("new.id")} WHERE case_id = new.id;
    END""",
]
for _table in ("incident", "victim", "note"):
    SEARCH_SQL += [
        f"""CREATE TRIGGER {_table}_search_ai AFTER INSERT ON {_table} {NOT_BULK} BEGIN
            {_refresh_body("new.case_id")}
        END""",
        f"""CREATE TRIGGER {_table}_search_au AFTER UPDATE ON {_table} {NOT_BULK} BEGIN
            {_refresh_body("new.case_id")}
        END""",
        f"""CREATE TRIGGER {_table}_search_ad AFTER DELETE ON {_table} {NOT_BULK} BEGIN
            {_refresh_body("old.case_id")}
        END""",
    ]

INCIDENT_SUMMARY_SQL = [
    f"""CREATE TRIGGER incident_summary_ai AFTER INSERT ON incident {NOT_BULK} BEGIN
        {_incident_summary("new.case_id")}
    END""",
    f"""CREATE TRIGGER incident_summary_au AFTER UPDATE OF date_value, date_precision,
        date_estimated, period_end ON incident {NOT_BULK} BEGIN
        {_incident_summary("new.case_id")}
    END""",
    f"""CREATE TRIGGER incident_summary_ad AFTER DELETE ON incident {NOT_BULK} BEGIN
        {_incident_summary("old.case_id")}
    END""",
]


def up(migrator, db):
    def now():
        return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)

    class Base(Model):
        class Meta:
            database = db

    class Account(Base):
        name = CharField(unique=True)

        class Meta:
            table_name = "account"

    def account_fk(column, null=False):
        return ForeignKeyField(Account, column_name=column, backref="+", index=False,
                               null=null)

    class ReferenceTerm(Base):
        vocabulary = CharField()
        code = CharField()
        parent_code = CharField(default="")
        label_en = TextField()
        label_fr = TextField()
        extra = TextField(default="{}")
        active = BooleanField(default=True)

        class Meta:
            table_name = "reference_term"
            indexes = ((("vocabulary", "code"), True),)

    class Case(Base):
        reference = CharField(unique=True)
        title = TextField()
        narrative = TextField(default="")
        status = CharField(default="draft")
        priority = IntegerField(default=2)
        confidentiality = CharField(default="confidential")
        officer = account_fk("officer_id")
        office = CharField()
        province_code = CharField(default="")
        opened_on = DateField()
        incident_start = DateField(null=True)
        incident_end = DateField(null=True)
        incident_precision = CharField(null=True)
        incident_estimated = BooleanField(default=False)
        created_at = DateTimeField(default=now)
        created_by = account_fk("created_by_id")
        updated_at = DateTimeField(default=now)
        updated_by = account_fk("updated_by_id")
        version = IntegerField(default=1)

        class Meta:
            table_name = "case_file"
            # Every SQLite index ends with the rowid, so (x) serves keyset paging on (x, id).
            indexes = (
                (("updated_at",), False),
                (("opened_on",), False),
                (("incident_start",), False),
                (("priority",), False),
                (("title",), False),
                (("status",), False),
                (("status", "updated_at"), False),
                (("office", "updated_at"), False),
                (("office", "status"), False),
                (("officer", "updated_at"), False),
                (("officer", "status"), False),
                (("province_code", "updated_at"), False),
            )

    def case_fk():
        return ForeignKeyField(Case, column_name="case_id", on_delete="CASCADE", index=False)

    class CaseCounter(Base):
        year = IntegerField(primary_key=True)
        last = IntegerField(default=0)

        class Meta:
            table_name = "case_counter"

    class CaseShare(Base):
        case = case_fk()
        account = account_fk("account_id")
        shared_by = account_fk("shared_by_id")
        shared_at = DateTimeField(default=now)

        class Meta:
            table_name = "case_share"
            indexes = ((("case", "account"), True), (("account", "case"), False))

    class CaseStatusChange(Base):
        case = case_fk()
        from_status = CharField()
        to_status = CharField()
        by = account_fk("by_id")
        at = DateTimeField(default=now)
        comment = TextField(default="")

        class Meta:
            table_name = "case_status_change"
            indexes = ((("case", "at"), False),)

    class CaseSnapshot(Base):
        case = case_fk()
        number = IntegerField()
        case_version = IntegerField()
        taken_at = DateTimeField(default=now)
        taken_by = account_fk("taken_by_id")
        document = BlobField()

        class Meta:
            table_name = "case_snapshot"
            indexes = ((("case", "number"), True),)

    class Incident(Base):
        case = case_fk()
        date_value = DateField()
        date_precision = CharField()
        date_estimated = BooleanField(default=False)
        end_value = DateField(null=True)
        end_precision = CharField(null=True)
        end_estimated = BooleanField(default=False)
        period_end = DateField()
        province_code = CharField()
        territory_code = CharField(default="")
        locality = TextField(default="")
        description = TextField(default="")
        version = IntegerField(default=1)
        created_at = DateTimeField(default=now)
        created_by = account_fk("created_by_id")
        updated_at = DateTimeField(default=now)
        updated_by = account_fk("updated_by_id")

        class Meta:
            table_name = "incident"
            indexes = ((("case", "date_value"), False),)

    class Violation(Base):
        incident = ForeignKeyField(Incident, column_name="incident_id", on_delete="CASCADE",
                                   index=True)
        case = case_fk()
        type_code = CharField()
        description = TextField(default="")
        verification_status = CharField(default="reported")
        verification_set_by = account_fk("verification_set_by_id")
        verification_set_at = DateTimeField(default=now)
        version = IntegerField(default=1)
        created_at = DateTimeField(default=now)
        created_by = account_fk("created_by_id")
        updated_at = DateTimeField(default=now)
        updated_by = account_fk("updated_by_id")

        class Meta:
            table_name = "violation"
            indexes = ((("type_code", "case"), False), (("case",), False))

    class Victim(Base):
        case = case_fk()
        code = CharField()
        name = TextField(default="")
        contact = TextField(default="")
        sex = CharField(default="unknown")
        age = IntegerField(null=True)
        age_group = CharField(default="unknown")
        disability = CharField(default="unknown")
        displacement = CharField(default="unknown")
        risk_level = CharField(default="none")
        risk_measures = TextField(default="")
        risk_review_on = DateField(null=True)
        version = IntegerField(default=1)
        created_at = DateTimeField(default=now)
        created_by = account_fk("created_by_id")
        updated_at = DateTimeField(default=now)
        updated_by = account_fk("updated_by_id")

        class Meta:
            table_name = "victim"
            indexes = ((("case", "code"), True), (("risk_review_on",), False))

    class Consent(Base):
        victim = ForeignKeyField(Victim, column_name="victim_id", on_delete="CASCADE",
                                 index=False)
        purpose = CharField()
        given = BooleanField()
        note = TextField(default="")
        recorded_by = account_fk("recorded_by_id")
        recorded_at = DateTimeField(default=now)
        revoked_at = DateTimeField(null=True)
        revoked_by = account_fk("revoked_by_id", null=True)
        revocation_reason = TextField(default="")

        class Meta:
            table_name = "consent"
            indexes = ((("victim", "purpose", "recorded_at"), False),)

    class VictimViolation(Base):
        victim = ForeignKeyField(Victim, column_name="victim_id", on_delete="CASCADE",
                                 index=False)
        violation = ForeignKeyField(Violation, column_name="violation_id",
                                    on_delete="CASCADE", index=False)
        involvement = CharField(default="direct")

        class Meta:
            table_name = "victim_violation"
            indexes = ((("victim", "violation"), True), (("violation",), False))

    class Perpetrator(Base):
        case = case_fk()
        category_code = CharField()
        unit = TextField(default="")
        name = TextField(default="")
        rank = TextField(default="")
        description = TextField(default="")
        version = IntegerField(default=1)
        created_at = DateTimeField(default=now)
        created_by = account_fk("created_by_id")
        updated_at = DateTimeField(default=now)
        updated_by = account_fk("updated_by_id")

        class Meta:
            table_name = "perpetrator"
            indexes = ((("case",), False),)

    class PerpetratorInvolvement(Base):
        perpetrator = ForeignKeyField(Perpetrator, column_name="perpetrator_id",
                                      on_delete="CASCADE", index=False)
        violation = ForeignKeyField(Violation, column_name="violation_id",
                                    on_delete="CASCADE", index=False)
        role = CharField(default="direct")

        class Meta:
            table_name = "perpetrator_involvement"
            indexes = ((("perpetrator", "violation"), True), (("violation",), False))

    class Source(Base):
        case = case_fk()
        kind = CharField()
        reliability = CharField()
        credibility = IntegerField()
        obtained_on = DateField(null=True)
        description = TextField(default="")
        version = IntegerField(default=1)
        created_at = DateTimeField(default=now)
        created_by = account_fk("created_by_id")
        updated_at = DateTimeField(default=now)
        updated_by = account_fk("updated_by_id")

        class Meta:
            table_name = "source"
            indexes = ((("case",), False),)

    class Referral(Base):
        victim = ForeignKeyField(Victim, column_name="victim_id", on_delete="CASCADE",
                                 index=False)
        case = case_fk()
        service_code = CharField()
        provider = TextField(default="")
        proposed_on = DateField()
        status = CharField(default="proposed")
        status_on = DateField()
        comment = TextField(default="")
        version = IntegerField(default=1)
        created_at = DateTimeField(default=now)
        created_by = account_fk("created_by_id")
        updated_at = DateTimeField(default=now)
        updated_by = account_fk("updated_by_id")

        class Meta:
            table_name = "referral"
            indexes = ((("victim",), False), (("case",), False))

    class FollowUp(Base):
        case = case_fk()
        description = TextField()
        due_on = DateField()
        assigned_to = account_fk("assigned_to_id")
        done_at = DateTimeField(null=True)
        done_by = account_fk("done_by_id", null=True)
        version = IntegerField(default=1)
        created_at = DateTimeField(default=now)
        created_by = account_fk("created_by_id")
        updated_at = DateTimeField(default=now)
        updated_by = account_fk("updated_by_id")

        class Meta:
            table_name = "follow_up"
            indexes = ((("assigned_to", "done_at", "due_on"), False), (("case",), False))

    class Note(Base):
        case = case_fk()
        author = account_fk("author_id")
        body = TextField()
        created_at = DateTimeField(default=now)

        class Meta:
            table_name = "note"
            indexes = ((("case", "created_at"), False),)

    class Attachment(Base):
        case = case_fk()
        filename = TextField()
        description = TextField(default="")
        size = IntegerField()
        sha256 = CharField()
        added_by = account_fk("added_by_id")
        added_at = DateTimeField(default=now)
        content = BlobField()

        class Meta:
            table_name = "attachment"
            indexes = ((("case",), False),)

    class CaseSearch(Base):
        case = ForeignKeyField(Case, column_name="case_id", primary_key=True,
                               on_delete="CASCADE")
        reference = TextField()
        title = TextField()
        body = TextField()

        class Meta:
            table_name = "case_search"

    class BulkLoad(Base):
        flag = IntegerField(primary_key=True)

        class Meta:
            table_name = "bulk_load"

    db.create_tables([
        ReferenceTerm, Case, CaseCounter, CaseShare, CaseStatusChange, CaseSnapshot,
        Incident, Violation, Victim, Consent, VictimViolation, Perpetrator,
        PerpetratorInvolvement, Source, Referral, FollowUp, Note, Attachment, CaseSearch,
        BulkLoad,
    ])
    for statement in SEARCH_SQL + INCIDENT_SUMMARY_SQL:
        db.execute_sql(statement)
