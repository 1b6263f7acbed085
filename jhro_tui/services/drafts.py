"""Drafts: the text of a form an account left unsaved, kept in the encrypted database.

A form open when the screen locks, when its user quits, or when the SSH link drops is
kept here for that account alone, and given back to the same account when it returns;
it never reaches any other account, nor any file outside the database.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import cast

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services.session import Session
from jhro_tui.store.models import Account, FormDraft, utc_now

MAX_DRAFT_BYTES = 1_000_000
"""A draft larger than this is not a form someone typed: it is refused."""
MAX_KEY = 255

DraftFields = dict[str, str | None]


@dataclass(frozen=True)
class Draft:
    form_key: str
    title: str
    fields: DraftFields
    saved_at: dt.datetime


def _account_id(session: Session) -> int:
    return cast(int, Account.select(Account.id).where(Account.name == session.user.name)
                .scalar())


def keep_draft(session: Session, form_key: str, title: str, fields: DraftFields) -> None:
    """Keep what ``fields`` hold for the acting account, replacing its earlier draft of the
    same form."""
    document = json.dumps(fields, ensure_ascii=False)
    if not form_key or len(form_key) > MAX_KEY or len(document.encode()) > MAX_DRAFT_BYTES:
        raise ValidationError("draft", N_("This form is too large to keep as a draft."))
    with session.write() as audit:
        account = _account_id(session)
        (FormDraft.insert(account=account, form_key=form_key, title=title, fields=document,
                          saved_at=utc_now())
         .on_conflict(conflict_target=[FormDraft.account, FormDraft.form_key],
                      update={FormDraft.title: title, FormDraft.fields: document,
                              FormDraft.saved_at: utc_now()})
         .execute())
        audit("draft.keep", form_key, f"bytes={len(document.encode())}")


def drafts(session: Session) -> list[Draft]:
    """The acting account's drafts, oldest first."""
    with session.vault.db.atomic("DEFERRED"):
        rows = list(FormDraft.select().where(FormDraft.account == _account_id(session))
                    .order_by(FormDraft.saved_at, FormDraft.id))
    return [Draft(row.form_key, row.title, json.loads(row.fields), row.saved_at)
            for row in rows]


def take_draft(session: Session, form_key: str) -> Draft | None:
    """The acting account's draft of ``form_key``, removed as it goes back into its form
    (leaving that form unsaved discards it, as leaving any form does)."""
    with session.write() as audit:
        row = FormDraft.get_or_none(FormDraft.account == _account_id(session),
                                    FormDraft.form_key == form_key)
        if row is None:
            return None
        row.delete_instance()
        audit("draft.take", form_key)
    return Draft(row.form_key, row.title, json.loads(row.fields), row.saved_at)


def discard_draft(session: Session, form_key: str) -> None:
    with session.write() as audit:
        removed = FormDraft.delete().where(FormDraft.account == _account_id(session),
                                           FormDraft.form_key == form_key).execute()
        if removed:
            audit("draft.discard", form_key)
