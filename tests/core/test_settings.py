"""config.toml: the office's settings, read once, and refused in one clear line when wrong."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui.config import Paths, Settings
from jhro_tui.errors import UsageError
from tests.conftest import ADMIN, CliResult, VaultDir


def settings_from(tmp_path: Path, text: str) -> Settings:
    paths = Paths(tmp_path)
    paths.settings_file.write_text(text, encoding="utf-8")
    return Settings.load(paths)


def test_the_office_time_zone_is_read_by_its_iana_name(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, 'time_zone = "Africa/Lubumbashi"\n')
    assert settings.zone == zoneinfo.ZoneInfo("Africa/Lubumbashi")


def test_without_a_time_zone_the_machine_zone_is_the_office_one(tmp_path: Path) -> None:
    assert settings_from(tmp_path, "idle_lock_minutes = 10\n").zone is None
    assert Settings.load(Paths(tmp_path / "nowhere")).zone is None


@pytest.mark.parametrize("value", ['"Mars/Olympus"', '"CAT"', '"../../etc/passwd"',
                                   '"/etc/localtime"', '""', "2", "true"])
def test_a_time_zone_that_is_not_one_is_refused_saying_what_to_write(
        tmp_path: Path, value: str) -> None:
    with pytest.raises(UsageError) as caught:
        settings_from(tmp_path, f"time_zone = {value}\n")
    message = caught.value.message()
    assert "time_zone" in message and "Africa/Lubumbashi" in message
    assert "\n" not in message


def test_jhro_refuses_to_start_on_an_unknown_time_zone_in_one_line(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    vault.paths.settings_file.write_text('time_zone = "Africa/Goma"\n', encoding="utf-8")
    result = jhro("user", "list", user=ADMIN)
    assert result.code == 2
    assert result.stderr_lines == [
        "jhro: Setting time_zone must be a time zone name such as Africa/Lubumbashi or "
        "Africa/Kinshasa, not 'Africa/Goma'"]
