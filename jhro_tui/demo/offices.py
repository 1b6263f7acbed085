"""The demo's offices and accounts: who works where, enrolled under one printed passphrase."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from jhro_tui.config import Paths, Settings
from jhro_tui.demo.draws import choice
from jhro_tui.security import keys
from jhro_tui.security.audit import AuditEvent
from jhro_tui.security.files import exclusive
from jhro_tui.security.keyring import Keyring
from jhro_tui.security.vault import Vault
from jhro_tui.services.accounts import NewAccount
from jhro_tui.services.offices import add_office
from jhro_tui.services.session import make_throttle, open_vault, unlock_keyring
from jhro_tui.services.setup import initialize
from jhro_tui.store.models import Account

DEMO_PASSPHRASE = "jhro-demo"
DEMO_ACTOR = "(demo builder)"


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


@dataclass(frozen=True)
class DemoAccount:
    name: str
    role: str
    office: str
    full_name: str
    scope: str = "office"


NATIONAL_SUPERVISOR = "national.supervisor"


def demo_accounts() -> list[DemoAccount]:
    """The demo's accounts: ``admin``, then per office a supervisor and officers; Goma's
    are the short names ``supervisor`` and ``officer``; last, a supervisor of the Kinshasa
    office whose scope is national (every office's figures, Kinshasa's cases). Last, so
    that every other account keeps its id from one version of the demo to the next."""
    rng = random.Random("jhro-demo-accounts")
    people = [DemoAccount("admin", "admin", "Kinshasa", "Demo Administrator")]

    def person(first: Sequence[str]) -> str:
        return f"{choice(rng, first)} {choice(rng, SURNAMES).upper()}"

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
    people.append(DemoAccount(NATIONAL_SUPERVISOR, "supervisor", "Kinshasa",
                              person(FIRST_NAMES_F + FIRST_NAMES_M), scope="national"))
    return people


def enroll(vault: Vault, people: list[DemoAccount], kdf: keys.KdfParams) -> Keyring:
    """Wrap the vault's key for every demo account under the demo passphrase."""
    keyring = Keyring.load(vault.paths.keyring)
    for person in people:
        # The demo passphrase is deliberately shorter than the passphrase rule allows
        # (security.passwords.check_passphrase): it is printed for everyone to use, on
        # synthetic data only. Only this builder enrols accounts without that check.
        # (Argon2id derivations are not run in threads: cryptography's serialise badly.)
        vault.enroll(keyring, person.name, DEMO_PASSPHRASE, kdf)
    return keyring


def create_with_accounts(paths: Paths, people: list[DemoAccount], seed: int,
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
            keyring = enroll(vault, people, kdf)
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
                                       scope=person.scope, public_key=public_key)
                pending.record(AuditEvent(DEMO_ACTOR, "demo.accounts", "",
                                          f"offices={len(OFFICES)} "
                                          f"accounts={len(people)} seed={seed}"))
            keyring.save(paths.keyring)
    except BaseException:
        vault.close()
        raise
    return vault

