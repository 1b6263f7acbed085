"""The core never imports the screen: checked at run time and by the import contracts."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

CORE_MODULES = ["jhro_tui.security", "jhro_tui.store", "jhro_tui.services", "jhro_tui.config",
                "jhro_tui.i18n", "jhro_tui.errors", "jhro_tui.text", "jhro_tui.cli"]


def _every_module_under(package: str) -> list[str]:
    directory = REPO.joinpath(*package.split("."))
    return sorted(f"{package}.{path.stem}" for path in directory.glob("*.py")
                  if path.stem != "__init__")


def test_core_and_cli_load_without_textual_or_rich() -> None:
    modules = CORE_MODULES + [name for package in ("jhro_tui.security", "jhro_tui.store",
                                                   "jhro_tui.services", "jhro_tui.demo")
                              for name in _every_module_under(package)]
    script = textwrap.dedent(f"""
        import importlib, sys
        for name in {modules!r}:
            importlib.import_module(name)
        from jhro_tui.cli import build_parser
        build_parser()
        leaked = sorted(name for name in sys.modules
                        if name.split(".")[0] in ("textual", "rich"))
        print(",".join(leaked))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"the core pulled in: {done.stdout.strip()}"


def test_detector_sees_textual_when_it_is_imported() -> None:
    done = subprocess.run([sys.executable, "-c", "import textual, sys; print('textual' in "
                           "sys.modules)"], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip("textual is not installed")
    assert done.stdout.strip() == "True"


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    if not lint_imports.exists():
        pytest.skip("import-linter is not installed")
    done = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=REPO,
                          check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 broken" in done.stdout
