"""config.toml: the office's settings, read once, and refused in one clear line when wrong."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from pathlib import Path

import pytest

from jhro_tui.config import SUBMISSION_CHECKS, Paths, Settings
from jhro_tui.errors import UsageError
from tests.conftest import ADMIN, CliResult, VaultDir


def _load(tmp_path: Path, text: str) -> Settings:
    (tmp_path / "config.toml").write_text(text, encoding="utf-8")
    return Settings.load(Paths(tmp_path))


def test_without_a_file_every_setting_has_its_default(tmp_path: Path) -> None:
    settings = Settings.load(Paths(tmp_path))
    assert settings == Settings()
    assert settings.submission_requires == (
        "incident", "violation", "victim", "perpetrator", "documentation_consent")
    assert set(settings.submission_requires) < set(SUBMISSION_CHECKS)


def test_an_office_chooses_what_a_submission_requires(tmp_path: Path) -> None:
    settings = _load(tmp_path, 'idle_lock_minutes = 10\n'
                               'submission_requires = ["incident", "source", "incident"]\n')
    assert settings.submission_requires == ("incident", "source")
    assert settings.idle_lock_minutes == 10
    assert _load(tmp_path, "submission_requires = []\n").submission_requires == ()


@pytest.mark.parametrize(("text", "message"), [
    ('submission_requires = ["incident", "perpetrators"]',
     "Setting submission_requires: unknown name perpetrators (choose among incident, "
     "violation, victim, perpetrator, documentation_consent, source)"),
    ('submission_requires = "incident"',
     "Setting submission_requires must be a list of names among incident, violation, "
     "victim, perpetrator, documentation_consent, source"),
    ("submission_requires = [1, 2]",
     "Setting submission_requires must be a list of names among incident, violation, "
     "victim, perpetrator, documentation_consent, source"),
    ("idle_lock_minutes = -1",
     "Setting idle_lock_minutes must be a number from 1 to 1440, not -1"),
])
def test_a_wrong_value_is_refused_in_one_line_naming_the_setting(
        tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UsageError) as refused:
        _load(tmp_path, text + "\n")
    assert refused.value.message() == message


def test_the_command_line_refuses_a_wrong_setting_before_anything_else(
        vault: VaultDir, jhro: Callable[..., CliResult]) -> None:
    (vault.data_dir / "config.toml").write_text('submission_requires = ["witness"]\n',
                                                encoding="utf-8")
    before = vault.digests()
    result = jhro("user", "list", user=ADMIN)
    assert result.code == 2
    assert result.stderr_lines == [
        "jhro: Setting submission_requires: unknown name witness (choose among incident, "
        "violation, victim, perpetrator, documentation_consent, source)"]
    assert vault.digests() == before


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


def test_the_exchange_folder_is_never_the_data_directory_nor_inside_it(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for inside in (str(data), str(data / "exchange"), str(data) + "/{account}",
                   str(tmp_path / "x" / ".." / "data" / "in")):
        (data / "config.toml").write_text(f'exchange_dir = "{inside}"\n', encoding="utf-8")
        with pytest.raises(UsageError) as refused:
            Settings.load(Paths(data))
        assert refused.value.message().startswith(
            "Setting exchange_dir must not be inside the data directory"), inside
    for wrong in ('"relative/folder"', "42"):
        (data / "config.toml").write_text(f"exchange_dir = {wrong}\n", encoding="utf-8")
        with pytest.raises(UsageError, match="must be an absolute folder"):
            Settings.load(Paths(data))
    template = str(tmp_path / "exchange" / "{account}" / "files")
    assert _load(data, f'exchange_dir = "{template}"\n').exchange_dir == template


@pytest.mark.parametrize(("text", "message"), [
    # nan compares false with every bound: it used to pass a "> 0" check.
    ("idle_lock_minutes = nan", "Setting idle_lock_minutes must be a number from 1 to 1440, "
                                "not nan"),
    ("idle_lock_minutes = inf", "Setting idle_lock_minutes must be a number from 1 to 1440, "
                                "not inf"),
    ("idle_lock_minutes = 0.001", "Setting idle_lock_minutes must be a number from 1 to "
                                  "1440, not 0.001"),
    ("attachment_limit_mib = nan", "Setting attachment_limit_mib must be a whole number from "
                                   "1 to 512, not nan"),
    ("attachment_limit_mib = 2.5", "Setting attachment_limit_mib must be a whole number from "
                                   "1 to 512, not 2.5"),
    ("attachment_limit_mib = 100000", "Setting attachment_limit_mib must be a whole number "
                                      "from 1 to 512, not 100000"),
    ("free_login_attempts = inf", "Setting free_login_attempts must be a whole number from "
                                  "0 to 20, not inf"),
    ("free_login_attempts = true", "Setting free_login_attempts must be a whole number from "
                                   "0 to 20, not true"),
    ("free_login_attempts = 1e9", "Setting free_login_attempts must be a whole number from "
                                  "0 to 20, not 1000000000.0"),
    ("throttle_base_seconds = -inf", "Setting throttle_base_seconds must be a number from "
                                     "0.5 to 60, not -inf"),
    ('throttle_base_seconds = "2"', "Setting throttle_base_seconds must be a number from "
                                    "0.5 to 60, not '2'"),
    ("throttle_cap_seconds = nan", "Setting throttle_cap_seconds must be a number from 10 to "
                                   "3600, not nan"),
    ("throttle_cap_seconds = 86400", "Setting throttle_cap_seconds must be a number from 10 "
                                     "to 3600, not 86400"),
    ("throttle_base_seconds = 60\nthrottle_cap_seconds = 30",
     "Setting throttle_cap_seconds (30) must be at least throttle_base_seconds (60)"),
])
def test_a_value_that_would_turn_a_protection_off_is_refused_naming_the_setting(
        tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UsageError) as refused:
        _load(tmp_path, text + "\n")
    assert refused.value.message() == message


def test_every_setting_at_its_documented_bounds_is_taken(tmp_path: Path) -> None:
    low = _load(tmp_path, "idle_lock_minutes = 1\nattachment_limit_mib = 1\n"
                          "free_login_attempts = 0\nthrottle_base_seconds = 0.5\n"
                          "throttle_cap_seconds = 10\n")
    assert (low.idle_lock_minutes, low.attachment_limit_mib, low.free_login_attempts,
            low.throttle_base_seconds, low.throttle_cap_seconds) == (1, 1, 0, 0.5, 10)
    high = _load(tmp_path, "idle_lock_minutes = 1440\nattachment_limit_mib = 512\n"
                           "free_login_attempts = 20\nthrottle_base_seconds = 60\n"
                           "throttle_cap_seconds = 3600\n")
    assert (high.idle_lock_minutes, high.attachment_limit_mib, high.free_login_attempts,
            high.throttle_base_seconds, high.throttle_cap_seconds) == (1440, 512, 20, 60, 3600)
