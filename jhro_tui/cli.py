"""The ``jhro`` command: administration subcommands, and the TUI when none is given.

Every failure prints one clear line on stderr and exits with a documented code; a
traceback appears only with ``--debug``. Exit codes: 0 done, 1 unexpected error, 2 bad
usage or invalid input, 3 authentication failed, 4 damaged or tampered data,
5 permission denied, 74 a file cannot be read or written (owner, mode, full or read-only
disk), 75 maintenance in progress or the database busy (try again later).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import getpass
import os
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from jhro_tui import __version__, cli_backup
from jhro_tui.config import Paths, Settings, resolve_data_dir
from jhro_tui.errors import JhroError, UsageError, Whole, os_reason, shorten
from jhro_tui.i18n import LANGUAGES, N_, _, install
from jhro_tui.services import demo_marker
from jhro_tui.text import sanitize

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_DAMAGED = 4


class PassphraseSource:
    """Passphrases from the terminal without echo, or one line each from standard input."""

    def __init__(self, from_stdin: bool, stdin: TextIO | None = None) -> None:
        self.from_stdin = from_stdin
        self._lines: Iterator[str] | None = None
        self._stdin: TextIO = stdin or sys.stdin

    def ask(self, prompt: str, *, confirm: bool = False) -> str:
        if self.from_stdin:
            if self._lines is None:
                self._lines = iter(self._read_stdin().splitlines())
            value = next(self._lines, None)
            if value is None:
                raise UsageError(N_("Standard input ended before every passphrase was given."))
            return value
        if not sys.stdin.isatty():
            raise UsageError(N_("No terminal to ask for a passphrase: use --passphrase-stdin."))
        try:
            value = getpass.getpass(prompt + " ")
            if confirm and getpass.getpass(_("Again:") + " ") != value:
                raise UsageError(N_("The two passphrases differ."))
        except UnicodeDecodeError:
            raise UsageError(N_("The passphrase typed is not UTF-8 text: set the terminal "
                                "to UTF-8 and type it again.")) from None
        return value

    def _read_stdin(self) -> str:
        """Standard input as UTF-8, strictly: a passphrase is never guessed from bytes."""
        raw = getattr(self._stdin, "buffer", None)
        try:
            return raw.read().decode("utf-8") if raw is not None else self._stdin.read()
        except UnicodeDecodeError:
            raise UsageError(N_("Standard input is not UTF-8 text: give each passphrase as "
                                "one line of UTF-8.")) from None


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP during a command: it unwinds as ctrl+c does, so that an open
    session logs out (audited) and folds the write-ahead log, and a unit of work cut
    short rolls back; the default action would end the process on the spot."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _stop(number: int, _frame: object) -> None:
    for each in STOPPING_SIGNALS:  # a second signal must not cut the logout short
        signal.signal(each, signal.SIG_IGN)
    raise Stopped(number)


def stop_cleanly_on_signals() -> None:
    """For the commands: the TUI handles these signals in its own event loop."""
    for number in STOPPING_SIGNALS:
        signal.signal(number, _stop)


ARGPARSE_MESSAGE_AT_MOST = 240


class Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as a ``UsageError`` instead of exiting itself."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's own sentence, read whole ("the following arguments are required:
        # --user"); only an echoed value makes it long.
        raise UsageError(N_("{message} (see jhro --help)"),
                         message=Whole(shorten(message, ARGPARSE_MESSAGE_AT_MOST)))


def build_parser() -> Parser:
    parser = Parser(prog="jhro", description=_("Encrypted case management for a Joint Human "
                                               "Rights Office. Without a command, opens the "
                                               "terminal interface."))
    parser.add_argument("--version", action="version", version=f"jhro {__version__}")
    data_dir_help = _("data directory (default: $JHRO_DATA_DIR, else ./data)")
    parser.add_argument("--data-dir", help=data_dir_help)
    parser.add_argument("--debug", action="store_true",
                        help=_("show a traceback on unexpected errors"))
    # Commands take --data-dir after their name too (``jhro demo --data-dir X``), without
    # a default of their own that would hide one given before the command.
    common = Parser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=data_dir_help)
    commands = parser.add_subparsers(dest="command", parser_class=Parser)

    def command(name: str, summary: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, parents=[common], help=summary)

    def with_account(sub: argparse.ArgumentParser, required: bool = True) -> None:
        sub.add_argument("--user", required=required, help=_("your account name"))
        sub.add_argument("--passphrase-stdin", action="store_true",
                         help=_("read passphrases from standard input, one per line"))

    init = command("init", _("create the keyring and the encrypted database"))
    init.add_argument("--admin", required=True, help=_("name of the first administrator"))
    init.add_argument("--full-name", default="")
    init.add_argument("--office", default="")
    init.add_argument("--language", choices=LANGUAGES, default="en")
    init.add_argument("--passphrase-stdin", action="store_true",
                      help=_("read the passphrase from standard input"))

    user = command("user", _("manage accounts"))
    user_commands = user.add_subparsers(dest="user_command", required=True, parser_class=Parser)
    add = user_commands.add_parser("add", parents=[common],
                                   help=_("add an account (admin)"))
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=("officer", "supervisor", "admin"))
    add.add_argument("--office", default="",
                     help=_("one of the offices (jhro office list); required but for an "
                            "admin"))
    add.add_argument("--full-name", default="")
    add.add_argument("--language", choices=LANGUAGES, default="en")
    add.add_argument("--scope", choices=("office", "national"), default="office",
                     help=_("a supervisor's figures: their office's (the default) or every "
                            "office's"))
    with_account(add)
    passwd = user_commands.add_parser(
        "passwd", parents=[common],
        help=_("change your passphrase (current, then new), or reset another's (admin: "
               "yours, then theirs)"))
    passwd.add_argument("name")
    with_account(passwd)
    change = user_commands.add_parser("change", parents=[common],
                                      help=_("change an account's role, office or scope "
                                             "(admin)"))
    change.add_argument("name")
    change.add_argument("--role", choices=("officer", "supervisor", "admin"))
    change.add_argument("--office", help=_("one of the offices (jhro office list)"))
    change.add_argument("--scope", choices=("office", "national"),
                        help=_("a supervisor's figures: their office's or every office's"))
    with_account(change)
    disable = user_commands.add_parser("disable", parents=[common],
                                       help=_("disable an account and change the database key "
                                             "(admin)"))
    disable.add_argument("name")
    disable.add_argument("--no-rekey", action="store_true",
                         help=_("keep the database key (by default it changes, which needs "
                                "every other session closed)"))
    with_account(disable)
    listing = user_commands.add_parser("list", parents=[common],
                                       help=_("list accounts"))
    with_account(listing)

    office = command("office", _("manage field offices"))
    office_commands = office.add_subparsers(dest="office_command", required=True,
                                            parser_class=Parser)
    office_add = office_commands.add_parser("add", parents=[common],
                                            help=_("add a field office (admin)"))
    office_add.add_argument("name")
    with_account(office_add)
    office_list = office_commands.add_parser("list", parents=[common],
                                             help=_("list the field offices"))
    with_account(office_list)

    rekey = command("rekey", _("rotate the database key (admin)"))
    with_account(rekey)

    audit = command("audit", _("check the audit trail"))
    audit_commands = audit.add_subparsers(dest="audit_command", required=True,
                                          parser_class=Parser)
    verify = audit_commands.add_parser("verify", parents=[common],
                                       help=_("verify the database and the chain"))
    with_account(verify)
    acknowledge = audit_commands.add_parser(
        "acknowledge", parents=[common],
        help=_("accept a database that is behind its anchor (admin)"))
    acknowledge.add_argument("--reason", required=True)
    with_account(acknowledge)

    report = command("report", _("reports for a period"))
    report_commands = report.add_subparsers(dest="report_command", required=True,
                                            parser_class=Parser)
    justice = report_commands.add_parser("justice", parents=[common],
                                         help=_("court figures of your office (supervisor)"))
    justice.add_argument("--from", dest="start", metavar="DATE",
                         help=_("first day (default: 1 January of this year)"))
    justice.add_argument("--to", dest="end", metavar="DATE", help=_("last day (default: "
                                                                    "today)"))
    justice.add_argument("--office", default="", help=_("your office (the default)"))
    justice.add_argument("--session", type=int, metavar="ID",
                         help=_("only this mobile court session"))
    justice.add_argument("--format", required=True, choices=("json", "csv", "md"))
    with_account(justice)
    detention = report_commands.add_parser(
        "detention", parents=[common],
        help=_("detention monitoring figures of your office (supervisor)"))
    detention.add_argument("--from", dest="start", metavar="DATE",
                           help=_("first day (default: 1 January of this year)"))
    detention.add_argument("--to", dest="end", metavar="DATE",
                           help=_("last day (default: today)"))
    detention.add_argument("--office", default="", help=_("your office (the default)"))
    detention.add_argument("--format", required=True, choices=("json", "csv", "md"))
    with_account(detention)
    advocacy = report_commands.add_parser(
        "advocacy", parents=[common],
        help=_("advocacy of your office (supervisor): laws by stage, stage changes, actions, "
               "overdue follow-ups"))
    advocacy.add_argument("--from", dest="start", metavar="DATE",
                          help=_("first day (default: 1 January of this year)"))
    advocacy.add_argument("--to", dest="end", metavar="DATE",
                          help=_("last day (default: today)"))
    advocacy.add_argument("--office", default="", help=_("your office (the default)"))
    advocacy.add_argument("--format", required=True, choices=("json", "csv", "md"))
    advocacy.add_argument("--output", metavar="FILE",
                          help=_("write a new file (mode 0600, never replacing one) instead "
                                 "of printing"))
    with_account(advocacy)

    stats = report_commands.add_parser(
        "stats", parents=[common],
        help=_("statistics of your office or, with a national scope, of any office or all "
               "(supervisor): tables, trends and charts, small figures hidden"))
    stats.add_argument("--from", dest="start", metavar="DATE",
                       help=_("first day (default: 1 January of this year)"))
    stats.add_argument("--to", dest="end", metavar="DATE", help=_("last day (default: today)"))
    stats.add_argument("--office", default="",
                       help=_("your office (the default); with a national scope any office, "
                              "or * for all of them"))
    stats.add_argument("--format", required=True, choices=("json", "csv", "md", "pdf"))
    stats.add_argument("--output", metavar="FILE",
                       help=_("write a new file (mode 0600, never replacing one) instead of "
                              "printing; required for pdf"))
    with_account(stats)

    from jhro_tui import cli_case, cli_exchange

    cli_exchange.add_parsers(command, with_account, common, Parser)
    cli_case.add_parser(command("case", _("case files")), [common], Parser, with_account)
    cli_backup.add_commands(command, with_account)

    demo = command("demo", _("build a synthetic demo caseload"))
    demo.add_argument("--cases", type=int, default=2000)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--reuse", action="store_true",
                      help=_("keep the demo caseload already built there, if it has as many "
                             "cases and the same seed"))
    return parser


def _paths(args: argparse.Namespace) -> Paths:
    return Paths(resolve_data_dir(args.data_dir))


def _print(line: str = "") -> None:
    sys.stdout.write(sanitize(line, multiline=True) + "\n")


def cmd_init(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    from jhro_tui.services.accounts import NewAccount
    from jhro_tui.services.setup import initialize

    paths = _paths(args)
    passphrase = secrets.ask(_("Passphrase for {name}:").format(name=sanitize(args.admin)),
                             confirm=True)
    initialize(paths, NewAccount(args.admin, "admin", args.full_name, args.office,
                                 args.language), passphrase)
    _print(_("Created an encrypted database in {path}.").format(path=paths.data_dir))
    _print(_("Back up the whole directory, keyring.json included: without it the database "
             "cannot be opened."))
    return EXIT_OK


def _login(args: argparse.Namespace, secrets: PassphraseSource,  # type: ignore[no-untyped-def]
           prompt: str | None = None, *, changing_own_passphrase: bool = False):
    """Log in as ``--user``; returns the session and the passphrase that opened it.

    The account's last login and the failures since go to stderr, so a use by someone
    else is seen; a reset passphrase opens only the command that changes it.
    """
    from jhro_tui.i18n import install_time_zone
    from jhro_tui.services.session import login

    paths = _paths(args)
    settings = Settings.load(paths)
    install_time_zone(settings.zone)
    passphrase = secrets.ask(prompt or _("Passphrase for {name}:").format(
        name=sanitize(args.user)))
    session = login(paths, settings, args.user, passphrase,
                    allow_reset_passphrase=changing_own_passphrase)
    for line in session.history.lines():
        sys.stderr.write("jhro: " + sanitize(line) + "\n")
    return session, passphrase


def cmd_user(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    from jhro_tui.services import accounts

    own_passphrase = args.user_command == "passwd" and args.name == args.user
    session, passphrase = _login(args, secrets, _("Current passphrase for {name}:").format(
        name=sanitize(args.user)) if own_passphrase else None,
        changing_own_passphrase=own_passphrase)
    try:
        if args.user_command == "add":
            form = accounts.NewAccount(args.name, args.role, args.full_name, args.office,
                                       args.language, args.scope)
            session.require_role("account.create", "admin", target=f"account:{args.name}")
            # Refused before the new passphrase is typed (twice), not after.
            accounts.check_new_account(form)
            new = secrets.ask(_("Passphrase for the new account {name}:").format(
                name=sanitize(args.name)), confirm=True)
            accounts.create_account(session, form, new)
            _print(_("Added {name} ({role}).").format(name=args.name, role=args.role))
        elif args.user_command == "passwd":
            if not own_passphrase:
                session.require_role("account.passphrase.reset", "admin",
                                     target=f"account:{args.name}")
            new = secrets.ask(_("New passphrase for {name}:").format(name=sanitize(args.name)),
                              confirm=True)
            accounts.change_passphrase(session, args.name, new,
                                       current_passphrase=passphrase if own_passphrase
                                       else None)
            _print(_("Passphrase changed for {name}.").format(name=args.name))
        elif args.user_command == "change":
            changed = accounts.change_account(session, args.name, args.role, args.office,
                                              args.scope)
            _print(_("{name}: {role}, {office}, scope {scope}.").format(
                name=changed.name, role=changed.role, office=changed.office or "-",
                scope=changed.scope))
        elif args.user_command == "disable":
            done = accounts.disable_account(session, args.name,
                                            rotate_key=not args.no_rekey)
            _print(_("Disabled {name}.").format(name=args.name))
            if done.key_rotated:
                _print(_("A new database key is in place: a copy of {name}'s keyring entry "
                         "no longer opens the database.").format(name=args.name))
            else:
                sys.stderr.write("jhro: " + sanitize(accounts.key_not_rotated_message(
                    done, others_open=not args.no_rekey)) + "\n")
        elif args.user_command == "list":
            for info in accounts.list_accounts(session):
                state = _("active") if info.active else _("disabled")
                fields = (info.name, info.role, info.office, info.scope, info.language,
                          state, info.full_name)
                sys.stdout.write("\t".join(sanitize(field) for field in fields) + "\n")
    finally:
        session.close()
    return EXIT_OK


def cmd_office(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    from jhro_tui.services import offices

    session, _passphrase = _login(args, secrets)
    try:
        if args.office_command == "add":
            made = offices.create_office(session, args.name)
            _print(_("Added the office {name}.").format(name=made.name))
        else:
            for office in offices.list_offices(session):
                sys.stdout.write(f"{sanitize(office.name)}\t{office.code}\t"
                                 f"{office.active_accounts}\n")
    finally:
        session.close()
    return EXIT_OK


def cmd_rekey(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    from jhro_tui.services.maintenance import rekey

    paths = _paths(args)
    passphrase = secrets.ask(_("Passphrase for {name}:").format(name=sanitize(args.user)))
    count = rekey(paths, Settings.load(paths), args.user, passphrase)
    _print(_("New database key in place; re-sealed for {count} accounts.").format(count=count))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    from jhro_tui.services import maintenance

    paths = _paths(args)
    passphrase = secrets.ask(_("Passphrase for {name}:").format(name=sanitize(args.user)))
    settings = Settings.load(paths)
    if args.audit_command == "acknowledge":
        anchored, head = maintenance.acknowledge_anchor(paths, settings, args.user, passphrase,
                                                        args.reason)
        _print(_("Acknowledged: anchor was at {anchor}, database at {head}; re-anchored.")
               .format(anchor=anchored if anchored is not None else "-", head=head))
        return EXIT_OK
    report = maintenance.verify_audit(paths, settings, args.user, passphrase)
    for line in maintenance.findings(report):
        (sys.stdout if report.intact else sys.stderr).write(sanitize(line) + "\n")
    return EXIT_OK if report.intact else EXIT_DAMAGED


def cmd_report(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    from jhro_tui import cli_report, cli_report_detention
    from jhro_tui.services.dates import today
    from jhro_tui.services.detention import overview as detention
    from jhro_tui.services.justice.overview import report

    # Dates refused before the passphrase is asked, not after.
    start, end = cli_report.period(args.start, args.end, today(Settings.load(_paths(args))))
    if args.report_command == "stats":
        return _report_stats(args, secrets, start, end)
    if args.report_command == "advocacy":
        return _report_advocacy(args, secrets, start, end)
    session, _passphrase = _login(args, secrets)
    try:
        if args.report_command == "detention":
            counted = detention.report(session, start, end, office=args.office)
            text = cli_report_detention.RENDER[args.format](counted)
        else:
            figures = report(session, start, end, office=args.office,
                             session_id=args.session)
            text = cli_report.RENDER[args.format](figures)
    finally:
        session.close()
    sys.stdout.write(text)
    return EXIT_OK


def _report_advocacy(args: argparse.Namespace, secrets: PassphraseSource, start: dt.date,
                     end: dt.date) -> int:
    """``jhro report advocacy``: printed, or written as a new private file with
    ``--output`` (refused before the passphrase is asked if it cannot be)."""
    from jhro_tui import cli_report_advocacy
    from jhro_tui.cli_report import output_file
    from jhro_tui.security.exchange import write_new_file
    from jhro_tui.services.advocacy.report import report

    output = output_file(args.output, args.format)
    session, _passphrase = _login(args, secrets)
    try:
        text = cli_report_advocacy.RENDER[args.format](
            report(session, start, end, office=args.office))
    finally:
        session.close()
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    write_new_file(output.parent, output.name, text.encode())
    sys.stderr.write("jhro: " + _("Wrote {path}: it is not encrypted; keep it as you would "
                                  "a printed report.").format(path=sanitize(str(output)))
                     + "\n")
    return EXIT_OK


def _report_stats(args: argparse.Namespace, secrets: PassphraseSource, start: dt.date,
                  end: dt.date) -> int:
    """``jhro report stats``: printed, or written as a new private file with ``--output``
    (a PDF only so: binary is not for a terminal). Audited either way."""
    from jhro_tui.cli_report import output_file
    from jhro_tui.services.statistics import export

    output = output_file(args.output, args.format)
    session, _passphrase = _login(args, secrets)
    try:
        if output is None:
            content = export.export(session, start, end, args.office, args.format)
        else:
            export.write(session, start, end, args.office, args.format, output.parent,
                         name=output.name)
    finally:
        session.close()
    if output is None:
        sys.stdout.write(content.decode())
        return EXIT_OK
    sys.stderr.write("jhro: " + _("Wrote {path}: it is not encrypted, and holds figures only "
                                  "(no names); keep it as a printed report.").format(
        path=sanitize(str(output))) + "\n")
    return EXIT_OK


def cmd_case(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    from jhro_tui import cli_case

    return cli_case.run(args, lambda: _login(args, secrets)[0])


def cmd_demo(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    try:
        from jhro_tui.demo import build_demo
    except ImportError as exc:
        raise UsageError(N_("The demo caseload is not available in this version.")) from exc
    paths = Paths(resolve_data_dir(args.data_dir or os.path.join("data", "demo")))
    if args.reuse and demo_marker.is_built(paths, args.cases, args.seed):
        _print(_("The demo caseload in {path} is already built.").format(
            path=paths.data_dir))
        return EXIT_OK
    build_demo(paths, cases=args.cases, seed=args.seed, report=_print)
    return EXIT_OK



def cmd_import(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    from jhro_tui import cli_exchange

    return cli_exchange.cmd_import(args, secrets, _login)


def cmd_export(args: argparse.Namespace, secrets: PassphraseSource) -> int:
    from jhro_tui import cli_exchange, cli_report
    from jhro_tui.services.dates import today

    def period(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
        if start is None and end is None:
            return None, None
        day = today(Settings.load(_paths(args)))
        first, last = cli_report.period(start or "1900-01-01", end, day)
        return first, last

    return cli_exchange.cmd_export(args, secrets, _login, period)


def cmd_tui(args: argparse.Namespace) -> int:
    from jhro_tui.ui.app import run_tui  # textual is imported only for the TUI

    return run_tui(_paths(args), debug=args.debug)


COMMANDS: dict[str, Callable[[argparse.Namespace, PassphraseSource], int]] = {
    "init": cmd_init, "user": cmd_user, "office": cmd_office, "rekey": cmd_rekey,
    "audit": cmd_audit, "report": cmd_report, "case": cmd_case, "demo": cmd_demo,
    "import": cmd_import, "export": cmd_export,
    "backup": lambda args, secrets: cli_backup.cmd_backup(args, secrets),
    "restore": lambda args, secrets: cli_backup.cmd_restore(args, secrets),
}


def _cli_language() -> str:
    for name in ("JHRO_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def main(argv: Sequence[str] | None = None) -> int:
    from jhro_tui.security.hygiene import harden_process, scrub_environment

    harden_process()
    scrub_environment()
    install(_cli_language())
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        arguments = list(argv if argv is not None else sys.argv[1:])
        if any(_not_utf8(argument) for argument in arguments):
            raise UsageError(N_("A command-line argument (an account name?) is not UTF-8 "
                                "text."))
        args = build_parser().parse_args(arguments)
        if args.command is None:
            return cmd_tui(args)
        stop_cleanly_on_signals()
        secrets = PassphraseSource(getattr(args, "passphrase_stdin", False))
        return COMMANDS[args.command](args, secrets)
    except JhroError as exc:
        sys.stderr.write("jhro: " + exc.message() + "\n")
        return exc.exit_code
    except Stopped as stopped:
        with contextlib.suppress(OSError):  # after a hang-up, the terminal may be gone
            sys.stderr.write("jhro: " + _("Stopped by signal {name}: what was not finished "
                                          "was not saved.").format(
                name=signal.Signals(stopped.number).name) + "\n")
        return 128 + stopped.number
    except KeyboardInterrupt:
        sys.stderr.write("jhro: " + _("Interrupted.") + "\n")
        return 130
    except Exception as exc:  # the last-resort handler: one line, never locals
        if debug:
            traceback.print_exc()
        sys.stderr.write("jhro: " + _describe_unexpected(exc) + "\n")
        return EXIT_DAMAGED if _looks_damaged(exc) else EXIT_UNEXPECTED


def _not_utf8(argument: str) -> bool:
    """Python hands undecodable argument bytes over as lone surrogates."""
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _looks_damaged(exc: Exception) -> bool:
    """A database error (SQLCipher's or peewee's) that says the file is damaged."""
    from jhro_tui.security.vault import is_damage

    return type(exc).__name__ in {"DatabaseError", "IntegrityError"} and is_damage(exc)


def _describe_unexpected(exc: Exception) -> str:
    if _looks_damaged(exc):
        return _("The database is damaged: {reason}").format(reason=sanitize(str(exc)))
    if isinstance(exc, OSError):
        where = f" ({sanitize(str(exc.filename))})" if exc.filename else ""
        return _("Cannot use a file: {reason}").format(reason=_(os_reason(exc))) + where
    return _("Unexpected error ({kind}); run again with --debug for details.").format(
        kind=type(exc).__name__)
