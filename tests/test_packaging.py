"""Installing jhro: the package metadata the build backend reads without a warning."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_license_is_an_spdx_expression_read_by_a_setuptools_that_knows_it() -> None:
    """A TOML table for the license makes setuptools warn at every install (and stop
    building in 2027); an SPDX string needs setuptools 77 or later."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    assert project["project"]["license"] == "AGPL-3.0-or-later"
    floors = [re.fullmatch(r"setuptools>=(\d+)(?:\.\d+)*", requirement)
              for requirement in project["build-system"]["requires"]]
    assert any(floor and int(floor.group(1)) >= 77 for floor in floors)
