"""What the case file needs of a form it opens by a key, and of a kind of record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from jhro_tui.i18n import N_
from jhro_tui.ui.actions import Action

if TYPE_CHECKING:
    from jhro_tui.services.views import CaseDetail
    from jhro_tui.ui.screens.form import FormScreen
    from jhro_tui.ui.shell import Shell

R = TypeVar("R")

Opens = Literal["form", "folder", "files", "candidates", "sessions"]
"""What is read before the form is put up: nothing (``form``: the factory takes the app and
the case); the account's exchange folder (``folder``), and its files too (``files``): the
factory also takes the folder and the files; the accounts the case may go to
(``candidates``): the factory also takes them; the mobile court sessions of the account's
office (``sessions``): the factory takes them after the record it changes (None: a new one)."""


def _always(_detail: CaseDetail) -> bool:
    return True


@dataclass(frozen=True)
class FormKey:
    """A form the case file opens by a key: ``form('<key>')``, drafts ``case:<id>:form:<key>``."""

    key: str
    action_id: str
    """The registry's action id (``case.incident``), also the keymap's binding id."""
    keys: str
    title: str
    """The action's description (``N_``), in help, the palette and, if ``show``, the footer."""
    factory: Callable[..., FormScreen[Any]]
    part: str | None
    """The part of the case it changes (``CaseDetail.editable``: documentation, follow_up,
    notes), or None when the form has a rule of its own (``available``)."""
    show: bool = False
    available: Callable[[CaseDetail], bool] = _always
    """False when there is nothing to choose from (or, with no ``part``, no right to)."""
    opens: Opens = "form"

    def action(self) -> Action:
        return Action(self.action_id, self.keys, f"form('{self.key}')", N_("case"), self.title,
                      scope="case", show=self.show)

    def allowed(self, detail: CaseDetail) -> bool:
        """Whether this account may open it on ``detail`` now."""
        return self.available(detail) and (self.part is None or self.part in detail.editable)


@dataclass(frozen=True)
class Section:
    """A section of the case file a kind owns: ``render`` writes its text (empty: nothing
    recorded)."""

    key: str
    title: str
    render: Callable[[CaseDetail], str]


@dataclass(frozen=True)
class RecordKind(FormKey, Generic[R]):
    """A kind of record of the case file: its add form, and, once recorded, how it is
    offered in the ``E`` and ``Del`` pickers (``kind:id``), asked about and removed.

    ``factory(app, detail)`` adds one; ``factory(app, detail, record)`` changes ``record``
    when the kind is ``changeable``."""

    records: Callable[[Any], Iterable[R]] | None = None
    """The kind's records in the order of the case file: of the case (``CaseDetail``), or
    of the parent record when the kind is ``within`` another. None: never picked."""
    within: str = ""
    """The key of the kind whose records hold these: each is offered under its parent."""
    choice: Callable[[R, CaseDetail], tuple[str, str]] | None = None
    """Its line in the pickers: label and detail."""
    changeable: bool = False
    question: Callable[[R, CaseDetail], str] | None = None
    """What removing it takes with it, asked before it goes."""
    remove: Callable[[Shell, R], Awaitable[None]] | None = None
    """The service call that removes it; None: it is not removed from a case file."""
    section: Section | None = None
    picks: bool = False
    """Its key picks one of its records, as ``E`` does, and changes it, instead of adding
    one (a judgment is recorded on an accused already there)."""
