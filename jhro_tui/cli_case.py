"""``jhro case summary REF``: the printable case summary from the command line, from the
service the case file's ``m`` key uses (``services.summary``), so the two cannot differ.

Markdown goes to standard output or, with ``--output``, to a new file; a PDF only to a
file. The file is written as ``jhro report stats --output`` writes: a new file (never
replacing one), mode 0600, without following a symbolic link. The document is in the
account's language, as the TUI would show it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from jhro_tui.i18n import _, install
from jhro_tui.text import sanitize

if TYPE_CHECKING:
    from jhro_tui.services.session import Session


def add_parser(case: argparse.ArgumentParser, parents: list[argparse.ArgumentParser],
               parser_class: type[argparse.ArgumentParser],
               with_account: Callable[[argparse.ArgumentParser], None]) -> None:
    commands = case.add_subparsers(dest="case_command", required=True,
                                   parser_class=parser_class)
    summary = commands.add_parser(
        "summary", parents=parents,
        help=_("a case's summary for a victim or a court, victims named only with their "
               "consent"))
    summary.add_argument("reference", metavar="REF", help=_("the case's reference"))
    summary.add_argument("--format", required=True, choices=("pdf", "md"))
    summary.add_argument("--for", dest="audience", choices=("court", "victim"),
                         default="court", help=_("who it is for (default: court)"))
    summary.add_argument("--victim", metavar="CODE", default="",
                         help=_("the victim a victim's summary is for (their code)"))
    summary.add_argument("--output", metavar="FILE",
                         help=_("write a new file (mode 0600, never replacing one) instead "
                                "of printing; required for pdf"))
    with_account(summary)


def run(args: argparse.Namespace, login: Callable[[], Session]) -> int:
    from jhro_tui.cli_report import output_file
    from jhro_tui.services import summary

    # Refused before the passphrase is asked, not after.
    wanted = summary.request(args.audience, args.format, args.victim)
    output = output_file(args.output, wanted.fmt)
    session = login()
    try:
        install(session.user.language)
        case_id = summary.case_of(session, args.reference)
        if output is None:
            done = summary.printed(session, case_id, wanted)
        else:
            done = summary.write(session, case_id, wanted, output.parent, name=output.name)
    finally:
        session.close()
    if output is None:
        sys.stdout.write(done.content.decode())
        return 0
    named = (_("named in it: {codes}").format(codes=", ".join(done.identities))
             if done.identities else _("no victim is named in it"))
    sys.stderr.write("jhro: " + sanitize(_("Wrote {path} ({named}): it is not encrypted; "
                                           "keep it as you would a paper case file.").format(
        path=output, named=named)) + "\n")
    return 0
