"""``jhro user`` and ``jhro office``: what an administrator with a shell types.

Passphrases come one per line with ``--passphrase-stdin`` (the README's count of lines is
checked here), or from the terminal, where a new passphrase is asked twice.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import pytest

from jhro_tui import cli
from jhro_tui.errors import AuthenticationFailed
from jhro_tui.services.session import login
from tests.conftest import (
    ADMIN,
    OFFICER,
    PASSPHRASES,
    SUPERVISOR,
    CliResult,
    VaultDir,
    file_digest,
)

NEW_PASSPHRASE = "saffron kettle meridian 4410"
STDIN_ENDED = "jhro: Standard input ended before every passphrase was given.\n"


def accounts_listed(jhro: Callable[..., CliResult]) -> list[list[str]]:
    result = jhro("user", "list", user=ADMIN)
    assert result.code == 0, result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


# -- offices -----------------------------------------------------------------------------

def test_any_account_lists_the_offices_with_their_active_accounts(
        jhro: Callable[..., CliResult]) -> None:
    result = jhro("office", "list", user=OFFICER)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == "Goma\tGOM\t2\nKinshasa\tKIN\t1\n"


def test_an_administrator_adds_an_office_and_an_officer_may_not(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    before = vault.digests()
    refused = jhro("office", "add", "Bukavu", user=OFFICER)
    assert (refused.code, refused.stderr) == (5, "jhro: You do not have permission to do "
                                                 "this.\n")
    added = jhro("office", "add", "Bukavu", user=ADMIN)
    assert (added.code, added.stdout) == (0, "Added the office Bukavu.\n")
    assert vault.digests() != before
    again = jhro("office", "add", "bukavu", user=ADMIN)
    assert (again.code, again.stderr) == (2, "jhro: The office Bukavu already exists.\n")
    assert jhro("office", "list", user=ADMIN).stdout == (
        "Bukavu\tBUK\t0\nGoma\tGOM\t2\nKinshasa\tKIN\t1\n")


# -- adding an account -------------------------------------------------------------------

def test_user_add_refuses_an_unknown_office_naming_the_known_ones_before_any_passphrase(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    """``--office Gomaa`` was accepted, and that officer saw nothing. Refused before the
    new passphrase is asked: standard input holds only the admin's."""
    before = (file_digest(vault.paths.keyring), accounts_listed(jhro))
    result = jhro("user", "add", "newcomer", "--role", "officer", "--office", "Gomaa",
                  user=ADMIN)
    assert result.code == 2
    assert result.stderr_lines == ["jhro: There is no office Gomaa. Offices: Goma, Kinshasa. "
                                   "A new one is added first, by an administrator."]
    assert result.stdout == ""
    assert (file_digest(vault.paths.keyring), accounts_listed(jhro)) == before


def test_user_add_takes_two_lines_and_an_office_of_the_list(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    result = jhro("user", "add", "newcomer", "--role", "officer", "--office", "Goma",
                  "--full-name", "Neema Kahindo", user=ADMIN, stdin=[NEW_PASSPHRASE])
    assert (result.code, result.stdout) == (0, "Added newcomer (officer).\n"), result.stderr
    assert ["newcomer", "officer", "Goma", "office", "en", "active", "Neema Kahindo"] in \
        accounts_listed(jhro)
    login(vault.paths, vault.settings, "newcomer", NEW_PASSPHRASE).close()


def test_user_add_without_an_office_is_refused_for_an_officer(
        jhro: Callable[..., CliResult]) -> None:
    result = jhro("user", "add", "newcomer", "--role", "officer", user=ADMIN)
    assert (result.code, result.stderr) == (
        2, "jhro: Choose the office this account works in.\n")


# -- changing role and office ------------------------------------------------------------

def test_user_change_moves_an_account_to_an_office_of_the_list_only(
        jhro: Callable[..., CliResult]) -> None:
    refused = jhro("user", "change", OFFICER, "--office", "Gomaa", user=ADMIN)
    assert refused.code == 2 and "There is no office Gomaa." in refused.stderr
    changed = jhro("user", "change", OFFICER, "--role", "supervisor", user=ADMIN)
    assert (changed.code, changed.stdout) == (0, "officer: supervisor, Goma, scope office.\n")
    assert accounts_listed(jhro)[1][:3] == [OFFICER, "supervisor", "Goma"]
    demoted = jhro("user", "change", ADMIN, "--role", "officer", "--office", "Goma",
                   user=ADMIN)
    assert demoted.code == 2 and "last active administrator" in demoted.stderr


def test_an_administrator_makes_a_supervisor_national_and_back_by_command(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    added = jhro("user", "add", "national.sup", "--role", "supervisor", "--office", "Kinshasa",
                 "--scope", "national", user=ADMIN, stdin=[NEW_PASSPHRASE])
    assert (added.code, added.stdout) == (0, "Added national.sup (supervisor).\n"), \
        added.stderr
    assert ["national.sup", "supervisor", "Kinshasa", "national", "en", "active", ""] in \
        accounts_listed(jhro)

    before = accounts_listed(jhro)
    refused = jhro("user", "change", OFFICER, "--scope", "national", user=ADMIN)
    assert (refused.code, refused.stderr) == (
        2, "jhro: Only a supervisor may have the national scope.\n")
    unknown = jhro("user", "change", SUPERVISOR, "--scope", "everywhere", user=ADMIN)
    assert unknown.code == 2 and "invalid choice" in unknown.stderr
    assert accounts_listed(jhro) == before

    changed = jhro("user", "change", SUPERVISOR, "--scope", "national", user=ADMIN)
    assert (changed.code, changed.stdout) == (
        0, "supervisor: supervisor, Goma, scope national.\n")
    demoted = jhro("user", "change", SUPERVISOR, "--role", "officer", user=ADMIN)
    assert (demoted.code, demoted.stdout) == (0, "supervisor: officer, Goma, scope office.\n")


# -- passphrases -------------------------------------------------------------------------

def test_user_passwd_for_ones_own_account_takes_exactly_two_lines(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    """The README's count: the current passphrase, then the new one."""
    keyring = file_digest(vault.paths.keyring)
    short = jhro("user", "passwd", OFFICER, user=OFFICER)
    assert (short.code, short.stderr) == (2, STDIN_ENDED)
    assert file_digest(vault.paths.keyring) == keyring
    vault.login(OFFICER).close()

    result = jhro("user", "passwd", OFFICER, user=OFFICER, stdin=[NEW_PASSPHRASE])
    assert (result.code, result.stdout) == (0, "Passphrase changed for officer.\n"), \
        result.stderr
    with pytest.raises(AuthenticationFailed):
        vault.login(OFFICER)
    login(vault.paths, vault.settings, OFFICER, NEW_PASSPHRASE).close()


def test_user_passwd_with_a_wrong_current_passphrase_changes_nothing(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    before = vault.digests()
    result = jhro("user", "passwd", OFFICER, user=OFFICER,
                  passphrase=PASSPHRASES[SUPERVISOR], stdin=[NEW_PASSPHRASE])
    assert (result.code, result.stderr) == (3, "jhro: Unknown account or wrong passphrase.\n")
    assert {name: digest for name, digest in vault.digests().items()
            if name != "login-throttle.json"} == {
        name: digest for name, digest in before.items() if name != "login-throttle.json"}


def test_an_administrator_resets_a_passphrase_with_two_lines(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    """The administrator's own passphrase to log in, then the new one."""
    result = jhro("user", "passwd", OFFICER, user=ADMIN, stdin=[NEW_PASSPHRASE])
    assert (result.code, result.stdout) == (0, "Passphrase changed for officer.\n"), \
        result.stderr
    login(vault.paths, vault.settings, OFFICER, NEW_PASSPHRASE).close()
    refused = jhro("user", "passwd", ADMIN, user=SUPERVISOR, stdin=[NEW_PASSPHRASE])
    assert refused.code == 5


@pytest.mark.parametrize(("user", "prompts"), [
    (OFFICER, ["Current passphrase for officer: ", "New passphrase for officer: ",
               "Again: "]),
    (ADMIN, ["Passphrase for admin: ", "New passphrase for officer: ", "Again: "]),
])
def test_on_a_terminal_passwd_asks_the_new_passphrase_twice_and_the_current_once(
        vault: VaultDir, monkeypatch: pytest.MonkeyPatch, user: str, prompts: list[str]
        ) -> None:
    asked: list[str] = []
    answers = {"Again: ": NEW_PASSPHRASE, "New passphrase for officer: ": NEW_PASSPHRASE}

    def getpass(prompt: str) -> str:
        asked.append(prompt)
        return answers.get(prompt, PASSPHRASES[user])

    monkeypatch.setattr(cli.getpass, "getpass", getpass)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    args = cli.build_parser().parse_args(["user", "passwd", OFFICER, "--user", user,
                                          "--data-dir", str(vault.data_dir)])
    assert cli.cmd_user(args, cli.PassphraseSource(False)) == 0
    assert asked == prompts
    login(vault.paths, vault.settings, OFFICER, NEW_PASSPHRASE).close()

