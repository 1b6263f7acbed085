"""A synthetic but realistic caseload for demonstrations, training and benchmarks.

``build_demo`` writes only into an empty directory or into a demo directory it made
itself (marked by ``.jhro-demo``, which also says whether the build finished); it never
touches a real database. The same seed gives
the same caseload: each case draws from its own random generator seeded by (seed, case
number), and every date derives from a fixed window, not from the clock.

Every generated section goes through the same validation functions as a form typed by
hand, and the workflow rules hold (submitted cases have incidents, violations and
victims; referrals only with consent to referral; validated cases have a snapshot).
Worker processes generate pieces of the caseload (rows as tuples, each table's rows as
one JSON array) while this process writes them, and makes pieces itself whenever the next
one is not ready yet. A chunk of pieces per transaction: each table with one
``INSERT … SELECT`` over ``jsonb_each`` (SQLite walks the rows, not Python), the search
text built once per chunk, the chunk's foreign keys checked together before it commits,
and one audit event per chunk, not per row. While loading, the database keeps a rollback
journal instead of its write-ahead log, and the case table's non-unique indexes are made
once at the end instead of row by row.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import json
import multiprocessing
import os
import pickle
import random
import secrets
import shutil
import signal
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Generic, TypeVar, cast

import orjson
from peewee import Model

from jhro_tui.config import Paths, Settings
from jhro_tui.errors import DamagedData, UsageError
from jhro_tui.i18n import N_, _
from jhro_tui.security import keys
from jhro_tui.security.audit import AuditEvent
from jhro_tui.security.files import ensure_private_dir, exclusive
from jhro_tui.security.keyring import Keyring
from jhro_tui.security.vault import Vault
from jhro_tui.services import demo_marker, snapshots, validation
from jhro_tui.services.accounts import NewAccount, validate_new_account
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.demo_marker import DemoBuild
from jhro_tui.services.forms import (
    PRIORITY_RANK,
    CaseForm,
    FollowUpForm,
    IncidentForm,
    PerpetratorForm,
    ReferralForm,
    SourceForm,
    UnnamedVictims,
    VictimForm,
    ViolationForm,
)
from jhro_tui.services.offices import add_office
from jhro_tui.services.records import incident_values
from jhro_tui.services.reference import VOCABULARIES, Catalog, Term, load_catalog
from jhro_tui.services.session import make_throttle, open_vault, unlock_keyring
from jhro_tui.services.setup import initialize
from jhro_tui.services.validation import age_group_of
from jhro_tui.services.victims import victim_values
from jhro_tui.store import search
from jhro_tui.store.models import (
    Account,
    BulkLoad,
    Case,
    CaseCounter,
    CaseSearch,
    CaseShare,
    CaseSnapshot,
    CaseStatusChange,
    Consent,
    FollowUp,
    Incident,
    Note,
    Perpetrator,
    PerpetratorInvolvement,
    Referral,
    Source,
    Victim,
    VictimViolation,
    Violation,
)
from jhro_tui.store.models import Office as OfficeRecord

DEMO_PASSPHRASE = "jhro-demo"
DEMO_ACTOR = "(demo builder)"
WINDOW_START = dt.date(2019, 1, 1)
WINDOW_END = dt.date(2026, 10, 31)
CHUNK = 2000
"""Cases per transaction (and per audit event)."""
PIECE = 250
"""Cases per piece of work handed to a worker process: small, so that the first ones
arrive soon and the last ones leave little to write once the workers are done."""
Report = Callable[[str], None]


# --- the offices, their people and their ground ---------------------------------------------

@dataclass(frozen=True)
class Office:
    name: str
    weight: int
    provinces: tuple[tuple[str, int], ...]
    """Province codes the office covers, with weights."""
    officers: int
    territories: tuple[str, ...] = ()
    """When set, the only territories (codes) the office documents in its provinces."""


OFFICES = (
    Office("Goma", 20, (("CD-NK", 1),), 3,
           ("CD-NK.NYIRAGONGO", "CD-NK.RUTSHURU", "CD-NK.MASISI", "CD-NK.WALIKALE",
            "CD-NK.V_GOMA")),
    Office("Beni", 13, (("CD-NK", 1),), 2,
           ("CD-NK.BENI", "CD-NK.LUBERO", "CD-NK.V_BENI", "CD-NK.V_BUTEMBO")),
    Office("Bukavu", 15, (("CD-SK", 5), ("CD-MA", 1)), 2,
           ("CD-SK.KABARE", "CD-SK.KALEHE", "CD-SK.WALUNGU", "CD-SK.MWENGA",
            "CD-SK.SHABUNDA", "CD-SK.IDJWI", "CD-SK.V_BUKAVU", "CD-MA.KABAMBARE",
            "CD-MA.KAILO", "CD-MA.KASONGO", "CD-MA.KIBOMBO", "CD-MA.LUBUTU",
            "CD-MA.PANGI", "CD-MA.PUNIA", "CD-MA.V_KINDU")),
    Office("Uvira", 9, (("CD-SK", 1),), 1,
           ("CD-SK.UVIRA", "CD-SK.FIZI", "CD-SK.V_UVIRA", "CD-SK.V_BARAKA")),
    Office("Bunia", 15, (("CD-IT", 6), ("CD-HU", 1)), 2),
    Office("Kalemie", 7, (("CD-TA", 4), ("CD-HL", 1)), 1),
    Office("Kananga", 8, (("CD-KC", 3), ("CD-KS", 3), ("CD-KE", 1), ("CD-LO", 1),
                          ("CD-SA", 1)), 1),
    Office("Lubumbashi", 5, (("CD-HK", 3), ("CD-LU", 1)), 1),
    Office("Kinshasa", 8, (("CD-KN", 6), ("CD-BC", 1), ("CD-KL", 1), ("CD-MN", 1),
                           ("CD-EQ", 1), ("CD-TO", 1)), 1),
)

FIRST_NAMES_F = ("Furaha", "Neema", "Esther", "Aline", "Espérance", "Riziki", "Sifa",
                 "Consolata", "Jeanne", "Chantal", "Mapendo", "Bahati", "Anuarite",
                 "Nsimire", "Kavira", "Masika", "Kahindo", "Sylvie", "Béatrice", "Zawadi",
                 "Faida", "Solange", "Dorcas", "Nadine", "Grâce", "Mwamini", "Rebecca",
                 "Ornella", "Judith", "Mbuyi", "Ngalula", "Kapinga", "Yvette", "Marie")
FIRST_NAMES_M = ("Amani", "Baraka", "Jean-Pierre", "Patrick", "Emmanuel", "Jean-Claude",
                 "Innocent", "Dieudonné", "Josué", "Pacifique", "Kambale", "Muhindo",
                 "Kasereka", "Mumbere", "Katembo", "Paluku", "Ilunga", "Kalala", "Mutombo",
                 "Ngoy", "Lokwa", "Dhedonga", "Ngabu", "Bienvenu", "Fiston", "Héritier",
                 "Trésor", "Christian", "Olivier", "Moïse", "Blaise", "Gédéon")
SURNAMES = ("Bahati", "Mapendo", "Kahindo", "Masika", "Muhindo", "Kavira", "Mumbere",
            "Katembo", "Kasereka", "Lukusa", "Tshibanda", "Ilunga", "Mbuyi", "Kalala",
            "Ngoy", "Lokwa", "Dhedonga", "Ngabu", "Bisimwa", "Cirimwami", "Mushagalusa",
            "Byamungu", "Zihindula", "Mukanirwa", "Balagizi", "Nabintu", "Safari",
            "Kakule", "Paluku", "Kambale", "Banza", "Kabongo", "Tshimanga", "Mwamba",
            "Kasongo", "Ndjoli", "Unega", "Lonema", "Ngongo", "Dz'Na", "Uzele", "Ufoyuru")
LOCALITIES = {
    "CD-NK": ("Kibumba", "Kitchanga", "Mweso", "Kiwanja", "Rubaya", "Sake", "Kanyabayonga",
              "Oicha", "Mavivi", "Eringeti", "Mangina", "Kamango", "Bulengo", "Kalengera",
              "Nyanzale", "Pinga", "Kashuga", "Bambo", "Kirumba", "Mbau", "Mutwanga"),
    "CD-SK": ("Kavumu", "Minova", "Bunyakiri", "Kamituga", "Lemera", "Sange", "Kiliba",
              "Minembwe", "Mboko", "Nyangezi", "Katana", "Kalonge", "Luhihi", "Kitutu",
              "Mulenge", "Kazimia", "Ihusi", "Numbi"),
    "CD-IT": ("Fataki", "Drodro", "Largu", "Komanda", "Boga", "Tchabi", "Nizi", "Pimbo",
              "Bule", "Lopa", "Rhoe", "Plaine Savo", "Mongbwalu", "Lolwa", "Niania"),
    "CD-TA": ("Nyunzu", "Manono", "Kabalo", "Kongolo", "Moba", "Mulenge", "Kiambi",
              "Katanika", "Mukebo"),
    "CD-KS": ("Kamonia", "Kamako", "Luebo", "Kitangwa", "Mbawu", "Kakenge"),
    "CD-KC": ("Tshimbulu", "Nganza", "Dibaya", "Luiza", "Kamuesha", "Bukonde"),
    "CD-KN": ("Limete", "Matete", "Ngaliema", "Kimbanseke", "Masina", "Ndjili", "Kalamu",
              "Lemba", "Makala"),
    "CD-HK": ("Kasenga", "Pweto", "Mitwaba", "Kipushi", "Kilwa", "Dubie"),
    "CD-MA": ("Kindu", "Kasongo", "Kampene", "Salamabila", "Kalima"),
}
PERPETRATORS = {
    "CD-NK": (("ARMED_GROUP.M23_AFC", 14), ("ARMED_GROUP.ADF", 12), ("ARMED_GROUP.FDLR", 5),
              ("ARMED_GROUP.NYATURA", 4), ("ARMED_GROUP.APCLS", 3), ("ARMED_GROUP.NDC_R", 3),
              ("ARMED_GROUP.WAZALENDO", 6), ("ARMED_GROUP.MAI_MAI.OTHER", 4),
              ("STATE.FARDC", 12), ("STATE.PNC", 8), ("STATE.ANR", 2),
              ("UNKNOWN.ARMED_MEN", 5)),
    "CD-SK": (("ARMED_GROUP.RAIA_MUTOMBOKI", 8), ("ARMED_GROUP.MAI_MAI.YAKUTUMBA", 4),
              ("ARMED_GROUP.TWIRWANEHO", 3), ("ARMED_GROUP.RED_TABARA", 3),
              ("ARMED_GROUP.M23_AFC", 6), ("ARMED_GROUP.WAZALENDO", 4), ("STATE.FARDC", 12),
              ("STATE.PNC", 9), ("UNKNOWN.ARMED_MEN", 5)),
    "CD-IT": (("ARMED_GROUP.CODECO", 16), ("ARMED_GROUP.ZAIRE", 6), ("ARMED_GROUP.ADF", 8),
              ("ARMED_GROUP.FRPI", 3), ("ARMED_GROUP.CRP", 2), ("STATE.FARDC", 10),
              ("STATE.PNC", 6), ("UNKNOWN.ARMED_MEN", 4)),
    "CD-TA": (("ARMED_GROUP.MAI_MAI.OTHER", 6), ("OTHER_NON_STATE.COMMUNITY_MILITIA", 6),
              ("STATE.FARDC", 6), ("STATE.PNC", 6), ("UNKNOWN.ARMED_MEN", 2)),
    "CD-KS": (("ARMED_GROUP.KAMUINA_NSAPU", 5), ("ARMED_GROUP.BANA_MURA", 3),
              ("STATE.FARDC", 6), ("STATE.PNC", 8), ("STATE.LOCAL_AUTHORITY", 2)),
    "CD-KN": (("STATE.PNC", 12), ("STATE.ANR", 5), ("STATE.FARDC.REPUBLICAN_GUARD", 2),
              ("OTHER_NON_STATE.CRIMINAL_GANG", 5),
              ("OTHER_NON_STATE.POLITICAL_PARTY_MEMBERS", 3), ("ARMED_GROUP.MOBONDO", 3)),
    "CD-HK": (("ARMED_GROUP.MAI_MAI.KATA_KATANGA", 3), ("STATE.PNC", 8), ("STATE.FARDC", 4),
              ("STATE.ANR", 2), ("OTHER_NON_STATE.PRIVATE_COMPANY", 2)),
    "": (("STATE.PNC", 8), ("STATE.FARDC", 6), ("STATE.ANR", 2), ("STATE.LOCAL_AUTHORITY", 2),
         ("OTHER_NON_STATE.COMMUNITY_MILITIA", 3), ("OTHER_NON_STATE.MOB", 2),
         ("UNKNOWN", 2)),
}
VIOLATIONS_STATE = (
    ("LIFE.EXTRAJUDICIAL_KILLING", 6), ("INTEGRITY.ILL_TREATMENT", 8),
    ("INTEGRITY.TORTURE", 3), ("INTEGRITY.CIDT", 3), ("SGBV.RAPE", 7),
    ("LIBERTY.ARBITRARY_ARREST", 12), ("LIBERTY.ILLEGAL_DETENTION", 8),
    ("LIBERTY.CUSTODY_BEYOND_48H", 5), ("PROPERTY.EXTORTION", 6), ("PROPERTY.LOOTING", 3),
    ("FAIR_TRIAL.NO_LEGAL_COUNSEL", 2), ("ASSEMBLY.VIOLENT_DISPERSAL", 2),
    ("EXPRESSION.JOURNALIST_HARASSMENT", 1), ("EXPRESSION.HRD_HARASSMENT", 1),
    ("LIBERTY.THREATS", 2),
)
VIOLATIONS_ARMED = (
    ("LIFE.SUMMARY_EXECUTION", 10), ("SGBV.RAPE", 10), ("SGBV.SEXUAL_SLAVERY", 2),
    ("LIBERTY.ABDUCTION", 8), ("LIBERTY.HOSTAGE_TAKING", 2), ("INTEGRITY.INJURY", 6),
    ("PROPERTY.LOOTING", 7), ("PROPERTY.DESTRUCTION", 5), ("PROPERTY.ILLEGAL_TAXATION", 3),
    ("CHILD.RECRUITMENT_USE", 2), ("FORCED_LABOUR.FORCED_LABOUR", 2),
    ("IHL.ATTACK_ON_CIVILIANS", 3), ("IHL.ATTACK_ON_DISPLACEMENT_SITE", 1),
    ("DISPLACEMENT.FORCED_DISPLACEMENT", 2),
)
SERVICES_SGBV = ("MEDICAL.PEP_72H", "MEDICAL.CARE", "PSYCHOSOCIAL", "LEGAL.ASSISTANCE",
                 "SOCIOECONOMIC_REINTEGRATION", "MEDICAL.SURGERY")
SERVICES_OTHER = ("MEDICAL.CARE", "PSYCHOSOCIAL", "LEGAL.COUNSELLING", "LEGAL.ASSISTANCE",
                  "PROTECTION.VICTIMS_WITNESSES", "HUMANITARIAN_ASSISTANCE", "SHELTER",
                  "CHILD_PROTECTION")
PROVIDERS = ("HEAL Africa", "Panzi Foundation", "MSF", "Hôpital général de référence",
             "Centre de santé local", "Clinique juridique", "Dynamique des femmes juristes",
             "AVSI", "UNICEF partner", "Maison d'écoute", "Barreau de Goma",
             "Bureau de consultation gratuite")

ACTS_FR = {
    "LIFE": "ont tué", "INTEGRITY": "ont frappé et blessé", "SGBV": "ont violé",
    "LIBERTY": "ont arrêté et détenu", "PROPERTY": "ont pillé les biens de",
    "CHILD": "ont enlevé et enrôlé", "FORCED_LABOUR": "ont contraint aux travaux forcés",
    "IHL": "ont attaqué", "DISPLACEMENT": "ont chassé de leur village",
    "FAIR_TRIAL": "ont privé de leurs droits de défense",
    "ASSEMBLY": "ont dispersé violemment", "EXPRESSION": "ont menacé",
}
ACTS_EN = {
    "LIFE": "killed", "INTEGRITY": "beat and injured", "SGBV": "raped",
    "LIBERTY": "arrested and held", "PROPERTY": "looted the property of",
    "CHILD": "abducted and recruited", "FORCED_LABOUR": "forced into labour",
    "IHL": "attacked", "DISPLACEMENT": "drove out of their village",
    "FAIR_TRIAL": "denied legal defence to", "ASSEMBLY": "violently dispersed",
    "EXPRESSION": "threatened",
}
NOTES_FR = (
    "Entretien mené avec la victime dans un lieu sûr, en présence d'une assistante psychosociale.",
    "Le chef de localité confirme la présence d'hommes armés ce jour-là.",
    "Plainte déposée auprès de l'auditorat militaire; suivi prévu avec le magistrat.",
    "La victime craint des représailles; mesures de protection discutées.",
    "Visite de suivi reportée pour raisons de sécurité sur l'axe.",
    "Deux témoins corroborent le récit; l'un souhaite rester anonyme.",
    "Certificat médical obtenu auprès de l'hôpital de référence.",
    "Le commandant de l'unité a été saisi du dossier par le bureau.",
)
NOTES_EN = (
    "Interview held with the victim in a safe place, with a psychosocial assistant present.",
    "The local chief confirms armed men were present that day.",
    "Complaint lodged with the military prosecutor; follow-up planned with the magistrate.",
    "The victim fears reprisals; protection measures discussed.",
    "Follow-up visit postponed because of insecurity on the road.",
    "Two witnesses corroborate the account; one wishes to remain anonymous.",
    "Medical certificate obtained from the referral hospital.",
    "The office raised the case with the unit commander.",
)
FOLLOW_UPS = (
    "Check the medical follow-up of the victim",
    "Meet the military prosecutor about the complaint",
    "Review the protection measures with the victim",
    "Collect the medical certificate",
    "Verify the account with a second source",
    "Follow up the referral with the provider",
)


@dataclass(frozen=True)
class DemoAccount:
    name: str
    role: str
    office: str
    full_name: str


def demo_accounts() -> list[DemoAccount]:
    """The demo's accounts: ``admin``, then per office a supervisor and officers; Goma's
    are the short names ``supervisor`` and ``officer``."""
    rng = random.Random("jhro-demo-accounts")
    people = [DemoAccount("admin", "admin", "Kinshasa", "Demo Administrator")]

    def person(first: Sequence[str]) -> str:
        return f"{_choice(rng, first)} {_choice(rng, SURNAMES).upper()}"

    for office in OFFICES:
        key = office.name.lower()
        supervisor = "supervisor" if office.name == "Goma" else f"{key}.supervisor"
        people.append(DemoAccount(supervisor, "supervisor", office.name,
                                  person(FIRST_NAMES_F + FIRST_NAMES_M)))
        for number in range(1, office.officers + 1):
            goma_first = office.name == "Goma" and number == 1
            name = "officer" if goma_first else f"{key}.officer{number}"
            people.append(DemoAccount(name, "officer", office.name,
                                      person(FIRST_NAMES_F + FIRST_NAMES_M)))
    return people


# --- guarding the directory -----------------------------------------------------------------

def _prepare_directory(paths: Paths, cases: int, seed: int) -> None:
    """Refuse anything but an empty directory or a demo directory this builder made; mark
    it as a demo being built (``demo_marker``) until the build finishes."""
    directory = paths.data_dir
    if directory.exists() and any(directory.iterdir()):
        if demo_marker.read(paths) is None:
            raise UsageError(N_("{path} is not empty and is not a demo directory: refusing to "
                                "build a demo caseload there."), path=directory)
        # The marker goes last: a removal cut short still leaves a demo directory.
        for path in sorted(directory.iterdir(), key=lambda path: path == paths.demo_marker):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    ensure_private_dir(directory)
    demo_marker.write(paths, DemoBuild(False, cases, seed))


# --- generation -------------------------------------------------------------------------------

T = TypeVar("T")


class Weighted(Generic[T]):
    """Options (value, weight), each drawn in proportion to its weight. The running totals
    are summed once: a case makes some twenty draws."""

    def __init__(self, options: Iterable[tuple[T, int]]) -> None:
        self.values: list[T] = []
        self.totals: list[int] = []
        running = 0
        for value, weight in options:
            running += weight
            self.values.append(value)
            self.totals.append(running)

    def draw(self, rng: random.Random) -> T:
        return self.values[bisect.bisect_right(self.totals, rng.random() * self.totals[-1])]


OFFICE_DRAW = Weighted((office, office.weight) for office in OFFICES)
"""Each case's office: the first draw of its random source."""
VICTIMS_PER_CASE = Weighted(((1, 55), (2, 25), (3, 12), (4, 8)))
RISK_LEVELS = Weighted((("none", 55), ("low", 20), ("medium", 17), ("high", 8)))
DISPLACEMENT = Weighted((("not_displaced", 50), ("idp", 35), ("returnee", 8), ("refugee", 2),
                         ("unknown", 5)))
SOURCE_KINDS = Weighted((("victim", 40), ("witness", 25), ("civil_society", 12), ("medical", 8),
                         ("authority", 6), ("media", 4), ("un", 5)))
RELIABILITY = Weighted((("A", 5), ("B", 40), ("C", 35), ("D", 10), ("F", 10)))
CREDIBILITY = Weighted(((1, 10), (2, 40), (3, 35), (4, 8), (6, 7)))
PRIORITIES = Weighted((("low", 10), ("normal", 60), ("high", 22), ("urgent", 8)))
VERIFICATION_RECENT = Weighted((("reported", 60), ("credible", 30), ("verified", 10)))
"""Of violations in cases opened less than 60 days before the end."""
VERIFICATION = Weighted((("reported", 10), ("credible", 30), ("verified", 57),
                         ("not_a_violation", 3)))
STATUS_OLD = Weighted((("closed", 45), ("in_follow_up", 22), ("validated", 18),
                       ("submitted", 5), ("draft", 10)))
"""Of cases opened over a year before the end; then between 60 days and a year; then since."""
STATUS_MIDDLE = Weighted((("closed", 10), ("in_follow_up", 30), ("validated", 25),
                          ("submitted", 15), ("draft", 20)))
STATUS_RECENT = Weighted((("in_follow_up", 5), ("validated", 15), ("submitted", 30),
                          ("draft", 50)))
REFERRAL_STATUS = Weighted((("proposed", 15), ("accepted", 25), ("completed", 50),
                            ("refused", 10)))


def _stamp(day: dt.date, rng: random.Random) -> dt.datetime:
    """A moment of office hours on ``day``."""
    microseconds = int(rng.random() * 12 * 3600 * 1_000_000)
    return dt.datetime.combine(day, dt.time(6)) + dt.timedelta(microseconds=microseconds)


def _randint(rng: random.Random, low: int, high: int) -> int:
    """``rng.randint`` at a fraction of its cost (inclusive bounds)."""
    return low + int(rng.random() * (high - low + 1))


def _choice(rng: random.Random, options: Sequence[T]) -> T:
    return options[int(rng.random() * len(options))]


TRACKED = ("version", "created_at", "created_by", "updated_at", "updated_by")
INCIDENT_VALUES = tuple(incident_values(IncidentForm(PartialDate(2000), "")))
VICTIM_VALUES = tuple(victim_values(VictimForm()))
COLUMNS: dict[type[Model], tuple[str, ...]] = {
    Case: ("id", "reference", "title", "narrative", "status", "priority", "confidentiality",
           "officer", "office", "province_code", "opened_on", "incident_start",
           "incident_end", "incident_precision", "incident_estimated", "created_at",
           "created_by", "updated_at", "updated_by", "version"),
    Incident: ("id", "case", *INCIDENT_VALUES, *TRACKED),
    Violation: ("id", "incident", "case", "type_code", "description", "verification_status",
                "verification_set_by", "verification_set_at", *TRACKED),
    Perpetrator: ("id", "case", "category_code", "unit", "name", "rank", "description",
                  *TRACKED),
    PerpetratorInvolvement: ("perpetrator", "violation", "role"),
    Victim: ("id", "case", "code", "name", "contact", *VICTIM_VALUES, *TRACKED),
    VictimViolation: ("victim", "violation", "involvement"),
    Consent: ("victim", "purpose", "given", "note", "recorded_by", "recorded_at",
              "revoked_at", "revoked_by", "revocation_reason"),
    Referral: ("id", "victim", "case", "service_code", "provider", "proposed_on", "status",
               "status_on", "comment", *TRACKED),
    Source: ("id", "case", "kind", "reliability", "credibility", "obtained_on", "description",
             *TRACKED),
    Note: ("id", "case", "author", "body", "created_at"),
    FollowUp: ("id", "case", "office", "description", "due_on", "assigned_to", "done_at",
               "done_by", *TRACKED),
    CaseStatusChange: ("case", "from_status", "to_status", "by", "at", "comment"),
    CaseSnapshot: ("case", "number", "case_version", "taken_at", "taken_by", "document"),
    CaseShare: ("case", "account", "shared_by", "shared_at"),
}
"""The fields each generated row gives values for, in order."""


@dataclass
class Rows:
    """Rows of one chunk, per table, as tuples of values in the order of ``COLUMNS``
    (no dict per row: the chunk's rows are many and short-lived)."""

    tables: dict[type[Model], list[tuple[Any, ...]]] = field(
        default_factory=lambda: {model: [] for model in COLUMNS})

    def add(self, model: type[Model], row: tuple[Any, ...]) -> None:
        self.tables[model].append(row)


# Rows that other rows point to get explicit ids from a fixed number of slots per case, so
# that any chunk can be generated on its own (in another process) and still link.
SLOTS: dict[type[Model], int] = {Incident: 2, Violation: 6, Perpetrator: 2, Victim: 4,
                                 Referral: 8, Source: 2, Note: 3, FollowUp: 2}


class CaseIds:
    """The ids of one case's rows: case ``n`` owns slots ``(n-1)*k+1 .. n*k`` per table."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.used: dict[type[Model], int] = {}

    def take(self, model: type[Model]) -> int:
        if model is Case:
            return self.number
        index = self.used.get(model, 0)
        slots = SLOTS[model]
        assert index < slots, f"more than {slots} {model.__name__} rows in one case"
        self.used[model] = index + 1
        return (self.number - 1) * slots + index + 1


def case_rng(seed: int, number: int) -> random.Random:
    """The random source of case ``number``: its first draw is its office."""
    return random.Random(seed * 10_000_019 + number)


class Timeline:
    """When case ``n`` of ``count`` was opened, and its reference.

    Cases are numbered in the order they were opened, spread over the window a little
    more densely in recent years; so the date of any case is known without generating the
    ones before it. Its reference counts the cases of its office in its year
    (``office_numbers``, worked out once for the whole caseload).
    """

    def __init__(self, count: int, end: dt.date, office_numbers: bytes = b"",
                 codes: dict[str, str] | None = None) -> None:
        self.count = max(count, 1)
        self.end = end
        self.days = (end - WINDOW_START).days
        self.numbers = array("I", office_numbers)
        self.codes = codes or {}

    def opened_on(self, number: int) -> dt.date:
        share = (number - 1) / max(self.count - 1, 1)
        return WINDOW_START + dt.timedelta(days=int(self.days * share ** 0.8))

    def reference(self, number: int, office: str) -> str:
        year = self.opened_on(number).year
        return f"{self.codes[office]}-{year:04d}-{self.numbers[number - 1]:04d}"


def office_numbers(seed: int, count: int, timeline: Timeline
                   ) -> tuple[bytes, dict[tuple[str, int], int]]:
    """Each case's number within its office and year (as ``array("I")`` bytes), and the
    last number each office used in each year: one draw per case, as ``Generator.case``
    draws its office first."""
    numbers = array("I")
    last: dict[tuple[str, int], int] = {}
    for number in range(1, count + 1):
        key = (OFFICE_DRAW.draw(case_rng(seed, number)).name, timeline.opened_on(number).year)
        last[key] = last.get(key, 0) + 1
        numbers.append(last[key])
    return numbers.tobytes(), last


@dataclass(frozen=True)
class Staff:
    by_office: dict[str, list[tuple[int, str]]]
    """Officers (id, name) of each office."""
    supervisors: dict[str, int]
    all_officers: list[tuple[int, str, str]]
    """(id, name, office) of every officer, for shares across offices."""
    names: dict[int, tuple[str, str]]
    """(name, full name) of every account, by id."""


class Generator:
    """Makes cases one at a time, deterministically, checking each with the form rules."""

    def __init__(self, seed: int, staff: Staff, catalog: Catalog, timeline: Timeline,
                 rules: validation.Rules) -> None:
        self.seed = seed
        self.staff = staff
        self.catalog = catalog
        self.end = timeline.end
        self.rules = rules
        self.territories = {  # of each office in each of its provinces
            (office.name, province): [
                term.code for term in catalog.terms("territory", parent=province)
                if not office.territories or term.code in office.territories]
            for office in OFFICES for province, _weight in office.provinces}
        self.provinces = {office.name: Weighted(office.provinces) for office in OFFICES}
        self.perpetrators = {province: Weighted(options)
                             for province, options in PERPETRATORS.items()}
        self.violations_state = Weighted(VIOLATIONS_STATE)
        self.violations_armed = Weighted(VIOLATIONS_ARMED)
        self.english = EnglishTerms(catalog)
        self.timeline = timeline

    def case(self, number: int, rows: Rows) -> None:
        """Generate case ``number`` into ``rows``."""
        rng = case_rng(self.seed, number)
        ids = CaseIds(number)
        office = OFFICE_DRAW.draw(rng)
        province = self.provinces[office.name].draw(rng)
        territories = self.territories[office.name, province]
        territory = _choice(rng, territories) if territories else ""
        officers = self.staff.by_office[office.name]
        officer_id, _officer_name = _choice(rng, officers)
        supervisor_id = self.staff.supervisors[office.name]
        french = rng.random() < 0.6

        opened_on = self.timeline.opened_on(number)
        incident_first = opened_on - dt.timedelta(days=int(rng.expovariate(1 / 20)))
        if incident_first < WINDOW_START - dt.timedelta(days=365):
            incident_first = WINDOW_START - dt.timedelta(days=365)
        age_days = (self.end - opened_on).days

        # What: perpetrators, then violations that fit them.
        perpetrator_options = self.perpetrators.get(province, self.perpetrators[""])
        perpetrator_codes = [perpetrator_options.draw(rng)
                             for _repeat in range(1 if rng.random() < 0.8 else 2)]
        locality = _choice(rng, LOCALITIES.get(province, ("",))) or (
            self.catalog.label("territory", territory, "fr"))

        case_id = ids.take(Case)
        reference = self.timeline.reference(number, office.name)
        created = _stamp(opened_on, rng)
        created_text = created.isoformat(" ")  # stored as the driver stores a datetime
        tracked = (1, created_text, officer_id, created_text, officer_id)  # TRACKED

        # Perpetrators
        perpetrators = []
        for code in dict.fromkeys(perpetrator_codes):
            form = PerpetratorForm(code, unit=self._unit(rng, code),
                                   name=("" if rng.random() < 0.85 else
                                         f"{_choice(rng, FIRST_NAMES_M)} "
                                         f"{_choice(rng, SURNAMES)}"),
                                   rank=_choice(rng, ("", "", "Sergent", "Lieutenant",
                                                    "Capitaine", "Major", "Commandant")))
            validation.validate_perpetrator(form, self.rules)
            perpetrator_id = ids.take(Perpetrator)
            perpetrators.append((perpetrator_id, form))
            rows.add(Perpetrator, (perpetrator_id, case_id, form.category_code, form.unit,
                                   form.name, form.rank, form.description, *tracked))

        # Incidents and violations
        incidents = []
        violations = []
        for index in range(1 if rng.random() < 0.75 else 2):
            day = incident_first + dt.timedelta(days=index * _randint(rng, 1, 10))
            if day > opened_on:
                day = opened_on
            date = self._partial(rng, day)
            end = None
            if rng.random() < 0.05:
                end_day = min(day + dt.timedelta(days=_randint(rng, 5, 200)), opened_on)
                end = PartialDate.of(end_day) if end_day >= date.last_day() else None
            incident_form = IncidentForm(
                date, province, territory, locality,
                self._incident_text(rng, french, perpetrator_codes[0], locality), end)
            validation.validate_incident(incident_form, self.rules)
            incident_id = ids.take(Incident)
            incidents.append((incident_id, incident_form))
            kind = self._kind(perpetrator_codes[0])
            for _repeat in range(1 if rng.random() < 0.6 else _randint(rng, 2, 3)):
                options = self.violations_state if kind == "state" else self.violations_armed
                type_code = options.draw(rng)
                status = self._verification(rng, age_days)
                violation_form = ViolationForm(type_code, "", status)
                validation.validate_violation(violation_form, self.rules)
                violation_id = ids.take(Violation)
                violations.append((violation_id, violation_form))
                rows.add(Violation, (
                    violation_id, incident_id, case_id, type_code, "", status,
                    officer_id if status == "reported" else supervisor_id, created_text,
                    *tracked))
                for perpetrator_id, _form in perpetrators:
                    rows.add(PerpetratorInvolvement, (
                        perpetrator_id, violation_id,
                        "direct" if rng.random() < 0.85 else "ordered"))
            rows.add(Incident, (incident_id, case_id,
                                *incident_values(incident_form).values(), *tracked))

        sexual = any(form.type_code.startswith(("SGBV", "CHILD.SEXUAL"))
                     for _id, form in violations)

        # Victims, consent, referrals
        victims = []
        for index in range(1, 1 + VICTIMS_PER_CASE.draw(rng)):
            female = rng.random() < (0.9 if sexual else 0.45)
            age = (_randint(rng, 6, 17) if rng.random() < 0.2 else _randint(rng, 18, 70)
                   ) if rng.random() < 0.8 else None
            risk = RISK_LEVELS.draw(rng)
            review = (min(opened_on + dt.timedelta(days=_randint(rng, 14, 120)),
                          self.end + dt.timedelta(days=60)) if risk != "none" else None)
            first = _choice(rng, FIRST_NAMES_F if female else FIRST_NAMES_M)
            victim_form = VictimForm(
                code=f"V{index:02d}",
                name=f"{first} {_choice(rng, SURNAMES)}",
                contact=(f"+243 {_choice(rng, ('81', '82', '97', '99', '89'))} "
                         f"{_randint(rng, 100, 999)} {_randint(rng, 1000, 9999)}"
                         if rng.random() < 0.6 else ""),
                sex="female" if female else "male",
                age=age,
                age_group=("unknown" if age is None and rng.random() < 0.5 else
                           "adult" if age is None else "unknown"),
                disability="yes" if rng.random() < 0.05 else _choice(rng, ("no", "unknown")),
                displacement=DISPLACEMENT.draw(rng),
                risk_level=risk,
                risk_measures=("Regular contact; relocation considered."
                               if risk == "high" else ""),
                risk_review_on=review)
            validation.validate_victim(victim_form, self.rules)
            victim_id = ids.take(Victim)
            victims.append((victim_id, victim_form))
            rows.add(Victim, (victim_id, case_id, victim_form.code, victim_form.name,
                              victim_form.contact, *victim_values(victim_form).values(),
                              *tracked))
            for violation_id, _violation_form in violations:
                if index == 1 or rng.random() < 0.6:
                    rows.add(VictimViolation, (
                        victim_id, violation_id,
                        "direct" if rng.random() < 0.9 else "indirect"))
            referral_consent = self._consents(rng, victim_id, created, created_text,
                                              officer_id, rows)
            if referral_consent and rng.random() < 0.7:
                services = SERVICES_SGBV if sexual else SERVICES_OTHER
                for service in dict.fromkeys(_choice(rng, services)
                                             for _repeat in range(_randint(rng, 1, 2))):
                    self._referral(rng, service, victim_id, case_id, opened_on, officer_id,
                                   rows, ids)

        # Sources
        for _repeat in range(1 if rng.random() < 0.6 else 2):
            source_form = SourceForm(
                SOURCE_KINDS.draw(rng), RELIABILITY.draw(rng), CREDIBILITY.draw(rng),
                opened_on, "")
            validation.validate_source(source_form, self.rules)
            rows.add(Source, (ids.take(Source), case_id, source_form.kind,
                              source_form.reliability, source_form.credibility,
                              _text(source_form.obtained_on), "", *tracked))

        # Notes
        for note_number in range(_randint(rng, 1, 3)):
            body = validation.validate_note(_choice(rng, NOTES_FR if french else NOTES_EN))
            rows.add(Note, (ids.take(Note), case_id, officer_id, body,
                            (created + dt.timedelta(days=note_number * 7,
                                                    minutes=note_number)).isoformat(" ")))

        # Workflow
        status = self._status(rng, age_days)
        history = self._history(rng, status, created, officer_id, supervisor_id, age_days)
        for step in history:
            rows.add(CaseStatusChange, (case_id, step["from_status"], step["to_status"],
                                        step["by"], step["at"].isoformat(" "),
                                        step["comment"]))
        updated_at = max(step["at"] for step in history)
        updated_text = updated_at.isoformat(" ")
        version = len(history)

        # Follow-ups
        if status != "closed" and rng.random() < 0.7:
            for _repeat in range(_randint(rng, 1, 2)):
                due = min(opened_on + dt.timedelta(days=_randint(rng, 7, 90)),
                          self.end + dt.timedelta(days=_randint(rng, -20, 45)))
                follow_form = FollowUpForm(_choice(rng, FOLLOW_UPS), due)
                validation.validate_follow_up(follow_form, self.rules)
                done = due < self.end - dt.timedelta(days=30) and rng.random() < 0.8
                rows.add(FollowUp, (
                    ids.take(FollowUp), case_id, office.name, follow_form.description,
                    due.isoformat(), officer_id,
                    _stamp(due, rng) if done else None, officer_id if done else None,
                    *tracked))

        # Shares across offices, now and then
        if rng.random() < 0.03:
            other = _choice(rng, self.staff.all_officers)
            if other[2] != office.name:
                rows.add(CaseShare, (case_id, other[0], supervisor_id, updated_text))

        title = self._title(rng, french, violations[0][1].type_code, locality)
        narrative = self._narrative(rng, french, perpetrators, violations, victims, locality,
                                    incidents[0][1].date)
        case_form = CaseForm(title, narrative, PRIORITIES.draw(rng),
                             "strictly_confidential" if sexual and rng.random() < 0.3
                             else "confidential", province, opened_on)
        case_form = validation.validate_case(case_form, self.rules)
        dated = [(form.date, incident_id) for incident_id, form in incidents
                 if form.date is not None]
        first_date = min(dated, key=lambda item: (item[0].first_day(), item[1]))[0]
        rows.add(Case, (
            case_id, reference, case_form.title, case_form.narrative, status,
            PRIORITY_RANK[case_form.priority], case_form.confidentiality, officer_id,
            office.name, province, opened_on.isoformat(),
            min(form.date.first_day() for _id, form in incidents if form.date is not None),
            max((form.end or form.date).last_day() for _id, form in incidents
                if form.date is not None),
            first_date.precision, first_date.estimated, created_text, officer_id,
            updated_text, history[-1]["by"], version))
        if status in ("validated", "in_follow_up", "closed"):
            validated = next(step for step in reversed(history)
                             if step["to_status"] == "validated")
            rows.add(CaseSnapshot, (
                case_id, 1, history.index(validated) + 1, validated["at"], supervisor_id,
                snapshots.pack(_snapshot_document(
                    case_id, reference, case_form, office.name, officer_id,
                    created, validated["at"], supervisor_id, history.index(validated) + 1,
                    self.staff, self.english, incidents, violations, victims, perpetrators,
                    history[:history.index(validated) + 1]))))

    # -- small pieces --

    def _kind(self, code: str) -> str:
        term = self.catalog.get("perpetrator_category", code)
        return term.extra.get("kind", "unknown") if term else "unknown"

    def _unit(self, rng: random.Random, code: str) -> str:
        if code.startswith("STATE.FARDC"):
            return f"{_randint(rng, 11, 34)}0{_randint(rng, 1, 9)}e régiment"
        if code.startswith("STATE.PNC"):
            return _choice(rng, ("Commissariat urbain", "Sous-commissariat", "PNC/UPIR",
                               "Police des mines", "Légion nationale d'intervention"))
        return _choice(rng, ("", "", "faction locale", "groupe dissident"))

    def _partial(self, rng: random.Random, day: dt.date) -> PartialDate:
        roll = rng.random()
        estimated = rng.random() < 0.05
        if roll < 0.72:
            return PartialDate(day.year, day.month, day.day, estimated)
        if roll < 0.92:
            return PartialDate(day.year, day.month, None, estimated)
        return PartialDate(day.year, None, None, estimated)

    def _verification(self, rng: random.Random, age_days: int) -> str:
        if age_days < 60:
            return VERIFICATION_RECENT.draw(rng)
        return VERIFICATION.draw(rng)

    def _status(self, rng: random.Random, age_days: int) -> str:
        if age_days > 365:
            return STATUS_OLD.draw(rng)
        if age_days > 60:
            return STATUS_MIDDLE.draw(rng)
        return STATUS_RECENT.draw(rng)

    def _history(self, rng: random.Random, status: str, created: dt.datetime, officer: int,
                 supervisor: int, age_days: int) -> list[dict[str, Any]]:
        path = {"draft": [], "submitted": ["submitted"],
                "validated": ["submitted", "validated"],
                "in_follow_up": ["submitted", "validated", "in_follow_up"],
                "closed": ["submitted", "validated", "in_follow_up", "closed"]}[status]
        if path and rng.random() < 0.12:  # returned once for more information
            path = ["submitted", "draft"] + path
        at = created
        steps = [{"from_status": "", "to_status": "draft", "by": officer, "at": at,
                  "comment": ""}]
        budget = max(age_days, 1)
        previous = "draft"
        for target in path:
            at = at + dt.timedelta(days=_randint(rng, 0, max(1, budget // (len(path) + 1))),
                                   minutes=_randint(rng, 5, 600))
            limit = dt.datetime.combine(self.end, dt.time(23, 0))
            if at > limit:
                at = limit
            by = supervisor if target in ("validated", "closed") or (
                previous == "submitted" and target == "draft") else officer
            comment = ""
            if previous == "submitted" and target == "draft":
                comment = validation.validate_comment(
                    "Please add the medical source and the date of the complaint.", True)
            steps.append({"from_status": previous, "to_status": target, "by": by, "at": at,
                          "comment": comment})
            previous = target
        return steps

    def _consents(self, rng: random.Random, victim_id: int, at: dt.datetime, at_text: str,
                  by: int, rows: Rows) -> bool:
        referral = False
        for purpose, chance in (("documentation", 0.98), ("referral", 0.82),
                                ("justice", 0.55), ("statistics", 0.88)):
            validation.validate_consent_purpose(purpose)
            given = rng.random() < chance
            revoked = given and rng.random() < 0.02
            rows.add(Consent, (victim_id, purpose, given, "", by, at_text,
                               at + dt.timedelta(days=30) if revoked else None,
                               by if revoked else None, ""))
            if purpose == "referral":
                referral = given and not revoked
        return referral

    def _referral(self, rng: random.Random, service: str, victim_id: int, case_id: int,
                  opened_on: dt.date, officer: int, rows: Rows, ids: CaseIds) -> None:
        form = ReferralForm(service, _choice(rng, PROVIDERS), opened_on, "")
        validation.validate_referral(form, self.rules)
        assert form.proposed_on is not None
        status = REFERRAL_STATUS.draw(rng)
        status_on = min(opened_on + dt.timedelta(days=_randint(rng, 0, 30)), self.end)
        if status == "proposed":
            status_on = form.proposed_on
        else:
            validation.validate_referral_status(status, status_on, form.proposed_on,
                                                self.rules)
        at = dt.datetime.combine(opened_on, dt.time(12)).isoformat(" ")
        rows.add(Referral, (ids.take(Referral), victim_id, case_id, service, form.provider,
                            _text(form.proposed_on), status, status_on.isoformat(), "", 1, at,
                            officer, at, officer))

    def _title(self, rng: random.Random, french: bool, type_code: str, locality: str) -> str:
        label = self.catalog.label("violation_type", type_code, "fr" if french else "en")
        label = label.split(" (")[0]
        return f"{label} — {locality}" if french else f"{label} in {locality}"

    def _incident_text(self, rng: random.Random, french: bool, perpetrator: str,
                       locality: str) -> str:
        who = self.catalog.label("perpetrator_category", perpetrator, "fr" if french else "en")
        if french:
            return _choice(rng, (
                f"Incursion d'éléments présumés {who} à {locality} pendant la nuit.",
                f"Des éléments présumés {who} ont attaqué le village de {locality} à l'aube.",
                f"Barrière illégale tenue par des éléments présumés {who} près de {locality}.",
                f"Opération de bouclage à {locality} menée par des éléments présumés {who}.",
            ))
        return _choice(rng, (
            f"Night raid on {locality} by alleged elements of {who}.",
            f"Alleged elements of {who} attacked {locality} village at dawn.",
            f"Illegal checkpoint near {locality} held by alleged elements of {who}.",
            f"Cordon-and-search operation in {locality} by alleged elements of {who}.",
        ))

    def _narrative(self, rng: random.Random, french: bool,
                   perpetrators: list[tuple[int, PerpetratorForm]],
                   violations: list[tuple[int, ViolationForm]],
                   victims: list[tuple[int, VictimForm]], locality: str,
                   date: PartialDate | None) -> str:
        language = "fr" if french else "en"
        who = self.catalog.label("perpetrator_category", perpetrators[0][1].category_code,
                                 language)
        acts = ACTS_FR if french else ACTS_EN
        categories = dict.fromkeys(form.type_code.split(".")[0] for _id, form in violations)
        verbs = [acts.get(category, acts["INTEGRITY"]) for category in categories]
        count = len(victims)
        when = date.iso() if date else ""
        if french:
            text = (f"Selon les informations recueillies, en {when}, des éléments présumés "
                    f"{who} {' et '.join(verbs)} {count} personne(s) à {locality}. ")
            text += _choice(rng, (
                "Les victimes ont été entendues séparément par l'équipe du bureau. ",
                "Les faits ont été rapportés par une organisation partenaire puis vérifiés. ",
                "L'équipe s'est rendue sur place lors d'une mission conjointe. ",
            ))
            if rng.random() < 0.5:
                text += "Aucune poursuite judiciaire n'avait été engagée à la date du rapport."
            return text
        text = (f"According to the information gathered, in {when}, alleged elements of "
                f"{who} {' and '.join(verbs)} {count} person(s) in {locality}. ")
        text += _choice(rng, (
            "The victims were interviewed separately by the office team. ",
            "The facts were reported by a partner organisation, then verified. ",
            "The team went to the site during a joint mission. ",
        ))
        if rng.random() < 0.5:
            text += "No judicial proceedings had been opened at the time of the report."
        return text


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
            text = self.labels[key] = _quote(self.catalog.label(vocabulary, code, "en"))
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


def _snapshot_document(case_id: int, reference: str, form: CaseForm, office: str,
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
    q = _quote
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


# --- writing --------------------------------------------------------------------------------

UNNAMED_NONE = json.dumps(dataclasses.asdict(UnnamedVictims()), separators=(",", ":"))
"""A demo violation's victims are all named."""

INSERT_ORDER = (Case, Incident, Violation, Perpetrator, PerpetratorInvolvement, Victim,
                VictimViolation, Consent, Referral, Source, Note, FollowUp, CaseStatusChange,
                CaseSnapshot, CaseShare)

Chunk = list[tuple[str, tuple[str, ...], bytes | list[tuple[Any, ...]]]]
"""One chunk, ready to insert: per table, its name, its columns and its rows as JSON in
UTF-8 (or, for rows holding binary values, as tuples). Bytes cross from a worker process
as they are, where text would be decoded there and encoded again for SQLite."""


def _text(value: dt.date | None) -> str | None:
    """A date (not a datetime) as the driver stores it."""
    return value.isoformat() if value is not None else None


def _json_value(value: Any) -> Any:
    """Dates and datetimes as the driver stores them (peewee passes them through)."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


_quote = json.encoder.encode_basestring
"""A string as ``snapshots.dumps`` writes it (``ensure_ascii=False``)."""


def _to_json(rows: list[tuple[Any, ...]]) -> bytes:
    """Rows as a JSON array of arrays, in UTF-8. orjson: the standard library's encoder took
    a sixth of the time it takes to make a case, and orjson a thirtieth."""
    return orjson.dumps(rows, default=_json_value, option=orjson.OPT_PASSTHROUGH_DATETIME)


def _encode(rows: Rows) -> Chunk:
    chunk: Chunk = []
    for model in INSERT_ORDER:
        table = rows.tables[model]
        if not table:
            continue
        columns = tuple(model._meta.fields[name].column_name for name in COLUMNS[model])
        assert len(table[0]) == len(columns), model.__name__
        if model is CaseSnapshot:
            chunk.append((model._meta.table_name, columns, table))
        else:
            chunk.append((model._meta.table_name, columns, _to_json(table)))
    return chunk


@dataclass(frozen=True)
class Plan:
    """Everything a worker needs to make any chunk (plain data, so it pickles)."""

    seed: int
    count: int
    end: dt.date
    terms: tuple[tuple[Any, ...], ...]
    staff: Staff
    office_numbers: bytes
    """``office_numbers``' first half: each case's number within its office and year."""
    codes: dict[str, str]
    """Each office's reference code."""


def _generator(plan: Plan) -> Generator:
    catalog = Catalog([Term(vocabulary, code, parent, label_en, label_fr, active,
                            MappingProxyType(extra))
                       for vocabulary, code, parent, label_en, label_fr, active, extra
                       in plan.terms])
    rules = validation.Rules(catalog, plan.end, 25 * 1024 * 1024)
    return Generator(plan.seed, plan.staff, catalog,
                     Timeline(plan.count, plan.end, plan.office_numbers, plan.codes), rules)


@contextmanager
def _workers(count: int) -> Iterator[ProcessPoolExecutor | None]:
    """``count`` worker processes (none if 0), started now so that they are ready by the
    time there is a plan: a process takes a fifth of a second to start and import jhro,
    which is then spent while the accounts are enrolled rather than while cases wait.

    They are started fresh (spawn): they never hold a key or a connection. They never
    receive ctrl+c, which the terminal sends them too (blocked from their start, before
    Python runs in them): this process stops the build, and they stop with it, where each
    used to print a traceback."""
    if count == 0:
        yield None
        return
    pool = ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("spawn"))
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:  # a process started now inherits the mask
        for _worker in range(count):  # each task still running makes the pool start another
            pool.submit(_ready)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
    try:
        yield pool
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    pool.shutdown()


def _ready() -> None:
    """Nothing: running it is what imports this module in a new worker."""


# A worker process builds its generator from the first plan it is sent, then keeps it.
_worker_plan: bytes = b""
_worker_generator: Generator | None = None


def _make_chunk(plan: bytes, bounds: tuple[int, int]) -> Chunk:
    """Make the piece ``bounds`` of the caseload ``plan`` (pickled once, by the writer:
    as bytes it crosses to the worker as a copy, and is unpickled once per worker)."""
    global _worker_plan, _worker_generator
    if _worker_generator is None or plan != _worker_plan:
        _worker_generator = _generator(pickle.loads(plan))
        _worker_plan = plan
    return _generate(_worker_generator, *bounds)


def _generate(generator: Generator, first: int, last: int) -> Chunk:
    rows = Rows()
    for number in range(first, last + 1):
        generator.case(number, rows)
    return _encode(rows)


class Supply:
    """The pieces of the caseload, in order: made by worker processes, and by this process
    whenever the next piece is not ready yet. Rather than wait, it makes cases of the
    furthest piece no worker has been given, one at a time, so that it goes back to writing
    as soon as the piece it waits for arrives, and no core sits idle."""

    def __init__(self, plan: Plan, pieces: list[tuple[int, int]],
                 pool: ProcessPoolExecutor | None, depth: int) -> None:
        self.plan = pickle.dumps(plan) if pool is not None else b""
        self.generator = _generator(plan)
        self.pieces = pieces
        self.pool = pool
        self.depth = depth
        self.given = 0
        """Pieces before this one are made, given to a worker, or being made here."""
        self.taken = 0
        self.futures: dict[int, Future[Chunk]] = {}
        self.made: dict[int, Chunk] = {}
        self.making: tuple[int, Rows, int] | None = None
        """The piece being made here: its index, its rows so far, its next case."""

    def through(self, last_case: int) -> Iterator[Chunk]:
        """The next pieces, up to the one that ends with case ``last_case``."""
        while self.taken < len(self.pieces) and self.pieces[self.taken][1] <= last_case:
            index = self.taken
            self.taken += 1
            self._give()
            if self.pool is not None and self.given == len(self.pieces):
                # Every piece is handed out: workers exit as they finish, while the last
                # pieces are written rather than after.
                self.pool.shutdown(wait=False)
            future = self.futures.pop(index, None)
            if future is not None:
                while not future.done() and self._make_one_case():
                    pass
                yield future.result()
                continue
            if index not in self.made:  # no workers, or the piece being made here
                if self.making is None:
                    self.making = (index, Rows(), self.pieces[index][0])
                    self.given = max(self.given, index + 1)
                while self._make_one_case():
                    if index in self.made:
                        break
            yield self.made.pop(index)

    def _give(self) -> None:
        while (self.pool is not None and self.given < len(self.pieces)
               and len(self.futures) < self.depth):
            self.futures[self.given] = self.pool.submit(_make_chunk, self.plan,
                                                        self.pieces[self.given])
            self.given += 1

    def _make_one_case(self) -> bool:
        """Make one more case here, starting a piece if needed: the next one no worker has
        been given, else (near the end) the last one given that no worker has started.
        False when there is none left to make, or enough made ahead."""
        if self.making is None:
            if len(self.made) >= 4 * self.depth:
                return False
            if self.given < len(self.pieces):
                index = self.given
                self.given += 1
            elif self.futures and self.futures[last := max(self.futures)].cancel():
                index = last
                del self.futures[last]
            else:
                return False
            self.making = (index, Rows(), self.pieces[index][0])
        index, rows, number = self.making
        self.generator.case(number, rows)
        if number < self.pieces[index][1]:
            self.making = (index, rows, number + 1)
        else:
            self.made[index] = _encode(rows)
            self.making = None
        return True


class ForeignKeys:
    """Checks that the rows a chunk adds point somewhere, before it commits.

    Foreign keys are off while the caseload loads: SQLite would check each row as it goes
    in, which costs more than checking them together. Each chunk's rows are checked
    together instead, while their pages are still in the cache; checking the whole
    database once at the end read most of it back from disk (and decrypted it) on large
    caseloads. A chunk's rows are those past the largest rowid before it: ids only grow
    (``CaseIds``), and the count of rows past the mark must match the count inserted.
    """

    def __init__(self, vault: Vault) -> None:
        self.db = vault.db
        self.checks: dict[str, str] = {}
        """Per table with foreign keys: a query counting its rows past a mark, and among
        them those that point nowhere."""
        for (table,) in self.db.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            joins, tests = [], []
            for key, seq, parent, column, target, *_rules in self.db.execute_sql(
                    f'PRAGMA foreign_key_list("{table}")'):
                assert seq == 0 and target, f"{table}: a key of one column, naming it"
                joins.append(f'LEFT JOIN "{parent}" AS p{key} ON p{key}."{target}" = c."{column}"')
                tests.append(f'c."{column}" IS NOT NULL AND p{key}."{target}" IS NULL')
            if tests:
                self.checks[table] = (
                    f"SELECT count(*), count(CASE WHEN {' OR '.join(tests)} THEN 1 END) "
                    f'FROM "{table}" AS c {" ".join(joins)} WHERE c.rowid > ?')

    def marks(self) -> dict[str, int]:
        return {table: self.db.execute_sql(f'SELECT max(rowid) FROM "{table}"').fetchone()[0]
                or 0 for table in self.checks}

    def check(self, marks: dict[str, int], inserted: dict[str, int]) -> None:
        """Raise if a row past ``marks`` points nowhere; ``inserted``: rows per table."""
        for table, query in self.checks.items():
            added, nowhere = self.db.execute_sql(query, (marks[table],)).fetchone()
            if added != inserted.get(table, 0):
                raise DamagedData(N_("The demo builder could not check every row it wrote "
                                     "({table})."), table=table)
            if nowhere:
                raise DamagedData(N_("The demo builder wrote a row that points nowhere "
                                     "({table})."), table=table)


def _write_chunk(vault: Vault, keys: ForeignKeys, pieces: Iterable[Chunk], first_case: int,
                 last_case: int) -> None:
    """Insert one chunk in one transaction, piece by piece as they come: each table with
    one ``INSERT … SELECT`` over ``jsonb_each`` (SQLite, not Python, walks the rows, and
    reads each row's values from the binary form, without parsing its text once per
    column); then the chunk's search text, then its foreign keys."""
    with vault.write() as pending:
        marks = keys.marks()
        inserted: Counter[str] = Counter()
        BulkLoad.insert(flag=1).execute()
        for piece in pieces:
            for table, columns, payload in piece:
                names = ", ".join(f'"{column}"' for column in columns)
                if isinstance(payload, list):
                    placeholders = ", ".join("?" for _column in columns)
                    cursor = vault.db.cursor()
                    cursor.executemany(
                        f'INSERT INTO "{table}" ({names}) VALUES ({placeholders})', payload)
                else:
                    values = ", ".join(f"value ->> {index}" for index in range(len(columns)))
                    cursor = vault.db.execute_sql(
                        f'INSERT INTO "{table}" ({names}) SELECT {values} '
                        "FROM jsonb_each(CAST(? AS TEXT))",
                        (payload,))
                inserted[table] += cursor.rowcount
        inserted[CaseSearch._meta.table_name] += search.index_cases(first_case, last_case)
        BulkLoad.delete().execute()
        keys.check(marks, inserted)
        pending.record(AuditEvent(DEMO_ACTOR, "demo.cases", "",
                                  f"cases={first_case}-{last_case}"))


def _defer_case_indexes(vault: Vault) -> list[str]:
    """Drop the case table's indexes that need not hold while loading; return the
    statements that make them again.

    A case goes into a dozen indexes (title, status, office, officer, dates), most of
    them in another order than cases come: kept up row by row, they cost the load more
    than making them once at the end, and rewrite pages of theirs in every chunk. Nothing
    reads them while loading; the unique one (references) stays, to refuse a duplicate
    as it comes.
    """
    statements = []
    with vault.write():
        for _seq, name, unique, origin, _partial in vault.db.execute_sql(
                f'PRAGMA index_list("{Case._meta.table_name}")').fetchall():
            if unique or origin != "c":
                continue
            (sql,) = vault.db.execute_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                (name,)).fetchone()
            statements.append(sql)
            vault.db.execute_sql(f'DROP INDEX "{name}"')
    return statements


def _enroll(vault: Vault, people: list[DemoAccount], kdf: keys.KdfParams) -> Keyring:
    """Wrap the vault's key for every demo account under the demo passphrase."""
    keyring = Keyring.load(vault.paths.keyring)
    for person in people:
        # The demo passphrase is deliberately shorter than the passphrase rule allows
        # (security.passwords.check_passphrase): it is printed for everyone to use, on
        # synthetic data only. Only this builder enrols accounts without that check.
        # (Argon2id derivations are not run in threads: cryptography's serialise badly.)
        vault.enroll(keyring, person.name, DEMO_PASSPHRASE, kdf)
    return keyring


@dataclass(frozen=True)
class DemoResult:
    """What ``build_demo`` made and how long it took."""

    accounts: tuple[DemoAccount, ...]
    cases: int
    seconds_accounts: float
    seconds_cases: float

    @property
    def cases_per_second(self) -> float:
        return self.cases / self.seconds_cases if self.seconds_cases else 0.0


def build_demo(paths: Paths, cases: int = 2000, seed: int = 1, report: Report = print,
               *, end: dt.date | None = None, workers: int | None = None,
               kdf: keys.KdfParams = keys.DEFAULT_KDF) -> DemoResult:
    """Build the demo caseload in ``paths.data_dir`` (empty, or a demo directory).

    ``workers`` processes generate cases while this one writes them (default: one per CPU
    besides this process's, up to 3); the caseload is the same whatever their number.
    Accounts get the default key-derivation cost, as real ones do; ``kdf`` exists for
    tests.
    """
    if cases < 0:
        raise UsageError(N_("The number of cases cannot be negative."))
    end = min(end or WINDOW_END, dt.datetime.now(dt.UTC).date())
    people = demo_accounts()
    for person in people:
        validate_new_account(NewAccount(person.name, person.role, person.full_name,
                                        person.office))
    _prepare_directory(paths, cases, seed)
    if workers is None:
        # This process writes, and makes pieces whenever it would otherwise wait.
        workers = min(3, (os.cpu_count() or 1) - 1)
    with _workers(workers if cases > PIECE else 0) as pool:
        started = time.perf_counter()
        vault = _create_with_accounts(paths, people, seed, kdf)
        try:
            accounts_seconds = time.perf_counter() - started
            report(_("Created {count} demo accounts in {seconds:.1f} s.").format(
                count=len(people), seconds=accounts_seconds))
            started = time.perf_counter()
            _build_cases(vault, cases, seed, end, report, pool, workers)
            cases_seconds = time.perf_counter() - started
            started = time.perf_counter()
            vault.db.execute_sql("ANALYZE")
            vault.checkpoint()
            statistics_seconds = time.perf_counter() - started
        finally:
            vault.close()
    demo_marker.write(paths, DemoBuild(True, cases, seed))
    rate = cases / cases_seconds if cases_seconds else 0.0
    report(_("Built {count} cases in {seconds:.1f} s ({rate:.0f} cases/s) in {path}.").format(
        count=cases, seconds=cases_seconds, rate=rate, path=paths.data_dir))
    report(_("Gathered the query planner's statistics in {seconds:.1f} s.").format(
        seconds=statistics_seconds))
    report("")
    report(_("Demo accounts (passphrase for all: {passphrase}):").format(
        passphrase=DEMO_PASSPHRASE))
    for person in people:
        report(f"  {person.name:<22} {person.role:<11} {person.office:<11} {person.full_name}")
    return DemoResult(tuple(people), cases, accounts_seconds, cases_seconds)


def _create_with_accounts(paths: Paths, people: list[DemoAccount], seed: int,
                          kdf: keys.KdfParams) -> Vault:
    """Create the vault in ``paths`` with the demo accounts; return it open."""
    # A throw-away passphrase that satisfies the rule creates the vault; the admin entry
    # is then replaced by one under the demo passphrase.
    bootstrap = secrets.token_urlsafe(24)
    initialize(paths, NewAccount("admin", "admin", people[0].full_name, people[0].office),
               bootstrap, kdf=keys.TEST_KDF)
    throttle = make_throttle(paths, Settings())
    vault = open_vault(paths, unlock_keyring(paths, throttle, "admin", bootstrap))
    try:
        with exclusive(paths.keyring_lock):
            keyring = _enroll(vault, people, kdf)
            with vault.write() as pending:
                # The administrator's office (Kinshasa) came with the database.
                for office in OFFICES:
                    if office.name != people[0].office:
                        add_office(office.name)
                for person in people:
                    public_key = keyring.entries[person.name].public_key
                    if person.name == "admin":
                        Account.update(public_key=public_key).where(
                            Account.name == "admin").execute()
                    else:
                        Account.create(name=person.name, full_name=person.full_name,
                                       role=person.role, office=person.office,
                                       language="fr" if person.office != "Kinshasa" and
                                       person.role == "officer" and
                                       person.name.endswith("2") else "en",
                                       public_key=public_key)
                pending.record(AuditEvent(DEMO_ACTOR, "demo.accounts", "",
                                          f"offices={len(OFFICES)} "
                                          f"accounts={len(people)} seed={seed}"))
            keyring.save(paths.keyring)
    except BaseException:
        vault.close()
        raise
    return vault


def _build_cases(vault: Vault, count: int, seed: int, end: dt.date, report: Report,
                 pool: ProcessPoolExecutor | None, workers: int) -> None:
    catalog = load_catalog()
    numbers, last_numbers = office_numbers(seed, count, Timeline(count, end))
    codes = {name: code for name, code in cast(
        "Iterable[tuple[str, str]]",
        OfficeRecord.select(OfficeRecord.name, OfficeRecord.code).tuples())}
    plan = Plan(seed, count, end, tuple(
        (term.vocabulary, term.code, term.parent_code, term.label_en, term.label_fr,
         term.active, dict(term.extra))
        for vocabulary in VOCABULARIES for term in catalog.terms(vocabulary,
                                                                 include_inactive=True)),
        _staff(), numbers, codes)
    chunks = [(first, min(first + CHUNK - 1, count)) for first in range(1, count + 1, CHUNK)]
    pieces = [(start, min(start + PIECE - 1, last)) for first, last in chunks
              for start in range(first, last + 1, PIECE)]
    started = time.perf_counter()
    vault.db.execute_sql("PRAGMA cache_size = -262144")  # 256 MiB while loading
    vault.db.execute_sql("PRAGMA foreign_keys = OFF")  # checked per chunk (ForeignKeys)
    # The load adds pages and changes few: with a rollback journal each is written once,
    # straight into the database, where the write-ahead log has it written twice (to the
    # log, then copied over at each checkpoint). The journal still keeps the pages a chunk
    # changes as they were, so a chunk cut short rolls back.
    vault.db.execute_sql("PRAGMA journal_mode = TRUNCATE")
    keys = ForeignKeys(vault)
    case_indexes = _defer_case_indexes(vault)
    with vault.write():
        search.hold_merges()
    # Enough pieces given ahead that a worker is still busy when a chunk has been committed
    # (up to a quarter of a second on large caseloads, some six pieces' making).
    supply = Supply(plan, pieces, pool, depth=8 * workers)
    for first, last in chunks:
        _write_chunk(vault, keys, supply.through(last), first, last)
        if last % 10_000 == 0 or last == count:
            elapsed = time.perf_counter() - started
            report(_("  {done} of {total} cases ({rate:.0f}/s)").format(
                done=last, total=count, rate=last / elapsed if elapsed else 0))
    vault.db.execute_sql("PRAGMA foreign_keys = ON")
    with vault.write() as pending_audit:
        for statement in case_indexes:
            vault.db.execute_sql(statement)
        search.merge_all()
        for (office, year), number in last_numbers.items():
            CaseCounter.insert(office=office, year=year, last=number).execute()
        pending_audit.record(AuditEvent(DEMO_ACTOR, "demo.done", "",
                                        f"cases={count} seed={seed}"))
    vault.db.execute_sql("PRAGMA journal_mode = WAL")
    vault.db.execute_sql("PRAGMA cache_size = -2000")


def _staff() -> Staff:
    by_office: dict[str, list[tuple[int, str]]] = {}
    supervisors: dict[str, int] = {}
    everyone: list[tuple[int, str, str]] = []
    names: dict[int, tuple[str, str]] = {}
    for account_id, name, full_name, role, office in cast(
            "Iterable[tuple[int, str, str, str, str]]",
            Account.select(Account.id, Account.name, Account.full_name, Account.role,
                           Account.office).order_by(Account.id).tuples()):
        names[account_id] = (name, full_name)
        if role == "officer":
            by_office.setdefault(office, []).append((account_id, name))
            everyone.append((account_id, name, office))
        elif role == "supervisor":
            supervisors[office] = account_id
    return Staff(by_office, supervisors, everyone, names)

