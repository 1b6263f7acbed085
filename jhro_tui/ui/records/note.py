"""A note on the case: dated, signed, never changed (it shows under "Notes and
follow-ups", the case file's timeline)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _
from jhro_tui.services import cases
from jhro_tui.services.views import CaseDetail
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import call
from jhro_tui.ui.screens.form import FormField, FormScreen, Values

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def note_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        return await call(app, cases.add_note, detail.id, values.get("body") or "")

    return FormScreen(_("New note"), [FormField("body", _("Note"), "area")], submit)


KIND = RecordKind[Any](key="note", action_id="case.note", keys="n", title=N_("Add note"),
                       factory=note_form, part="notes", show=True)
