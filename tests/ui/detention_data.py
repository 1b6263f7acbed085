"""Detention monitoring in the fixture vault, recorded through the services as an officer
of the Goma office would: facilities, detainees (one past the custody limit by hours, one
past a warrant by days, one released by a mobile court session), visits (one refused)."""

from __future__ import annotations

import datetime as dt

from jhro_tui.services.detention import detainees, facilities, overview, visits
from jhro_tui.services.detention.forms import DetaineeForm, FacilityForm, StepForm, VisitForm
from jhro_tui.services.justice import sessions as justice_sessions
from jhro_tui.services.justice.forms import SessionForm
from tests.conftest import OFFICER, VaultDir
from tests.ui.support import FROZEN_TODAY


def munzenze_and_a_session(vault: VaultDir) -> None:
    session = vault.login(OFFICER)
    try:
        facilities.add_facility(session, FacilityForm(
            "Prison centrale de Munzenze", "prison", "CD-NK", "", "Goma", capacity=150))
        justice_sessions.open_session(session, SessionForm(
            "MOBILE.TMG", "CD-NK", FROZEN_TODAY - dt.timedelta(days=3),
            FROZEN_TODAY - dt.timedelta(days=1), locality="Kiwanja"))
    finally:
        session.close()


def office_at_work(vault: VaultDir) -> None:
    """Two facilities, three detainees (one over the custody limit by hours, one over a
    warrant by days, one released by a mobile court), two visits (one refused)."""
    munzenze_and_a_session(vault)
    session = vault.login(OFFICER)
    try:
        cachot = facilities.add_facility(session, FacilityForm(
            "Cachot de la police, Himbi", "police_cell", "CD-NK", "", "Goma", capacity=12))
        prison = next(view for view in overview.overview(session).facilities
                      if view.name.startswith("Prison"))
        court = justice_sessions.sessions(session)[0]
        detainees.add_detainee(session, DetaineeForm(
            cachot.id, "male", "adult", arrested_on=FROZEN_TODAY - dt.timedelta(days=3),
            arrested_time=dt.time(10, 0)))
        warrant = detainees.add_detainee(session, DetaineeForm(
            prison.id, "female", "adult", arrested_on=FROZEN_TODAY - dt.timedelta(days=20),
            arrested_time=dt.time(9, 0)))
        detainees.add_step(session, warrant.id, StepForm(
            "warrant", FROZEN_TODAY - dt.timedelta(days=19)))
        freed = detainees.add_detainee(session, DetaineeForm(
            prison.id, "male", "child", arrested_on=FROZEN_TODAY - dt.timedelta(days=6)))
        detainees.add_step(session, freed.id, StepForm(
            "release", FROZEN_TODAY - dt.timedelta(days=2), basis="mobile_session",
            session_id=court.id))
        visits.add_visit(session, VisitForm(cachot.id, FROZEN_TODAY - dt.timedelta(days=1),
                                            "refused"))
        visits.add_visit(session, VisitForm(prison.id, FROZEN_TODAY - dt.timedelta(days=5),
                                            "full", men=120, women=9, boys=3, girls=0))
    finally:
        session.close()
