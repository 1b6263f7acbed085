"""The case list: full-text search, filters, sorting, paging from the database."""

from __future__ import annotations

import datetime as dt

import pytest
from playhouse.test_utils import assert_query_count, count_queries

from jhro_tui.services import cases, forms, listing, records, victims
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.listing import SORTS, find_cases, search_expression
from jhro_tui.services.session import Session
from jhro_tui.store.db import database
from jhro_tui.store.models import Case

from .conftest import World

HOSTILE = ['"', "-", "(", ")", "*", "NEAR(", "AND OR", "NOT", '"unterminated', "a OR",
           "title:", "{body}", "^", ":", "-(-)", "AND", 'x" OR "', "'; DROP TABLE case_file;",
           "\x00", "NEAR(a b, 2)", "***", "(((((", "a - b", "é*", "body:(x", "🙂"]


def _simple_case(session: Session, title: str, *, narrative: str = "", date: str | None = None,
                 province: str = "CD-NK", type_code: str = "LIBERTY.ABDUCTION",
                 priority: str = "normal") -> int:
    summary = cases.create_case(session, forms.CaseForm(title, narrative, priority=priority,
                                                        province_code=province))
    if date is not None:
        incident = records.add_incident(session, summary.id, forms.IncidentForm(
            PartialDate.parse(date), province, description=f"incident of {title}"))
        records.add_violation(session, incident.id, forms.ViolationForm(type_code))
    return summary.id


def search_index() -> list[tuple[int, bytes]]:
    """The full-text index's own pages, as stored."""
    return [tuple(row) for row in database.execute_sql(
        "SELECT id, block FROM case_fts_data ORDER BY id")]


def test_search_finds_a_word_from_a_note(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    assert cases.count_cases(session, cases.CaseQuery(text="hippopotame")) == 0
    cases.add_note(session, made.case, "Le témoin évoque un hippopotame près du marché.")
    found = cases.list_cases(session, cases.CaseQuery(text="hippopotame"))
    assert [row.id for row in found] == [made.case]


@pytest.mark.parametrize(("typed", "where"), [
    ("Kalehe", "title"), ("Bushushu", "incident locality"), ("marché", "incident text"),
    ("marche", "accents folded"), ("hommes armes", "narrative, two words"),
    ("V01", "victim code"), ("Kal", "prefix of the word being typed"),
    ('"hommes armés"', "a phrase"), ("village -Goma", "an exclusion"),
])
def test_search_reads_every_searchable_part(world: World, typed: str, where: str) -> None:
    made = world.make_case("olga")
    found = cases.list_cases(world.login("olga"), cases.CaseQuery(text=typed))
    assert [row.id for row in found] == [made.case], where


def test_search_finds_a_case_by_its_reference(world: World) -> None:
    made = world.make_case("olga")
    found = cases.list_cases(world.login("olga"), cases.CaseQuery(text=made.reference))
    assert [row.id for row in found] == [made.case]


def test_search_follows_edits(world: World) -> None:
    made = world.make_case("olga")
    session = world.login("olga")
    cases.update_case(session, made.case, forms.CaseForm("Arrestation à Uvira"),
                      expected_version=world.version(made.case))
    assert cases.count_cases(session, cases.CaseQuery(text="Kalehe")) == 0
    assert cases.count_cases(session, cases.CaseQuery(text="Uvira")) == 1
    records.remove_incident(session, made.incident, expected_version=1)
    assert cases.count_cases(session, cases.CaseQuery(text="Bushushu")) == 0


def test_an_edit_that_leaves_the_text_alone_leaves_the_search_index_alone(
        world: World) -> None:
    """Rewriting a case's full-text row costs some 30 ms on a large caseload: a save that
    changes only the priority must not pay it."""

    made = world.make_case("olga")
    session = world.login("olga")
    before = search_index()
    cases.update_case(session, made.case, forms.CaseForm(
        "Attaque de Kalehe", "Des hommes armés ont attaqué le village de Bushushu.",
        priority="high", province_code="CD-SK"), expected_version=world.version(made.case))
    assert cases.get_case(session, made.case).priority == "high"
    assert search_index() == before
    assert cases.count_cases(session, cases.CaseQuery(text="Kalehe")) == 1
    cases.update_case(session, made.case, forms.CaseForm(
        "Attaque de Minova", "Des hommes armés ont attaqué le village de Bushushu.",
        priority="high", province_code="CD-SK"), expected_version=world.version(made.case))
    assert search_index() != before
    assert cases.count_cases(session, cases.CaseQuery(text="Kalehe")) == 0
    assert cases.count_cases(session, cases.CaseQuery(text="Minova")) == 1


def test_a_change_outside_the_searched_words_leaves_the_search_index_alone(
        world: World) -> None:
    """A protection review or an incident's new date recomputes the case's search text
    (migration 0004): the same words must not be deleted and indexed again."""
    made = world.make_case("olga")
    session = world.login("olga")
    before = search_index()
    victims.review_protection(session, made.victim, forms.ProtectionForm(
        "high", "Relocation discussed.", dt.datetime.now(dt.UTC).date() + dt.timedelta(days=7)),
        expected_version=1)
    records.update_incident(session, made.incident, forms.IncidentForm(
        PartialDate.parse("2024-02"), "CD-SK", "CD-SK.KALEHE", "Bushushu",
        "Pillage du marché et viols"), expected_version=1)
    assert search_index() == before
    assert cases.count_cases(session, cases.CaseQuery(text="marché")) == 1
    records.update_incident(session, made.incident, forms.IncidentForm(
        PartialDate.parse("2024-02"), "CD-SK", "CD-SK.KALEHE", "Bushushu",
        "Maisons incendiées"), expected_version=2)
    assert search_index() != before
    assert cases.count_cases(session, cases.CaseQuery(text="marché")) == 0
    assert cases.count_cases(session, cases.CaseQuery(text="incendiées")) == 1


def test_a_search_in_one_language_finds_the_violation_named_in_the_other(world: World) -> None:
    """The user test: "summary execution" missed cases titled « Exécution sommaire… »."""
    session = world.login("olga")
    french = _simple_case(session, "Exécution sommaire à Kiwanja", date="2024-03",
                          type_code="LIFE.SUMMARY_EXECUTION")
    english = _simple_case(session, "Killing near Rutshuru", date="2024-05",
                           type_code="LIFE.SUMMARY_EXECUTION")
    titled_only = _simple_case(session, "Exécution sommaire, violation à préciser")

    def found(text: str) -> set[int]:
        return {row.id for row in cases.list_cases(session, cases.CaseQuery(text=text))}

    assert found('"summary execution"') == {french, english}
    assert found('"exécution sommaire"') == {french, english, titled_only}
    assert found("meurtre deliberé") == {french, english}  # accents folded, either way
    assert found("abduction") == set()


def test_the_search_follows_a_violations_type(world: World) -> None:
    made = world.make_case("olga")  # a rape
    session = world.login("olga")

    def count(text: str) -> int:
        return cases.count_cases(session, cases.CaseQuery(text=text))

    assert (count("rape"), count("viol"), count("esclavage")) == (1, 1, 0)
    before = search_index()
    records.set_verification(session, made.violation, "credible", expected_version=1)
    assert search_index() == before  # not the type: the words stay as they are
    records.update_violation(session, made.violation, forms.ViolationForm(
        "SGBV.SEXUAL_SLAVERY"), expected_version=2)
    assert (count("rape"), count('"sexual slavery"'), count("esclavage")) == (0, 1, 1)
    added = records.add_violation(session, made.incident, forms.ViolationForm("PROPERTY.LOOTING"))
    assert (count("looting"), count("pillage")) == (1, 1)
    records.remove_violation(session, added.id, expected_version=added.version)
    assert count("looting") == 0


def test_sorted_by_status_the_list_follows_the_workflow(world: World) -> None:
    session = world.login("olga")
    made = {status: _simple_case(session, f"{status} case")
            for status in ("closed", "validated", "draft", "in_follow_up", "submitted")}
    made["draft 2"] = _simple_case(session, "another draft")
    with session.vault.write():
        for status, case_id in made.items():
            Case.update(status=status.split()[0]).where(Case.id == case_id).execute()
    workflow_order = ["draft", "draft", "submitted", "validated", "in_follow_up", "closed"]

    def statuses(descending: bool, limit: int = 100) -> list[str]:
        query = cases.CaseQuery(sort="status", descending=descending)
        found: list[str] = []
        after = None
        while page := cases.list_cases(session, query, limit=limit, after=after):
            found += [row.status for row in page]
            after = page[-1].cursor
        return found

    assert statuses(descending=False) == workflow_order
    assert statuses(descending=True) == workflow_order[::-1]
    assert statuses(descending=False, limit=1) == workflow_order  # page by page
    assert "status" not in listing.DESCENDING_FIRST and "title" not in listing.DESCENDING_FIRST


def test_cases_are_found_by_perpetrator_category(world: World) -> None:
    m23 = world.make_case("olga").case  # ARMED_GROUP.M23_AFC
    session = world.login("olga")
    police = _simple_case(session, "Arrestation à Goma", date="2024")
    records.add_perpetrator(session, police, forms.PerpetratorForm("STATE.PNC"))
    unknown = _simple_case(session, "Pillage à Sake", date="2024")

    def ids(code: str) -> set[int]:
        query = cases.CaseQuery(perpetrator=code)
        total, rows = find_cases(session, query)
        assert total == len(rows) == cases.count_cases(session, query)
        return {row.id for row in rows}

    assert ids("ARMED_GROUP") == ids("ARMED_GROUP.M23_AFC") == {m23}
    assert ids("STATE") == ids("STATE.PNC") == {police}
    assert ids("STATE.FARDC") == set()
    assert unknown not in ids("ARMED_GROUP") | ids("STATE")
    assert world.audit("case.list")[-1][3] == '{"perpetrator": "STATE"}'


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_search_syntax_never_raises(world: World, typed: str) -> None:
    world.make_case("olga")
    session = world.login("olga")
    cases.list_cases(session, cases.CaseQuery(text=typed))
    cases.count_cases(session, cases.CaseQuery(text=typed))
    assert cases.count_cases(session, cases.CaseQuery()) == 1  # the table is still there


def test_text_with_nothing_searchable_filters_nothing() -> None:
    assert search_expression("  ") is None
    assert search_expression('"') is None
    assert search_expression("(") is None
    assert search_expression("kal") == '"kal"*'


def test_the_word_being_typed_is_looked_up_from_its_third_letter(world: World) -> None:
    """Two letters begin too many words to tell cases apart, at a cost that grows with the
    caseload; the word waits for its third. A space ends a word: then it counts whole,
    however short."""
    session = world.login("olga")
    kalehe = _simple_case(session, "Attaque de Kalehe")
    uvira = _simple_case(session, "Arrestation à Uvira")
    everything = cases.count_cases(session, cases.CaseQuery())

    def found(text: str) -> list[int]:
        return sorted(row.id for row in find_cases(session, cases.CaseQuery(text=text))[1])

    for waiting in ("k", "ka", "-ka"):
        assert search_expression(waiting) is None
        assert cases.count_cases(session, cases.CaseQuery(text=waiting)) == everything
    assert found("kal") == [kalehe]
    # The words before it count whole; the letters typed of it, not yet.
    assert search_expression("attaque ka") == search_expression("attaque ") == '"attaque"'
    assert found("attaque ka") == [kalehe]
    assert found("de ") == [kalehe]  # the word "de", not "de…"
    assert found("a ") == [uvira]
    assert search_expression("a u") == '"a"'
    assert search_expression("de*") == '"de"*'  # asked for in so many words


def test_filters(world: World) -> None:
    session = world.login("olga")
    march = _simple_case(session, "March", date="2024-03", type_code="SGBV.RAPE",
                         priority="urgent", province="CD-SK")
    year = _simple_case(session, "Year", date="~2023")
    day = _simple_case(session, "Day", date="2024-06-15")
    empty = _simple_case(session, "No incident yet", province="CD-IT")
    session = world.login("sue")
    _simple_case(session, "Sue's")

    def ids(**filters: object) -> set[int]:
        return {row.id for row in cases.list_cases(session, cases.CaseQuery(**filters))}

    assert ids(officer="olga") == {march, year, day, empty}
    assert ids(province="CD-SK") == {march}
    assert ids(priority="urgent") == {march}
    assert ids(violation_type="SGBV") == {march}  # a category finds its types
    assert ids(violation_type="SGBV.RAPE") == {march}
    assert ids(violation_type="LIBERTY.ABDUCTION") == {year, day}
    assert ids(office="Bukavu") == set()
    # "March 2024" overlaps the second half of March, but not April.
    assert ids(date_from=dt.date(2024, 3, 20), date_to=dt.date(2024, 3, 25)) == {march}
    assert ids(date_from=dt.date(2024, 4, 1), date_to=dt.date(2024, 5, 31)) == set()
    assert ids(date_from=dt.date(2023, 7, 1), date_to=dt.date(2023, 7, 1)) == {year}
    assert ids(status="draft", open_only=True) == ids()
    assert cases.count_cases(session, cases.CaseQuery(province="CD-SK")) == 1


def test_the_list_shows_dates_at_their_own_precision(world: World) -> None:
    session = world.login("olga")
    _simple_case(session, "March", date="2024-03")
    _simple_case(session, "Year", date="~2023")
    rows = {row.title: row for row in cases.list_cases(session, cases.CaseQuery())}
    assert rows["March"].incident_date == PartialDate(2024, 3)
    assert rows["March"].incident_date.format() == "March 2024"  # type: ignore[union-attr]
    assert rows["Year"].incident_date.format() == "about 2023"  # type: ignore[union-attr]


@pytest.fixture
def many(world: World) -> list[int]:
    session = world.login("olga")
    made = []
    dates = ["2024-03", None, "2023", "2024-03-15", None, "2022-11-02", "2024-03", "2021",
             "2024-03-15", None, "2025-01", "2020-06-30"]
    for number, date in enumerate(dates):
        made.append(_simple_case(session, f"Case {number % 4}", date=date,
                                 priority=("low", "normal", "high", "urgent")[number % 4]))
    return made


@pytest.mark.parametrize("sort", sorted(SORTS))
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_and_offset_pages_match_one_big_page(world: World, many: list[int], sort: str,
                                                    descending: bool) -> None:
    session = world.current
    assert session is not None
    query = cases.CaseQuery(sort=sort, descending=descending)
    everything = [row.id for row in cases.list_cases(session, query, limit=500)]
    assert sorted(everything) == sorted(many)
    keyset: list[int] = []
    after = None
    while True:
        page = cases.list_cases(session, query, limit=5, after=after)
        if not page:
            break
        keyset += [row.id for row in page]
        after = page[-1].cursor
    offset = [row.id for start in range(0, 15, 5)
              for row in cases.list_cases(session, query, offset=start, limit=5)]
    assert keyset == everything
    assert offset == everything


def test_list_cases_runs_a_fixed_number_of_queries(world: World) -> None:
    session = world.login("olga")
    for number in range(3):
        made = _simple_case(session, f"Small {number}", date="2024")
        victims.add_victim(session, made, forms.VictimForm())
    query = cases.CaseQuery()
    with count_queries() as small:
        cases.list_cases(session, query)
    for number in range(12):
        made = _simple_case(session, f"Big {number}", date="2024")
        victims.add_victim(session, made, forms.VictimForm())
        cases.add_note(session, made, "note")
    with assert_query_count(small.count):
        rows = cases.list_cases(session, query)
    assert len(rows) == 15 and all(row.victim_count == 1 for row in rows)
    # Later pages are not audited: the account, whether the officer's caseload is large
    # (at most LARGE_SET + 1 ids read, to choose the plan), then the page itself.
    with assert_query_count(3):
        cases.list_cases(session, query, limit=5, after=rows[4].cursor)
    # A further page of a query find_cases counted: the count chooses the plan.
    with assert_query_count(2):
        cases.list_cases(session, query, limit=5, after=rows[4].cursor, total=15)


def test_a_query_is_audited_once_not_per_page(world: World) -> None:
    session = world.login("olga")
    for number in range(6):
        _simple_case(session, f"Case {number}")
    query = cases.CaseQuery(text="Case", status="draft")
    first = cases.list_cases(session, query, limit=2)
    cases.list_cases(session, query, limit=2, after=first[-1].cursor)
    cases.list_cases(session, query, offset=4, limit=2)
    cases.count_cases(session, query)
    rows = world.audit("case.list")
    assert len(rows) == 1
    assert '"text": "Case"' in rows[0][3] and '"status": "draft"' in rows[0][3]


def test_an_unknown_sort_or_filter_value_is_refused(world: World) -> None:
    from jhro_tui.errors import ValidationError

    session = world.login("olga")
    for query in (cases.CaseQuery(sort="victim_name"), cases.CaseQuery(status="lost"),
                  cases.CaseQuery(priority="asap"),
                  cases.CaseQuery(date_from=dt.date(2024, 2, 1), date_to=dt.date(2024, 1, 1))):
        with pytest.raises(ValidationError):
            cases.list_cases(session, query)


def test_large_sets_give_the_same_rows_as_small_ones(world: World, many: list[int],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from jhro_tui.services import listing

    session = world.current
    assert session is not None
    cases.add_note(session, many[3], "rare okapi sighting")
    queries = [cases.CaseQuery(), cases.CaseQuery(text="Case"), cases.CaseQuery(text="okapi"),
               cases.CaseQuery(violation_type="LIBERTY", sort="incident_date"),
               cases.CaseQuery(text="incident", sort="title", descending=False)]
    small = [[row.id for row in cases.list_cases(session, query, limit=4, offset=2)]
             + [cases.count_cases(session, query)] for query in queries]
    monkeypatch.setattr(listing, "LARGE_SET", 0)  # every set now counts as large
    large = [[row.id for row in cases.list_cases(session, query, limit=4, offset=2)]
             + [cases.count_cases(session, query)] for query in queries]
    assert large == small
    assert small[2] == [1]


def _ids(rows: list[cases.CaseSummary]) -> list[int]:
    return [row.id for row in rows]


FIND_QUERIES = [
    cases.CaseQuery(), cases.CaseQuery(text="Case"), cases.CaseQuery(text="okapi"),
    cases.CaseQuery(text="Cas"), cases.CaseQuery(text="C"), cases.CaseQuery(text="zebra"),
    cases.CaseQuery(text="incident", sort="title", descending=False),
    cases.CaseQuery(violation_type="LIBERTY", sort="incident_date"),
    cases.CaseQuery(violation_type="LIBERTY", text="Case 1"),
    cases.CaseQuery(text="Case", status="draft", priority="high"),
    cases.CaseQuery(text='"Case 2" OR okapi', sort="priority"),
]


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("account", ["olga", "sue", "oscar"])
def test_find_cases_gives_the_count_and_first_page_of_count_and_list(
        world: World, many: list[int], account: str, large: bool,
        monkeypatch: pytest.MonkeyPatch) -> None:
    session = world.current
    assert session is not None
    cases.add_note(session, many[3], "rare okapi sighting")
    cases.share_case(world.login("sue"), many[5], "oscar")
    session = world.login(account)
    if large:
        monkeypatch.setattr(listing, "LARGE_SET", 0)  # every set now counts as large
    for query in FIND_QUERIES:
        total, first = find_cases(session, query, limit=4)
        assert total == cases.count_cases(session, query), query
        assert _ids(first) == _ids(cases.list_cases(session, query, limit=4)), query
        everything = _ids(cases.list_cases(session, query, limit=500))
        assert len(everything) == total
        # Further pages, by keyset, by offset and read backwards, as the list reads them.
        keyset, page = _ids(first), first
        while page:
            page = cases.list_cases(session, query, limit=4, after=page[-1].cursor,
                                    total=total)
            keyset += _ids(page)
        offset = [row.id for start in range(0, total, 4)
                  for row in cases.list_cases(session, query, start, 4, total=total)]
        assert keyset == offset == everything, query
        assert _ids(cases.list_cases(session, query, offset=2, limit=4, total=total)) \
            == everything[2:6]
        backwards = cases.CaseQuery(**{**vars(query), "descending": not query.descending})
        assert _ids(cases.list_cases(session, backwards, 0, 3, total=total)) \
            == everything[::-1][:3]
    if account == "oscar":
        assert many[5] in _ids(find_cases(session, cases.CaseQuery(text="Case"), 500)[1])


def test_find_cases_audits_the_query_once_and_its_further_pages_never(world: World) -> None:
    session = world.login("olga")
    for number in range(6):
        _simple_case(session, f"Case {number}")
    query = cases.CaseQuery(text="Case", status="draft")
    total, first = find_cases(session, query, limit=2)
    assert total == 6
    cases.list_cases(session, query, limit=2, after=first[-1].cursor, total=total)
    cases.list_cases(session, query, offset=2, limit=2, total=total)
    # The last page, read backwards from offset 0, is a further page too.
    backwards = cases.CaseQuery(text="Case", status="draft", descending=False)
    cases.list_cases(session, backwards, 0, 2, total=total)
    rows = world.audit("case.list")
    assert len(rows) == 1
    assert '"text": "Case"' in rows[0][3] and '"status": "draft"' in rows[0][3]
    find_cases(session, cases.CaseQuery())
    assert len(world.audit("case.list")) == 2


def test_find_cases_evaluates_the_search_once(world: World) -> None:
    session = world.login("olga")
    for number in range(3):
        _simple_case(session, f"Case {number}", narrative="arrest")
    searches = []
    connection = session.vault.db.connection()
    connection.set_trace_callback(searches.append)
    try:
        total, rows = find_cases(session, cases.CaseQuery(text="arres"))
    finally:
        connection.set_trace_callback(None)
    assert total == len(rows) == 3
    assert sum("MATCH" in statement for statement in searches) == 1
    # No temporary rows outlive the call.
    assert session.vault.db.execute_sql("SELECT count(*) FROM temp.case_hits").fetchone() \
        == (0,)


def test_find_cases_runs_a_fixed_number_of_queries(world: World) -> None:
    session = world.login("olga")
    for number in range(3):
        _simple_case(session, f"Small {number}", date="2024")
    query = cases.CaseQuery(text="Small")
    with count_queries() as small:
        find_cases(session, query)
    for number in range(12):
        made = _simple_case(session, f"Small big {number}", date="2024")
        victims.add_victim(session, made, forms.VictimForm())
    with assert_query_count(small.count):
        total, rows = find_cases(session, query)
    assert total == len(rows) == 15


def test_further_pages_do_not_wait_for_a_writer(world: World) -> None:
    """A further page reads in a deferred transaction: another connection's write lock
    does not hold it up (an immediate one would wait for the busy timeout)."""
    from jhro_tui.security.keyring import Keyring
    from jhro_tui.security.vault import Vault

    from .conftest import PASSPHRASE

    session = world.login("olga")
    for number in range(3):
        _simple_case(session, f"Case {number}")
    total, first = find_cases(session, cases.CaseQuery(), limit=2)
    unlocked = Keyring.load(world.paths.keyring).unlock("olga", PASSPHRASE)
    try:
        other = Vault.open(world.paths, unlocked.roots)
    finally:
        unlocked.wipe()
    try:
        other.db.execute_sql("BEGIN IMMEDIATE")
        session.vault.db.execute_sql("PRAGMA busy_timeout = 200")
        rows = cases.list_cases(session, cases.CaseQuery(), limit=2, after=first[-1].cursor,
                                total=total)
        assert len(rows) == 1
        assert cases.count_cases(session, cases.CaseQuery()) == 3
        other.db.execute_sql("ROLLBACK")
    finally:
        other.close()
