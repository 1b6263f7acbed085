"""A validated demo case's snapshot, written as the application would write it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from jhro_tui.demo.ids import Staff
from jhro_tui.services.forms import (
    CaseForm,
    IncidentForm,
    PerpetratorForm,
    UnnamedVictims,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.reference import Catalog
from jhro_tui.services.validation import age_group_of


class EnglishTerms:
    """What a snapshot says of a code (English labels, parents, kinds), each looked up
    once per generator rather than once per case."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.labels: dict[tuple[str, str], str] = {}
        self.parents: dict[tuple[str, str], str] = {}
        self.kinds: dict[str, str] = {}

    def quoted_label(self, vocabulary: str, code: str) -> str:
        """The English label as a JSON string."""
        key = (vocabulary, code)
        text = self.labels.get(key)
        if text is None:
            text = self.labels[key] = quote(self.catalog.label(vocabulary, code, "en"))
        return text

    def parent(self, vocabulary: str, code: str) -> str:
        key = (vocabulary, code)
        parent = self.parents.get(key)
        if parent is None:
            term = self.catalog.get(vocabulary, code)
            parent = self.parents[key] = term.parent_code if term else ""
        return parent

    def kind(self, category_code: str) -> str:
        kind = self.kinds.get(category_code)
        if kind is None:
            term = self.catalog.get("perpetrator_category", category_code)
            kind = self.kinds[category_code] = term.extra.get("kind", "") if term else ""
        return kind


def snapshot_document(case_id: int, reference: str, form: CaseForm, office: str,
                       officer_id: int, created: dt.datetime, validated_at: dt.datetime,
                       supervisor_id: int, version: int, staff: Staff, terms: EnglishTerms,
                       incidents: list[tuple[int, IncidentForm]],
                       violations: list[tuple[int, ViolationForm]],
                       victims: list[tuple[int, VictimForm]],
                       perpetrators: list[tuple[int, PerpetratorForm]],
                       history: list[dict[str, Any]]) -> str:
    """The JSON a snapshot of a validated case holds: exactly what ``snapshots.dumps`` makes
    of its ``CaseDetail`` (keys in field order, compact, not ASCII-escaped), identity fields
    left out. Written as text around the generated values: a dict of some eighty keys per
    case, then encoded, cost a fifth of the time it takes to make a case."""
    q = quote
    names = staff.names
    officer = q(names.get(officer_id, ("", ""))[0])
    created_at = q(created.isoformat())
    label = terms.quoted_label
    first_incident = incidents[0][0]
    violations_json = ",".join(
        f'{{"id":{violation_id},"incident_id":{first_incident},'
        f'"type_code":{q(violation.type_code)},'
        f'"type_label":{label("violation_type", violation.type_code)},'
        f'"category_code":{q(category)},"category_label":{label("violation_type", category)},'
        f'"description":{q(violation.description)},'
        f'"verification_status":{q(violation.verification_status)},'
        f'"verification_set_by":{officer},"verification_set_at":{created_at},'
        f'"victims":[],"perpetrators":[],"version":1,"unnamed":{UNNAMED_NONE}}}'
        for violation_id, violation in violations
        for category in (terms.parent("violation_type", violation.type_code),))
    incidents_json = []
    for incident_id, incident in incidents:
        assert incident.date is not None
        incidents_json.append(
            f'{{"id":{incident_id},"date":{q(incident.date.iso())},'
            f'"end":{q(incident.end.iso()) if incident.end else "null"},'
            f'"province_code":{q(incident.province_code)},'
            f'"province_label":{label("province", incident.province_code)},'
            f'"territory_code":{q(incident.territory_code)},'
            f'"territory_label":{label("territory", incident.territory_code)},'
            f'"locality":{q(incident.locality)},"description":{q(incident.description)},'
            f'"violations":[{violations_json if incident_id == first_incident else ""}],'
            f'"version":1,"updated_by":{officer},"updated_at":{created_at}}}')
    victims_json = ",".join(
        f'{{"id":{victim_id},"code":{q(victim.code)},"sex":{q(victim.sex)},'
        f'"age":{"null" if victim.age is None else victim.age},'
        f'"age_group":{q(age_group_of(victim))},"disability":{q(victim.disability)},'
        f'"displacement":{q(victim.displacement)},"risk_level":{q(victim.risk_level)},'
        f'"risk_measures":{q(victim.risk_measures)},"risk_review_on":'
        f'{q(victim.risk_review_on.isoformat()) if victim.risk_review_on else "null"},'
        f'"consents":[],"identity":null,"identity_allowed":false,'
        f'"has_identity":{"true" if victim.name or victim.contact else "false"},"version":1}}'
        for victim_id, victim in victims)
    perpetrators_json = ",".join(
        f'{{"id":{perpetrator_id},"category_code":{q(perpetrator.category_code)},'
        f'"category_label":{label("perpetrator_category", perpetrator.category_code)},'
        f'"kind":{q(terms.kind(perpetrator.category_code))},"unit":{q(perpetrator.unit)},'
        f'"name":{q(perpetrator.name)},"rank":{q(perpetrator.rank)},'
        f'"description":{q(perpetrator.description)},"version":1}}'
        for perpetrator_id, perpetrator in perpetrators)
    history_json = ",".join(
        f'{{"from_status":{q(step["from_status"])},"to_status":{q(step["to_status"])},'
        f'"by":{q(names.get(step["by"], ("", ""))[0])},"at":{q(step["at"].isoformat())},'
        f'"comment":{q(step["comment"])}}}'
        for step in history)
    return (
        f'{{"id":{case_id},"reference":{q(reference)},"title":{q(form.title)},'
        f'"narrative":{q(form.narrative)},"status":"validated","priority":{q(form.priority)},'
        f'"confidentiality":{q(form.confidentiality)},"officer":{officer},'
        f'"officer_full_name":{q(names.get(officer_id, ("", ""))[1])},"office":{q(office)},'
        f'"province_code":{q(form.province_code)},'
        f'"province_label":{label("province", form.province_code)},'
        f'"opened_on":{q(form.opened_on.isoformat()) if form.opened_on else "null"},'
        f'"created_at":{created_at},"created_by":{officer},'
        f'"updated_at":{q(validated_at.isoformat())},'
        f'"updated_by":{q(names.get(supervisor_id, ("", ""))[0])},"version":{version},'
        f'"incidents":[{",".join(incidents_json)}],"victims":[{victims_json}],'
        f'"perpetrators":[{perpetrators_json}],"sources":[],"referrals":[],'
        f'"follow_ups":[],"notes":[],"attachments":[],"history":[{history_json}],'
        f'"snapshots":[],"shared_with":[],"access_changes":[],"can_edit":false,"editable":[],'
        f'"transitions":[],"can_see_identity":false,"can_assign":false}}')


UNNAMED_NONE = json.dumps(dataclasses.asdict(UnnamedVictims()), separators=(",", ":"))
"""A demo violation's victims are all named."""


quote = json.encoder.encode_basestring
"""A string as ``snapshots.dumps`` writes it (``ensure_ascii=False``)."""

