"""Accounts, database settings and the audit trail."""

import datetime

from peewee import BlobField, BooleanField, CharField, DateTimeField, Model, TextField

AUDIT_TABLES = (
    """CREATE TABLE IF NOT EXISTS audit_event (
        seq INTEGER PRIMARY KEY,
        epoch INTEGER NOT NULL,
        ts TEXT NOT NULL,
        account TEXT NOT NULL,
        action TEXT NOT NULL,
        object TEXT NOT NULL,
        detail TEXT NOT NULL,
        outcome TEXT NOT NULL,
        mac BLOB NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS audit_key_history (
        epoch INTEGER PRIMARY KEY,
        mac_key BLOB NOT NULL)""",
)


def up(migrator, db):
    class Account(Model):
        name = CharField(unique=True)
        full_name = TextField(default="")
        role = CharField()
        office = CharField(default="")
        language = CharField(default="en")
        active = BooleanField(default=True)
        public_key = BlobField()
        created_at = DateTimeField(default=datetime.datetime.now)
        updated_at = DateTimeField(default=datetime.datetime.now)

        class Meta:
            database = db
            table_name = "account"

    class Setting(Model):
        key = CharField(primary_key=True)
        value = TextField()

        class Meta:
            database = db
            table_name = "setting"

    db.create_tables([Account, Setting])
    for statement in AUDIT_TABLES:
        db.execute_sql(statement)
    db.execute_sql("CREATE INDEX IF NOT EXISTS audit_event_object ON audit_event (object)")
