"""The app's day and the services' day are one: the frozen day of these tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import services_today
from tests.ui.support import FROZEN_TODAY


@pytest.fixture(autouse=True)
def frozen_services_day() -> Iterator[None]:
    with services_today(FROZEN_TODAY):
        yield
