"""The words of a demo case: its title, its incidents' descriptions, its narrative."""

from __future__ import annotations

import random

from jhro_tui.demo.draws import choice
from jhro_tui.demo.vocabulary import ACTS_EN, ACTS_FR
from jhro_tui.services.dates import PartialDate
from jhro_tui.services.forms import PerpetratorForm, VictimForm, ViolationForm
from jhro_tui.services.reference import Catalog


def title(catalog: Catalog, rng: random.Random, french: bool, type_code: str,
          locality: str) -> str:
    label = catalog.label("violation_type", type_code, "fr" if french else "en")
    label = label.split(" (")[0]
    return f"{label} — {locality}" if french else f"{label} in {locality}"


def incident_text(catalog: Catalog, rng: random.Random, french: bool, perpetrator: str,
                  locality: str) -> str:
    who = catalog.label("perpetrator_category", perpetrator, "fr" if french else "en")
    if french:
        return choice(rng, (
            f"Incursion d'éléments présumés {who} à {locality} pendant la nuit.",
            f"Des éléments présumés {who} ont attaqué le village de {locality} à l'aube.",
            f"Barrière illégale tenue par des éléments présumés {who} près de {locality}.",
            f"Opération de bouclage à {locality} menée par des éléments présumés {who}.",
        ))
    return choice(rng, (
        f"Night raid on {locality} by alleged elements of {who}.",
        f"Alleged elements of {who} attacked {locality} village at dawn.",
        f"Illegal checkpoint near {locality} held by alleged elements of {who}.",
        f"Cordon-and-search operation in {locality} by alleged elements of {who}.",
    ))


def narrative(catalog: Catalog, rng: random.Random, french: bool,
              perpetrators: list[tuple[int, PerpetratorForm]],
              violations: list[tuple[int, ViolationForm]],
              victims: list[tuple[int, VictimForm]], locality: str,
              date: PartialDate | None) -> str:
    language = "fr" if french else "en"
    who = catalog.label("perpetrator_category", perpetrators[0][1].category_code,
                             language)
    acts = ACTS_FR if french else ACTS_EN
    categories = dict.fromkeys(form.type_code.split(".")[0] for _id, form in violations)
    verbs = [acts.get(category, acts["INTEGRITY"]) for category in categories]
    count = len(victims)
    when = date.iso() if date else ""
    if french:
        text = (f"Selon les informations recueillies, en {when}, des éléments présumés "
                f"{who} {' et '.join(verbs)} {count} personne(s) à {locality}. ")
        text += choice(rng, (
            "Les victimes ont été entendues séparément par l'équipe du bureau. ",
            "Les faits ont été rapportés par une organisation partenaire puis vérifiés. ",
            "L'équipe s'est rendue sur place lors d'une mission conjointe. ",
        ))
        if rng.random() < 0.5:
            text += "Aucune poursuite judiciaire n'avait été engagée à la date du rapport."
        return text
    text = (f"According to the information gathered, in {when}, alleged elements of "
            f"{who} {' and '.join(verbs)} {count} person(s) in {locality}. ")
    text += choice(rng, (
        "The victims were interviewed separately by the office team. ",
        "The facts were reported by a partner organisation, then verified. ",
        "The team went to the site during a joint mission. ",
    ))
    if rng.random() < 0.5:
        text += "No judicial proceedings had been opened at the time of the report."
    return text
