"""Keys typed ahead reach the field that has focus when each is processed, in order.

A fast typist, or a slow SSH link that buffers keys and delivers them together, sends
"rutsh", Enter, "Kiwanja" as one burst: Enter must move to the next field before
"Kiwanja" is read, or its first letters land in the list field just left. Run in a real
``jhro`` on a pseudo-terminal, where a burst arrives as one read, as over SSH.
"""

from __future__ import annotations

from bench.terminal import Terminal
from jhro_tui.config import Settings
from jhro_tui.services import cases
from jhro_tui.services.forms import CaseForm
from jhro_tui.services.session import login
from jhro_tui.store.models import Incident
from tests.conftest import OFFICER, PASSPHRASES, VaultDir, jhro_command

CTRL_S, F3, ENTER, TAB = "\x13", "\x1bOR", "\r", "\t"


def _one_case(vault: VaultDir) -> None:
    session = login(vault.paths, Settings(), OFFICER, PASSPHRASES[OFFICER])
    try:
        cases.create_case(session, CaseForm("Raid on Kiwanja", province_code="CD-NK"))
    finally:
        session.close()


def _incidents(vault: VaultDir) -> list[tuple[str, str, str]]:
    session = vault.login(OFFICER)
    try:
        return [(row.province_code, row.territory_code, row.locality)
                for row in Incident.select()]
    finally:
        session.close()


def test_a_burst_of_keys_fills_the_fields_in_order(vault: VaultDir) -> None:
    _one_case(vault)
    terminal = Terminal.spawn([*jhro_command(), "--data-dir", str(vault.data_dir)], 80, 24)
    try:
        terminal.wait_for("Log in with your account")
        # The account, Enter, the passphrase, Enter: one burst, as a fast typist sends it.
        terminal.send(f"{OFFICER}{ENTER}{PASSPHRASES[OFFICER]}{ENTER}")
        terminal.wait_for("My open cases")
        terminal.send(F3)
        terminal.wait_for("Raid on Kiwanja")
        terminal.send(ENTER)
        terminal.wait_for("Incidents and violations")
        terminal.send("i")
        terminal.wait_for("New incident")
        terminal.send(f"2024-03{ENTER}{ENTER}north kivu{ENTER}rutsh{ENTER}Kiwanja{TAB}{CTRL_S}")
        terminal.wait_for("Saved.")
        assert "Traceback" not in terminal.output.decode("utf-8", "replace")
    finally:
        terminal.close()
    assert _incidents(vault) == [("CD-NK", "CD-NK.RUTSHURU", "Kiwanja")]
