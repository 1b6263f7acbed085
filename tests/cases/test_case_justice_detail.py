"""The case file carries its proceedings for a reader: the accused's names hidden unless
revealed, each showing audited as a victim's is; a validated version (read with no
reader) carries none."""

from __future__ import annotations

import datetime as dt

from jhro_tui.services import cases, snapshots
from jhro_tui.services.common import account_names
from jhro_tui.services.detail import read_detail
from jhro_tui.services.justice import court, proceedings
from jhro_tui.services.justice.forms import AccusedForm, ProceedingForm
from jhro_tui.store.models import Case

from .conftest import World


def test_the_case_file_shows_its_proceedings_and_audits_accused_names(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    trial = proceedings.open_proceeding(session, made.case, ProceedingForm(
        "MILITARY.TMG", "CD-SK", docket="RP 3/2026", stage="trial",
        stage_on=dt.date(2026, 3, 2)))
    named = court.add_accused(session, trial.id, AccusedForm(name="Kasongo Mwamba",
                                                            charges=("PENAL.RAPE",)))
    court.add_accused(session, trial.id, AccusedForm(perpetrator_id=made.perpetrator))

    hidden = cases.get_case(session, made.case)
    assert [p.docket for p in hidden.proceedings] == ["RP 3/2026"]
    assert [(a.name, a.has_name) for a in hidden.proceedings[0].accused] == [
        ("", True), ("", False)]
    assert world.audit("accused.identity.view") == []

    shown = cases.get_case(session, made.case, reveal_identity=True)
    assert shown.proceedings[0].accused[0].name == "Kasongo Mwamba"
    assert [(row[0], row[2], row[4]) for row in world.audit("accused.identity.view")] == [
        ("olga", f"accused:{named}", "ok")]

    assert read_detail(Case.get_by_id(made.case), None, account_names()).proceedings == ()
    # Court work comes after validation: a validated version never holds it.
    assert '"proceedings"' not in snapshots.dumps(shown)
