"""A file attached to the case: copied from the account's exchange folder into the
encrypted database. It is never changed; removed, its content is erased."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_, _, format_number
from jhro_tui.security.exchange import ExchangeFile
from jhro_tui.services import cases
from jhro_tui.services.views import AttachmentView, CaseDetail
from jhro_tui.text import sanitize
from jhro_tui.ui.records.kind import RecordKind, Section
from jhro_tui.ui.records.shared import call, line
from jhro_tui.ui.screens.form import FormField, FormScreen, Values
from jhro_tui.ui.widgets.picker import Choice

if TYPE_CHECKING:
    from jhro_tui.ui.shell import Shell


def attachment_form(app: Shell, detail: CaseDetail, folder: Path,
                    files: Sequence[ExchangeFile] = ()) -> FormScreen[Any]:
    """Attach one of the regular files of the account's exchange folder ``folder``."""

    async def submit(values: Values) -> Any:
        name = values.get("file")
        if not name:
            raise ValidationError("file", N_("Choose one from the list."))
        return await call(app, cases.add_attachment, detail.id, name,
                          description=values.get("description") or "")

    fields = [FormField("file", _("File"), "choice", None,
                        [Choice(found.name, found.name, _("{size} bytes").format(
                            size=format_number(found.size))) for found in files]),
              FormField("description", _("Description"))]
    return FormScreen(_("Attach a file"), fields, submit, intro=_(
        "From your exchange folder {folder}. The file is copied into the encrypted database "
        "with its size and SHA-256; delete the plain copy afterwards if it holds anything "
        "sensitive.").format(folder=folder))


def _choice(attachment: AttachmentView, _detail: CaseDetail) -> tuple[str, str]:
    return _("Attachment: {name}").format(name=attachment.filename), attachment.description


def _question(attachment: AttachmentView, _detail: CaseDetail) -> str:
    return _("Remove the attachment “{name}” ({size} bytes)? Its content is erased "
             "from the database.").format(name=attachment.filename,
                                          size=format_number(attachment.size))


def _remove(app: Shell, attachment: AttachmentView) -> Awaitable[None]:
    return call(app, cases.remove_attachment, attachment.id)  # never changed: no version


def _section(detail: CaseDetail) -> str:
    lines = []
    for a in detail.attachments:
        lines.append(line("■", a.filename, format_number(a.size), _("bytes"),
                          "sha256:" + a.sha256[:16] + "…", a.added_by))
        if a.description:
            lines.append("  " + sanitize(a.description))
    return "\n".join(lines)


# Removable while attachments may be added: one added by mistake must not stay.
KIND = RecordKind[AttachmentView](
    key="attachment", action_id="case.attach", keys="a", title=N_("Attach a file"),
    factory=attachment_form, part="follow_up", opens="files",
    records=lambda detail: detail.attachments, choice=_choice,
    question=_question, remove=_remove,
    section=Section("attachments", N_("Attachments"), _section))
