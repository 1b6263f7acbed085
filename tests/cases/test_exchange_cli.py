"""``jhro import cases`` and ``jhro export cases`` as a user runs them: exit codes, the
file's mode, every problem on standard error as text, a FIFO refused without waiting."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

from jhro_tui.services import cases
from jhro_tui.services.forms import CaseForm
from tests.conftest import OFFICER, SUPERVISOR, CliResult, VaultDir

Jhro = Callable[..., CliResult]

PARTNER = {"format": "jhro.cases", "version": 1, "tables": {
    "case_file": [{"id": 1, "reference": "P-1", "title": "Looting in Rutshuru",
                   "opened_on": "2024-05-01"}],
    "incident": [{"id": 1, "case": 1, "date": "2024-04", "province_code": "CD-NK"}],
    "violation": [{"id": 1, "case": 1, "incident": 1, "type_code": "PROPERTY.LOOTING"}],
}}


def _one_case(vault: VaultDir) -> None:
    session = vault.login(OFFICER)
    try:
        cases.create_case(session, CaseForm("Threats against a journalist in Goma"))
    finally:
        session.close()


def test_an_export_needs_the_plaintext_flag_or_encryption(vault: VaultDir, jhro: Jhro,
                                                          tmp_path: Path) -> None:
    _one_case(vault)
    out = tmp_path / "cases.json"
    refused = jhro("export", "cases", "--format", "json", "--output", str(out),
                   user=SUPERVISOR)
    assert refused.code == 2 and "--i-understand-plaintext" in refused.stderr
    assert not out.exists()
    done = jhro("export", "cases", "--format", "json", "--output", str(out),
                "--i-understand-plaintext", user=SUPERVISOR)
    assert done.code == 0, done.stderr
    assert "NOT encrypted" in done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text())["tables"]["case_file"][0]["title"] == (
        "Threats against a journalist in Goma")
    again = jhro("export", "cases", "--format", "json", "--output", str(out),
                 "--i-understand-plaintext", user=SUPERVISOR)
    assert again.code == 2 and "already exists" in again.stderr
    officer = jhro("export", "cases", "--format", "csv", "--output", str(tmp_path / "o.csv"),
                   "--i-understand-plaintext", user=OFFICER)
    assert officer.code == 5 and not (tmp_path / "o.csv").exists()


def test_an_encrypted_export_reads_back_with_its_passphrase(vault: VaultDir, jhro: Jhro,
                                                            tmp_path: Path) -> None:
    _one_case(vault)
    out = tmp_path / "cases.jhro"
    done = jhro("export", "cases", "--format", "json", "--output", str(out), "--encrypt",
                user=SUPERVISOR, stdin=["ridge amber falcon 3301"])
    assert done.code == 0, done.stderr
    assert b"journalist" not in out.read_bytes()
    wrong = jhro("import", "cases", str(out), user=OFFICER, stdin=["amber ridge 1"])
    assert wrong.code == 3, wrong.stderr
    duplicate = jhro("import", "cases", str(out), user=OFFICER,
                     stdin=["ridge amber falcon 3301"])
    assert duplicate.code == 0, duplicate.stderr
    assert "imported before" in duplicate.stdout


def test_every_problem_is_printed_as_text_and_nothing_imported(vault: VaultDir, jhro: Jhro,
                                                               tmp_path: Path) -> None:
    bad = json.loads(json.dumps(PARTNER))
    bad["tables"]["violation"][0]["type_code"] = "\x1b]52;c;ZXZpbA==\x07\x1b[31mEVIL"
    bad["tables"]["incident"][0]["date"] = "2099"
    path = tmp_path / "partner.json"
    path.write_text(json.dumps(bad, indent=1))
    result = jhro("import", "cases", str(path), user=OFFICER)
    assert result.code == 2
    lines = result.stderr.splitlines()
    assert any(line.startswith("partner.json, line ") and "incident 1, date:" in line
               for line in lines), lines
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "1 problem" not in result.stderr and "2 problems" in result.stderr
    listed = jhro("import", "cases", str(path), user=OFFICER)
    assert listed.code == 2
    path.write_text(json.dumps(PARTNER))
    good = jhro("import", "cases", str(path), user=OFFICER)
    assert good.code == 0, good.stderr
    assert "Imported 1 case as drafts:" in good.stdout


def test_a_fifo_or_a_missing_file_is_refused_at_once(jhro: Jhro, tmp_path: Path) -> None:
    fifo = tmp_path / "waiting.json"
    os.mkfifo(fifo)
    result = jhro("import", "cases", str(fifo), user=OFFICER, timeout=20)
    assert result.code == 2 and "not a regular file" in result.stderr
    missing = jhro("import", "cases", str(tmp_path / "nowhere" / "x.json"), user=OFFICER)
    assert missing.code == 2, missing.stderr
