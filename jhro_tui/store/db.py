"""The database the models use, bound when a vault opens (never at import time)."""

from __future__ import annotations

from peewee import DatabaseProxy, Model

database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


def bind(db: object) -> None:
    database.initialize(db)
