"""Export an office's cases, whole, for a partner: a supervisor's act, audited case by
case.

The file holds every carried table's rows (``graph``) in their file form (``values``).
A victim's name and contact are written only when the victim's latest consent to
``transfer`` stands; otherwise they are left empty and the header counts them. Accused
names, from public court records, are written as recorded. Plaintext needs the caller's
explicit acknowledgement; an encrypted bundle (``security.bundle``) does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jhro_tui import __version__
from jhro_tui.errors import UsageError, ValidationError
from jhro_tui.i18n import N_
from jhro_tui.security import bundle, passwords
from jhro_tui.services import access
from jhro_tui.services.exchange import flat_csv
from jhro_tui.services.exchange.document import FORMAT, VERSION, dumps
from jhro_tui.services.exchange.graph import CASE_TABLE, TABLES, Table, selections
from jhro_tui.services.exchange.values import to_file
from jhro_tui.services.session import Session
from jhro_tui.store.models import Account, Case, utc_now

FORMATS = ("json", "csv")
TRANSFER = "transfer"
IDENTITY_FIELDS = ("name", "contact")


@dataclass(frozen=True)
class Exported:
    content: bytes
    cases: int
    masked: int
    """Victims whose identity was left out for want of consent to transfer."""
    encrypted: bool


def export_cases(session: Session, fmt: str, *, office: str = "",
                 start: dt.date | None = None, end: dt.date | None = None,
                 plaintext_understood: bool = False, passphrase: str | None = None
                 ) -> Exported:
    """The office's cases opened between ``start`` and ``end`` (each optional) as a file
    of ``fmt``; sealed under ``passphrase`` when given, else plaintext, which the caller
    must acknowledge (``plaintext_understood``)."""
    if fmt not in FORMATS:
        raise ValidationError("format", N_("Unknown format {format}: json or csv."),
                              format=fmt)
    if passphrase is None and not plaintext_understood:
        raise UsageError(N_("An export without --encrypt is a plaintext file of names and "
                            "testimonies: say --i-understand-plaintext, or use --encrypt."))
    if passphrase is not None:
        passwords.check_passphrase(passphrase)
    if start and end and end < start:
        raise ValidationError("to", N_("The end ({end}) is before the start ({start})."),
                              end=end, start=start)
    with access.unit(session) as audit:
        who = access.case_actor(session, "cases.export", "cases:export")
        if not who.is_supervisor:
            raise access.Denied("cases.export", "cases:export", f"role={who.role}")
        office = office or who.office
        if office != who.office:
            raise access.Denied("cases.export", f"office:{office}", "another office")
        cases = Case.select(Case.id).where(Case.office == office)
        if start:
            cases = cases.where(Case.opened_on >= start)
        if end:
            cases = cases.where(Case.opened_on <= end)
        tables, masked = _tables(cases)
        for row in tables[CASE_TABLE]:
            audit("case.export", f"format={fmt} encrypted={passphrase is not None}",
                  f"case:{row['reference']}")
        audit("cases.export", f"office:{office}",
              f"format={fmt} cases={len(tables[CASE_TABLE])} masked={masked} "
              f"encrypted={passphrase is not None} from={start or ''} to={end or ''}")
    header = {"format": FORMAT, "version": VERSION, "jhro": __version__,
              "exported_at": utc_now().isoformat(timespec="seconds") + "Z",
              "exported_by": who.name, "office": office,
              "identities": "only of victims who consented to transfer",
              "masked_victims": masked}
    content = dumps(header, tables) if fmt == "json" else flat_csv.write(tables)
    if passphrase is not None:
        content = bundle.seal(content, passphrase)
    return Exported(content, len(tables[CASE_TABLE]), masked, passphrase is not None)


def _tables(cases: Any) -> tuple[dict[str, list[dict[str, Any]]], int]:
    query: Any = Account.select(Account.id, Account.name).tuples()
    accounts: dict[int, str] = dict(query)
    chosen = selections(cases)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        model: Any = table.model
        rows = model.select().where(model.id.in_(chosen[table.name])).order_by(model.id)
        tables[table.name] = [_row(table, stored, accounts) for stored in rows.dicts()]
    return tables, _mask(tables)


def _row(table: Table, stored: dict[str, Any], accounts: dict[int, str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for column in table.columns:
        if column.kind == "partial":
            value: Any = (stored[f"{column.name}_value"], stored[f"{column.name}_precision"],
                          stored[f"{column.name}_estimated"])
        else:
            value = stored[column.name]
        row[column.name] = to_file(table.name, column, value, accounts)
    return row


def _mask(tables: dict[str, list[dict[str, Any]]]) -> int:
    """Empty the identity of every victim whose latest consent to transfer does not
    stand; return how many."""
    latest: dict[int, dict[str, Any]] = {}
    for consent in tables.get("consent", []):
        if consent["purpose"] != TRANSFER:
            continue
        known: dict[str, Any] | None = latest.get(consent["victim"])
        if known is None or (consent["recorded_at"], consent["id"]) >= (
                known["recorded_at"], known["id"]):
            latest[consent["victim"]] = consent
    masked = 0
    for victim in tables.get("victim", []):
        standing = latest.get(victim["id"])
        if standing is not None and standing["given"] and not standing.get("revoked_at"):
            continue
        if any(victim.get(name) for name in IDENTITY_FIELDS):
            masked += 1
        for name in IDENTITY_FIELDS:
            victim[name] = ""
    return masked
