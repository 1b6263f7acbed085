"""Unsaved forms kept across a lock, a quit or a dropped link, and put back afterwards.

A case-file form left unsaved goes into the encrypted database (never a plain file), for
the same account to find again: at once after an unlock, after a login once the user
says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jhro_tui.errors import JhroError
from jhro_tui.i18n import _, format_datetime

if TYPE_CHECKING:
    from jhro_tui.services.drafts import Draft
    from jhro_tui.services.session import Session
    from jhro_tui.ui.app import JhroApp

NEW_CASE_DRAFT = "case:new"
"""The draft key of the new-case form."""


async def keep_drafts(app: JhroApp, session: Session) -> bool:
    """Keep the case-file forms left unsaved in the encrypted database; True if any."""
    from jhro_tui.services.drafts import keep_draft
    from jhro_tui.ui.screens.form import FormScreen

    kept = False
    for screen in app.screen_stack:
        if isinstance(screen, FormScreen) and screen.draft_key and screen.is_dirty:
            try:
                await app.call_db(keep_draft, session, screen.draft_key,
                                  screen.title_text, screen.draft())
            except JhroError:
                continue
            kept = True
    return kept


async def offer_drafts(app: JhroApp, *, ask: bool) -> None:
    """Put this account's kept forms back: at once after an unlock; after a login, once
    the user says so (no discards it)."""
    from jhro_tui.services.drafts import discard_draft, drafts, take_draft
    from jhro_tui.ui.screens.form import ConfirmScreen

    session = app.require_session()
    for draft in await app.call_db(drafts, session):
        if ask:
            reopen = await app.push_screen_wait(ConfirmScreen(_(
                "“{title}” was left unsaved ({when}). Reopen it? No discards it.").format(
                    title=draft.title, when=format_datetime(draft.saved_at))))
            if not reopen:
                await app.call_db(discard_draft, session, draft.form_key)
                continue
        taken = await app.call_db(take_draft, session, draft.form_key)
        if taken is not None and app.session_open:
            _restore(app, taken)


def _restore(app: JhroApp, draft: Draft) -> None:
    from jhro_tui.ui.screens.case_detail import CaseDetailScreen

    if draft.form_key == NEW_CASE_DRAFT:
        app.action_new_case(draft)
        return
    case_id = int(draft.form_key.split(":")[1])
    top = app.screen
    if isinstance(top, CaseDetailScreen) and top.case_id == case_id:
        top.reopen(draft)
    else:
        app.open_case(case_id, draft=draft)
