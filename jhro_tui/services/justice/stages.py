"""A proceeding's stage moves by one function, so that its history is never skipped."""

from __future__ import annotations

import datetime as dt

from jhro_tui.store.models import Proceeding, ProceedingStage, utc_now


def move_stage(by: int, row: Proceeding, stage: str, on: dt.date, evidence: str) -> None:
    """Record ``stage`` from ``on`` in the history, and make it the proceeding's."""
    ProceedingStage.create(proceeding=row.id, stage=stage, on=on, evidence=evidence, by=by,
                           at=utc_now())
    Proceeding.update({Proceeding.stage: stage, Proceeding.stage_on: on,
                       Proceeding.version: Proceeding.version + 1,
                       Proceeding.updated_at: utc_now(), Proceeding.updated_by: by}).where(
        Proceeding.id == row.id).execute()
