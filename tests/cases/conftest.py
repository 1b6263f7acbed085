"""Fixtures for the case services: a vault with two field offices and every role.

The vault is built once per test session (cheap test KDF, chosen here) and copied into
each test's ``tmp_path``. One process holds one open session at a time, as the TUI does:
``World.login`` closes the previous session before opening the next.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from jhro_tui.config import Paths, Settings
from jhro_tui.i18n import install
from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import cases, dates, forms, offices, records, victims
from jhro_tui.services.accounts import NewAccount, create_account
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.session import Session, login
from jhro_tui.services.setup import initialize
from tests.conftest import services_today

PASSPHRASE = "granite harbour lantern 5521"
ACCOUNTS = {
    # name: (role, office)
    "olga": ("officer", "Goma"),  # the assigned officer of Goma cases in these tests
    "oscar": ("officer", "Goma"),  # another Goma officer
    "bea": ("officer", "Bukavu"),
    "sue": ("supervisor", "Goma"),
    "sid": ("supervisor", "Goma"),  # a second Goma supervisor
    "sam": ("supervisor", "Bukavu"),
}


@dataclass(frozen=True)
class Made:
    """Ids of a complete case built by ``make_case``."""

    case: int
    incident: int
    violation: int
    victim: int
    perpetrator: int
    reference: str


@dataclass
class World:
    """A data directory with accounts, and the one open session."""

    paths: Paths
    settings: Settings = field(default_factory=lambda: Settings(attachment_limit_mib=1))
    current: Session | None = None

    def login(self, name: str) -> Session:
        if self.current is not None:
            self.current.close()
        self.current = login(self.paths, self.settings, name, PASSPHRASE)
        return self.current

    def exchange(self, account: str) -> Path:
        """``account``'s exchange folder (made, mode 0700)."""
        folder = Path(self.settings.exchange_dir) / account
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder

    def put(self, account: str, name: str, content: bytes) -> str:
        """Put a file in ``account``'s exchange folder, as sftp would; returns its name."""
        (self.exchange(account) / name).write_bytes(content)
        return name

    def close(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None

    def audit(self, action: str | None = None) -> list[tuple[str, str, str, str, str]]:
        """Audit rows (account, action, object, detail, outcome), oldest first."""
        assert self.current is not None
        sql = "SELECT account, action, object, detail, outcome FROM audit_event"
        params: tuple[str, ...] = ()
        if action is not None:
            sql += " WHERE action = ?"
            params = (action,)
        return [tuple(row) for row in self.current.vault.db.execute_sql(
            sql + " ORDER BY seq", params).fetchall()]

    def make_case(self, officer: str = "olga", *, title: str = "Attaque de Kalehe",
                  narrative: str = "Des hommes armés ont attaqué le village de Bushushu.",
                  victim_name: str = "Furaha Bahati", date: str = "2024-03",
                  consent_referral: bool = True) -> Made:
        """A draft case the office may submit: an incident, a violation, a victim (who
        consented to its documentation) and a perpetrator, linked; no source."""
        session = self.login(officer)
        summary = cases.create_case(session, forms.CaseForm(title, narrative,
                                                            province_code="CD-SK"))
        incident = records.add_incident(session, summary.id, forms.IncidentForm(
            PartialDate.parse(date), "CD-SK", "CD-SK.KALEHE", "Bushushu",
            "Pillage du marché et viols"))
        violation = records.add_violation(session, incident.id,
                                          forms.ViolationForm("SGBV.RAPE"))
        victim = victims.add_victim(session, summary.id, forms.VictimForm(
            name=victim_name, contact="+243 81 000 0000", sex="female", age=24))
        perpetrator = records.add_perpetrator(session, summary.id,
                                              forms.PerpetratorForm("ARMED_GROUP.M23_AFC"))
        records.link_victim(session, violation.id, victim.id)
        records.link_perpetrator(session, violation.id, perpetrator.id)
        victims.give_consent(session, victim.id, "documentation")
        if consent_referral:
            victims.give_consent(session, victim.id, "referral")
        return Made(summary.id, incident.id, violation.id, victim.id, perpetrator.id,
                    summary.reference)

    @staticmethod
    def planned_on(day: dt.date) -> contextlib.AbstractContextManager[None]:
        """The services take ``day`` for today while it lasts."""
        return services_today(day)

    def version(self, case_id: int) -> int:
        from jhro_tui.store.models import Case

        return int(Case.get_by_id(case_id).version)


def _build(data_dir: Path) -> Paths:
    paths = Paths(data_dir)
    initialize(paths, NewAccount("admin", "admin", office="Kinshasa"), PASSPHRASE,
               kdf=TEST_KDF)
    admin = login(paths, Settings(), "admin", PASSPHRASE)
    try:
        for office in sorted({office for _role, office in ACCOUNTS.values()}):
            offices.create_office(admin, office)
        for name, (role, office) in ACCOUNTS.items():
            create_account(admin, NewAccount(name, role, office=office), PASSPHRASE,
                           kdf=TEST_KDF)
    finally:
        admin.close()
    return paths


@pytest.fixture(scope="session")
def world_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("cases-template") / "data").data_dir


@pytest.fixture
def world(world_template: Path, tmp_path: Path) -> Iterator[World]:
    target = tmp_path / "data"
    shutil.copytree(world_template, target)
    install("en")
    state = World(Paths(target), Settings(attachment_limit_mib=1,
                                          exchange_dir=str(tmp_path / "exchange")))
    try:
        yield state
    finally:
        state.close()
        install("en")


@pytest.fixture
def today() -> dt.date:
    """The services' today in the zone ``World``'s settings give (the machine's)."""
    return dates.today(Settings())
