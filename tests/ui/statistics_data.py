"""Figures of October 2026 in the fixture vault's Goma office (the month before the tests'
frozen day), recorded through the services as an officer and a supervisor would:

- case A (validated): an incident dated "2026-10" (month precision), a rape and a torture
  of one woman by an M23 unit;
- case D (validated): an arbitrary arrest of a boy of 12 by the FARDC on 15 October;
- a draft of 2 October (a rape): never counted.

By category, then: physical integrity 1 (A), sexual violence 1 (A), liberty 1 (D).
"""

from __future__ import annotations

from dataclasses import dataclass

from jhro_tui.services import cases, forms, records, victims, workflow
from jhro_tui.services.dates import PartialDate
from jhro_tui.store.models import Case
from tests.conftest import OFFICER, SUPERVISOR, VaultDir


@dataclass(frozen=True)
class October:
    a: str
    """Case A's reference."""
    d: str
    draft: str


def _case(vault: VaultDir, title: str, date: str, types: list[str], victim: forms.VictimForm,
          perpetrator: str, *, validate: bool = True) -> str:
    session = vault.login(OFFICER)
    try:
        made = cases.create_case(session, forms.CaseForm(title, "Récit.",
                                                         province_code="CD-NK"))
        incident = records.add_incident(session, made.id, forms.IncidentForm(
            PartialDate.parse(date), "CD-NK", "CD-NK.MASISI"))
        person = victims.add_victim(session, made.id, victim)
        victims.give_consent(session, person.id, "documentation")
        perpetrator_id = records.add_perpetrator(session, made.id,
                                                 forms.PerpetratorForm(perpetrator)).id
        for code in types:
            records.add_violation(session, incident.id, forms.ViolationForm(code),
                                  victim_ids=[person.id], perpetrator_ids=[perpetrator_id])
        if validate:
            workflow.submit(session, made.id,
                            expected_version=Case.get_by_id(made.id).version)
    finally:
        session.close()
    if validate:
        session = vault.login(SUPERVISOR)
        try:
            workflow.validate(session, made.id,
                              expected_version=Case.get_by_id(made.id).version)
        finally:
            session.close()
    return made.reference


def record_october(vault: VaultDir) -> October:
    a = _case(vault, "Attaque de Kibumba", "2026-10", ["SGBV.RAPE", "INTEGRITY.TORTURE"],
              forms.VictimForm(name="Furaha", sex="female", age=24), "ARMED_GROUP.M23_AFC")
    d = _case(vault, "Arrestation à Sake", "2026-10-15", ["LIBERTY.ARBITRARY_ARREST"],
              forms.VictimForm(sex="male", age=12), "STATE.FARDC")
    draft = _case(vault, "Brouillon", "2026-10-02", ["SGBV.RAPE"],
                  forms.VictimForm(sex="female", age=30), "STATE.FARDC", validate=False)
    return October(a, d, draft)
