"""The kinds of record of a case file, one file each, and their registry ``KINDS``.

A kind (``kind.RecordKind``) says all the case file needs of it: its add key and form,
the part of the case it changes, how its records are offered in the ``E`` and ``Del``
pickers and asked about before removal, its remover, its section. The case file
(``ui/screens/case_detail.py``) builds its keys, help and palette entries, pickers and
sections from ``KINDS``; ``ui/screens/case_forms.py`` holds the generic picker and the
case's own forms (header, workflow, assignment, consent…), which are no record kind.

How to add a record kind:

1. Service: add, update and remove functions in ``jhro_tui/services/`` (``records.py``
   for the documentation, ``victims.py`` for what hangs on a victim), each taking the
   session and a form dataclass of ``services/forms.py``, checking the part of the case it
   changes and writing its audit row in the same transaction.
2. View: a frozen dataclass in ``services/views.py``, read into ``CaseDetail`` by
   ``services/detail.py``.
3. Descriptor: ``jhro_tui/ui/records/<kind>.py`` with its form factory, choice label,
   removal question, remover and section renderer, ending in ``KIND = RecordKind(...)``;
   dates, numbers and lists of the case's records to choose from come from ``shared.py``.
   Add it to ``KINDS`` below (in the order of the case file: the pickers follow it), name
   its key in ``case_detail.CASE_FILE_KEYS`` where help lists its add key, and its
   section, if it owns one, in ``case_detail.SECTION_ORDER`` (importing the case file
   fails until both are done).
4. Translations: ``make i18n``, then the French ``msgstr`` of every new string.
5. Tests: the service in ``tests/cases/``, the form's fields saved as typed in
   ``tests/ui/test_every_form.py``; ``tests/ui/test_record_kinds.py`` then checks its key,
   help line and picker lines on a case with one record of each kind (add one of the new
   kind to its case).
"""

from __future__ import annotations

from typing import Any

from jhro_tui.ui.records import (
    accused,
    attachment,
    charge,
    court_victim,
    follow_up,
    hearing,
    incident,
    judgment,
    note,
    payment,
    perpetrator,
    proceeding,
    referral,
    related,
    reparation,
    source,
    victim,
    violation,
)
from jhro_tui.ui.records.kind import FormKey, RecordKind, Section

KINDS: tuple[RecordKind[Any], ...] = (
    incident.KIND, violation.KIND, victim.KIND, perpetrator.KIND, source.KIND, note.KIND,
    follow_up.KIND, referral.KIND, proceeding.KIND, hearing.KIND, accused.KIND, charge.KIND,
    judgment.KIND, reparation.KIND, payment.KIND, court_victim.KIND, attachment.KIND,
    related.KIND,
)
"""In the order of the case file: the pickers offer records in this order."""

KIND_BY_KEY = {kind.key: kind for kind in KINDS}

__all__ = ["KINDS", "KIND_BY_KEY", "FormKey", "RecordKind", "Section"]
