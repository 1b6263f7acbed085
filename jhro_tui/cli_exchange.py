"""``jhro import cases`` and ``jhro export cases``: the command line of the exchange
services (``services/exchange``), the same checks and audit as the screen's import."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jhro_tui.errors import UsageError
from jhro_tui.i18n import N_, _, format_number, ngettext
from jhro_tui.text import sanitize


def add_parsers(command: Callable[[str, str], argparse.ArgumentParser],
                with_account: Callable[[argparse.ArgumentParser], None],
                common: argparse.ArgumentParser, parser_class: type) -> None:
    imports = command("import", _("import cases from a file (supervisor or officer)"))
    import_commands: Any = imports.add_subparsers(dest="import_command", required=True,
                                             parser_class=parser_class)
    cases = import_commands.add_parser(
        "cases", parents=[common],
        help=_("import cases from a JSON or CSV file, or an encrypted bundle: every row is "
               "checked first, and any problem means nothing is imported"))
    cases.add_argument("file", metavar="FILE")
    cases.add_argument("--officer", default="",
                       help=_("the officer who will hold the cases (supervisor; default: "
                              "yourself, to assign them later)"))
    with_account(cases)

    exports = command("export", _("export cases to a file (supervisor)"))
    export_commands: Any = exports.add_subparsers(dest="export_command", required=True,
                                             parser_class=parser_class)
    out = export_commands.add_parser(
        "cases", parents=[common],
        help=_("export your office's cases, whole, for a partner: names only of victims "
               "who consented to transfer"))
    out.add_argument("--format", required=True, choices=("json", "csv"))
    out.add_argument("--office", default="", help=_("your office (the default)"))
    out.add_argument("--from", dest="start", metavar="DATE",
                     help=_("cases opened on or after this day"))
    out.add_argument("--to", dest="end", metavar="DATE",
                     help=_("cases opened on or before this day"))
    out.add_argument("--output", required=True, metavar="FILE",
                     help=_("the new file to write (mode 0600, never replacing one)"))
    out.add_argument("--encrypt", action="store_true",
                     help=_("write an encrypted bundle, under a passphrase asked for this "
                            "export"))
    out.add_argument("--i-understand-plaintext", action="store_true",
                     help=_("write the file unencrypted"))
    with_account(out)


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{done * 100 // max(total, 1):3d}% ({format_number(done)}/"
                         f"{format_number(total)})")
        if done >= total:
            sys.stderr.write("\n")


def cmd_import(args: argparse.Namespace, secrets: Any, login: Callable[..., Any]) -> int:
    from jhro_tui.security import exchange
    from jhro_tui.services.exchange import importing
    from jhro_tui.services.exchange.document import ImportRefused

    path = Path(os.path.abspath(args.file))
    try:
        data = exchange.read_file(path.parent, path.name, importing.IMPORT_LIMIT,
                                  create=False)
    except exchange.TooLarge:
        raise UsageError(N_("{name} is larger than jhro imports."), name=path.name) from None
    session, _passphrase = login(args, secrets)
    try:
        document = importing.read(data, path.name, lambda: secrets.ask(
            _("Passphrase of the encrypted bundle:")))
        report = importing.import_cases(session, document, officer=args.officer,
                                        progress=_progress)
    except ImportRefused as refused:
        for problem in refused.problems:
            sys.stderr.write(sanitize(str(problem)) + "\n")
        raise
    finally:
        session.close()
    sys.stdout.write(ngettext("Imported {count} case as drafts: {references}",
                              "Imported {count} cases as drafts: {references}",
                              report.cases).format(
        count=format_number(report.cases), references=_few(report.references)) + "\n")
    if report.created:
        sys.stdout.write(_("Rows written: {rows}").format(rows=", ".join(
            f"{table} {format_number(count)}" for table, count in report.created.items()
            if count)) + "\n")
    if report.duplicates:
        sys.stdout.write(ngettext(
            "{count} case was imported before and is left out: {references}",
            "{count} cases were imported before and are left out: {references}",
            len(report.duplicates)).format(count=format_number(len(report.duplicates)),
                                           references=sanitize(_few(report.duplicates)))
            + "\n")
    return 0


def _few(references: list[str], shown: int = 10) -> str:
    more = len(references) - shown
    text = ", ".join(references[:shown])
    return text + (" " + _("and {count} more").format(count=format_number(more))
                   if more > 0 else "")


def cmd_export(args: argparse.Namespace, secrets: Any, login: Callable[..., Any],
               period: Callable[..., Any]) -> int:
    from jhro_tui.cli_report import output_file
    from jhro_tui.security import exchange
    from jhro_tui.services.exchange import exporting

    if args.encrypt and args.i_understand_plaintext:
        raise UsageError(N_("Choose --encrypt or --i-understand-plaintext, not both."))
    if not args.encrypt and not args.i_understand_plaintext:
        raise UsageError(N_("An export without --encrypt is a plaintext file of names and "
                            "testimonies: say --i-understand-plaintext, or use --encrypt."))
    start, end = period(args.start, args.end)
    output = output_file(args.output, args.format)
    assert output is not None  # --output is required
    session, _passphrase = login(args, secrets)
    try:
        bundle_passphrase = secrets.ask(_("Passphrase for the encrypted bundle:"),
                                        confirm=True) if args.encrypt else None
        exported = exporting.export_cases(
            session, args.format, office=args.office, start=start, end=end,
            plaintext_understood=args.i_understand_plaintext, passphrase=bundle_passphrase)
        exchange.write_new_file(output.parent, output.name, exported.content)
    finally:
        session.close()
    if exported.encrypted:
        line = _("Wrote {path}: {count} cases, encrypted; give the passphrase by another "
                 "way than the file.")
    else:
        line = _("Wrote {path}: {count} cases, NOT encrypted: it holds testimonies and the "
                 "names of victims who consented to transfer; keep it as you would the "
                 "paper file.")
    sys.stderr.write("jhro: " + line.format(path=sanitize(str(output)),
                                            count=format_number(exported.cases)) + "\n")
    if exported.masked:
        sys.stderr.write("jhro: " + ngettext(
            "{count} victim's identity was left out (no consent to transfer).",
            "{count} victims' identities were left out (no consent to transfer).",
            exported.masked).format(count=format_number(exported.masked)) + "\n")
    return 0
