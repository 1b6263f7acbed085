"""``jhro backup`` and ``jhro restore``: the command-line side of ``services/backup.py``.

``jhro backup DEST`` (an administrator) writes a new backup file while others work;
``jhro backup --verify FILE`` checks one, whole without a passphrase, and with
``--account NAME`` everything a passphrase allows; ``jhro restore FILE`` puts one in place.
A backup found damaged or altered exits 4 with one line, the data directory unchanged.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from jhro_tui import cli
from jhro_tui.errors import UsageError
from jhro_tui.i18n import N_, _
from jhro_tui.text import sanitize


def add_commands(command: Callable[[str, str], argparse.ArgumentParser],
                 with_account: Callable[..., None]) -> None:
    backup = command("backup", _("write a backup of the whole vault to a new file (admin), "
                                 "or check one with --verify"))
    backup.add_argument("path", metavar="DEST|FILE",
                        help=_("the new backup file, or a folder to write a dated one in; "
                               "with --verify, the backup to check"))
    backup.add_argument("--verify", action="store_true",
                        help=_("check FILE instead: without --account, only that it is "
                               "whole (this detects damage, not a forger who computes the "
                               "checksums again); with --account, also its HMACs, every "
                               "page and its audit chain"))
    backup.add_argument("--account", help=_("with --verify: an account of the backup, "
                                            "whose passphrase (as it was then) is asked"))
    with_account(backup, required=False)
    restore = command("restore", _("put a backup in place in the data directory (an admin "
                                   "of the backup, with the passphrase of then)"))
    restore.add_argument("path", metavar="FILE")
    restore.add_argument("--replace", action="store_true",
                         help=_("the data directory holds a database: move it aside into "
                                "replaced-<time>/ (never deleted) and restore in its place"))
    with_account(restore)


def _progress(done: int, total: int) -> None:
    if not sys.stderr.isatty():
        return
    sys.stderr.write("\r" + _("Copying the database: {done}/{total} pages").format(
        done=done, total=total))
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def cmd_backup(args: argparse.Namespace, secrets: cli.PassphraseSource) -> int:
    from jhro_tui.services import backup

    path = Path(os.path.abspath(args.path))
    if args.verify:
        if args.user:
            raise UsageError(N_("--verify takes --account NAME, not --user."))
        if args.account is None:
            manifest = backup.check_file(path)
            cli._print(_("{name} is whole: {count} files of the manifest match their sizes and "
                     "SHA-256, the database is encrypted (taken {when} by {who}, audit "
                     "event {seq}). Without a passphrase this detects damage, not a file "
                     "forged with its checksums computed again: add --account NAME.")
                   .format(name=path.name, count=len(manifest.members), when=manifest.created_at,
                           who=manifest.account, seq=manifest.head.seq))
            return cli.EXIT_OK
        passphrase = secrets.ask(_("Passphrase for {name} (as it was in the backup):").format(
            name=sanitize(args.account)))
        verified = backup.verify(path, args.account, passphrase)
        cli._print(_("{name} verifies: whole, its manifest authentic, every page sound, audit "
                 "chain intact up to its anchor ({length} events; taken {when} by {who}).")
               .format(name=path.name, length=verified.chain_length,
                       when=verified.manifest.created_at, who=verified.manifest.account))
        return cli.EXIT_OK
    if args.account:
        raise UsageError(N_("--account goes with --verify; a backup is made as --user."))
    if not args.user:
        raise UsageError(N_("Give --user NAME (an administrator) to make a backup."))
    session, _passphrase = cli._login(args, secrets)
    try:
        made = backup.create(session, path, _progress)
    finally:
        session.close()
    cli._print(_("Wrote {path} ({size} bytes, SHA-256 {sha256}), up to audit event {seq}.")
           .format(path=made.path, size=made.size, sha256=made.sha256, seq=made.head))
    return cli.EXIT_OK


def cmd_restore(args: argparse.Namespace, secrets: cli.PassphraseSource) -> int:
    from jhro_tui.services import backup

    paths = cli._paths(args)
    path = Path(os.path.abspath(args.path))
    if backup.holds_data(paths) and not args.replace:
        # Refused before the passphrase is asked; the service checks again under its lock.
        raise backup.not_empty(paths)
    passphrase = secrets.ask(_("Passphrase for {name} (as it was in the backup):").format(
        name=sanitize(args.user)))
    done = backup.restore(paths, path, args.user, passphrase, replace=args.replace)
    cli._print(_("Restored the backup taken {when} by {who} into {path}.").format(
        when=done.manifest.created_at, who=done.manifest.account, path=paths.data_dir))
    if done.put_aside is not None:
        cli._print(_("The data it replaced is kept in {path}.").format(path=done.put_aside))
    return cli.EXIT_OK
