"""The tables, as peewee models. Migrations in ``migrations/`` create and change them."""

from __future__ import annotations

import datetime as dt

from peewee import BlobField, BooleanField, CharField, DateTimeField, TextField

from jhro_tui.store.db import BaseModel

ROLES = ("officer", "supervisor", "admin")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Account(BaseModel):
    """A person who may log in; roles live here, inside the encrypted database."""

    name = CharField(unique=True)
    full_name = TextField(default="")
    role = CharField()
    office = CharField(default="")
    language = CharField(default="en")
    active = BooleanField(default=True)
    public_key = BlobField()
    """Trusted copy of the keyring's public key: a key rotation seals only to this."""
    created_at = DateTimeField(default=utc_now)
    updated_at = DateTimeField(default=utc_now)


class Setting(BaseModel):
    """Small named values that belong to the database itself."""

    key = CharField(primary_key=True)
    value = TextField()
