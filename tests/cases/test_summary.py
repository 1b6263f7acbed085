"""The printable case summary (``services.summary``): who is named, read back from the
PDF's text with pypdf as a reader of the paper would see it; who may print one; what the
audit trail keeps; stored text printed as text."""

from __future__ import annotations

import datetime as dt
import io
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from jhro_tui.errors import PermissionDenied, UsageError, ValidationError
from jhro_tui.i18n import install
from jhro_tui.services import cases, forms, summary, victims
from jhro_tui.services.justice import court, proceedings
from jhro_tui.services.justice.forms import AccusedForm, ProceedingForm
from jhro_tui.services.session import Session
from tests.conftest import CliResult, run_cli

from .conftest import PASSPHRASE, Made, World

NAME, CONTACT = "Furaha Bahati", "+243 81 000 0000"
OTHER = "Neema Kahindo"


def pdf_text(data: bytes) -> str:
    """The PDF's text, its lines joined as one run of words (a label may wrap)."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def court_pdf(session: Session, made: Made) -> str:
    return pdf_text(summary.write(session, made.case, summary.request("court", "pdf")).content)


def second_victim(world: World, made: Made, *consents: str) -> int:
    session = world.login("olga")
    other = victims.add_victim(session, made.case, forms.VictimForm(
        name=OTHER, contact="+243 99 111 2222", sex="female", age=15))
    for purpose in consents:
        victims.give_consent(session, other.id, purpose)
    return other.id


def test_without_consent_to_justice_a_court_s_summary_names_no_one(world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)  # consented to documentation only
    text = court_pdf(world.login("olga"), made)
    assert NAME not in text and CONTACT not in text, text
    assert "V01 Female Adult 24 years" in text, text
    assert "Rape (incl. gang rape)" in text and made.reference in text
    assert "CONFIDENTIAL. Printed by olga on" in text and "Page 1 of 1" in text


def test_consent_names_the_victim_and_its_revocation_hides_them_again(world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)
    session = world.login("olga")
    victims.give_consent(session, made.victim, "justice")
    text = court_pdf(session, made)
    assert f"Name: {NAME}" in text and f"Contact: {CONTACT}" in text, text
    victims.revoke_consent(session, made.victim, "justice", reason="Afraid of reprisals")
    text = court_pdf(session, made)
    assert NAME not in text and CONTACT not in text and "V01" in text, text
    # A refusal recorded after a consent is the one in force.
    victims.give_consent(session, made.victim, "justice")
    victims.record_consent(session, made.victim, "justice", given=False)
    assert NAME not in court_pdf(session, made)


def test_a_victim_s_summary_names_that_victim_only(world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)
    second_victim(world, made, "documentation", "justice")
    session = world.login("olga")
    own = summary.write(session, made.case, summary.request("victim", "pdf", "V01"))
    text = pdf_text(own.content)
    assert f"Name: {NAME}" in text and OTHER not in text, text
    assert own.identities == ("V01",)
    # The other victim: by code alone, not even sex or age.
    assert "V02 Female" not in text and "V02" in text, text
    theirs = pdf_text(summary.write(session, made.case,
                                    summary.request("victim", "pdf", "V02")).content)
    assert f"Name: {OTHER}" in theirs and NAME not in theirs, theirs


def test_a_court_s_summary_names_only_the_victims_who_consented(world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)
    second_victim(world, made, "documentation", "justice")
    text = court_pdf(world.login("olga"), made)
    assert f"Name: {OTHER}" in text and NAME not in text, text


def test_someone_who_may_not_see_identities_prints_no_name(world: World) -> None:
    """A case shared with an officer of another office: seen, identities not."""
    made = world.make_case("olga", victim_name=NAME)
    victims.give_consent(world.login("olga"), made.victim, "justice")
    cases.share_case(world.login("sue"), made.case, "bea")
    bea = world.login("bea")
    text = court_pdf(bea, made)
    assert NAME not in text and "may not see identities" in text, text
    assert world.audit("victim.identity.view") == []


def test_french_labels_print_with_their_accents(world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)
    session = world.login("olga")
    install("fr")
    text = court_pdf(session, made)
    assert "Violences sexuelles et basées sur le genre" in text, text
    assert "Viol (y compris viol collectif)" in text and "Sud-Kivu" in text, text
    md = summary.printed(session, made.case, summary.request("court", "md")).content.decode()
    assert "Violences sexuelles et basées sur le genre" in md


def test_accused_are_named_to_a_court_never_to_a_victim(world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)
    session = world.login("olga")
    opened = proceedings.open_proceeding(session, made.case, ProceedingForm(
        "MILITARY.TMG", "CD-SK", docket="RP 012/2026", stage_on=dt.date(2024, 5, 2)))
    court.add_accused(session, opened.id, AccusedForm(
        name="Kabuya Mutombo", category_code="STATE.FARDC", rank="Capitaine",
        charges=("PENAL.RAPE",)))
    to_court = summary.write(session, made.case, summary.request("court", "pdf"))
    text = pdf_text(to_court.content)
    assert "RP 012/2026" in text and "A1 Kabuya Mutombo" in text, text
    assert to_court.accused_named == ("A1",)
    assert world.audit("accused.identity.view")[-1][2] == "accused:1"
    to_victim = pdf_text(summary.write(session, made.case,
                                       summary.request("victim", "pdf", "V01")).content)
    assert "Kabuya" not in to_victim and "A1" in to_victim, to_victim


def test_an_officer_who_may_not_see_the_case_is_refused_and_audited(world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)
    for name in ("bea", "oscar"):  # another office; the same office, not assigned
        session = world.login(name)
        with pytest.raises(PermissionDenied):
            summary.write(session, made.case, summary.request("court", "pdf"))
        with pytest.raises(PermissionDenied) as hidden:
            summary.case_of(session, made.reference)
        refusals = [row for row in world.audit(summary.ACTION) if row[0] == name]
        assert [row[4] for row in refusals] == ["denied", "denied"], refusals
        assert list(world.exchange(name).iterdir()) == []
    # A reference that does not exist is refused the same way: none can be probed.
    with pytest.raises(PermissionDenied) as missing:
        summary.case_of(world.login("bea"), "GOM-1999-0042")
    assert missing.value.message() == hidden.value.message()
    assert world.audit(summary.ACTION)[-1][2:] == ("case:GOM-1999-0042", "no such case",
                                                   "denied")


def test_the_audit_trail_keeps_the_view_the_identities_and_the_export(world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)
    session = world.login("olga")
    victims.give_consent(session, made.victim, "justice")
    done = summary.write(session, made.case, summary.request("court", "pdf"))
    assert done.path is not None and done.path.parent == world.exchange("olga")
    assert stat.S_IMODE(done.path.stat().st_mode) == 0o600
    assert done.path.read_bytes() == done.content
    rows = world.audit()[-3:]
    subject = f"case:{made.reference}"
    assert rows[0] == ("olga", "case.view", subject, "summary", "ok")
    assert rows[1] == ("olga", "victim.identity.view", f"victim:{made.victim}", subject, "ok")
    assert rows[2][:3] == ("olga", "case.summary", subject)
    assert rows[2][3].startswith("audience=court format=pdf identities=V01 accused_named=- "
                                 f"file={done.path}"), rows[2]
    printed = summary.printed(session, made.case, summary.request("victim", "md", "V01"))
    assert printed.path is None
    assert world.audit(summary.ACTION)[-1][3] == (
        "audience=victim victim=V01 format=md identities=V01 accused_named=- to=stdout")


def test_a_victim_s_summary_needs_a_victim_of_the_case(world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)
    session = world.login("olga")
    with pytest.raises(ValidationError) as none:
        summary.request("victim", "pdf")
    assert none.value.field == "victim"
    with pytest.raises(ValidationError):
        summary.request("court", "pdf", "V01")
    with pytest.raises(ValidationError):
        summary.request("court", "docx")
    before = len(world.audit(summary.ACTION))
    with pytest.raises(ValidationError) as unknown:
        summary.write(session, made.case, summary.request("victim", "pdf", "V09"))
    assert unknown.value.field == "victim"
    assert len(world.audit(summary.ACTION)) == before
    assert list(world.exchange("olga").iterdir()) == []


def test_an_existing_file_is_never_replaced(world: World, tmp_path: Path) -> None:
    made = world.make_case("olga", victim_name=NAME)
    session = world.login("olga")
    (tmp_path / "out.pdf").write_bytes(b"kept")
    with pytest.raises(UsageError):
        summary.write(session, made.case, summary.request("court", "pdf"), tmp_path,
                      name="out.pdf")
    assert (tmp_path / "out.pdf").read_bytes() == b"kept"
    assert world.audit(summary.ACTION)[-1][4] == "failed"


HOSTILE_TITLE = "[bold]Kivu[/] \x1b]2;pwned\x07 <script>x</script> # *a* | `b` \u202egnp"
HOSTILE_NAME = "**Furaha** [x](http://evil) \x1b[31m"


def test_stored_markup_and_escapes_come_out_as_literal_text(world: World) -> None:
    made = world.make_case("olga", title=HOSTILE_TITLE, victim_name=HOSTILE_NAME)
    session = world.login("olga")
    victims.give_consent(session, made.victim, "justice")
    md = summary.printed(session, made.case, summary.request("court", "md")).content.decode()
    assert "\x1b" not in md and "\x07" not in md and "\u202e" not in md
    assert ("- **Title**: \\[bold\\]Kivu\\[/\\] ␛\\]2;pwned␇ \\<script\\>x\\</script\\> "
            "\\# \\*a\\* \\| \\`b\\` gnp") in md, md
    assert "- Name:  \\*\\*Furaha\\*\\* \\[x\\](http://evil) ␛\\[31m" in md, md
    pdf = summary.write(session, made.case, summary.request("court", "pdf")).content
    text = pdf_text(pdf)
    assert "\x1b" not in text and "\u202e" not in text
    # Characters the font cannot draw (the control pictures) print as U+FFFD.
    assert "Title: [bold]Kivu[/] \ufffd]2;pwned\ufffd <script>x</script> # *a* | `b` gnp" \
        in text, text
    assert "Name: **Furaha** [x](http://evil) \ufffd[31m" in text, text


def test_a_line_that_starts_like_markdown_stays_a_line() -> None:
    assert summary.as_markdown(summary.Summary(
        "t", (), (), (summary.Part("p", (summary.Line("1. x"), summary.Line("- y"),
                                         summary.Line("+ z"))),),
        "f", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "R", "court", "", (), ())
    ).decode().splitlines()[-7:-4] == ["- 1\\. x", "- \\- y", "- \\+ z"]


# --- jhro case summary -----------------------------------------------------------------------

def jhro(world: World, *args: str, user: str = "olga") -> CliResult:
    world.close()
    return run_cli(["case", "summary", *args, "--user", user, "--passphrase-stdin"],
                   data_dir=world.paths.data_dir, stdin=[PASSPHRASE])


def test_the_command_prints_markdown_and_writes_a_pdf_only_to_a_new_file(
        world: World, tmp_path: Path) -> None:
    made = world.make_case("olga", victim_name=NAME)
    victims.give_consent(world.login("olga"), made.victim, "justice")
    printed = jhro(world, made.reference.lower(), "--format", "md")
    assert (printed.code, printed.stderr) == (0, ""), printed.stderr
    assert printed.stdout.startswith("# Case summary for a court\n")
    assert f"- Name:  {NAME}" in printed.stdout
    own = jhro(world, made.reference, "--format", "md", "--for", "victim", "--victim", "V01")
    assert own.code == 0 and own.stdout.startswith("# Case summary for the victim V01")

    refused = jhro(world, made.reference, "--format", "pdf")
    assert (refused.code, refused.stderr) == (2, "jhro: A PDF is written to a file: give "
                                                 "--output FILE.\n")
    target = tmp_path / "summary.pdf"
    written = jhro(world, made.reference, "--format", "pdf", "--output", str(target))
    assert written.code == 0, written.stderr
    assert written.stderr_lines == [f"jhro: Wrote {target} (named in it: V01): it is not "
                                    "encrypted; keep it as you would a paper case file."]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert f"Name: {NAME}" in pdf_text(target.read_bytes())
    again = jhro(world, made.reference, "--format", "pdf", "--output", str(target))
    assert again.code == 2 and "already exists" in again.stderr
    no_victim = jhro(world, made.reference, "--format", "md", "--for", "victim")
    assert no_victim.code == 2 and no_victim.stdout == ""
    world.login("olga")
    assert [row[3].split()[-1] for row in world.audit(summary.ACTION)] == [
        "to=stdout", "to=stdout", f"file={target}"]


def test_the_command_refuses_a_case_it_may_not_see_as_one_that_does_not_exist(
        world: World) -> None:
    made = world.make_case("olga", victim_name=NAME)
    unknown = jhro(world, "GOM-1999-0042", "--format", "md")
    other_office = jhro(world, made.reference, "--format", "md", user="bea")
    admin = jhro(world, made.reference, "--format", "md", user="admin")
    assert (unknown.code, other_office.code, admin.code) == (5, 5, 5)
    assert unknown.stderr == other_office.stderr, (unknown.stderr, other_office.stderr)
    assert unknown.stdout == other_office.stdout == admin.stdout == ""
    world.login("olga")
    assert [(row[0], row[4]) for row in world.audit(summary.ACTION)] == [
        ("olga", "denied"), ("bea", "denied"), ("admin", "denied")]


def test_every_page_carries_the_footer_and_a_long_word_wraps() -> None:
    from jhro_tui.services.summary_pdf import as_pdf

    lines = tuple(summary.Line(f"line {number}", number % 3) for number in range(150))
    printed = summary.Summary(
        "Case summary for a court", (("Title", "x" * 3000),), (),
        (summary.Part("Incidents and violations", lines),),
        "CONFIDENTIAL. Printed by olga on 2026-01-01 10:00 UTC.",
        dt.datetime(2026, 1, 1, 10, tzinfo=dt.UTC), "GOM-2026-0001", "court", "", (), ())
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(as_pdf(printed))).pages]
    assert len(pages) > 2
    for number, text in enumerate(pages, start=1):
        assert f"CONFIDENTIAL. Printed by olga on 2026-01-01 10:00 UTC. Page {number} of " \
               f"{len(pages)}" in " ".join(text.split()), text
    assert "line 149" in pages[-1]
    assert "".join(pages).count("x") >= 3000
