"""The bench's file of cases (bench/exchange.py) stays a file jhro imports whole: were a
rule of the forms to refuse some of its rows, `make bench` would stop after minutes."""

from __future__ import annotations

from pathlib import Path

from bench import exchange
from jhro_tui.services import reference
from jhro_tui.services.exchange import importing
from tests.conftest import SUPERVISOR, VaultDir


def test_the_bench_file_imports_whole_from_json_and_from_csv(
        vault: VaultDir, vault_template: VaultDir, tmp_path: Path) -> None:
    session = vault.login(SUPERVISOR)
    try:
        tables = exchange.generate(40, 1, reference.catalog(session))
    finally:
        session.close()
    counts = {name: len(rows) for name, rows in tables.items()}
    assert counts["case_file"] == 40 and counts["victim_violation"] >= counts["victim"]
    for fmt in ("json", "csv"):
        target = vault_template.copy_to(tmp_path / fmt)
        session = target.login(SUPERVISOR)
        try:
            report = importing.import_cases(
                session, importing.read(exchange.encode(tables, fmt), f"cases.{fmt}"))
        finally:
            session.close()
        assert {name: report.created.get(name, 0) for name in counts} == counts, fmt
