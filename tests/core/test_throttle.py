"""The login throttle slows guessing and never locks an account out for good.

Whatever the count of failures, a clock stepped back or a hand-edited counters file, the
wait stays under the cap and the right passphrase opens the account once it is over.
"""

from __future__ import annotations

import json

import pytest

from jhro_tui.config import Settings
from jhro_tui.security.throttle import Throttled
from jhro_tui.services.session import login, make_throttle
from tests.conftest import ADMIN, OFFICER, PASSPHRASES, VaultDir

DAY = 86400.0


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def set_failures(vault: VaultDir, name: str, failures: int, clock: Clock) -> None:
    """``name`` as if it had failed ``failures`` times, the last one now."""
    throttle = make_throttle(vault.paths, Settings(), clock)
    throttle.begin_attempt(name)
    data = json.loads(vault.paths.throttle.read_text())
    (entry,) = data["accounts"].values()
    entry["failures"] = failures
    vault.paths.throttle.write_text(json.dumps(data))


def audit_rows(vault: VaultDir, action: str) -> list[tuple[str, str]]:
    session = vault.login(ADMIN)
    try:
        return [(row[0], row[1]) for row in session.vault.db.execute_sql(
            "SELECT account, detail FROM audit_event WHERE action = ? ORDER BY seq",
            (action,))]
    finally:
        session.close()


@pytest.mark.parametrize("failures", [1027, 1100, 10**6])
def test_after_a_thousand_failures_the_wait_is_the_cap_and_the_right_passphrase_works(
        vault: VaultDir, failures: int) -> None:
    clock = Clock()
    set_failures(vault, OFFICER, failures, clock)
    throttle = make_throttle(vault.paths, Settings(), clock)
    assert throttle.wait_remaining(OFFICER) == Settings().throttle_cap_seconds
    with pytest.raises(Throttled):
        login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER], clock=clock)
    clock.now += Settings().throttle_cap_seconds
    login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER], clock=clock).close()


def test_a_clock_stepped_back_a_day_never_makes_the_wait_longer_than_the_cap(
        vault: VaultDir) -> None:
    clock = Clock()
    set_failures(vault, OFFICER, 12, clock)
    clock.now -= DAY
    throttle = make_throttle(vault.paths, Settings(), clock)
    assert throttle.wait_remaining(OFFICER) <= Settings().throttle_cap_seconds
    clock.now += Settings().throttle_cap_seconds
    login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER], clock=clock).close()


@pytest.mark.parametrize("edit", [
    pytest.param(lambda entry: entry.update(failures="many"), id="failures-text"),
    pytest.param(lambda entry: entry.update(last="yesterday"), id="last-text"),
    pytest.param(lambda entry: entry.update(last=float("nan")), id="last-nan"),
    pytest.param(lambda entry: entry.update(failures=-5), id="failures-negative"),
    pytest.param(lambda entry: entry.pop("last"), id="last-missing"),
    pytest.param(lambda entry: entry.update(failures=[1]), id="failures-list"),
])
def test_a_hand_edited_entry_is_reset_with_an_audit_row_and_the_account_logs_in(
        vault: VaultDir, edit: object) -> None:
    clock = Clock()
    set_failures(vault, OFFICER, 3, clock)
    data = json.loads(vault.paths.throttle.read_text())
    (entry,) = data["accounts"].values()
    edit(entry)  # type: ignore[operator]
    vault.paths.throttle.write_text(json.dumps(data, allow_nan=True))

    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER], clock=clock)
    assert session.history.throttle_repairs == 1
    session.close()
    assert [account for account, _detail in audit_rows(vault, "login.throttle.reset")] == [
        OFFICER]


@pytest.mark.parametrize("content", [b"{not json", b"[]", b'{"secret": 5, "accounts": {}}',
                                     b'{"secret": "AAAA", "accounts": {}, "pending": '
                                     b'[{"h": 1, "t": "noon"}]}', b"\xff\xfe"])
def test_a_damaged_throttle_file_is_reset_with_an_audit_row_not_fatal(
        vault: VaultDir, content: bytes) -> None:
    vault.paths.throttle.write_bytes(content)
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    assert session.history.throttle_repairs >= 1
    session.close()
    assert audit_rows(vault, "login.throttle.reset")
    json.loads(vault.paths.throttle.read_text())  # written back whole


def test_failures_still_slow_down_a_guesser_after_a_reset(vault: VaultDir) -> None:
    clock = Clock()
    vault.paths.throttle.write_bytes(b"{not json")
    throttle = make_throttle(vault.paths, Settings(), clock)
    for _attempt in range(Settings().free_login_attempts):
        throttle.begin_attempt(OFFICER)
    assert throttle.wait_remaining(OFFICER) == Settings().throttle_base_seconds
