"""Accounts and offices through the services: who may manage them, and the rules they keep.

Administrators add accounts and offices, change roles and offices, reset passphrases and
disable accounts; every account changes its own passphrase and language. Anyone else gets
``PermissionDenied``, an audited refusal, and nothing changed: no row, no keyring byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from jhro_tui.errors import AuthenticationFailed, JhroError, PermissionDenied, ValidationError
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import accounts, maintenance, offices
from jhro_tui.services.accounts import NewAccount
from jhro_tui.services.session import Session, login
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, SUPERVISOR, VaultDir, file_digest

NEW_PASSPHRASE = "saffron kettle meridian 4410"

Op = Callable[[Session], object]

ADMIN_OPS: dict[str, Op] = {
    "create_account": lambda s: accounts.create_account(
        s, NewAccount("newcomer", "officer", "Neema Kahindo", "Goma"), NEW_PASSPHRASE,
        kdf=TEST_KDF),
    "change_account": lambda s: accounts.change_account(s, OFFICER, "supervisor", "Goma"),
    "disable_account": lambda s: accounts.disable_account(s, SUPERVISOR if
                                                          s.user.name != SUPERVISOR
                                                          else OFFICER),
    "reset_passphrase": lambda s: accounts.change_passphrase(
        s, SUPERVISOR if s.user.name != SUPERVISOR else OFFICER, NEW_PASSPHRASE,
        kdf=TEST_KDF),
    "create_office": lambda s: offices.create_office(s, "Bukavu"),
    "verify_audit_trail": maintenance.verify_audit_trail,
}


@pytest.fixture
def sessions(vault: VaultDir) -> Iterator[Callable[[str], Session]]:
    """Log in as one account at a time (as one TUI process does)."""
    opened: list[Session] = []

    def as_account(name: str) -> Session:
        while opened:
            opened.pop().close()
        opened.append(vault.login(name))
        return opened[-1]

    yield as_account
    while opened:
        opened.pop().close()


def fingerprint(session: Session, vault: VaultDir) -> tuple[object, ...]:
    """Every account and office as stored, and the keyring's bytes."""
    db = session.vault.db
    return (tuple(tuple(row) for row in db.execute_sql(
                "SELECT name, full_name, role, office, language, active, public_key, "
                "updated_at FROM account ORDER BY name")),
            tuple(row[0] for row in db.execute_sql("SELECT name FROM office ORDER BY name")),
            file_digest(vault.paths.keyring))


def audit_rows(session: Session) -> list[tuple[str, str, str, str, str]]:
    return [tuple(row) for row in session.vault.db.execute_sql(
        "SELECT account, action, object, detail, outcome FROM audit_event ORDER BY seq")]


@pytest.mark.parametrize("operation", sorted(ADMIN_OPS))
def test_officers_and_supervisors_cannot_manage_accounts_or_offices(
        vault: VaultDir, sessions: Callable[[str], Session], operation: str) -> None:
    for name in (OFFICER, SUPERVISOR):
        session = sessions(name)
        before = fingerprint(session, vault)
        denied_before = [row for row in audit_rows(session) if row[4] == "denied"]
        with pytest.raises(PermissionDenied):
            ADMIN_OPS[operation](session)
        assert fingerprint(session, vault) == before, f"{name} changed something"
        denied = [row for row in audit_rows(session) if row[4] == "denied"]
        assert len(denied) == len(denied_before) + 1
        assert denied[-1][0] == name


@pytest.mark.parametrize("operation", sorted(ADMIN_OPS))
def test_the_administrator_manages_accounts_and_offices_audited(
        vault: VaultDir, sessions: Callable[[str], Session], operation: str) -> None:
    session = sessions(ADMIN)
    length = len(audit_rows(session))
    ADMIN_OPS[operation](session)
    done = audit_rows(session)[length:]
    assert done and all(row[0] == ADMIN and row[4] == "ok" for row in done)


def test_an_officer_lists_offices_but_not_accounts(sessions: Callable[[str], Session]
                                                   ) -> None:
    session = sessions(OFFICER)
    assert [office.name for office in offices.list_offices(session)] == ["Goma", "Kinshasa"]
    with pytest.raises(PermissionDenied):
        accounts.list_accounts(session)


# -- offices -----------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "reason"), [
    ("", "Give the office's name."),
    ("   ", "Give the office's name."),
    ("B" * 65, "An office name has at most 64 characters."),
    ("[bold]Goma[/]", "An office name starts with a letter"),
    ("Goma\x1b]2;x\x07", "An office name starts with a letter"),
    ("42 Goma", "An office name starts with a letter"),
    ("goma", "The office Goma already exists."),
    ("GÔMA", "The office Goma already exists."),
])
def test_an_office_name_is_refused_with_a_reason_and_nothing_added(
        vault: VaultDir, sessions: Callable[[str], Session], typed: str, reason: str) -> None:
    session = sessions(ADMIN)
    before = fingerprint(session, vault)
    with pytest.raises(ValidationError) as refused:
        offices.create_office(session, typed)
    assert refused.value.field == "name"
    assert refused.value.message().startswith(reason)
    assert fingerprint(session, vault) == before


def test_a_new_office_is_listed_and_audited_with_its_spacing_tidied(
        sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    made = offices.create_office(session, "  Kinshasa   Gombe ")
    assert made == offices.OfficeInfo("Kinshasa Gombe", 0, "KIN2")
    assert [(office.name, office.active_accounts) for office in offices.list_offices(session)
            ] == [("Goma", 2), ("Kinshasa", 1), ("Kinshasa Gombe", 0)]
    assert audit_rows(session)[-1][:3] == (ADMIN, "office.create", "office:Kinshasa Gombe")


# -- creating accounts -------------------------------------------------------------------

def test_an_account_in_an_unknown_office_is_refused_naming_the_offices(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    """``Gomaa`` used to be accepted, and that officer saw nothing."""
    session = sessions(ADMIN)
    before = fingerprint(session, vault)
    with pytest.raises(ValidationError) as refused:
        accounts.create_account(session, NewAccount("newcomer", "officer", office="Gomaa"),
                                NEW_PASSPHRASE, kdf=TEST_KDF)
    assert refused.value.field == "office"
    assert refused.value.message() == ("There is no office Gomaa. Offices: Goma, Kinshasa. "
                                       "A new one is added first, by an administrator.")
    assert fingerprint(session, vault) == before


def test_officers_and_supervisors_need_an_office_and_an_administrator_may_have_none(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    for role in ("officer", "supervisor"):
        with pytest.raises(ValidationError) as refused:
            accounts.create_account(session, NewAccount("newcomer", role), NEW_PASSPHRASE,
                                    kdf=TEST_KDF)
        assert refused.value.field == "office"
    made = accounts.create_account(session, NewAccount("second.admin", "admin", "Zawadi Ali"),
                                   NEW_PASSPHRASE, kdf=TEST_KDF)
    assert (made.role, made.office) == ("admin", "")


@pytest.mark.parametrize("name", ["h5\n", "officer\n", "x", "Officer", "9lives", "a b",
                                  "a" * 33, "\u0430dmin", "ok\r", "tab\there"])
def test_an_account_name_outside_the_documented_pattern_is_refused_and_nothing_added(
        vault: VaultDir, sessions: Callable[[str], Session], name: str) -> None:
    """``h5\\n`` used to pass: ``$`` also matches before a final newline."""
    session = sessions(ADMIN)
    before = fingerprint(session, vault)
    with pytest.raises(ValidationError) as refused:
        accounts.create_account(session, NewAccount(name, "officer", office="Goma"),
                                NEW_PASSPHRASE, kdf=TEST_KDF)
    assert refused.value.field == "name"
    assert fingerprint(session, vault) == before


@pytest.mark.parametrize("name", ["goma.officer2", "h5", "a-b_c.d", "z" * 32])
def test_an_account_name_of_the_documented_pattern_is_accepted(
        sessions: Callable[[str], Session], name: str) -> None:
    made = accounts.create_account(sessions(ADMIN), NewAccount(name, "officer", office="Goma"),
                                   NEW_PASSPHRASE, kdf=TEST_KDF)
    assert made.name == name


def test_an_existing_account_whose_name_predates_the_pattern_still_logs_in(
        vault: VaultDir, sessions: Callable[[str], Session],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    with monkeypatch.context() as older_jhro:
        older_jhro.setattr(accounts, "NAME_PATTERN", re.compile(r".+"))
        accounts.create_account(sessions(ADMIN), NewAccount("Old Name", "officer",
                                                            office="Goma"),
                                NEW_PASSPHRASE, kdf=TEST_KDF)
    login(vault.paths, vault.settings, "Old Name", NEW_PASSPHRASE).close()


# -- changing role and office ------------------------------------------------------------

def test_a_change_of_role_and_office_is_audited_with_both_values_and_applies_at_once(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    offices.create_office(session, "Bukavu")
    changed = accounts.change_account(session, OFFICER, "supervisor", "Bukavu")
    assert (changed.role, changed.office) == ("supervisor", "Bukavu")
    assert audit_rows(session)[-1][:4] == (
        ADMIN, "account.change", f"account:{OFFICER}",
        "role=officer->supervisor office=Goma->Bukavu")
    moved = sessions(OFFICER)
    assert (moved.user.role, moved.user.office) == ("supervisor", "Bukavu")


def test_a_change_to_an_unknown_office_or_none_changes_nothing(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    before = fingerprint(session, vault)
    for office in ("Gomaa", ""):
        with pytest.raises(ValidationError) as refused:
            accounts.change_account(session, OFFICER, "officer", office)
        assert refused.value.field == "office"
    with pytest.raises(ValidationError) as unknown_role:
        accounts.change_account(session, OFFICER, "chief", "Goma")
    assert unknown_role.value.field == "role"
    assert fingerprint(session, vault) == before


# -- a supervisor's scope -----------------------------------------------------------------

def test_a_supervisor_made_national_is_audited_and_reaches_every_offices_figures(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    import datetime as dt

    from jhro_tui.services.statistics import figures

    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    with pytest.raises(PermissionDenied):
        figures.statistics(sessions(SUPERVISOR), *year, office="Kinshasa")
    session = sessions(ADMIN)
    changed = accounts.change_account(session, SUPERVISOR, scope="national")
    assert (changed.role, changed.office, changed.scope) == ("supervisor", "Goma", "national")
    assert audit_rows(session)[-1][:4] == (
        ADMIN, "account.change", f"account:{SUPERVISOR}", "scope=office->national")
    assert {info.name: info.scope for info in accounts.list_accounts(session)}[SUPERVISOR] \
        == "national"
    national = sessions(SUPERVISOR)
    assert national.user.scope == "national"
    assert figures.statistics(national, *year, office="Kinshasa").office == "Kinshasa"
    assert figures.statistics(national, *year,
                              office=figures.ALL_OFFICES).office == figures.ALL_OFFICES


def test_only_a_supervisor_may_be_national_and_a_demotion_resets_the_scope(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    before = fingerprint(session, vault)
    for name, role, scope in ((OFFICER, None, "national"), (ADMIN, None, "national"),
                              (SUPERVISOR, None, "everywhere"),
                              (SUPERVISOR, "officer", "national")):
        with pytest.raises(ValidationError) as refused:
            accounts.change_account(session, name, role, scope=scope)
        assert refused.value.field == "scope"
    for form in (NewAccount("newcomer", "officer", office="Goma", scope="national"),
                 NewAccount("newcomer", "supervisor", office="Goma", scope="all")):
        with pytest.raises(ValidationError) as refused_new:
            accounts.create_account(session, form, NEW_PASSPHRASE, kdf=TEST_KDF)
        assert refused_new.value.field == "scope"
    assert fingerprint(session, vault) == before

    accounts.change_account(session, SUPERVISOR, scope="national")
    assert accounts.change_account(session, SUPERVISOR, office="Kinshasa").scope == "national"
    demoted = accounts.change_account(session, SUPERVISOR, "officer")
    assert (demoted.role, demoted.scope) == ("officer", "office")
    assert audit_rows(session)[-1][3] == "role=supervisor->officer scope=national->office"


def test_a_national_supervisor_is_created_with_the_scope_audited(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    made = accounts.create_account(
        session, NewAccount("national.sup", "supervisor", office="Kinshasa",
                            scope="national"), NEW_PASSPHRASE, kdf=TEST_KDF)
    assert made.scope == "national"
    assert audit_rows(session)[-1][:4] == (
        ADMIN, "account.create", "account:national.sup",
        "role=supervisor office=Kinshasa scope=national")


def test_the_last_active_administrator_cannot_be_demoted(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    before = fingerprint(session, vault)
    with pytest.raises(ValidationError) as refused:
        accounts.change_account(session, ADMIN, "supervisor", "Goma")
    assert refused.value.field == "role"
    assert "last active administrator" in refused.value.message()
    assert fingerprint(session, vault) == before
    accounts.change_account(session, SUPERVISOR, "admin")
    assert accounts.change_account(session, ADMIN, "supervisor", "Goma").role == "supervisor"
    assert session.user.role == "supervisor"
    with pytest.raises(PermissionDenied):
        offices.create_office(session, "Bukavu")


def test_an_administrator_cannot_disable_the_account_they_are_logged_in_with(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    before = fingerprint(session, vault)
    with pytest.raises(JhroError) as refused:
        accounts.disable_account(session, ADMIN)
    assert "logged in with" in refused.value.message()
    assert fingerprint(session, vault) == before


# -- passphrases -------------------------------------------------------------------------

@pytest.mark.parametrize("name", [OFFICER, SUPERVISOR, ADMIN])
def test_every_account_changes_its_own_passphrase_with_the_current_one(
        vault: VaultDir, sessions: Callable[[str], Session], name: str) -> None:
    session = sessions(name)
    with pytest.raises(AuthenticationFailed):
        accounts.change_passphrase(session, name, NEW_PASSPHRASE,
                                   current_passphrase="not the current one at all",
                                   kdf=TEST_KDF)
    with pytest.raises(ValidationError) as short:
        accounts.change_passphrase(session, name, "too short", PASSPHRASES[name], TEST_KDF)
    assert short.value.field == "passphrase"
    accounts.change_passphrase(session, name, NEW_PASSPHRASE, PASSPHRASES[name], TEST_KDF)
    assert audit_rows(session)[-1][:3] == (name, "account.passphrase", f"account:{name}")
    session.close()
    with pytest.raises(AuthenticationFailed):
        vault.login(name)
    login(vault.paths, vault.settings, name, NEW_PASSPHRASE).close()


def test_a_reset_passphrase_opens_the_account_and_the_old_one_no_longer_does(
        vault: VaultDir, sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    accounts.change_passphrase(session, OFFICER, NEW_PASSPHRASE, kdf=TEST_KDF)
    assert audit_rows(session)[-1][:3] == (ADMIN, "account.passphrase.reset",
                                           f"account:{OFFICER}")
    session.close()
    with pytest.raises(AuthenticationFailed):
        vault.login(OFFICER)
    login(vault.paths, vault.settings, OFFICER, NEW_PASSPHRASE).close()


# -- language ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", [OFFICER, SUPERVISOR, ADMIN])
def test_every_account_remembers_its_own_language_audited(
        vault: VaultDir, sessions: Callable[[str], Session], name: str) -> None:
    session = sessions(name)
    assert accounts.set_language(session, "fr").language == "fr"
    assert session.user.language == "fr"
    assert audit_rows(session)[-1][:4] == (name, "account.language", f"account:{name}",
                                           "language=fr")
    before = fingerprint(session, vault)
    with pytest.raises(ValidationError):
        accounts.set_language(session, "sw")
    assert fingerprint(session, vault) == before
    assert sessions(name).user.language == "fr"


# -- the audit trail ---------------------------------------------------------------------

def test_the_administrator_verifies_the_audit_trail_from_a_session(
        sessions: Callable[[str], Session]) -> None:
    session = sessions(ADMIN)
    report = maintenance.verify_audit_trail(session)
    assert report.intact
    assert maintenance.findings(report) == [
        f"Audit chain intact: {report.chain.length} events."]
    assert audit_rows(session)[-1][1:4] == ("audit.verify", "",
                                            f"intact length={report.chain.length}")
