"""Who may call which case service: a matrix of services against roles.

For every service, the assigned officer, an officer the case is shared with and the
office supervisor succeed; another officer of the same office, the supervisor of another
office and the administrator get ``PermissionDenied``, an audited refusal, an unchanged
database, and a message that names nothing of the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from jhro_tui.errors import PermissionDenied
from jhro_tui.services import cases, forms, records, victims, workflow
from jhro_tui.services.access import NotAvailable
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.listing import find_cases
from jhro_tui.services.session import Session
from jhro_tui.services.views import CaseDetail, VictimView, ViolationView
from jhro_tui.store.models import Case, Incident, Perpetrator, Victim, Violation

from .conftest import Made, World

TABLES = ("case_file", "incident", "violation", "victim", "consent", "victim_violation",
          "perpetrator", "perpetrator_involvement", "source", "referral", "follow_up",
          "note", "attachment", "case_share", "case_status_change", "case_snapshot")

Op = Callable[[Session, Made, World], object]


def fingerprint(world: World) -> tuple[object, ...]:
    """Every case table's row count and its most recent change, audit trail excluded."""
    assert world.current is not None
    db = world.current.vault.db
    counts = tuple(db.execute_sql(f"SELECT count(*) FROM {table}").fetchone()[0]
                   for table in TABLES)
    stamps = tuple(db.execute_sql(f"SELECT max(updated_at), max(version) FROM {table}")
                   .fetchone() for table in ("case_file", "incident", "victim", "violation",
                                             "perpetrator", "source"))
    return counts + stamps


def _version(model: type, row_id: int) -> int:
    return int(model.get_by_id(row_id).version)  # type: ignore[attr-defined]


def _attachment(world: World) -> str:
    for account in ("olga", "oscar", "bea", "sue", "sid", "sam", "admin"):
        world.put(account, "statement.txt", b"witness statement")
    return "statement.txt"


OPS: dict[str, Op] = {
    "get_case": lambda s, m, w: cases.get_case(s, m.case),
    "update_case": lambda s, m, w: cases.update_case(
        s, m.case, forms.CaseForm("New title", province_code="CD-SK"),
        expected_version=_version(Case, m.case)),
    "add_incident": lambda s, m, w: records.add_incident(
        s, m.case, forms.IncidentForm(PartialDate.parse("2023"), "CD-NK")),
    "update_incident": lambda s, m, w: records.update_incident(
        s, m.incident, forms.IncidentForm(PartialDate.parse("2023-05"), "CD-SK"),
        expected_version=_version(Incident, m.incident)),
    "add_violation": lambda s, m, w: records.add_violation(
        s, m.incident, forms.ViolationForm("LIFE.SUMMARY_EXECUTION")),
    "update_violation": lambda s, m, w: records.update_violation(
        s, m.violation, forms.ViolationForm("SGBV.SEXUAL_SLAVERY"),
        expected_version=_version(Violation, m.violation)),
    "set_verification": lambda s, m, w: records.set_verification(
        s, m.violation, "credible", expected_version=_version(Violation, m.violation)),
    "link_victim": lambda s, m, w: records.link_victim(s, m.violation, m.victim, "indirect"),
    "add_perpetrator": lambda s, m, w: records.add_perpetrator(
        s, m.case, forms.PerpetratorForm("STATE.FARDC", unit="3411e régiment")),
    "update_perpetrator": lambda s, m, w: records.update_perpetrator(
        s, m.perpetrator, forms.PerpetratorForm("ARMED_GROUP.ADF"),
        expected_version=_version(Perpetrator, m.perpetrator)),
    "link_perpetrator": lambda s, m, w: records.link_perpetrator(
        s, m.violation, m.perpetrator, "ordered"),
    "add_source": lambda s, m, w: records.add_source(
        s, m.case, forms.SourceForm("witness", "B", 2, dt.date(2024, 4, 1))),
    "add_victim": lambda s, m, w: victims.add_victim(s, m.case, forms.VictimForm(sex="male")),
    "update_victim": lambda s, m, w: victims.update_victim(
        s, m.victim, forms.VictimForm(code="V01", sex="female", age=25),
        expected_version=_version(Victim, m.victim)),
    "review_protection": lambda s, m, w: victims.review_protection(
        s, m.victim, forms.ProtectionForm("high", "relocated", dt.date(2030, 1, 1)),
        expected_version=_version(Victim, m.victim)),
    "give_consent": lambda s, m, w: victims.give_consent(s, m.victim, "justice"),
    "revoke_consent": lambda s, m, w: (victims.give_consent(s, m.victim, "statistics"),
                                       victims.revoke_consent(s, m.victim, "statistics")),
    "add_referral": lambda s, m, w: victims.add_referral(
        s, m.victim, forms.ReferralForm("PSYCHOSOCIAL", "Panzi")),
    "add_note": lambda s, m, w: cases.add_note(s, m.case, "Visite de suivi."),
    "add_follow_up": lambda s, m, w: cases.add_follow_up(
        s, m.case, forms.FollowUpForm("Call back", dt.date(2030, 1, 1))),
    "add_attachment": lambda s, m, w: cases.add_attachment(s, m.case, _attachment(w)),
    "submit": lambda s, m, w: workflow.submit(s, m.case,
                                              expected_version=_version(Case, m.case)),
}
SHARED_ALLOWED = ("olga", "bea", "sue")
DENIED = ("oscar", "sam", "admin")


@pytest.fixture
def shared_case(world: World) -> Made:
    made = world.make_case("olga")
    cases.share_case(world.login("sue"), made.case, "bea")
    return made


@pytest.mark.parametrize("operation", sorted(OPS))
def test_each_service_refuses_whoever_may_not_see_the_case(world: World, shared_case: Made,
                                                           operation: str) -> None:
    op = OPS[operation]
    for name in DENIED:
        session = world.login(name)
        before = fingerprint(world)
        refusals = len([row for row in world.audit() if row[4] == "denied"])
        with pytest.raises(PermissionDenied) as caught:
            op(session, shared_case, world)
        message = caught.value.message()
        assert "Kalehe" not in message and shared_case.reference not in message
        assert fingerprint(world) == before, f"{name} changed something with {operation}"
        denied = [row for row in world.audit() if row[4] == "denied"]
        assert len(denied) == refusals + 1
        assert denied[-1][0] == name
        if name != "admin":
            assert isinstance(caught.value, NotAvailable)


def _violation(detail: CaseDetail, made: Made) -> ViolationView:
    return next(v for v in detail.violations if v.id == made.violation)


def _victim(detail: CaseDetail, made: Made) -> VictimView:
    return next(v for v in detail.victims if v.id == made.victim)


SEEN: dict[str, tuple[str, Callable[[CaseDetail, Made], bool]]] = {
    # operation: (the audit action it writes, what its user then sees in the case file)
    "get_case": ("case.view", lambda d, m: d.reference == m.reference),
    "update_case": ("case.update", lambda d, m: d.title == "New title"),
    "add_incident": ("incident.add", lambda d, m: any(
        i.date == PartialDate.parse("2023") and i.province_code == "CD-NK"
        for i in d.incidents)),
    "update_incident": ("incident.update", lambda d, m: any(
        i.id == m.incident and i.date == PartialDate.parse("2023-05") for i in d.incidents)),
    "add_violation": ("violation.add", lambda d, m: any(
        v.incident_id == m.incident and v.type_code == "LIFE.SUMMARY_EXECUTION"
        for v in d.violations)),
    "update_violation": ("violation.update",
                         lambda d, m: _violation(d, m).type_code == "SGBV.SEXUAL_SLAVERY"),
    "set_verification": ("violation.verify",
                         lambda d, m: _violation(d, m).verification_status == "credible"),
    "link_victim": ("violation.link_victim", lambda d, m: any(
        link.victim_id == m.victim and link.involvement == "indirect"
        for link in _violation(d, m).victims)),
    "add_perpetrator": ("perpetrator.add", lambda d, m: any(
        p.category_code == "STATE.FARDC" and p.unit == "3411e régiment"
        for p in d.perpetrators)),
    "update_perpetrator": ("perpetrator.update", lambda d, m: any(
        p.id == m.perpetrator and p.category_code == "ARMED_GROUP.ADF"
        for p in d.perpetrators)),
    "link_perpetrator": ("violation.link_perpetrator", lambda d, m: any(
        link.perpetrator_id == m.perpetrator and link.role == "ordered"
        for link in _violation(d, m).perpetrators)),
    "add_source": ("source.add", lambda d, m: any(
        s.kind == "witness" and s.obtained_on == dt.date(2024, 4, 1) for s in d.sources)),
    "add_victim": ("victim.add", lambda d, m: any(v.sex == "male" for v in d.victims)),
    "update_victim": ("victim.update", lambda d, m: (_victim(d, m).sex, _victim(d, m).age)
                      == ("female", 25)),
    "review_protection": ("victim.protection", lambda d, m: (
        _victim(d, m).risk_level, _victim(d, m).risk_measures, _victim(d, m).risk_review_on)
        == ("high", "relocated", dt.date(2030, 1, 1))),
    "give_consent": ("consent.record", lambda d, m: _victim(d, m).consents_to("justice")),
    "revoke_consent": ("consent.revoke", lambda d, m: getattr(
        _victim(d, m).consent("statistics"), "state", "") == "revoked"),
    "add_referral": ("referral.add", lambda d, m: any(
        r.victim_id == m.victim and r.service_code == "PSYCHOSOCIAL" and r.provider == "Panzi"
        for r in d.referrals)),
    "add_note": ("note.add", lambda d, m: any(n.body == "Visite de suivi." for n in d.notes)),
    "add_follow_up": ("follow_up.add", lambda d, m: any(
        f.description == "Call back" and f.due_on == dt.date(2030, 1, 1)
        for f in d.follow_ups)),
    "add_attachment": ("attachment.add", lambda d, m: any(
        a.filename == "statement.txt" for a in d.attachments)),
    "submit": ("case.submit", lambda d, m: d.status == "submitted"),
}
VERSIONED: dict[str, tuple[type, Callable[[Made], int]]] = {
    "update_case": (Case, lambda m: m.case),
    "update_incident": (Incident, lambda m: m.incident),
    "update_violation": (Violation, lambda m: m.violation),
    "set_verification": (Violation, lambda m: m.violation),
    "update_perpetrator": (Perpetrator, lambda m: m.perpetrator),
    "update_victim": (Victim, lambda m: m.victim),
    "review_protection": (Victim, lambda m: m.victim),
}
RESAVES = frozenset({"update_case", "update_incident", "update_perpetrator", "update_victim"})
"""Forms that, saved again as they are, change nothing: the second saver writes nothing."""


@pytest.mark.parametrize("operation", sorted(OPS))
def test_each_service_serves_assigned_shared_and_supervisor(world: World, shared_case: Made,
                                                            operation: str) -> None:
    op = OPS[operation]
    action, seen = SEEN[operation]
    saved_before = False
    for name in SHARED_ALLOWED:
        if operation == "submit" and name != "olga":
            continue  # once submitted, the case waits for the supervisor
        session = world.login(name)
        audited = len(world.audit())
        versioned = VERSIONED.get(operation)
        version = _version(versioned[0], versioned[1](shared_case)) if versioned else 0
        op(session, shared_case, world)
        written = world.audit()[audited:]
        assert all(row[0] == name and row[4] == "ok" for row in written), written
        if operation in RESAVES and saved_before:
            assert written == [], f"{name} saved {operation} unchanged, yet it was recorded"
        else:
            assert (name, action, f"case:{shared_case.reference}") in [
                row[:3] for row in written], f"{name}: {operation} not audited: {written}"
        if versioned:
            changed = not (operation in RESAVES and saved_before)
            assert _version(versioned[0], versioned[1](shared_case)) == version + changed
        assert seen(cases.get_case(session, shared_case.case), shared_case), (
            f"{name} does not see what {operation} did")
        saved_before = True


def test_officer_cannot_open_case_of_another_office(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("bea")
    with pytest.raises(NotAvailable):
        cases.get_case(session, made.case)
    assert world.audit("case.view")[-1][4] == "denied"


def test_missing_and_hidden_cases_give_the_same_answer(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("bea")
    with pytest.raises(NotAvailable) as hidden:
        cases.get_case(session, made.case)
    with pytest.raises(NotAvailable) as missing:
        cases.get_case(session, 999_999)
    assert hidden.value.message() == missing.value.message()
    rows = world.audit("case.view")
    assert [row[4] for row in rows[-2:]] == ["denied", "denied"]
    assert rows[-2][3] == "not visible" and rows[-1][3] == "no such case"


def test_linked_records_of_a_hidden_case_are_unreachable(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("bea")
    for call in (lambda: victims.reveal_identity(session, made.victim),
                 lambda: records.add_violation(session, made.incident,
                                               forms.ViolationForm("SGBV.RAPE")),
                 lambda: victims.add_referral(session, made.victim,
                                              forms.ReferralForm("PSYCHOSOCIAL")),
                 lambda: workflow.get_snapshot(session, made.case, 1)):
        with pytest.raises(NotAvailable):
            call()


def test_links_across_cases_are_refused(world: World) -> None:
    first = world.make_case("olga")
    second = world.make_case("olga", title="Second")
    session = world.login("olga")
    from jhro_tui.errors import ValidationError

    with pytest.raises(ValidationError):
        records.link_victim(session, first.violation, second.victim)
    with pytest.raises(ValidationError):
        records.link_perpetrator(session, first.violation, second.perpetrator)


def test_admin_manages_accounts_not_case_content(world: World) -> None:
    world.make_case("olga")
    session = world.login("admin")
    for call in (lambda: cases.list_cases(session, cases.CaseQuery()),
                 lambda: cases.count_cases(session, cases.CaseQuery()),
                 lambda: find_cases(session, cases.CaseQuery(text="k")),
                 lambda: cases.list_cases(session, cases.CaseQuery(), 100, total=500),
                 lambda: cases.home_summary(session),
                 lambda: cases.create_case(session, forms.CaseForm("x"))):
        with pytest.raises(PermissionDenied):
            call()
    assert all(row[4] == "denied" for row in world.audit()[-6:])


def test_lists_counts_and_search_leave_out_hidden_cases(world: World) -> None:
    world.make_case("olga", title="Goma unique zebra", narrative="okapi")
    mine = world.make_case("bea", title="Bukavu case", narrative="okapi")
    session = world.login("bea")
    assert [row.id for row in cases.list_cases(session, cases.CaseQuery())] == [mine.case]
    assert cases.count_cases(session, cases.CaseQuery()) == 1
    assert cases.list_cases(session, cases.CaseQuery(text="zebra")) == []
    assert cases.count_cases(session, cases.CaseQuery(text="zebra")) == 0
    assert cases.count_cases(session, cases.CaseQuery(text="okapi")) == 1
    assert cases.count_cases(session, cases.CaseQuery(office="Goma")) == 0
    assert find_cases(session, cases.CaseQuery(text="zebra")) == (0, [])
    assert [row.id for row in find_cases(session, cases.CaseQuery(text="okapi"))[1]] == [
        mine.case]
    assert [row.id for row in cases.list_cases(session, cases.CaseQuery(text="okapi"),
                                               total=1)] == [mine.case]


def test_supervisor_sees_every_case_of_the_office_only(world: World) -> None:
    goma = world.make_case("olga")
    world.make_case("oscar", title="Oscar's case")
    world.make_case("bea", title="Bukavu case")
    session = world.login("sue")
    assert cases.count_cases(session, cases.CaseQuery()) == 2
    cases.get_case(session, goma.case)
    assert cases.count_cases(world.login("sam"), cases.CaseQuery()) == 1


def test_officer_sees_a_shared_case_until_the_share_is_withdrawn(world: World) -> None:
    made = world.make_case("olga")
    cases.share_case(world.login("sue"), made.case, "bea")
    assert cases.count_cases(world.login("bea"), cases.CaseQuery()) == 1
    cases.unshare_case(world.login("sue"), made.case, "bea")
    session = world.login("bea")
    assert cases.count_cases(session, cases.CaseQuery()) == 0
    with pytest.raises(NotAvailable):
        cases.get_case(session, made.case)


def test_only_the_office_supervisor_assigns_and_shares(world: World) -> None:
    made = world.make_case("olga")
    for name in ("olga", "oscar", "sam", "bea", "admin"):
        session = world.login(name)
        with pytest.raises(PermissionDenied):
            cases.assign_case(session, made.case, "oscar", expected_version=1)
        with pytest.raises(PermissionDenied):
            cases.share_case(session, made.case, "bea")
    session = world.login("sue")
    summary = cases.assign_case(session, made.case, "oscar",
                                expected_version=world.version(made.case))
    assert summary.officer == "oscar"
    assert world.audit("case.assign")[-1][3] == "olga->oscar"
    # The new officer sees it; the former one no longer does.
    cases.get_case(world.login("oscar"), made.case)
    with pytest.raises(NotAvailable):
        cases.get_case(world.login("olga"), made.case)


def test_the_supervisor_assigns_shares_and_unshares_in_one_unit_or_not_at_all(
        world: World) -> None:
    from jhro_tui.errors import ValidationError

    made = world.make_case("olga")
    cases.share_case(world.login("sue"), made.case, "bea")
    version = world.version(made.case)
    session = world.login("sue")
    with pytest.raises(ValidationError):  # nobody of that name: the assignment goes too
        cases.change_access(session, made.case, officer="oscar", share="nobody",
                            expected_version=version)
    detail = cases.get_case(session, made.case)
    assert (detail.officer, detail.shared_with) == ("olga", ("bea",))

    summary = cases.change_access(session, made.case, officer="oscar", share="sid",
                                  unshare="bea", expected_version=version)
    assert summary.officer == "oscar"
    assert cases.get_case(session, made.case).shared_with == ("sid",)
    assert [row[1] for row in world.audit()[-4:-1]] == [
        "case.assign", "case.share", "case.unshare"]
    for name in ("olga", "oscar", "bea", "admin"):
        with pytest.raises(PermissionDenied):
            cases.change_access(world.login(name), made.case, share="sam",
                                expected_version=world.version(made.case))


def test_assigning_to_someone_outside_the_office_is_refused(world: World) -> None:
    from jhro_tui.errors import ValidationError

    made = world.make_case("olga")
    session = world.login("sue")
    with pytest.raises(ValidationError) as caught:
        cases.assign_case(session, made.case, "bea", expected_version=world.version(made.case))
    assert "bea" in caught.value.message()


def test_officer_creates_cases_only_for_themselves_in_their_office(world: World) -> None:
    session = world.login("olga")
    with pytest.raises(PermissionDenied):
        cases.create_case(session, forms.CaseForm("x", office="Bukavu"))
    with pytest.raises(PermissionDenied):
        cases.create_case(session, forms.CaseForm("x", officer="oscar"))
    summary = cases.create_case(world.login("sue"), forms.CaseForm("x", officer="oscar"))
    assert (summary.officer, summary.office) == ("oscar", "Goma")


def test_a_disabled_account_is_refused_at_once(world: World) -> None:
    from jhro_tui.store.models import Account

    made = world.make_case("olga")
    session = world.login("olga")
    # Disabled while logged in (by an administrator in another process).
    Account.update(active=False).where(Account.name == "olga").execute()
    with pytest.raises(PermissionDenied):
        cases.get_case(session, made.case)
    assert world.audit("case.view")[-1][3] == "account inactive"


@dataclass(frozen=True)
class Removable:
    """A shared case (``shared_case``) with one more of each record a service removes or
    changes once: a source, an attachment and a follow-up, all added by its officer."""

    made: Made
    source: int
    attachment: int
    follow_up: int


@pytest.fixture
def removable(world: World, shared_case: Made) -> Removable:
    session = world.login("olga")
    source = records.add_source(session, shared_case.case,
                                forms.SourceForm("media", "C", 3, dt.date(2024, 4, 2)))
    attachment = cases.add_attachment(session, shared_case.case, _attachment(world))
    follow_up = cases.add_follow_up(session, shared_case.case,
                                    forms.FollowUpForm("Call back", dt.date(2030, 1, 1)))
    return Removable(shared_case, source.id, attachment.id, follow_up.id)


RemovalOp = Callable[[Session, Removable], object]
REMOVALS: dict[str, RemovalOp] = {
    "remove_incident": lambda s, r: records.remove_incident(
        s, r.made.incident, expected_version=_version(Incident, r.made.incident)),
    "remove_violation": lambda s, r: records.remove_violation(
        s, r.made.violation, expected_version=_version(Violation, r.made.violation)),
    "unlink_victim": lambda s, r: records.unlink_victim(s, r.made.violation, r.made.victim),
    "unlink_perpetrator": lambda s, r: records.unlink_perpetrator(
        s, r.made.violation, r.made.perpetrator),
    "remove_victim": lambda s, r: victims.remove_victim(
        s, r.made.victim, expected_version=_version(Victim, r.made.victim)),
    "remove_perpetrator": lambda s, r: records.remove_perpetrator(
        s, r.made.perpetrator, expected_version=_version(Perpetrator, r.made.perpetrator)),
    "remove_source": lambda s, r: records.remove_source(s, r.source, expected_version=1),
    "remove_attachment": lambda s, r: cases.remove_attachment(s, r.attachment),
    "update_follow_up": lambda s, r: cases.update_follow_up(
        s, r.follow_up, forms.FollowUpForm("Call back twice", dt.date(2030, 2, 1)),
        expected_version=1),
}


@pytest.mark.parametrize("operation", sorted(REMOVALS))
def test_each_removal_refuses_whoever_may_not_see_the_case(world: World,
                                                           removable: Removable,
                                                           operation: str) -> None:
    for name in DENIED:
        session = world.login(name)
        before = fingerprint(world)
        with pytest.raises(PermissionDenied) as caught:
            REMOVALS[operation](session, removable)
        assert removable.made.reference not in caught.value.message()
        assert fingerprint(world) == before, f"{name} changed something with {operation}"
        assert world.audit()[-1][:1] + world.audit()[-1][4:] == (name, "denied")


@pytest.mark.parametrize("name", SHARED_ALLOWED)
@pytest.mark.parametrize("operation", sorted(REMOVALS))
def test_each_removal_serves_assigned_shared_and_supervisor(world: World,
                                                            removable: Removable,
                                                            operation: str, name: str) -> None:
    session = world.login(name)
    before = fingerprint(world)
    REMOVALS[operation](session, removable)
    assert fingerprint(world) != before
    assert world.audit()[-1][0] == name and world.audit()[-1][4] == "ok"
