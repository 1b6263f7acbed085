"""Who may see a case is one rule: its SQL condition (plain, and walked for large lists),
its check on a loaded case, and the services that use them all agree with the rule as the
design states it, for every role, office and share of a generated caseload."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import cast

import pytest

from jhro_tui.security.keys import TEST_KDF
from jhro_tui.services import cases, forms, listing, offices
from jhro_tui.services.access import CASE_ROLES, Actor, NotAvailable, Visibility
from jhro_tui.services.accounts import NewAccount, create_account
from jhro_tui.store.models import Account, Case, CaseShare

from .conftest import ACCOUNTS, PASSPHRASE, World

MORE_ACCOUNTS = {"uma": ("officer", "Uvira"), "ursula": ("supervisor", "Uvira")}
"""A third field office, so that a share crosses more than one border."""
CATEGORIES = ("assigned", "office", "shared", "unshared", "elsewhere")


def _caseload(world: World) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Two cases for every officer and supervisor, each shared with some accounts of any
    office and some of those shares withdrawn again. Returns, per case, the accounts it is
    shared with now and those whose share was withdrawn."""
    admin = world.login("admin")
    offices.create_office(admin, "Uvira")
    for name, (role, office) in MORE_ACCOUNTS.items():
        create_account(admin, NewAccount(name, role, office=office), PASSPHRASE, kdf=TEST_KDF)
    accounts = {**ACCOUNTS, **MORE_ACCOUNTS}
    supervisor_of = {office: name for name, (role, office) in accounts.items()
                     if role == "supervisor"}
    rng = random.Random(17)
    shared: dict[int, set[int]] = {}
    withdrawn: dict[int, set[int]] = {}
    for name in sorted(accounts):
        for number in range(2):
            summary = cases.create_case(world.login(name), forms.CaseForm(
                f"Case {number} of {name}", province_code="CD-SK"))
            office = accounts[name][1]
            supervisor = world.login(supervisor_of[office])
            others = sorted(set(accounts) - {name})
            for other in rng.sample(others, 4):
                cases.share_case(supervisor, summary.id, other)
            ids = _ids_of(cases.share_case(supervisor, summary.id, others[0]))
            gone = set(rng.sample(sorted(ids), 2))
            for account_id in gone:
                cases.unshare_case(supervisor, summary.id,
                                   Account.get_by_id(account_id).name)
            shared[summary.id] = ids - gone
            withdrawn[summary.id] = gone
    return shared, withdrawn


def _ids_of(names: Iterable[str]) -> set[int]:
    return {Account.get(Account.name == name).id for name in names}


def _stated_rule(account: Account, case: Case, shared: set[int]) -> bool:
    """The rule as DESIGN.md states it, written apart from the code under test."""
    if account.role not in ("officer", "supervisor"):
        return False
    return (case.officer_id == account.id or account.id in shared
            or (account.role == "supervisor" and case.office == account.office))


def _category(account: Account, case: Case, shared: set[int], withdrawn: set[int]) -> str:
    if case.officer_id == account.id:
        return "assigned"
    if account.id in shared:
        return "shared"
    if account.id in withdrawn:
        return "unshared"
    return "office" if case.office == account.office else "elsewhere"


def _ids(query: object) -> set[int]:
    return {case_id for (case_id,) in cast("Iterable[tuple[int]]", query)}


def test_the_sql_condition_and_the_row_check_agree_on_every_role_office_and_share(
        world: World) -> None:
    shared, withdrawn = _caseload(world)
    world.login("admin")
    everything = list(Case.select())
    assert {row.case_id for row in CaseShare.select()} <= set(shared)
    seen_categories: set[tuple[str, str, str]] = set()
    for account in Account.select().order_by(Account.name):
        visibility = Visibility(Actor(account.id, account.name, account.role, account.office))
        stated = {case.id for case in everything
                  if _stated_rule(account, case, shared[case.id])}
        plain = _ids(Case.select(Case.id).where(visibility.sql()).tuples())
        walked = _ids(Case.select(Case.id).where(visibility.sql(walk=True)).tuples())
        checked = {case.id for case in everything if visibility.allows(case)}
        assert plain == walked == checked == stated, account.name
        # Without shares: the cases the account answers for (identity, protection reviews).
        answers_for = {case.id for case in everything if _stated_rule(account, case, set())}
        assert (_ids(Case.select(Case.id).where(visibility.sql(shared=False)).tuples())
                == {case.id for case in everything if visibility.allows(case, shared=False)}
                == answers_for), account.name
        for case in everything:
            where = "same office" if case.office == account.office else "other office"
            seen_categories.add((account.role, where, _category(
                account, case, shared[case.id], withdrawn[case.id])))
    # The caseload holds every combination the rule distinguishes, for each case role.
    for role in CASE_ROLES:
        for category in CATEGORIES:
            assert any(seen[0] == role and seen[2] == category for seen in seen_categories), (
                role, category)
        for where in ("same office", "other office"):
            for category in ("shared", "unshared"):
                assert (role, where, category) in seen_categories, (role, where, category)


@pytest.mark.parametrize("name", ["olga", "sue", "bea", "sam"])
def test_what_a_user_lists_and_opens_is_what_the_rule_allows(world: World, name: str) -> None:
    shared, _withdrawn = _caseload(world)
    session = world.login(name)
    account = Account.get(Account.name == name)
    allowed = {case.id for case in Case.select()
               if _stated_rule(account, case, shared[case.id])}
    listed = {summary.id for summary in
              listing.list_cases(session, listing.CaseQuery(), limit=1000)}
    assert listed == allowed
    for case in Case.select(Case.id):
        if case.id in allowed:
            assert cases.get_case(session, case.id).id == case.id
        else:
            with pytest.raises(NotAvailable):
                cases.get_case(session, case.id)
