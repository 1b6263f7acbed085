"""Each imported row passes the validation of the form that makes it by hand.

``CHECKS`` maps a table to a function of the row's stored values (read by ``values``)
that builds the form, validates it with ``services/validation.py`` (the very functions
the services call) and returns the values to store, cleaned as the service would store
them. A table without an entry (a later kind's) is still checked column by column for its
types, codes, lengths and links; giving it the form's validation is one entry here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from jhro_tui.errors import ValidationError
from jhro_tui.i18n import N_
from jhro_tui.security import exchange
from jhro_tui.services import forms
from jhro_tui.services.records import incident_values
from jhro_tui.services.validation import (
    LIMITS,
    Rules,
    age_group_of,
    length,
    validate_attachment,
    validate_case,
    validate_consent_purpose,
    validate_follow_up,
    validate_incident,
    validate_note,
    validate_perpetrator,
    validate_referral,
    validate_referral_status,
    validate_source,
    validate_victim,
    validate_violation,
)

Row = dict[str, Any]
Check = Callable[[Row, Rules], Row]

TEXT_LIMIT = 100_000
"""Text of a column no form limits (a later kind's): a bound all the same."""


def _case(row: Row, rules: Rules) -> Row:
    priority = next((name for name, rank in forms.PRIORITY_RANK.items()
                     if rank == row.get("priority")), "normal")
    form = validate_case(forms.CaseForm(
        title=row.get("title") or "", narrative=row.get("narrative") or "",
        priority=priority, confidentiality=row.get("confidentiality") or "confidential",
        province_code=row.get("province_code") or "", opened_on=row.get("opened_on")),
        rules)
    return {**row, "title": form.title, "opened_on": form.opened_on or rules.today}


def _incident(row: Row, rules: Rules) -> Row:
    form = forms.IncidentForm(
        date=row.get("date"), province_code=row.get("province_code") or "",
        territory_code=row.get("territory_code") or "", locality=row.get("locality") or "",
        description=row.get("description") or "", end=row.get("end"))
    validate_incident(form, rules)
    kept = {k: v for k, v in row.items() if k not in ("date", "end")}
    return {**kept, **incident_values(form)}


def _violation(row: Row, rules: Rules) -> Row:
    unnamed = forms.UnnamedVictims(**{group: row.get(f"unnamed_{group}") or 0
                                      for group in forms.UNNAMED_GROUPS})
    validate_violation(forms.ViolationForm(
        type_code=row.get("type_code") or "", description=row.get("description") or "",
        verification_status=row.get("verification_status") or "reported", unnamed=unnamed),
        rules)
    return row


def _victim(row: Row, rules: Rules) -> Row:
    form = forms.VictimForm(
        code=(row.get("code") or "").strip(), name=row.get("name") or "",
        contact=row.get("contact") or "", sex=row.get("sex") or "unknown", age=row.get("age"),
        age_group=row.get("age_group") or "unknown",
        disability=row.get("disability") or "unknown",
        displacement=row.get("displacement") or "unknown",
        risk_level=row.get("risk_level") or "none",
        risk_measures=row.get("risk_measures") or "",
        risk_review_on=row.get("risk_review_on"))
    if not form.code:
        raise ValidationError("code", N_("A victim needs a code (V01…)."))
    validate_victim(form, rules)
    return {**row, "code": form.code, "age_group": age_group_of(form)}


def _perpetrator(row: Row, rules: Rules) -> Row:
    validate_perpetrator(forms.PerpetratorForm(
        category_code=row.get("category_code") or "", unit=row.get("unit") or "",
        name=row.get("name") or "", rank=row.get("rank") or "",
        description=row.get("description") or ""), rules)
    return row


def _source(row: Row, rules: Rules) -> Row:
    validate_source(forms.SourceForm(
        kind=row.get("kind") or "", reliability=row.get("reliability") or "",
        credibility=row.get("credibility") or 0, obtained_on=row.get("obtained_on"),
        description=row.get("description") or ""), rules)
    return row


def _referral(row: Row, rules: Rules) -> Row:
    proposed = row.get("proposed_on") or rules.today
    validate_referral(forms.ReferralForm(
        service_code=row.get("service_code") or "", provider=row.get("provider") or "",
        proposed_on=proposed, comment=row.get("comment") or ""), rules)
    status_on = row.get("status_on") or proposed
    validate_referral_status(row.get("status") or "proposed", status_on, proposed, rules)
    return {**row, "proposed_on": proposed, "status_on": status_on}


def _follow_up(row: Row, rules: Rules) -> Row:
    validate_follow_up(forms.FollowUpForm(description=row.get("description") or "",
                                          due_on=row.get("due_on")), rules)
    return row


def _note(row: Row, rules: Rules) -> Row:
    validate_note(row.get("body") or "")
    return row


def _consent(row: Row, rules: Rules) -> Row:
    validate_consent_purpose(row.get("purpose") or "")
    length("note", row.get("note") or "")
    return row


def _attachment(row: Row, rules: Rules) -> Row:
    content = row.get("content") or b""
    filename = exchange.stored_name(row.get("filename") or "")
    validate_attachment(filename, len(content), rules)
    digest = hashlib.sha256(content).hexdigest()
    if row.get("sha256") not in (None, "", digest):
        raise ValidationError("sha256", N_("The content does not match its SHA-256: the "
                                           "file was altered or cut."))
    return {**row, "filename": filename, "size": len(content), "sha256": digest}


FILLED = {("case_file", "opened_on"), ("referral", "proposed_on"),
          ("referral", "status_on")}
"""Columns a file may leave out: the check fills them as the form would (today)."""

CHECKS: dict[str, Check] = {
    "case_file": _case, "incident": _incident, "violation": _violation, "victim": _victim,
    "perpetrator": _perpetrator, "source": _source, "referral": _referral,
    "follow_up": _follow_up, "note": _note, "consent": _consent, "attachment": _attachment,
}


def text_limit(name: str) -> int:
    return LIMITS.get(name, TEXT_LIMIT)
