"""Files attached to a case: stored inside the encrypted database with their size and
SHA-256, taken from and saved to the account's exchange folder only."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import cast

from jhro_tui.config import exchange_inside_data_dir
from jhro_tui.errors import DamagedData, UsageError, ValidationError
from jhro_tui.i18n import N_
from jhro_tui.security import exchange
from jhro_tui.security.audit import FAILED
from jhro_tui.services import access
from jhro_tui.services.access import FOLLOW_UP
from jhro_tui.services.common import MIB, account_names, rules
from jhro_tui.services.detail import ATTACHMENT_COLUMNS, attachment_view
from jhro_tui.services.session import Session
from jhro_tui.services.validation import validate_attachment
from jhro_tui.services.views import AttachmentView
from jhro_tui.store.models import Attachment, utc_now


def exchange_folder(session: Session) -> Path:
    """The acting account's exchange folder: where attached files come from and saved
    attachments go, never the data directory."""
    folder = exchange.account_folder(session.settings.exchange_root, session.user.name)
    if exchange_inside_data_dir(str(folder), session.paths.data_dir):
        raise UsageError(N_("Setting exchange_dir must not be inside the data directory "
                            "{path}"), path=session.paths.data_dir)
    return folder


def exchange_files(session: Session) -> list[exchange.ExchangeFile]:
    """The regular files of the acting account's exchange folder, to pick one to attach."""
    return exchange.list_files(exchange_folder(session))


def add_attachment(session: Session, case_id: int, name: str, *,
                   description: str = "") -> AttachmentView:
    """Store a file of the account's exchange folder inside the encrypted database, with
    its size and SHA-256.

    The file is read whole (at most the size limit, ``attachment_limit_mib``, plus one
    byte) before the write transaction opens: a slow or endless file never holds the
    lock every other session needs.
    """
    limit = session.settings.attachment_limit_mib * MIB
    try:
        content = exchange.read_file(exchange_folder(session), exchange.check_name(name),
                                     limit)
    except exchange.TooLarge as exc:
        raise ValidationError("file", N_("The file is larger than the limit of {limit} MiB."),
                              limit=session.settings.attachment_limit_mib) from exc
    with access.case_unit(session, case_id, "attachment.add", section=FOLLOW_UP) as work:
        who = work.who
        filename = exchange.stored_name(name)
        validate_attachment(filename, len(content), rules(session))
        digest = hashlib.sha256(content).hexdigest()
        row = Attachment.create(case=work.case.id, filename=filename, description=description,
                                size=len(content), sha256=digest, added_by=who.id,
                                added_at=utc_now(), content=content)
        work.changed("attachment.add", f"attachment={row.id} size={len(content)} "
                     f"sha256={digest}")
    return attachment_view(row, {who.id: (who.name, "")})


def export_attachment(session: Session, attachment_id: int, name: str) -> AttachmentView:
    """Write an attachment as a new plaintext file ``name`` of the account's exchange
    folder (mode 0600): an explicit, audited act. The content is checked against its
    SHA-256 first; an existing file is never replaced.
    """
    subject = f"attachment:{attachment_id}"
    try:
        # The metadata only: the content is read once the file name is found good.
        with access.record_unit(session, Attachment, attachment_id, "attachment.export",
                                columns=ATTACHMENT_COLUMNS) as work:
            meta = work.row
            folder = exchange_folder(session)
            exchange.check_name(name, "path")
            (content,) = cast("tuple[bytes]", Attachment.select(Attachment.content).where(
                Attachment.id == attachment_id).tuples().get())
            content = bytes(content)
            if hashlib.sha256(content).hexdigest() != meta.sha256:
                raise DamagedData(N_("The attachment {name} does not match its SHA-256: it "
                                     "was damaged or tampered with."), name=meta.filename)
            exchange.write_new_file(folder, name, content)
            work.audit("attachment.export", f"case={work.case.reference} "
                       f"path={folder / name} sha256={meta.sha256}", target=subject)
            view = attachment_view(meta, account_names())
    except (UsageError, DamagedData) as exc:
        session.audit("attachment.export", subject,
                      f"name={name!r} error={type(exc).__name__}", outcome=FAILED)
        raise
    return view


def remove_attachment(session: Session, attachment_id: int) -> None:
    """Delete an attachment (one added by mistake: the wrong file, or the wrong case),
    where one may be added. Its pages are overwritten (``secure_delete``); the audit
    trail keeps its size and SHA-256."""
    with access.record_unit(session, Attachment, attachment_id, "attachment.remove",
                            section=FOLLOW_UP, columns=ATTACHMENT_COLUMNS) as work:
        meta = work.row
        Attachment.delete().where(Attachment.id == meta.id).execute()
        work.changed("attachment.remove",
                     f"attachment={meta.id} size={meta.size} sha256={meta.sha256}")
