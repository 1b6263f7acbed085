"""What a user fills in (form dataclasses) and the closed lists they choose from.

Each ``CHOICES`` entry maps a stored code to its label, marked for translation; the UI
shows ``_(label)``. Forms hold plain values; ``validation`` checks them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jhro_tui.i18n import N_, N_plural, _, format_number, ngettext
from jhro_tui.services.advocacy import forms as advocacy
from jhro_tui.services.dates import PartialDate

STATUSES = {
    "draft": N_("Draft"),
    "submitted": N_("Submitted"),
    "validated": N_("Validated"),
    "in_follow_up": N_("In follow-up"),
    "closed": N_("Closed"),
}
PRIORITIES = {"low": N_("Low"), "normal": N_("Normal"), "high": N_("High"),
              "urgent": N_("Urgent")}
PRIORITY_RANK = {"low": 1, "normal": 2, "high": 3, "urgent": 4}
PRIORITY_NAME = {rank: name for name, rank in PRIORITY_RANK.items()}
CONFIDENTIALITY = {"confidential": N_("Confidential"),
                   "strictly_confidential": N_("Strictly confidential")}
VERIFICATION = {
    "reported": N_("Reported (not yet verified)"),
    "credible": N_("Credible"),
    "verified": N_("Verified"),
    "not_a_violation": N_("Not a violation"),
}
SEXES = {"female": N_("Female"), "male": N_("Male"), "other": N_("Other"),
         "unknown": N_("Unknown")}
AGE_GROUPS = {"child": N_("Child (under 18)"), "adult": N_("Adult"), "unknown": N_("Unknown")}
DISABILITY = {"yes": N_("Yes"), "no": N_("No"), "unknown": N_("Unknown")}
DISPLACEMENT = {
    "not_displaced": N_("Not displaced"),
    "idp": N_("Internally displaced"),
    "refugee": N_("Refugee or asylum-seeker"),
    "returnee": N_("Returnee"),
    "unknown": N_("Unknown"),
}
RISK_LEVELS = {"none": N_("No known risk"), "low": N_("Low"), "medium": N_("Medium"),
               "high": N_("High")}
CONSENT_PURPOSES = {
    "documentation": N_("Documentation of the case"),
    "referral": N_("Referral to services"),
    "justice": N_("Sharing with judicial authorities"),
    "statistics": N_("Anonymised statistics and public reporting"),
    "transfer": N_("Transfer of the case file to a partner organisation"),
}
VICTIM_INVOLVEMENT = {"direct": N_("Direct victim"),
                      "indirect": N_("Indirect victim (family or dependant)")}
PERPETRATOR_ROLES = {
    "direct": N_("Directly carried out"),
    "ordered": N_("Gave orders"),
    "failed_to_prevent": N_("Failed to prevent or punish (as a superior)"),
    "complicit": N_("Assisted or was complicit"),
    "unknown": N_("Unknown"),
}
SOURCE_KINDS = {
    "victim": N_("Victim"),
    "witness": N_("Witness"),
    "family": N_("Family member"),
    "medical": N_("Medical staff or record"),
    "authority": N_("Authority or official"),
    "civil_society": N_("Civil society organisation"),
    "un": N_("UN or humanitarian agency"),
    "media": N_("Media"),
    "document": N_("Document"),
    "other": N_("Other"),
}
RELIABILITY = {
    "A": N_("A: completely reliable"),
    "B": N_("B: usually reliable"),
    "C": N_("C: fairly reliable"),
    "D": N_("D: not usually reliable"),
    "E": N_("E: unreliable"),
    "F": N_("F: reliability cannot be judged"),
}
CREDIBILITY = {
    1: N_("1: confirmed by other sources"),
    2: N_("2: probably true"),
    3: N_("3: possibly true"),
    4: N_("4: doubtful"),
    5: N_("5: improbable"),
    6: N_("6: truth cannot be judged"),
}
REFERRAL_STATUSES = {
    "proposed": N_("Proposed"),
    "accepted": N_("Accepted"),
    "refused": N_("Refused"),
    "completed": N_("Completed"),
    "withdrawn": N_("Withdrawn (consent revoked)"),
}
OPEN_REFERRAL_STATUSES = ("proposed", "accepted")
CASE_LINK_KINDS = {
    "same_incident": N_("Same incident"),
    "same_victim": N_("Same victim"),
    "same_perpetrator": N_("Same perpetrator"),
    "follow_on": N_("Follows on from"),
}
FOLLOWED_BY = N_("Followed by")
"""A follow-on link as the earlier case shows it."""

# Justice (services/justice): closed lists, in the order a proceeding goes through them.
PROCEEDING_STAGES = {
    "complaint": N_("Complaint filed"),
    "investigation": N_("Investigation"),
    "referral": N_("Indictment or referral to court"),
    "trial": N_("Trial"),
    "judgment": N_("Judgment"),
    "appeal": N_("Appeal"),
    "enforcement": N_("Enforcement"),
    "closed": N_("Closed"),
}
JURISDICTIONS = {"civil": N_("Civilian"), "military": N_("Military"),
                 "mobile": N_("Mobile court hearing")}
VERDICTS = {
    "convicted": N_("Convicted"),
    "acquitted": N_("Acquitted"),
    "dismissed": N_("Dismissed (no case to answer)"),
    "requalified": N_("Convicted of a requalified charge"),
}
SENTENCE_KINDS = {
    "prison": N_("Prison (penal servitude)"),
    "life": N_("Life imprisonment"),
    "death": N_("Death penalty"),
    "suspended": N_("Suspended sentence"),
    "fine": N_("Fine only"),
}
CURRENCIES = {"USD": N_("US dollars (USD)"), "CDF": N_("Congolese francs (CDF)")}
PROTECTION_MEASURES = {
    "closed_hearing": N_("Closed hearing"),
    "pseudonym": N_("Pseudonym"),
    "screen": N_("Screen"),
    "voice_distortion": N_("Voice distortion"),
}
RELEASE_BASES = {
    "unlawful_detention": N_("Held unlawfully (no legal basis or past the time limit)"),
    "acquitted": N_("Acquitted or charges dismissed"),
    "sentence_served": N_("Sentence already served"),
    "provisional_release": N_("Provisional release (bail)"),
}

FACILITY_KINDS = {
    "prison": N_("Prison"),
    "police_cell": N_("Police cell (cachot)"),
    "military": N_("Military detention"),
    "intelligence": N_("Intelligence service"),
    "unofficial": N_("Unofficial place of detention"),
}
VISIT_ACCESS = {
    "full": N_("Full access"),
    "partial": N_("Partial access"),
    "refused": N_("Access refused"),
}
DETENTION_CONDITIONS = {
    "overcrowding": N_("Overcrowding"),
    "food": N_("Food"),
    "water": N_("Water"),
    "health_care": N_("Health care"),
    "minors_not_separated": N_("Minors not separated from adults"),
    "women_not_separated": N_("Women not separated from men"),
    "pretrial_not_separated": N_("Pre-trial detainees not separated from convicts"),
}
DETENTION_STEPS = {
    "arrest": N_("Arrest"),
    "custody": N_("Police custody (garde à vue)"),
    "warrant": N_("Provisional arrest warrant"),
    "order": N_("Pre-trial detention order"),
    "extension": N_("Extension of the order"),
    "appearance": N_("Appearance before a judge"),
    "judgment": N_("Judgment"),
    "sentence": N_("Sentence"),
    "transfer": N_("Transfer to another facility"),
    "release": N_("Release"),
}
DETENTION_VERDICTS = {
    "convicted": N_("Convicted"),
    "acquitted": N_("Acquitted"),
    "other": N_("Other outcome (dismissed, declined jurisdiction…)"),
}
DETENTION_RELEASE_BASES = {
    "court_order": N_("Court order"),
    "mobile_session": N_("Mobile court session"),
    "end_of_sentence": N_("End of sentence"),
    "bail": N_("Bail (provisional release)"),
    "escape": N_("Escape"),
    "death_in_custody": N_("Death in custody"),
}
FLAG_REVIEWS = {
    "confirmed": N_("Confirmed: held unlawfully"),
    "overridden": N_("Overridden: a legal basis the timeline does not show"),
}

CHOICES: dict[str, dict[str, str] | dict[int, str]] = {
    "status": STATUSES, "priority": PRIORITIES, "confidentiality": CONFIDENTIALITY,
    "verification_status": VERIFICATION, "sex": SEXES, "age_group": AGE_GROUPS,
    "disability": DISABILITY, "displacement": DISPLACEMENT, "risk_level": RISK_LEVELS,
    "consent_purpose": CONSENT_PURPOSES, "involvement": VICTIM_INVOLVEMENT,
    "perpetrator_role": PERPETRATOR_ROLES, "source_kind": SOURCE_KINDS,
    "reliability": RELIABILITY, "credibility": CREDIBILITY,
    "referral_status": REFERRAL_STATUSES, "case_link": CASE_LINK_KINDS,
    "proceeding_stage": PROCEEDING_STAGES, "jurisdiction": JURISDICTIONS, "verdict": VERDICTS,
    "sentence_kind": SENTENCE_KINDS, "currency": CURRENCIES,
    "protection_measure": PROTECTION_MEASURES, "release_basis": RELEASE_BASES,
    "facility_kind": FACILITY_KINDS, "visit_access": VISIT_ACCESS,
    "detention_condition": DETENTION_CONDITIONS, "detention_step": DETENTION_STEPS,
    "detention_verdict": DETENTION_VERDICTS,
    "detention_release_basis": DETENTION_RELEASE_BASES, "flag_review": FLAG_REVIEWS,
    "law_kind": advocacy.LAW_KINDS, "law_jurisdiction": advocacy.LAW_JURISDICTIONS,
    "law_stage": advocacy.LAW_STAGES, "law_theme": advocacy.LAW_THEMES,
    "standard": advocacy.STANDARDS, "action_kind": advocacy.ACTION_KINDS,
    "institution": advocacy.INSTITUTIONS,
}


def choices(name: str) -> list[tuple[str | int, str]]:
    """``(code, translated label)`` pairs of one closed list, in their natural order."""
    return [(code, _(label)) for code, label in CHOICES[name].items()]


def choice_label(name: str, code: str | int) -> str:
    """The translated label of ``code`` in the list ``name`` (the code when unknown)."""
    labels: dict[Any, str] = CHOICES[name]
    label = labels.get(code)
    return _(label) if label else str(code)


@dataclass(frozen=True)
class CaseForm:
    """A case's header. ``officer`` and ``office`` default to the author's."""

    title: str
    narrative: str = ""
    priority: str = "normal"
    confidentiality: str = "confidential"
    province_code: str = ""
    opened_on: dt.date | None = None
    officer: str | None = None
    """Account name of the assigned officer (on creation; later through ``assign_case``)."""
    office: str | None = None


@dataclass(frozen=True)
class IncidentForm:
    date: PartialDate | None
    province_code: str
    territory_code: str = ""
    locality: str = ""
    description: str = ""
    end: PartialDate | None = None
    """When the incident lasted (sexual slavery, detention): its last known date."""


UNNAMED_GROUPS = ("men", "women", "boys", "girls", "unknown")
UNNAMED_COUNTS = {
    "men": N_plural("{count} man", "{count} men"),
    "women": N_plural("{count} woman", "{count} women"),
    "boys": N_plural("{count} boy", "{count} boys"),
    "girls": N_plural("{count} girl", "{count} girls"),
    "unknown": N_plural("{count} of unknown sex or age", "{count} of unknown sex or age"),
}
"""Victims of a violation not identified one by one are counted in these groups (the
office publishes victims as men, women and children)."""


@dataclass(frozen=True)
class UnnamedVictims:
    """How many victims of a violation are counted without being identified."""

    men: int = 0
    women: int = 0
    boys: int = 0
    girls: int = 0
    unknown: int = 0

    def counts(self) -> dict[str, int]:
        return {group: getattr(self, group) for group in UNNAMED_GROUPS}

    @property
    def total(self) -> int:
        return sum(self.counts().values())

    def describe(self) -> str:
        """"12 men, 5 women, 3 girls": the victims counted without names."""
        return ", ".join(
            ngettext(*UNNAMED_COUNTS[group], count).format(count=format_number(count))
            for group, count in self.counts().items() if count)


@dataclass(frozen=True)
class ViolationForm:
    type_code: str
    description: str = ""
    verification_status: str = "reported"
    unnamed: UnnamedVictims = UnnamedVictims()


@dataclass(frozen=True)
class VictimForm:
    """A victim. ``name`` and ``contact`` are restricted identity fields: on an update,
    ``None`` leaves them as they are (what someone who may not see them sends)."""

    code: str = ""
    """Code or pseudonym shown everywhere; left empty, one is made (V01, V02…)."""
    name: str | None = None
    contact: str | None = None
    sex: str = "unknown"
    age: int | None = None
    age_group: str = "unknown"
    disability: str = "unknown"
    displacement: str = "unknown"
    risk_level: str = "none"
    risk_measures: str = ""
    risk_review_on: dt.date | None = None


@dataclass(frozen=True)
class ProtectionForm:
    """A protection-risk review of a victim."""

    risk_level: str
    risk_measures: str = ""
    risk_review_on: dt.date | None = None


@dataclass(frozen=True)
class PerpetratorForm:
    category_code: str
    unit: str = ""
    name: str = ""
    rank: str = ""
    description: str = ""


@dataclass(frozen=True)
class SourceForm:
    kind: str
    reliability: str
    credibility: int
    obtained_on: dt.date | None = None
    description: str = ""


@dataclass(frozen=True)
class CaseLinkForm:
    """Link a case to another, named by its reference (``GOM-2026-0001``)."""

    reference: str
    kind: str
    note: str = ""


@dataclass(frozen=True)
class ReferralForm:
    service_code: str
    provider: str = ""
    proposed_on: dt.date | None = None
    comment: str = ""


@dataclass(frozen=True)
class FollowUpForm:
    description: str
    due_on: dt.date | None
    assigned_to: str | None = None
    """Account name; defaults to the case's officer."""
