"""A related case: this case linked to another the user may see (same incident, victim or
perpetrator, or a follow-on). Both case files list it in their overview; ``j`` opens one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jhro_tui.i18n import N_, _
from jhro_tui.services import links
from jhro_tui.services.forms import FOLLOWED_BY, CaseLinkForm, choice_label
from jhro_tui.services.views import CaseDetail, RelatedCaseView
from jhro_tui.ui.choices import closed_choices
from jhro_tui.ui.records.kind import RecordKind
from jhro_tui.ui.records.shared import call, line
from jhro_tui.ui.screens.form import FormField, FormScreen, Values

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from jhro_tui.ui.shell import Shell


def related_form(app: Shell, detail: CaseDetail) -> FormScreen[Any]:
    async def submit(values: Values) -> Any:
        return await call(app, links.link_case, detail.id, CaseLinkForm(
            values.get("reference") or "", values.get("kind") or "",
            values.get("note") or ""))

    return FormScreen(_("Link a related case"), [
        FormField("reference", _("Other case"), placeholder="GOM-2026-0001"),
        FormField("kind", _("Link"), "choice", None, closed_choices("case_link")),
        FormField("note", _("Why"), "area"),
    ], submit)


def link_label(link: RelatedCaseView) -> str:
    """The link as this case file reads it: "Follows on from", or "Followed by" from the
    earlier case."""
    if link.kind == "follow_on" and not link.follows_on:
        return _(FOLLOWED_BY)
    return choice_label("case_link", link.kind)


def overview_lines(detail: CaseDetail) -> list[str]:
    """The related cases, one line each, for the case file's overview."""
    return [line("↔", link_label(link), link.other_reference, link.other_title,
                 f"({choice_label('status', link.other_status)})", link.note)
            for link in detail.related]


def _choice(link: RelatedCaseView, _detail: CaseDetail) -> tuple[str, str]:
    return (_("Related case: {reference}").format(reference=link.other_reference),
            link_label(link))


def _question(link: RelatedCaseView, _detail: CaseDetail) -> str:
    return _("Remove the link to {reference} ({link})? Neither case changes otherwise."
             ).format(reference=link.other_reference, link=link_label(link))


def _remove(app: Shell, link: RelatedCaseView) -> Awaitable[None]:
    return call(app, links.unlink_case, link.case_id, link.id)


KIND = RecordKind[RelatedCaseView](
    key="related", action_id="case.related", keys="l", title=N_("Link a related case"),
    factory=related_form, part="follow_up", records=lambda detail: detail.related,
    choice=_choice, question=_question, remove=_remove)
