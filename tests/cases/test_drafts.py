"""A form left unsaved is kept for its own account, inside the encrypted database."""

from __future__ import annotations

import pytest

from jhro_tui.errors import ValidationError
from jhro_tui.services import drafts
from jhro_tui.store.models import FormDraft

from .conftest import World

KEY = "case:1:form:note"


def test_a_draft_is_kept_replaced_and_taken_back_by_its_account_alone(world: World) -> None:
    olga = world.login("olga")
    drafts.keep_draft(olga, KEY, "New note", {"body": "The witness asked us to wait"})
    drafts.keep_draft(olga, KEY, "New note", {"body": "The witness asked us to call"})
    assert [(d.form_key, d.fields) for d in drafts.drafts(olga)] == [
        (KEY, {"body": "The witness asked us to call"})]

    oscar = world.login("oscar")  # same office, same case list: still not his text
    assert drafts.drafts(oscar) == [] and drafts.take_draft(oscar, KEY) is None

    olga = world.login("olga")
    taken = drafts.take_draft(olga, KEY)
    assert taken is not None and taken.fields == {"body": "The witness asked us to call"}
    assert drafts.drafts(olga) == [] and FormDraft.select().count() == 0
    actions = [row[1] for row in world.audit() if row[1].startswith("draft.")]
    assert actions == ["draft.keep", "draft.keep", "draft.take"]


def test_a_draft_discarded_is_gone(world: World) -> None:
    olga = world.login("olga")
    drafts.keep_draft(olga, KEY, "New note", {"body": "x"})
    drafts.discard_draft(olga, KEY)
    assert drafts.drafts(olga) == []
    assert world.audit("draft.discard")[-1][2] == KEY


def test_a_draft_too_large_to_be_typed_is_refused(world: World) -> None:
    olga = world.login("olga")
    with pytest.raises(ValidationError):
        drafts.keep_draft(olga, KEY, "New note", {"body": "x" * 1_000_001})
    assert FormDraft.select().count() == 0
