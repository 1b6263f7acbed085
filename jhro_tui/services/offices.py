"""Field offices: the list an account's office is chosen from, and adding one (admins).

An office is a name that accounts and cases share: a supervisor sees the cases of their
office, so an account given a misspelt office would see nothing. Offices are therefore
chosen from this list, and a new one is created explicitly, once.

Each office also has a short code that begins its case references (``GOM-2026-0001``):
the first three letters of its name, without accents, made unique with a digit (a second
office beginning "Gom" gets ``GOM2``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import cast

from peewee import fn

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.services.reference import fold
from jhro_tui.services.session import Session
from jhro_tui.store.models import ROLES, Account, Office

NAME_LIMIT = 64
NAME_PATTERN = re.compile(r"^[^\W\d_](?:[^\W_]|[ .'’-])*$")
"""Letters first, then letters, digits, spaces, dots, apostrophes and dashes."""


@dataclass(frozen=True)
class OfficeInfo:
    """An office, how many active accounts work in it, and the code its references begin
    with."""

    name: str
    active_accounts: int
    code: str


def validate_office_name(name: str, field: str = "name") -> str:
    """The name as it will be stored (inner runs of spaces made one), or a refusal about
    the form field ``field``."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValidationError(field, N_("Give the office's name."))
    if len(cleaned) > NAME_LIMIT:
        raise ValidationError(field, N_("An office name has at most {n} characters."),
                              n=NAME_LIMIT)
    if not NAME_PATTERN.match(cleaned):
        raise ValidationError(field, N_("An office name starts with a letter and holds "
                                         "letters, digits, spaces, dots, apostrophes or "
                                         "dashes (Goma, Bukavu, Kinshasa HQ)."))
    return cleaned


def office_code(name: str) -> str:
    """The code a new office named ``name`` gets: free, and fixed once given."""
    folded = unicodedata.normalize("NFKD", name)
    base = "".join(c for c in folded if c.isascii() and c.isalpha()).upper()[:3] or "OFF"
    taken = {code for (code,) in cast("list[tuple[str]]", Office.select(Office.code)
                                      .where(Office.code.startswith(base)).tuples())}
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}{number}"
    return code


def add_office(name: str) -> Office:
    """Create the office row with its code (inside the caller's unit of work)."""
    return Office.create(name=name, code=office_code(name))


def office_names() -> list[str]:
    """Every office's name, in order (a few dozen at most)."""
    return [name for (name,) in cast("list[tuple[str]]",
                                     Office.select(Office.name).order_by(Office.name)
                                     .tuples())]


def list_offices(session: Session) -> list[OfficeInfo]:
    """Every office with its number of active accounts (any account may read the list)."""
    session.require_role("office.list", *ROLES)
    counts = dict(cast("list[tuple[str, int]]", Account
                       .select(Account.office, fn.COUNT(Account.id))
                       .where(Account.active == True)  # noqa: E712
                       .group_by(Account.office).tuples()))
    return [OfficeInfo(name, counts.get(name, 0), code) for name, code in
            cast("list[tuple[str, str]]", Office.select(Office.name, Office.code)
                 .order_by(Office.name).tuples())]


def create_office(session: Session, name: str) -> OfficeInfo:
    """Add an office (admin only), audited; refused when one of that name exists, whatever
    its capitals or accents ("goma" is Goma)."""
    session.require_role("office.create", "admin", target=f"office:{name}")
    cleaned = validate_office_name(name)
    with session.write() as audit:
        for existing in office_names():
            if fold(existing) == fold(cleaned):
                raise ValidationError("name", N_("The office {name} already exists."),
                                      name=existing)
        code = add_office(cleaned).code
        audit("office.create", f"office:{cleaned}", f"code={code}")
    return OfficeInfo(cleaned, 0, code)


def require_office(office: str, role: str) -> None:
    """Refuse an office that is not in the list; officers and supervisors need one (an
    administrator may belong to none)."""
    if not office:
        if role != "admin":
            raise ValidationError("office", N_("Choose the office this account works in."))
        return
    if Office.select(Office.id).where(Office.name == office).exists():
        return
    known = office_names()
    if not known:
        raise ValidationError("office", N_("There is no office {office}, and no office yet: "
                                           "an administrator adds one first."), office=office)
    raise ValidationError("office", N_("There is no office {office}. Offices: {known}. A new "
                                       "one is added first, by an administrator."),
                          office=office, known=", ".join(known))

