"""What a user fills in to record advocacy, and the closed lists it chooses from (named in
``forms.CHOICES``, so labels are shown as every other list's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from jhro_tui.i18n import N_

LAW_KINDS = {
    "law": N_("Law"),
    "decree": N_("Decree"),
    "regulation": N_("Regulation (order)"),
    "policy": N_("Policy"),
    "strategy": N_("Strategy or action plan"),
}
LAW_JURISDICTIONS = {"national": N_("National"), "provincial": N_("Provincial")}
LAW_STAGES = {
    "identified": N_("Identified"),
    "drafting": N_("Drafting"),
    "tabled": N_("Tabled"),
    "in_committee": N_("In committee"),
    "adopted": N_("Adopted"),
    "promulgated": N_("Promulgated"),
    "in_force": N_("In force / implementation"),
    "stalled": N_("Stalled"),
    "rejected": N_("Rejected"),
}
"""In the order of the board's columns: the way a text goes, then where it may stop."""
OPEN_STAGES = frozenset(LAW_STAGES) - {"in_force", "rejected"}
"""Stages where the office's work on a law goes on."""
LAW_THEMES = {
    "defenders": N_("Human rights defenders"),
    "sexual_violence": N_("Sexual violence and reparations"),
    "military_justice": N_("Military justice"),
    "detention": N_("Detention and torture"),
    "impunity": N_("Justice and fight against impunity"),
    "civic_space": N_("Freedom of expression, assembly and the press"),
    "elections": N_("Elections and political rights"),
    "children": N_("Children's rights"),
    "women": N_("Women's rights"),
    "indigenous": N_("Indigenous peoples and minorities"),
    "land": N_("Land and natural resources"),
    "death_penalty": N_("Death penalty"),
    "other": N_("Other"),
}
STANDARDS = {
    "iccpr": N_("ICCPR (civil and political rights)"),
    "icescr": N_("ICESCR (economic, social and cultural rights)"),
    "cat": N_("CAT (convention against torture)"),
    "cedaw": N_("CEDAW (discrimination against women)"),
    "crc": N_("CRC (rights of the child)"),
    "crpd": N_("CRPD (rights of persons with disabilities)"),
    "achpr": N_("African Charter on Human and Peoples' Rights"),
    "maputo": N_("Maputo Protocol (rights of women in Africa)"),
    "rome": N_("Rome Statute of the International Criminal Court"),
    "defenders_declaration": N_("UN Declaration on Human Rights Defenders"),
    "reparation_principles": N_("UN Basic Principles on the right to a remedy and "
                                "reparation"),
    "mandela_rules": N_("Nelson Mandela Rules (treatment of prisoners)"),
    "force_principles": N_("Basic Principles on the Use of Force and Firearms"),
    "upr": N_("Universal Periodic Review recommendation"),
    "treaty_body": N_("Treaty body recommendation"),
}
ACTION_KINDS = {
    "meeting": N_("Meeting"),
    "letter": N_("Letter"),
    "report": N_("Report"),
    "comments": N_("Technical comments on a draft"),
    "workshop": N_("Workshop or training"),
    "statement": N_("Public statement"),
}
INSTITUTIONS = {
    "presidency": N_("Presidency"),
    "government": N_("Government (a ministry)"),
    "national_assembly": N_("National Assembly"),
    "senate": N_("Senate"),
    "provincial_assembly": N_("Provincial assembly"),
    "provincial_government": N_("Provincial government"),
    "judiciary": N_("Judiciary (civil courts, prosecution)"),
    "military_justice": N_("Military justice"),
    "security_forces": N_("Police or armed forces"),
    "human_rights_commission": N_("National human rights commission"),
    "civil_society": N_("Civil society"),
    "partner": N_("International partner"),
    "other": N_("Other"),
}


@dataclass(frozen=True)
class LawForm:
    """A law or policy; on creation, the stage it is at and since when (its history's
    first step)."""

    title: str
    kind: str
    jurisdiction: str
    theme: str
    province_code: str = ""
    standards: tuple[str, ...] = ()
    priority: str = "normal"
    officer: str = ""
    """The responsible officer's account name; the author when empty."""
    note: str = ""
    stage: str = "identified"
    stage_on: dt.date | None = None
    evidence: str = ""


@dataclass(frozen=True)
class StageForm:
    """A move to another stage: when, and the evidence of it."""

    stage: str
    on: dt.date | None
    evidence: str


@dataclass(frozen=True)
class ActionForm:
    taken_on: dt.date | None
    kind: str
    institution: str
    summary: str
    law_id: int | None = None
    target_name: str = ""
    target_person: str = ""
    outcome: str = ""
    next_step: str = ""
    follow_up_on: dt.date | None = None
    """When the next step is due: a follow-up of the law's responsible officer (the
    author's when the action has no law)."""
