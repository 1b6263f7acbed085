"""Detention monitoring services: facilities, visits (a refusal opens its case), detainees
and their legal timeline, the flag and an officer's word on it, releases counted in a
mobile court session's figures; one visibility rule (the office that monitors the
facility), audit rows, validation, conflicts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest

from jhro_tui.errors import Conflict, PermissionDenied, ValidationError
from jhro_tui.services import cases
from jhro_tui.services.detention import detainees, facilities, overview, visits
from jhro_tui.services.detention.forms import (
    DetaineeForm,
    FacilityForm,
    ReviewForm,
    StepForm,
    VisitForm,
)
from jhro_tui.services.forms import FollowUpForm
from jhro_tui.services.home import home_summary
from jhro_tui.services.justice import figures, sessions
from jhro_tui.services.justice.forms import SessionForm
from jhro_tui.services.session import Session
from jhro_tui.store.models import utc_now

from .conftest import World

MUNZENZE = FacilityForm("Prison centrale de Munzenze", "prison", "CD-NK", "CD-NK.V_GOMA",
                        "Goma", "Service pénitentiaire", 150)
CACHOT = FacilityForm("Cachot de l'ANR", "intelligence", "CD-NK", "", "Goma")


@pytest.fixture
def goma(world: World) -> World:
    world.settings = dataclasses.replace(world.settings, time_zone="Africa/Lubumbashi")
    return world


def ago(days: float) -> tuple[dt.date, dt.time]:
    """A day and an hour on Goma's clock, ``days`` before now."""
    moment = (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).astimezone(
        dt.timezone(dt.timedelta(hours=2)))
    return moment.date(), moment.time().replace(second=0, microsecond=0)


def held_since(world: World, days: float, facility_id: int, **values: object) -> int:
    on, at = ago(days)
    view = detainees.add_detainee(world.login("olga"), DetaineeForm(
        facility_id, "male", "adult", name="Kambale Muhindo", arrested_on=on,
        arrested_time=at, **values))  # type: ignore[arg-type]
    return view.id


def test_a_detainee_in_custody_past_48_hours_is_flagged_and_counted(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    within = held_since(goma, 1.5, prison.id)
    past = held_since(goma, 3, prison.id)
    sue = goma.login("sue")
    seen = overview.overview(sue)
    assert [row.id for row in seen.past_limit] == [past]
    assert seen.past_limit[0].lapsed_step == "custody"
    assert seen.past_limit[0].over > dt.timedelta(hours=23)
    assert seen.facilities[0].held == 2 and seen.facilities[0].past_limit == 1
    assert home_summary(sue).held_past_limit == 1
    view = detainees.detainee(sue, within)
    assert view.now.lawful and view.now.basis is not None
    assert goma.audit("detention.view")[-1][:3] == ("sue", "detention.view", "detention")


def test_a_warrant_then_an_order_give_a_basis_and_a_release_ends_it(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    detainee_id = held_since(goma, 20, prison.id)
    warrant_on, _ = ago(19)
    detainees.add_step(goma.login("olga"), detainee_id, StepForm("warrant", warrant_on))
    order_on, _ = ago(10)
    view = detainees.add_step(goma.current, detainee_id,  # type: ignore[arg-type]
                              StepForm("order", order_on))
    assert view.now.lawful and view.now.basis is not None
    assert view.now.basis.kind == "order"
    released_on, _ = ago(1)
    view = detainees.add_step(goma.current, detainee_id,  # type: ignore[arg-type]
                              StepForm("release", released_on, basis="court_order"))
    assert not view.now.held and view.released_at is not None
    assert overview.overview(goma.login("sue")).past_limit == ()


def test_the_timeline_refuses_what_cannot_be(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    detainee_id = held_since(goma, 10, prison.id)
    olga = goma.login("olga")
    before_arrest, _ = ago(12)
    with pytest.raises(ValidationError, match="before the arrest"):
        detainees.add_step(olga, detainee_id, StepForm("release", before_arrest,
                                                       basis="bail"))
    with pytest.raises(ValidationError, match="needs a pre-trial detention order"):
        detainees.add_step(olga, detainee_id, StepForm("extension", ago(2)[0]))
    with pytest.raises(ValidationError, match="future"):
        detainees.add_step(olga, detainee_id, StepForm("warrant", ago(-2)[0]))
    with pytest.raises(ValidationError, match="future"):
        visits.add_visit(olga, VisitForm(prison.id, ago(-2)[0], "full"))
    with pytest.raises(ValidationError, match="convicted"):
        detainees.add_step(olga, detainee_id, StepForm("sentence", ago(1)[0], months=6))
    detainees.add_step(olga, detainee_id, StepForm("release", ago(1)[0], basis="escape"))
    with pytest.raises(ValidationError, match="nothing follows a release"):
        detainees.add_step(olga, detainee_id, StepForm("warrant", ago(0.5)[0]))
    assert [step.kind for step in detainees.detainee(olga, detainee_id).steps] == [
        "arrest", "release"]


def test_an_officer_confirms_or_overrides_the_flag_with_a_reason_audited(goma: World
                                                                          ) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    detainee_id = held_since(goma, 5, prison.id)
    olga = goma.login("olga")
    version = detainees.detainee(olga, detainee_id).version
    with pytest.raises(ValidationError, match="Say why"):
        detainees.review_flag(olga, detainee_id, ReviewForm("overridden", " "),
                              expected_version=version)
    view = detainees.review_flag(olga, detainee_id, ReviewForm(
        "overridden", "Order seen at the registry, not yet in the file"),
        expected_version=version)
    assert view.review == "overridden" and not view.flagged and view.now.past_limit
    assert overview.overview(olga).past_limit == ()
    assert goma.audit("detainee.review")[-1][3] == "review=overridden"
    with pytest.raises(Conflict):
        detainees.review_flag(olga, detainee_id, ReviewForm("confirmed", "again"),
                              expected_version=version)
    # A new fact that moves the limit clears the word given on the old one.
    view = detainees.add_step(olga, detainee_id, StepForm("warrant", ago(4)[0]))
    assert view.review == ""


def test_a_release_by_a_mobile_court_session_counts_in_its_figures(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    first = held_since(goma, 40, prison.id)
    second = held_since(goma, 30, prison.id)
    olga = goma.login("olga")
    start, _ = ago(10)
    session = sessions.open_session(olga, SessionForm(
        "MOBILE.TGI", "CD-NK", start, start + dt.timedelta(days=5), "CD-NK.MASISI",
        "Masisi"))
    for detainee_id in (first, second):
        detainees.add_step(olga, detainee_id, StepForm(
            "release", start + dt.timedelta(days=2), basis="mobile_session",
            session_id=session.id))
    _view, counted = figures.session_figures(olga, session.id)
    assert counted.values["released"] == 2
    behind = figures.behind(olga, session.id, "released")
    assert sorted(row.accused_code for row in behind) == ["D-0001", "D-0002"]
    sue = goma.login("sue")
    printed = overview.report(sue, start, ago(0)[0])
    assert printed.releases["mobile_session"] == 2
    assert [(line.session.id, line.released) for line in printed.sessions] == [
        (session.id, 2)]
    with pytest.raises(ValidationError, match="before the session began"):
        third = held_since(goma, 30, prison.id)
        detainees.add_step(goma.login("olga"), third, StepForm(
            "release", start - dt.timedelta(days=1), basis="mobile_session",
            session_id=session.id))


def test_a_refused_visit_opens_its_case_with_one_call(goma: World) -> None:
    olga = goma.login("olga")
    cachot = facilities.add_facility(olga, CACHOT)
    day, _ = ago(1)
    visit = visits.add_visit(olga, VisitForm(cachot.id, day, "refused", ("oscar",),
                                             notes="Refused at the gate by the duty officer"))
    assert visit.officers == ("olga", "oscar")
    case_id = visits.open_case_for_refusal(olga, visit.id)
    detail = cases.get_case(olga, case_id)
    assert detail.status == "draft" and "Cachot de l'ANR" in detail.title
    assert [v.type_code for v in detail.violations] == ["LIBERTY.MONITORING_ACCESS_REFUSED"]
    assert detail.incidents[0].locality == "Goma"
    assert visits.visit(olga, visit.id).case_id == case_id
    with pytest.raises(ValidationError, match="already open"):
        visits.open_case_for_refusal(olga, visit.id)
    full = visits.add_visit(olga, VisitForm(cachot.id, day, "full", men=12, women=3))
    with pytest.raises(ValidationError, match="not refused"):
        visits.open_case_for_refusal(olga, full.id)


def test_a_visit_follow_up_is_the_follow_up_kind_on_the_home_screen(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    visit = visits.add_visit(olga, VisitForm(prison.id, ago(1)[0], "partial",
                                             conditions=("overcrowding", "water")))
    task = visits.add_visit_follow_up(olga, visit.id, FollowUpForm(
        "Ask the prosecutor for the files of the pre-trial detainees", ago(-3)[0]))
    home = home_summary(olga)
    assert [(item.id, item.visit_id, item.case_id) for item in home.follow_ups_due] == [
        (task.id, visit.id, None)]
    assert [item.id for item in home_summary(goma.login("sue")).follow_ups_due] == [task.id]
    done = visits.complete_visit_follow_up(goma.login("olga"), task.id,
                                           expected_version=task.version)
    assert done.done_at is not None and visits.visit(goma.current, visit.id  # type: ignore
                                                     ).follow_ups[0].done_at is not None


def test_another_office_and_an_administrator_see_nothing(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    detainee_id = held_since(goma, 5, prison.id)
    visit = visits.add_visit(goma.login("olga"), VisitForm(prison.id, ago(1)[0], "full"))
    bea = goma.login("bea")
    assert overview.overview(bea).facilities == ()
    for call in (lambda: detainees.detainee(bea, detainee_id),
                 lambda: visits.visit(bea, visit.id),
                 lambda: detainees.add_step(bea, detainee_id, StepForm("warrant", ago(1)[0]))):
        with pytest.raises(PermissionDenied):
            call()
    with pytest.raises(ValidationError, match="facility your office monitors"):
        visits.add_visit(bea, VisitForm(prison.id, ago(1)[0], "full"))
    with pytest.raises(PermissionDenied):
        overview.overview(goma.login("admin"))
    assert goma.audit("detainee.view")[-1][4] == "denied"


def test_identity_is_for_the_detainees_officer_and_the_supervisor_only(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    detainee_id = held_since(goma, 1, prison.id)
    assert detainees.detainee(goma.login("olga"), detainee_id).name == ""
    assert detainees.detainee(goma.current, detainee_id,  # type: ignore[arg-type]
                              reveal=True).name == "Kambale Muhindo"
    assert detainees.detainee(goma.login("sue"), detainee_id, reveal=True).name
    oscar = goma.login("oscar")
    assert detainees.detainee(oscar, detainee_id).identity_restricted
    with pytest.raises(PermissionDenied):
        detainees.detainee(oscar, detainee_id, reveal=True)
    assert [row[0] for row in goma.audit("detainee.identity.view")] == ["olga", "sue",
                                                                         "oscar"]


def test_only_the_supervisor_removes_and_a_facility_in_use_stays(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    detainee_id = held_since(goma, 1, prison.id)
    olga = goma.login("olga")
    version = detainees.detainee(olga, detainee_id).version
    with pytest.raises(PermissionDenied):
        detainees.remove_detainee(olga, detainee_id, expected_version=version)
    sue = goma.login("sue")
    with pytest.raises(ValidationError, match="cannot be removed"):
        facilities.remove_facility(sue, prison.id, expected_version=prison.version)
    detainees.remove_detainee(sue, detainee_id, expected_version=version)
    facilities.remove_facility(sue, prison.id, expected_version=prison.version)
    assert overview.overview(sue).facilities == ()


def test_a_facility_edit_on_a_stale_version_is_a_conflict(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    facilities.update_facility(olga, prison.id, dataclasses.replace(MUNZENZE, capacity=300),
                               expected_version=prison.version)
    with pytest.raises(Conflict):
        facilities.update_facility(olga, prison.id, dataclasses.replace(MUNZENZE, capacity=1),
                                   expected_version=prison.version)
    with pytest.raises(ValidationError, match="not in the province"):
        facilities.add_facility(olga, dataclasses.replace(MUNZENZE,
                                                          territory_code="CD-SK.KALEHE"))


def test_a_transfer_moves_the_detainee_and_the_report_counts_the_past_as_it_stood(
        goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    cachot = facilities.add_facility(olga, CACHOT)
    detainee_id = held_since(goma, 30, cachot.id)
    olga = goma.login("olga")
    view = detainees.add_step(olga, detainee_id, StepForm("transfer", ago(20)[0],
                                                          facility_id=prison.id))
    assert view.facility_id == prison.id
    detainees.add_step(olga, detainee_id, StepForm("order", ago(10)[0]))
    sue = goma.login("sue")
    # 25 days ago: held at the cachot, past the 48 hours of custody, no order yet.
    then = overview.report(sue, ago(40)[0], ago(25)[0])
    assert {line.facility.name: (line.held, line.past_limit) for line in then.by_facility
            } == {"Cachot de l'ANR": (1, 1), "Prison centrale de Munzenze": (0, 0)}
    now = overview.report(sue, ago(5)[0], ago(0)[0])
    assert {line.facility.name: (line.held, line.past_limit) for line in now.by_facility
            } == {"Cachot de l'ANR": (0, 0), "Prison centrale de Munzenze": (1, 0)}
    assert utc_now() > dt.datetime(2026, 1, 1)  # noqa: DTZ001


# --- the permission matrix ----------------------------------------------------------------

DETENTION_TABLES = ("facility", "detention_visit", "visit_officer", "detainee",
                    "detention_step", "follow_up", "case_file")


def snapshot(world: World) -> tuple[object, ...]:
    assert world.current is not None
    db = world.current.vault.db
    return tuple(db.execute_sql(f"SELECT count(*), max(version) FROM {table}").fetchone()
                 if table not in ("visit_officer",) else
                 db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()
                 for table in DETENTION_TABLES)


@dataclasses.dataclass(frozen=True)
class Monitored:
    facility: int
    visit: int
    detainee: int
    task: int


@pytest.fixture
def monitored(goma: World) -> Monitored:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    visit = visits.add_visit(olga, VisitForm(prison.id, ago(1)[0], "refused"))
    task = visits.add_visit_follow_up(olga, visit.id, FollowUpForm("Write to the prosecutor",
                                                                   ago(-2)[0]))
    detainee_id = held_since(goma, 5, prison.id)
    return Monitored(prison.id, visit.id, detainee_id, task.id)


def _v(model: str, row_id: int) -> int:
    from jhro_tui.store import models

    return int(getattr(models, model).get_by_id(row_id).version)


DOp = Callable[[Session, Monitored], object]
DETENTION_OPS: dict[str, tuple[str, DOp]] = {
    "overview": ("detention.view", lambda s, m: _must_see(overview.overview(s), m)),
    "update_facility": ("facility.update", lambda s, m: facilities.update_facility(
        s, m.facility, dataclasses.replace(MUNZENZE, capacity=200),
        expected_version=_v("Facility", m.facility))),
    "add_visit": ("visit.add", lambda s, m: visits.add_visit(
        s, VisitForm(m.facility, ago(1)[0], "full"))),
    "visit": ("visit.view", lambda s, m: visits.visit(s, m.visit)),
    "open_case_for_refusal": ("visit.open_case",
                              lambda s, m: visits.open_case_for_refusal(s, m.visit)),
    "add_visit_follow_up": ("visit.follow_up.add", lambda s, m: visits.add_visit_follow_up(
        s, m.visit, FollowUpForm("Call the commander", ago(-1)[0]))),
    "complete_visit_follow_up": ("visit.follow_up.done",
                                 lambda s, m: visits.complete_visit_follow_up(
                                     s, m.task, expected_version=_v("FollowUp", m.task))),
    "add_detainee": ("detainee.add", lambda s, m: detainees.add_detainee(
        s, DetaineeForm(m.facility, arrested_on=ago(1)[0]))),
    "detainee": ("detainee.view", lambda s, m: detainees.detainee(s, m.detainee)),
    "add_step": ("detainee.step.add", lambda s, m: detainees.add_step(
        s, m.detainee, StepForm("warrant", ago(1)[0]))),
    "review_flag": ("detainee.review", lambda s, m: detainees.review_flag(
        s, m.detainee, ReviewForm("confirmed", "No order anywhere"),
        expected_version=_v("Detainee", m.detainee))),
}
SUPERVISOR_OPS: dict[str, tuple[str, DOp]] = {
    "remove_visit": ("visit.remove", lambda s, m: visits.remove_visit(
        s, m.visit, expected_version=_v("DetentionVisit", m.visit))),
    "remove_detainee": ("detainee.remove", lambda s, m: detainees.remove_detainee(
        s, m.detainee, expected_version=_v("Detainee", m.detainee))),
}
ONCE = frozenset({"open_case_for_refusal", "add_step", "review_flag"})


def _must_see(seen: overview.DetentionOverview, m: Monitored) -> object:
    if not seen.facilities:
        raise PermissionDenied()
    return seen


@pytest.mark.parametrize("operation", sorted(DETENTION_OPS) + sorted(SUPERVISOR_OPS))
def test_each_detention_service_refuses_other_offices_and_the_administrator(
        goma: World, monitored: Monitored, operation: str) -> None:
    _action, op = {**DETENTION_OPS, **SUPERVISOR_OPS}[operation]
    for name in ("bea", "sam", "admin"):
        session = goma.login(name)
        before = snapshot(goma)
        with pytest.raises((PermissionDenied, ValidationError)) as caught:
            op(session, monitored)
        assert "Munzenze" not in caught.value.message()
        assert snapshot(goma) == before, f"{name} changed something with {operation}"


@pytest.mark.parametrize("operation", sorted(DETENTION_OPS))
def test_each_detention_service_serves_the_offices_officers_and_supervisor(
        goma: World, monitored: Monitored, operation: str) -> None:
    action, op = DETENTION_OPS[operation]
    for name in ("olga", "oscar", "sue"):
        if operation in ONCE and name != "olga":
            continue
        session = goma.login(name)
        audited = len(goma.audit())
        op(session, monitored)
        written = goma.audit()[audited:]
        if operation == "update_facility" and name != "olga":
            assert written == [], "saved again unchanged, yet recorded"
            continue
        assert action in [row[1] for row in written if row[0] == name and row[4] == "ok"]


@pytest.mark.parametrize("operation", sorted(SUPERVISOR_OPS))
def test_removals_are_the_supervisors(goma: World, monitored: Monitored,
                                      operation: str) -> None:
    action, op = SUPERVISOR_OPS[operation]
    olga = goma.login("olga")
    before = snapshot(goma)
    with pytest.raises(PermissionDenied):
        op(olga, monitored)
    assert snapshot(goma) == before
    assert goma.audit()[-1][1:] == (action, goma.audit()[-1][2], "not the office supervisor",
                                    "denied")
    op(goma.login("sue"), monitored)
    assert snapshot(goma) != before


def test_a_step_known_only_to_the_day_of_the_arrest_comes_after_it(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    detainee_id = held_since(goma, 0.1, prison.id)
    arrested_on = detainees.detainee(goma.login("olga"), detainee_id).steps[0].local.date()
    view = detainees.add_step(goma.current, detainee_id,  # type: ignore[arg-type]
                              StepForm("release", arrested_on, basis="bail"))
    assert not view.now.held and view.now.over == dt.timedelta(0)
    assert view.steps[1].at == view.steps[0].at


def test_the_case_file_shows_its_refused_visit_and_linked_detainees(goma: World) -> None:
    made = goma.make_case("olga")
    olga = goma.login("olga")
    cachot = facilities.add_facility(olga, CACHOT)
    visit = visits.add_visit(olga, VisitForm(cachot.id, ago(1)[0], "refused"))
    opened = visits.open_case_for_refusal(olga, visit.id)
    detainees.add_detainee(olga, DetaineeForm(cachot.id, arrested_on=ago(4)[0],
                                              case_reference=made.reference.lower()))
    shown = cases.get_case(goma.login("sue"), made.case).detention
    assert [(item.kind, item.label, item.held, item.past_limit) for item in shown] == [
        ("detainee", "D-0001", True, True)]
    assert [(item.kind, item.on) for item in cases.get_case(goma.current,  # type: ignore
                                                            opened).detention] == [
        ("visit", ago(1)[0])]
    with pytest.raises(ValidationError, match="No case"):
        detainees.add_detainee(goma.login("oscar"), DetaineeForm(
            cachot.id, arrested_on=ago(4)[0], case_reference=made.reference))


def test_a_visit_is_changed(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    made = visits.add_visit(olga, VisitForm(prison.id, ago(3)[0], "partial", men=10))
    changed = visits.update_visit(olga, made.id, dataclasses.replace(
        VisitForm(prison.id, made.visited_on, "refused"), notes="Turned away"),
        expected_version=made.version)
    assert (changed.access, changed.men, changed.notes) == ("refused", None, "Turned away")
    assert changed.version == made.version + 1


def test_a_detainee_is_changed(goma: World) -> None:
    olga = goma.login("olga")
    prison = facilities.add_facility(olga, MUNZENZE)
    detainee_id = held_since(goma, 1, prison.id)
    olga = goma.login("olga")
    made = detainees.detainee(olga, detainee_id, reveal=True)
    on, at = ago(1)
    changed = detainees.update_detainee(olga, detainee_id, DetaineeForm(
        prison.id, "female", "child", name="Furaha Bahati", arrested_on=on, arrested_time=at),
        expected_version=made.version)
    assert (changed.sex, changed.age_group) == ("female", "child")
    assert detainees.detainee(olga, detainee_id, reveal=True).name == "Furaha Bahati"
