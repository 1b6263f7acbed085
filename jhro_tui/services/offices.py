"""Field offices: the list an account's office is chosen from, and adding one (admins).

An office is a name that accounts and cases share: a supervisor sees the cases of their
office, so an account given a misspelt office would see nothing. Offices are therefore
chosen from this list, and a new one is created explicitly, once.
"""

from __future__ import annotations

import re
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
    """An office and how many active accounts work in it."""

    name: str
    active_accounts: int


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
    return [OfficeInfo(name, counts.get(name, 0)) for name in office_names()]


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
        Office.create(name=cleaned)
        audit("office.create", f"office:{cleaned}")
    return OfficeInfo(cleaned, 0)


def require_office(office: str, role: str) -> None:
    """Refuse an office that is not in the list; officers and supervisors need one (an
    administrator may belong to none)."""
    if not office:
        if role != "admin":
            raise ValidationError("office", N_("Choose the office this account works in."))
        return
    if Office.get_or_none(Office.name == office) is not None:
        return
    known = office_names()
    if not known:
        raise ValidationError("office", N_("There is no office {office}, and no office yet: "
                                           "an administrator adds one first."), office=office)
    raise ValidationError("office", N_("There is no office {office}. Offices: {known}. A new "
                                       "one is added first, by an administrator."),
                          office=office, known=", ".join(known))

