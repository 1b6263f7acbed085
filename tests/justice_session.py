"""The mobile court session of the issue, recorded through the services as an office
would: 45 proceedings and appeals heard in 25 days, 9 accused convicted of whom 2 for
sexual violence, 25 detainees released. Shared by the service tests and the screen's."""

from __future__ import annotations

import datetime as dt

from jhro_tui.services.justice import court, proceedings, sessions
from jhro_tui.services.justice.forms import (
    AccusedForm,
    AppealForm,
    JudgmentForm,
    ProceedingForm,
    ReleaseForm,
    SessionForm,
    Verdict,
)
from jhro_tui.services.session import Session

START = dt.date(2026, 3, 2)
RECORDED_ON = START + dt.timedelta(days=30)
"""The services' today while the session is recorded."""
FIGURES = {"first_instance": 40, "appeals": 5, "tried": 45, "convicted": 9,
           "convicted_sv": 2, "acquitted": 26, "released": 25, "days": 25}


def _tried(session: Session, case_id: int, session_id: int, charges: list[str],
           verdict: str, *, appeal_of: int | None = None) -> int:
    """One proceeding of the session about ``case_id`` with one accused facing
    ``charges``, judged ``verdict`` on each ("" leaves it unjudged)."""
    if appeal_of is None:
        made = proceedings.open_proceeding(session, case_id, ProceedingForm(
            "MOBILE.TMG", "CD-SK", "CD-SK.KALEHE", f"RP {case_id}", "trial", START,
            session_id=session_id))
        court.add_accused(session, made.id, AccusedForm(name="Accusé",
                                                        charges=tuple(charges)))
        judged_on = START + dt.timedelta(days=2)
    else:
        made = proceedings.lodge_appeal(session, appeal_of, AppealForm(
            "MOBILE.COUR_MILITAIRE", "CD-SK", START + dt.timedelta(days=3),
            docket="RPA 1"))
        proceedings.update_proceeding(session, made.id, ProceedingForm(
            "MOBILE.COUR_MILITAIRE", "CD-SK", docket="RPA 1", session_id=session_id),
            expected_version=made.version)
        judged_on = START + dt.timedelta(days=10)
    if verdict:
        person = proceedings.get_proceeding(session, made.id).accused[0]
        convicted = verdict == "convicted"
        court.record_judgment(session, person.id, JudgmentForm(
            judged_on, tuple(Verdict(charge.id, verdict) for charge in person.charges),
            "prison" if convicted else "", 60 if convicted else None),
            expected_version=person.version)
    return made.id


def record_issue_session(session: Session, case_id: int) -> int:
    """The session of the issue about a validated case ``case_id`` (call it while the
    services' today is ``RECORDED_ON``); returns the session's id.

    40 first-instance proceedings: 7 convicted (2 of rape, one a war crime), 20 acquitted,
    3 dismissed, 10 not yet judged; 5 appeals of the convictions, 2 upheld."""
    mobile = sessions.open_session(session, SessionForm(
        "MOBILE.TMG", "CD-SK", START, START + dt.timedelta(days=24),
        territory_code="CD-SK.KALEHE", locality="Minova"))
    plan = ([("PENAL.MURDER", "convicted")] * 5
            + [("PENAL.RAPE", "convicted"), ("MILITARY.WAR_CRIME.RAPE", "convicted")]
            + [("PENAL.THEFT", "acquitted")] * 20 + [("PENAL.THEFT", "dismissed")] * 3
            + [("PENAL.THEFT", "")] * 10)
    first = [_tried(session, case_id, mobile.id, [charge], verdict)
             for charge, verdict in plan]
    for number, appealed in enumerate(first[:5]):
        _tried(session, case_id, mobile.id, [], "convicted" if number < 2 else "acquitted",
               appeal_of=appealed)
    for released, basis in ((20, "unlawful_detention"), (5, "acquitted")):
        sessions.record_release(session, mobile.id, ReleaseForm(
            released, START + dt.timedelta(days=24), basis))
    return mobile.id

