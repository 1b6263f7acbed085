"""A screen about one record a service reads (a mobile court session, a detainee, a
visit): put up with what was read before it opened, or read when it mounts; F5 reads it
again, and a form saved on it shows what the service returned."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual import work

from jhro_tui.ui.screens.base import JhroScreen

Found = TypeVar("Found")


class RecordScreen(JhroScreen, Generic[Found]):
    """Subclasses say which service reads the record (``reader``) and how it is shown
    (``show``)."""

    found: Found | None

    def reader(self) -> tuple[Callable[..., Found], int]:
        """The service that reads the record, and the record's id."""
        raise NotImplementedError

    def show(self, found: Found) -> None:
        raise NotImplementedError

    def on_mount(self) -> None:
        if self.found is not None:
            self.show(self.found)
        else:
            self.load()

    @work(exclusive=True, group="record", exit_on_error=False)
    async def load(self, **options: Any) -> None:
        """Read the record again (``options`` go to the service) and show it; a refusal
        or a failure is said in a notification, the screen keeps what it showed."""
        service, record_id = self.reader()
        found = await self.read_or_say(service, record_id, **options)
        if found is not None:
            self.show(found)

    def action_reload(self) -> None:
        self.load()

    def action_back(self) -> None:
        self.jhro.go_back()
