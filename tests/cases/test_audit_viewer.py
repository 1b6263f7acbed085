"""The audit viewer's service: who sees which events, the filters, the pages, the check."""

from __future__ import annotations

import datetime as dt

import pytest

from jhro_tui.errors import PermissionDenied, ValidationError
from jhro_tui.security.vault import Vault
from jhro_tui.services import audit_view, cases, listing
from jhro_tui.services.audit_view import AuditQuery, check_chain, find_events, list_events

from .conftest import World

GOMA = {"olga", "oscar", "sue", "sid"}


def seen(world: World, name: str, query: AuditQuery | None = None
         ) -> list[audit_view.AuditEventView]:
    """Every event ``name`` sees for ``query``, page by page (keyset), newest first."""
    session = world.login(name)
    found = find_events(session, query or AuditQuery(), limit=20)
    events = list(found.events)
    while events and len(events) < found.count:
        page = list_events(session, query or AuditQuery(), before=events[-1].seq, limit=20)
        if not page:
            break
        events += page
    return events


@pytest.fixture
def two_offices(world: World) -> World:
    """A Goma case of olga, shared by sue with bea (Bukavu), who opens it; a Bukavu case of
    bea."""
    goma = world.make_case("olga")
    session = world.login("sue")
    cases.share_case(session, goma.case, "bea")
    world.make_case("bea", title="Bukavu case")
    session = world.login("bea")
    cases.get_case(session, goma.case)
    world.goma_reference = goma.reference  # type: ignore[attr-defined]
    return world


def test_a_supervisor_sees_the_office_accounts_and_cases_and_nothing_else(
        two_offices: World) -> None:
    reference = two_offices.goma_reference  # type: ignore[attr-defined]
    events = seen(two_offices, "sue")
    assert {event.account for event in events} - {"bea"} <= GOMA
    # bea's only events shown are on the Goma case she was shared.
    assert {(event.action, event.object) for event in events if event.account == "bea"} \
        == {("case.view", f"case:{reference}")}
    # Bukavu's supervisor sees bea's own case, and nothing of olga's.
    bukavu = seen(two_offices, "sam")
    assert "olga" not in {event.account for event in bukavu}
    assert any(event.account == "bea" and event.action == "case.create" for event in bukavu)
    assert not any(event.object == f"case:{reference}" and event.account != "bea"
                   for event in bukavu)


def test_an_admin_sees_every_event_but_no_words_typed_about_cases(world: World) -> None:
    world.make_case("olga")
    listing.find_cases(world.login("olga"), listing.CaseQuery(text="Bahati"))
    events = seen(world, "admin")
    assert {"olga", "admin"} <= {event.account for event in events}
    searched = next(event for event in events if event.action == "case.list"
                    and event.account == "olga")
    assert searched.withheld and searched.detail == ""
    # The office's supervisor may see the cases searched: the words are shown.
    supervised = next(event for event in seen(world, "sue") if event.action == "case.list"
                      and event.account == "olga")
    assert "Bahati" in supervised.detail and not supervised.withheld


def test_an_officer_is_refused_and_the_refusal_is_audited(world: World) -> None:
    session = world.login("olga")
    with pytest.raises(PermissionDenied):
        find_events(session, AuditQuery())
    with pytest.raises(PermissionDenied):
        check_chain(session)
    assert world.audit("audit.view")[-1] == ("olga", "audit.view", "audit", "role=officer",
                                             "denied")
    assert world.audit("audit.check")[-1][-1] == "denied"


def test_opening_the_viewer_is_audited_with_its_filters(world: World) -> None:
    find_events(world.login("sue"), AuditQuery(account="olga", action="case.*"))
    assert world.audit("audit.view")[-1] == (
        "sue", "audit.view", "audit", '{"account": "olga", "action": "case.*"}', "ok")


def test_filters_by_account_action_case_and_period(world: World, today: dt.date) -> None:
    made = world.make_case("olga")
    world.make_case("oscar", title="Another")
    by_oscar = seen(world, "sue", AuditQuery(account="oscar"))
    assert by_oscar and {event.account for event in by_oscar} == {"oscar"}
    created = seen(world, "sue", AuditQuery(action="case.create"))
    assert {event.account for event in created} == {"olga", "oscar"}
    assert {event.action for event in created} == {"case.create"}
    consents = seen(world, "sue", AuditQuery(action="consent.*"))
    assert consents and {event.action for event in consents} == {"consent.record"}
    # A reference as typed: lower case, with or without its "case:".
    for typed in (made.reference.lower(), f"case:{made.reference}"):
        on_case = seen(world, "sue", AuditQuery(case=typed))
        assert on_case and {event.object for event in on_case} == {f"case:{made.reference}"}
    assert seen(world, "sue", AuditQuery(account="oscar", date_from=today, date_to=today))
    yesterday = today - dt.timedelta(days=1)
    assert seen(world, "sue", AuditQuery(date_to=yesterday)) == []
    assert seen(world, "sue", AuditQuery(date_from=today + dt.timedelta(days=1))) == []


def test_an_unknown_account_or_a_reversed_period_is_a_clear_message(world: World,
                                                                    today: dt.date) -> None:
    session = world.login("sue")
    with pytest.raises(ValidationError) as unknown:
        find_events(session, AuditQuery(account="nobody"))
    assert unknown.value.field == "account"
    assert "nobody" in unknown.value.message()
    with pytest.raises(ValidationError) as reversed_period:
        find_events(session, AuditQuery(date_from=today, date_to=today - dt.timedelta(1)))
    assert reversed_period.value.field == "date_to"


def test_pages_are_stable_while_events_are_written(world: World,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    session = world.login("sue")
    for number in range(120):
        session.audit("test.event", f"test:{number}")
    query = AuditQuery(action="test.event")
    found = find_events(session, query, limit=50)
    assert (found.count, found.more) == (120, False)
    for number in range(30):  # written after the first page was read
        session.audit("test.event", f"test:new{number}")
    second = list_events(session, query, before=found.events[-1].seq, limit=50)
    third = list_events(session, query, before=second[-1].seq, limit=50)
    seqs = [event.seq for event in (*found.events, *second, *third)]
    assert len(seqs) == 120 == len(set(seqs))
    assert seqs == sorted(seqs, reverse=True)
    assert {event.object for event in third} >= {"test:0"}
    # A count stops at the cap; the rest is counted from the last row on.
    monkeypatch.setattr(audit_view, "COUNT_CAP", 100)
    capped = find_events(session, query, limit=10)
    assert (capped.count, capped.more) == (100, True)
    assert audit_view.count_events(session, query, capped.events[-1].seq) == (100, True)
    assert audit_view.count_events(session, query, seqs[-10]) == (9, False)


def test_the_chain_check_reports_intact_with_its_progress(world: World) -> None:
    session = world.login("sue")
    for number in range(30):
        session.audit("test.event", f"test:{number}")
    steps: list[audit_view.ChainCheck] = []
    progress = None
    while progress is None or not progress.done:
        progress = check_chain(session, progress, stretch=10)
        steps.append(progress)
    assert len(steps) > 3
    fractions = [step.fraction for step in steps]
    assert fractions == sorted(fractions) and 0 < fractions[0] < 1 and fractions[-1] == 1
    assert progress.report is not None and progress.report.intact
    assert [row[3] for row in world.audit("audit.check")] == [
        "started", f"intact length={progress.report.length}"]


def test_the_chain_check_names_a_tampered_event(world: World) -> None:
    world.make_case("olga")
    world.close()
    # An insider with the database key edits an event: no audit, no anchor.
    opened = Vault.open(world.paths, _roots(world))
    try:
        with opened.db.atomic():
            opened.db.execute_sql("UPDATE audit_event SET detail = 'nothing' WHERE seq = 5")
        opened.checkpoint()
    finally:
        opened.close()
    session = world.login("admin")
    progress = None
    while progress is None or not progress.done:
        progress = check_chain(session, progress, stretch=3)
    assert progress.report is not None
    assert (progress.report.problem, progress.report.seq) == ("edited", 5)
    assert world.audit("audit.check")[-1] == ("admin", "audit.check", "audit",
                                              "edited seq=5", "failed")


def _roots(world: World) -> list[bytearray]:
    from jhro_tui.security.keyring import Keyring

    from .conftest import PASSPHRASE

    unlocked = Keyring.load(world.paths.keyring).unlock("admin", PASSPHRASE)
    try:
        return [bytearray(root) for root in unlocked.roots]
    finally:
        unlocked.wipe()


@pytest.mark.parametrize("query", [
    AuditQuery(), AuditQuery(account="olga"), AuditQuery(action="case.view"),
    AuditQuery(action="case.*"), AuditQuery(case="GOM-2026-0001"),
    AuditQuery(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31)),
    AuditQuery(account="olga", action="case.view", date_from=dt.date(2026, 1, 1)),
])
@pytest.mark.parametrize("office", [None, "Goma"])
def test_every_page_is_read_in_the_order_of_an_index_never_sorted(
        world: World, query: AuditQuery, office: str | None) -> None:
    """SQLite, left to choose, scanned the object index and sorted the whole trail (18 s
    for 2,000,000 events): each query names the index it walks, in ``seq`` order."""
    session = world.login("sue")
    session.audit("test.event", "", "")  # a period with an event: bounds to walk within
    found = audit_view.statement(query, office, dt.UTC)
    for before in (None, 10_000):
        sql, params = audit_view.page_statement(found, before, 0, 100)
        plan = " / ".join(row[3] for row in session.vault.db.execute_sql(
            "EXPLAIN QUERY PLAN " + sql, params).fetchall())
        walk = plan.split(" / ")[0]
        assert "TEMP B-TREE" not in plan, plan
        # A walk of the table in seq order, or a search by the index named for the query;
        # never a scan of an index (the whole trail read in that index's order).
        assert walk.startswith(("SCAN audit_event", "SEARCH audit_event")), plan
        assert not walk.startswith("SCAN audit_event USING"), plan
