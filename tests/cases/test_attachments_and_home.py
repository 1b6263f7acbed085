"""Attachments inside the database, their explicit export, and the start screen."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import stat

import pytest

from jhro_tui.errors import Conflict, DamagedData, PermissionDenied, ValidationError
from jhro_tui.services import cases, forms, victims
from jhro_tui.store.models import Attachment, FollowUp

from .conftest import World


def test_an_attachment_is_stored_with_its_size_and_digest(world: World) -> None:
    made = world.make_case("olga")
    content = b"%PDF-1.4 medical certificate" * 100
    source = world.put("olga", "certificat.pdf", content)
    session = world.login("olga")
    view = cases.add_attachment(session, made.case, source, description="Certificat")
    (world.exchange("olga") / source).unlink()  # the database holds the only copy now
    assert (view.filename, view.size, view.sha256) == (
        "certificat.pdf", len(content), hashlib.sha256(content).hexdigest())
    detail = cases.get_case(session, made.case)
    assert [a.id for a in detail.attachments] == [view.id]
    assert world.audit("attachment.add")[-1][3].endswith(view.sha256)


def test_export_is_explicit_private_and_audited(world: World) -> None:
    made = world.make_case("olga")
    source = world.put("olga", "photo.jpg", b"\xff\xd8 jpeg bytes")
    session = world.login("olga")
    view = cases.add_attachment(session, made.case, source)
    cases.export_attachment(session, view.id, "exported.jpg")
    target = world.exchange("olga") / "exported.jpg"
    assert target.read_bytes() == b"\xff\xd8 jpeg bytes"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    row = world.audit("attachment.export")[-1]
    assert (row[0], row[4]) == ("olga", "ok") and str(target) in row[3]
    target.write_bytes(b"the officer's own file")
    with pytest.raises(ValidationError, match="already exists"):  # never overwritten
        cases.export_attachment(session, view.id, "exported.jpg")
    assert target.read_bytes() == b"the officer's own file"
    assert world.audit("attachment.export")[-1][4] == "failed"


def test_export_by_someone_who_may_not_see_the_case_is_refused(world: World) -> None:
    made = world.make_case("olga")
    source = world.put("olga", "photo.jpg", b"bytes")
    view = cases.add_attachment(world.login("olga"), made.case, source)
    with pytest.raises(PermissionDenied):
        cases.export_attachment(world.login("bea"), view.id, "stolen.jpg")
    assert not (world.exchange("bea") / "stolen.jpg").exists()
    assert world.audit("attachment.export")[-1][4] == "denied"


def test_a_damaged_attachment_is_not_exported(world: World) -> None:
    made = world.make_case("olga")
    source = world.put("olga", "a.txt", b"original")
    session = world.login("olga")
    view = cases.add_attachment(session, made.case, source)
    Attachment.update(content=b"tampered").where(Attachment.id == view.id).execute()
    with pytest.raises(DamagedData):
        cases.export_attachment(session, view.id, "b.txt")
    assert not (world.exchange("olga") / "b.txt").exists()
    assert world.audit("attachment.export")[-1][4] == "failed"


def test_an_attachment_added_by_mistake_is_removed_and_the_removal_audited(
        world: World) -> None:
    made = world.make_case("olga")
    source = world.put("olga", "wrong-victim.pdf", b"another case's medical report")
    view = cases.add_attachment(world.login("olga"), made.case, source)
    with pytest.raises(PermissionDenied):
        cases.remove_attachment(world.login("bea"), view.id)  # another office
    assert world.audit("attachment.remove")[-1][4] == "denied"
    assert Attachment.select().count() == 1

    session = world.login("olga")
    cases.remove_attachment(session, view.id)
    assert cases.get_case(session, made.case).attachments == ()
    assert Attachment.select().count() == 0
    assert world.audit("attachment.remove")[-1][2:] == (
        f"case:{made.reference}", f"attachment={view.id} size={view.size} sha256={view.sha256}",
        "ok")


def test_home_shows_open_cases_follow_ups_and_protection_reviews(world: World) -> None:
    today = dt.datetime.now(dt.UTC).date()
    made = world.make_case("olga")
    other = world.make_case("oscar", title="Oscar's")
    session = world.login("olga")
    with world.planned_on(today - dt.timedelta(days=10)):
        overdue = cases.add_follow_up(session, made.case, forms.FollowUpForm(
            "Collect certificate", today - dt.timedelta(days=3)))
        done = cases.add_follow_up(session, made.case, forms.FollowUpForm(
            "Done already", today - dt.timedelta(days=9)))
    cases.add_follow_up(session, made.case, forms.FollowUpForm("Call back", today))
    cases.add_follow_up(session, made.case, forms.FollowUpForm(
        "Much later", today + dt.timedelta(days=60)))
    cases.complete_follow_up(session, done.id, expected_version=done.version)
    victims.review_protection(session, made.victim, forms.ProtectionForm(
        "high", "Safe house", today + dt.timedelta(days=2)), expected_version=1)
    home = cases.home_summary(session)
    assert [c.id for c in home.open_cases] == [made.case] and home.open_case_count == 1
    assert [f.description for f in home.follow_ups_overdue] == ["Collect certificate"]
    assert [f.description for f in home.follow_ups_due] == ["Call back"]
    assert home.follow_ups_overdue[0].id == overdue.id
    assert {f.case_id for f in (*home.follow_ups_overdue, *home.follow_ups_due)} == {made.case}
    assert [(r.victim_code, r.risk_level) for r in home.protection_reviews_due] == [
        ("V01", "high")]
    assert home.to_validate == ()
    assert FollowUp.get_by_id(done.id).done_by_id is not None
    # The supervisor sees what waits for validation in the office.
    from jhro_tui.services import workflow

    workflow.submit(world.login("oscar"), other.case,
                    expected_version=world.version(other.case))
    supervisor_home = cases.home_summary(world.login("sue"))
    assert [c.id for c in supervisor_home.to_validate] == [other.case]
    assert [r.victim_code for r in supervisor_home.protection_reviews_due] == ["V01"]
    assert cases.home_summary(world.login("sam")).to_validate == ()


def test_a_follow_up_is_put_off_and_handed_over_to_someone_who_may_work_on_the_case(
        world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    today = dt.datetime.now(dt.UTC).date()
    with world.planned_on(today - dt.timedelta(days=10)):
        task = cases.add_follow_up(session, made.case, forms.FollowUpForm(
            "Visit the detention centre", today - dt.timedelta(days=3)))
    later = forms.FollowUpForm("Visit the detention centre with the prosecutor",
                               today + dt.timedelta(days=3), assigned_to="oscar")
    with pytest.raises(ValidationError) as refused:  # oscar cannot see olga's case
        cases.update_follow_up(session, task.id, later, expected_version=task.version)
    assert refused.value.field == "assigned_to"
    assert FollowUp.get_by_id(task.id).due_on == today - dt.timedelta(days=3)

    moved = cases.update_follow_up(session, task.id,
                                   dataclasses.replace(later, assigned_to="sue"),
                                   expected_version=task.version)
    assert (moved.description, moved.due_on, moved.assigned_to, moved.version) == (
        "Visit the detention centre with the prosecutor", today + dt.timedelta(days=3),
        "sue", task.version + 1)
    assert not moved.overdue(today)
    assert world.audit("follow_up.update")[-1][2:] == (
        f"case:{made.reference}", f"follow_up={task.id}", "ok")
    with pytest.raises(Conflict):
        cases.update_follow_up(session, task.id, later, expected_version=task.version)
    # Handed over, it is on the home screen of whoever does it now, and no longer on olga's.
    assert [f.id for f in cases.home_summary(session).follow_ups_due] == []
    assert [f.id for f in cases.home_summary(world.login("sue")).follow_ups_due] == [task.id]
