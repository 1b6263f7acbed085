"""Shared fixtures: a small encrypted vault on disk, and a way to run the ``jhro`` command.

The vault is built once per test session through the services with the cheap test KDF
profile (chosen here, explicitly), then copied for each test that asks for it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from jhro_tui.config import Paths, Settings
from jhro_tui.security import keys
from jhro_tui.security.keyring import Keyring
from jhro_tui.security.keys import TEST_KDF

ADMIN = "admin"
OFFICER = "officer"
SUPERVISOR = "supervisor"
PASSPHRASES = {
    ADMIN: "violet tundra ledger 4417",
    OFFICER: "copper harbour lantern 2093",
    SUPERVISOR: "quiet meadow granite 7731",
}
FULL_NAMES = {ADMIN: "Amina Kabila", OFFICER: "Olivier Mbuyi", SUPERVISOR: "Sophie Ilunga"}
ROLES = {ADMIN: "admin", OFFICER: "officer", SUPERVISOR: "supervisor"}

JHRO_SCRIPT = Path(sys.executable).with_name("jhro")


@contextlib.contextmanager
def services_today(day: dt.date) -> Iterator[None]:
    """The services take ``day`` for today (a follow-up planned then may be overdue now:
    none can be planned in the past)."""
    from jhro_tui.services import dates

    clock = dates.today  # the real one, or the day an enclosing travel put in its place

    def travelled(*_settings: object) -> dt.date:
        return day

    with pytest.MonkeyPatch.context() as travel:
        for module in list(sys.modules.values()):
            if module.__name__.startswith("jhro_tui.") and \
                    getattr(module, "today", None) is clock:
                travel.setattr(module, "today", travelled)
        yield


def jhro_command() -> list[str]:
    """The installed ``jhro`` console script, or the module when it is not installed."""
    if JHRO_SCRIPT.exists():
        return [str(JHRO_SCRIPT)]
    return [sys.executable, "-m", "jhro_tui"]


def file_digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes, or None when the file does not exist."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


@dataclass
class VaultDir:
    """A data directory holding an encrypted vault with an admin, an officer, a supervisor."""

    paths: Paths

    @property
    def data_dir(self) -> Path:
        return self.paths.data_dir

    @property
    def settings(self) -> Settings:
        return Settings.load(self.paths)

    def login(self, name: str = ADMIN):  # type: ignore[no-untyped-def]
        """A logged-in ``Session`` of ``name``; the caller closes it."""
        from jhro_tui.services.session import login

        return login(self.paths, self.settings, name, PASSPHRASES[name])

    def roots(self, name: str = ADMIN) -> list[bytearray]:
        """The root keys ``name``'s keyring entry opens (copies the caller owns)."""
        unlocked = Keyring.load(self.paths.keyring).unlock(name, PASSPHRASES[name])
        try:
            return [bytearray(root) for root in unlocked.roots]
        finally:
            unlocked.wipe()

    def db_key(self, name: str = ADMIN) -> bytearray:
        return keys.hkdf(self.roots(name)[0], keys.LABEL_DATABASE)

    def digests(self) -> dict[str, str | None]:
        """SHA-256 of every file a refused attempt must leave untouched."""
        return {path.name: file_digest(path) for path in self.paths.vault_files()}

    def copy_to(self, target: Path) -> VaultDir:
        shutil.copytree(self.data_dir, target, copy_function=shutil.copy2)
        return VaultDir(Paths(target))


def build_vault(data_dir: Path) -> VaultDir:
    """Initialise ``data_dir`` with TEST_KDF, the offices Kinshasa (the admin's) and Goma,
    and the three fixture accounts."""
    from jhro_tui.services import offices
    from jhro_tui.services.accounts import NewAccount, create_account
    from jhro_tui.services.setup import initialize

    paths = Paths(data_dir)
    initialize(paths, NewAccount(ADMIN, "admin", FULL_NAMES[ADMIN], "Kinshasa"),
               PASSPHRASES[ADMIN], kdf=TEST_KDF)
    vault = VaultDir(paths)
    session = vault.login(ADMIN)
    try:
        offices.create_office(session, "Goma")
        for name in (OFFICER, SUPERVISOR):
            create_account(session, NewAccount(name, ROLES[name], FULL_NAMES[name], "Goma"),
                           PASSPHRASES[name], kdf=TEST_KDF)
    finally:
        session.close()
    return vault


@pytest.fixture(scope="session")
def vault_template(tmp_path_factory: pytest.TempPathFactory) -> VaultDir:
    return build_vault(tmp_path_factory.mktemp("template") / "data")


@pytest.fixture
def vault(vault_template: VaultDir, tmp_path: Path) -> VaultDir:
    """A fresh copy of the fixture vault for this test alone."""
    return vault_template.copy_to(tmp_path / "data")


LOGIN_NOTES = ("jhro: Last login: ", "jhro: First login of this account.",
               "jhro: Your passphrase was reset by ", "jhro: The file of failed-login counters",
               "jhro: 1 failed attempt before", "failed attempts before this first login.")
"""The lines every login writes on stderr before the command's own output (in English)."""


def _is_login_note(line: str) -> bool:
    return line.startswith(LOGIN_NOTES[:-1]) or (line.startswith("jhro: ")
                                                 and line.endswith(LOGIN_NOTES[-1]))


@dataclass(frozen=True)
class CliResult:
    """A finished ``jhro`` run; ``stderr`` holds the command's own lines, the login's
    notes (last login, failures since, a reset) are in ``login_notes``."""

    code: int
    stdout: str
    stderr: str
    stderr_bytes: bytes
    login_notes: tuple[str, ...] = ()

    @property
    def stderr_lines(self) -> list[str]:
        return self.stderr.splitlines()


def cli_env(data_dir: Path | None, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("JHRO_", "TEXTUAL"))}
    env["JHRO_LANG"] = "en"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if data_dir is not None:
        env["JHRO_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


def run_cli(args: Iterable[str], *, data_dir: Path | None, stdin: Iterable[str] = (),
            env: dict[str, str] | None = None, timeout: float = 60,
            **popen: object) -> CliResult:
    """Run ``jhro ARGS`` in a subprocess, passphrases given one per line on stdin."""
    feed = "".join(line + "\n" for line in stdin).encode()
    done = subprocess.run([*jhro_command(), *args], input=feed, capture_output=True,
                          env=env if env is not None else cli_env(data_dir), timeout=timeout,
                          check=False, **popen)  # type: ignore[call-overload]
    lines = done.stderr.decode("utf-8", "replace").splitlines(keepends=True)
    notes = tuple(line.rstrip("\n") for line in lines if _is_login_note(line.rstrip("\n")))
    return CliResult(done.returncode, done.stdout.decode("utf-8", "replace"),
                     "".join(line for line in lines if not _is_login_note(line.rstrip("\n"))),
                     done.stderr, notes)


@pytest.fixture
def jhro(vault: VaultDir) -> Callable[..., CliResult]:
    """Run ``jhro`` against the test's vault: ``jhro("user", "list", user=ADMIN)``.

    With ``user=NAME`` the command gets ``--user NAME --passphrase-stdin`` and that
    account's passphrase as the first line of stdin, before any ``stdin`` lines.
    """

    def run(*args: str, user: str | None = None, passphrase: str | None = None,
            stdin: Iterable[str] = (), data_dir: Path | None = None, **kwargs: object
            ) -> CliResult:
        lines = list(stdin)
        argv = list(args)
        if user is not None:
            argv += ["--user", user, "--passphrase-stdin"]
            lines.insert(0, passphrase if passphrase is not None else PASSPHRASES[user])
        return run_cli(argv, data_dir=data_dir or vault.data_dir, stdin=lines,
                       **kwargs)  # type: ignore[arg-type]

    return run


@pytest.fixture
def fresh_tmpdir(tmp_path: Path) -> Iterator[Path]:
    """An empty directory to serve as $TMPDIR for a child process."""
    path = tmp_path / "tmpdir"
    path.mkdir(mode=0o700)
    return path
