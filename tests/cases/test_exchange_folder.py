"""Attach and save go through the account's exchange folder only: no other path of the
server, no symbolic link, no FIFO or device, and nothing read inside the write lock."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from jhro_tui.errors import UsageError, ValidationError
from jhro_tui.security import exchange
from jhro_tui.services import cases
from jhro_tui.store.models import Attachment

from .conftest import World


@pytest.mark.parametrize("name", ["/etc/passwd", "../../data/keyring.json", "..", "a/b"])
def test_attach_takes_a_name_in_the_folder_never_a_path(world: World, name: str) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    with pytest.raises(ValidationError, match="without a path"):
        cases.add_attachment(session, made.case, name)
    assert Attachment.select().count() == 0


def test_a_file_named_in_latin1_is_attached_under_a_name_the_database_can_hold(
        world: World) -> None:
    made = world.make_case("olga")
    (world.exchange("olga") / os.fsdecode(b"t\xe9moin.txt")).write_bytes(b"account")
    session = world.login("olga")
    (listed,) = cases.exchange_files(session)
    attached = cases.add_attachment(session, made.case, listed.name)
    assert attached.filename == "t\ufffdmoin.txt"
    assert Attachment.get().content == b"account"


def test_a_symbolic_link_in_the_folder_is_not_followed(world: World) -> None:
    made = world.make_case("olga")
    (world.exchange("olga") / "keys.json").symlink_to(world.paths.keyring)
    session = world.login("olga")
    with pytest.raises(ValidationError, match="symbolic links"):
        cases.add_attachment(session, made.case, "keys.json")
    assert Attachment.select().count() == 0
    assert "keys.json" not in [found.name for found in cases.exchange_files(session)]


def test_a_folder_that_is_a_symbolic_link_is_refused(world: World) -> None:
    made = world.make_case("olga")
    elsewhere = world.paths.data_dir.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "report.pdf").write_bytes(b"another office's export")
    Path(world.settings.exchange_dir).mkdir(parents=True)
    (Path(world.settings.exchange_dir) / "olga").symlink_to(elsewhere)
    session = world.login("olga")
    with pytest.raises(UsageError, match="Cannot use the exchange folder"):
        cases.add_attachment(session, made.case, "report.pdf")
    assert Attachment.select().count() == 0


def test_a_folder_inside_the_data_directory_is_refused(world: World) -> None:
    made = world.make_case("olga")
    Path(world.settings.exchange_dir).mkdir(parents=True)
    (Path(world.settings.exchange_dir) / "olga").symlink_to(world.paths.data_dir)
    session = world.login("olga")
    with pytest.raises(UsageError, match="must not be inside the data directory"):
        cases.add_attachment(session, made.case, "keyring.json")
    assert Attachment.select().count() == 0


def test_save_writes_a_new_file_in_the_folder_and_never_the_settings(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    view = cases.add_attachment(session, made.case, world.put("olga", "a.txt", b"report"))
    (world.exchange("olga") / "planted").symlink_to(world.paths.settings_file)
    for name in ("planted", "../data/config.toml", str(world.paths.settings_file)):
        with pytest.raises(ValidationError):
            cases.export_attachment(session, view.id, name)
    assert not world.paths.settings_file.exists()
    cases.export_attachment(session, view.id, "config.toml")
    assert (world.exchange("olga") / "config.toml").read_bytes() == b"report"
    assert not world.paths.settings_file.exists()


def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(world: World) -> None:
    made = world.make_case("olga")
    os.mkfifo(world.exchange("olga") / "pipe")
    session = world.login("olga")
    outcome: list[BaseException] = []

    def attach() -> None:
        try:
            cases.add_attachment(session, made.case, "pipe")
        except BaseException as exc:  # reported to the test below
            outcome.append(exc)

    worker = threading.Thread(target=attach, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock it, so the test run can end
        with open(world.exchange("olga") / "pipe", "wb"):
            pass
        pytest.fail("attaching a FIFO blocked")
    assert len(outcome) == 1 and isinstance(outcome[0], ValidationError)
    assert "not a regular file" in outcome[0].message()


def test_a_device_is_refused_and_never_read() -> None:
    with pytest.raises(ValidationError, match="not a regular file"):
        exchange.read_file(Path("/dev"), "zero", 1024)


def test_a_file_past_the_limit_is_read_no_further_than_the_limit(world: World) -> None:
    made = world.make_case("olga")  # the tests' limit is 1 MiB
    world.put("olga", "video.mp4", b"\0" * (3 * 1024 * 1024))
    session = world.login("olga")
    with pytest.raises(ValidationError, match="larger than the limit of 1 MiB"):
        cases.add_attachment(session, made.case, "video.mp4")


def test_the_file_is_read_before_the_write_lock_is_taken(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    read = exchange.read_file
    held: list[bool] = []

    def watched(folder: Path, name: str, limit: int) -> bytes:
        held.append(session.vault.db.in_transaction())
        return read(folder, name, limit)

    monkeypatch.setattr(exchange, "read_file", watched)
    cases.add_attachment(session, made.case, world.put("olga", "a.txt", b"statement"))
    assert held == [False]


def test_the_folder_is_made_private_and_lists_regular_files_only(world: World) -> None:
    session = world.login("olga")
    assert cases.exchange_files(session) == []
    folder = Path(world.settings.exchange_dir) / "olga"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    world.put("olga", "b.pdf", b"12345")
    (folder / "sub").mkdir()
    os.mkfifo(folder / "pipe")
    assert cases.exchange_files(session) == [exchange.ExchangeFile("b.pdf", 5)]
